#pragma once
// One factory per built-in parser; make_parser() picks by name.
#include <memory>
#include <string>

#include "parse/parser.hpp"

namespace ferry::parse {

std::unique_ptr<Parser> make_json_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_msgpack_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_ltsv_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_csv_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_tsv_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_regexp_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_nginx_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_apache_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_apache_error_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_none_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_syslog_parser(const ParseOptions& o, std::string* error);
std::unique_ptr<Parser> make_apache2_parser(const ParseOptions& o, std::string* error);

}  // namespace ferry::parse
