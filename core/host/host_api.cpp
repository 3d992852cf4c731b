#include "host/host_api.hpp"

#include <mutex>

#include "config/params.hpp"
#include "format/formatter_api.hpp"
#include "format/injector_api.hpp"
#include "host/placeholder_api.hpp"
#include "parse/parser_api.hpp"

namespace ferry::host {

const ferry_host_api& host_api() {
  // Filled in place, never copied: the formatter side keeps the address of
  // the table it was filled into and reads config_* through it.
  static ferry_host_api api{};
  static std::once_flag once;
  std::call_once(once, [] {
    fill_instance_api(api);
    config::fill_config_api(api);
    format::fill_formatter_api(api);
    format::fill_injector_api(api);
    parse::fill_parser_api(api);
    fill_placeholder_api(api);
  });
  return api;
}

}  // namespace ferry::host
