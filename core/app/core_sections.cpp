#include "app/core_sections.hpp"

#include "buffer/buffer_params.hpp"
#include "format/format_params.hpp"
#include "format/inject_params.hpp"
#include "parse/parse_params.hpp"

namespace ferry::app {

config::CoreSections core_sections_for(uint64_t capabilities) {
  config::CoreSections sections;
  if (capabilities & FERRY_CAP_FORMAT) sections["format"] = &format::format_section_table();
  if (capabilities & FERRY_CAP_INJECT) {
    sections["inject"] = &format::inject_section_table();
    sections.flat.push_back(&format::inject_flat_table());
  }
  if (capabilities & FERRY_CAP_PARSE) sections["parse"] = &parse::parse_section_table();
  if (capabilities & FERRY_CAP_EXTRACT) sections["extract"] = &parse::extract_section_table();
  if (capabilities & FERRY_CAP_BUFFERED) {
    sections["buffer"] = &buffer::buffer_section_table();
    // Checked by the buffered output itself (Fluentd's <secondary> rules).
    sections["secondary"] = nullptr;
    sections.flat.push_back(&buffer::buffered_output_flat_table());
  }
  // Validated by the engine as output plugins of their own.
  if (capabilities & FERRY_CAP_CHILDREN) sections["store"] = nullptr;
  return sections;
}

}  // namespace ferry::app
