#pragma once
#include "text/ruby_float.hpp"

namespace ferry::format {

// Float#to_s and Oj's float text are text::append_ruby_float and
// text::append_oj_float; these spellings stay for core/parse and
// plugins/in_http, written against format/ (new code: text/).
using text::append_oj_float;
using text::append_ruby_float;

}  // namespace ferry::format
