#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ferry::format {

// Appends MessagePack items to a std::string, always in the smallest form,
// as msgpack-ruby (and so Fluentd) writes them.
void mp_nil(std::string& out);
void mp_bool(std::string& out, bool b);
void mp_int(std::string& out, int64_t i);
void mp_uint(std::string& out, uint64_t u);
void mp_double(std::string& out, double d);  // always float64, like Ruby Floats
void mp_str(std::string& out, std::string_view s);
void mp_str_header(std::string& out, uint32_t len);
void mp_bin(std::string& out, std::string_view s);
void mp_array_header(std::string& out, uint32_t count);
void mp_map_header(std::string& out, uint32_t count);
void mp_ext(std::string& out, int8_t type, std::string_view payload);

// Containers whose size is known only at the end: reserve the largest
// header, fill the elements, then shrink the header to the smallest form.
// The elements move left by at most 4 bytes once per container.
size_t mp_begin_container(std::string& out);
void mp_end_array(std::string& out, size_t mark, uint32_t count);
void mp_end_map(std::string& out, size_t mark, uint32_t count);

}  // namespace ferry::format
