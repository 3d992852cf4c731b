#pragma once
// One factory per built-in formatter; make_formatter() picks by name.
#include <memory>
#include <string>

#include "format/formatter.hpp"

namespace ferry::format {

std::unique_ptr<Formatter> make_json_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_stdout_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_out_file_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_single_value_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_ltsv_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_csv_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_tsv_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_msgpack_formatter(const FormatOptions& o, std::string* error);
std::unique_ptr<Formatter> make_hash_formatter(const FormatOptions& o, std::string* error);

}  // namespace ferry::format
