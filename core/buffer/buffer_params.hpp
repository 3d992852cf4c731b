#pragma once
#include "ferry/abi.h"

namespace ferry::buffer {

// The <buffer CHUNK_KEYS> section of FERRY_CAP_BUFFERED outputs: every
// parameter of Fluentd 1.19's output.rb buffer section, buffer.rb,
// buf_memory.rb and buf_file.rb with Fluentd's names, types and defaults
// (nil where Fluentd derives the default: chunk_limit_size,
// total_limit_size, flush_at_shutdown, timekey_zone, ...), plus Ferry's
// `fsync`. The section argument is the chunk keys. read_buffer_options()
// resolves the values.
const ferry_param_table& buffer_section_table();

// Output-level rows added to every FERRY_CAP_BUFFERED directive: Fluentd's
// legacy flat buffer names (compat_parameters.rb: buffer_type,
// buffer_path, num_threads, flush_interval, ...), converted into a <buffer>
// when none is written, and output.rb's time_as_integer and
// slow_flush_log_threshold.
const ferry_param_table& buffered_output_flat_table();

}  // namespace ferry::buffer
