#pragma once
#include <string>
#include <string_view>

namespace ferry::text {

// Ruby's String#inspect, which Fluentd uses for the values in its log lines
// (tag="app.log"), for Hash#inspect of records and in error messages:
// double quotes; \" \\ \n \r \t \f \v \b \a \e; '#' escaped only where it
// would start an interpolation (#{ #$ #@); other control characters and DEL
// as \uXXXX in a UTF-8 string. Bytes that are not well-formed UTF-8 print
// as \xHH. `binary` is an ASCII-8BIT string (MessagePack bin): every byte
// >= 0x80 and every control byte prints as \xHH.
// Unicode printability is approximated: C1 controls (U+0080-U+009F) are
// escaped, everything else from U+00A0 up is printed as it is.
void append_ruby_string_inspect(std::string& out, std::string_view s, bool binary = false);
std::string ruby_string_inspect(std::string_view s);

}  // namespace ferry::text
