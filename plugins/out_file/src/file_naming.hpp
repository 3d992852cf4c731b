#pragma once
// out_file's file names, as Fluentd's out_file.rb derives them: the path
// template built once at load (time slice, `_**` index placeholder, suffix,
// compression suffix) and the pieces write() needs per chunk.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "format/time_zone.hpp"

namespace ferry::out_file {

// Stands for `_N` in a template when `append` is false; the first
// occurrence is replaced by the first index whose file does not exist.
inline constexpr std::string_view kIndexPlaceholder = "_**";

// Fluentd's timekey_to_timeformat: the strftime format of one time slice
// (<60s %Y%m%d%H%M%S, <1h %Y%m%d%H%M, <1d %Y%m%d%H, else %Y%m%d; "" when
// `time` is not a chunk key).
std::string_view time_slice_format_for(std::optional<int64_t> timekey);

struct PathSpec {
  std::string path;                // the `path` parameter as written
  std::optional<int64_t> timekey;  // set only when `time` is a chunk key
  // The legacy flat `time_slice_format` when written (it wins over timekey).
  std::optional<std::string> time_slice_format;
  bool append = false;
  std::string path_suffix;         // "" when add_path_suffix is false
  std::string compression_suffix;  // ".gz" or ""
};

// What out_file.rb's configure looks at in the directive as written to
// warn about its defaulted 1d timekey (the core resolves the buffer).
struct BufferView {
  bool has_section = false;           // a <buffer> section is written
  std::optional<std::string> arg;     // its argument (chunk keys) as written
  bool timekey_written = false;       // it has a timekey
  bool legacy_buffer_params = false;  // any flat buffer_type, time_slice_format...
};

// Fluentd's configure warning, or "": no <buffer> (and no legacy flat
// buffer parameters, which compat_parameters turns into a <buffer> with
// timekey 1d), or a <buffer> other than `<buffer []>` without timekey.
std::string default_timekey_warning(const BufferView& buffer);

// The slice formats from coarsest to finest, each with the smallest
// timekey that uses it (Fluentd's timekey_to_timeformat ranges).
struct SliceClass {
  std::string_view format;
  int64_t min_timekey;
};
inline constexpr SliceClass kSliceClasses[] = {
    {"%Y%m%d", 86400}, {"%Y%m%d%H", 3600}, {"%Y%m%d%H%M", 60}, {"%Y%m%d%H%M%S", 1}};

// Fluentd's generate_path_template:
//   path with `*`      -> each `*` becomes <slice>[_**], + compression suffix
//   path with %Y/%m... -> path[_**]<suffix><comp> (all slice parts required)
//   other path         -> path.<slice>[_**]<suffix><comp>
//   no time key        -> path[_**]<suffix><comp>
// Throws std::invalid_argument with Fluentd's message for `*` without a
// `time` chunk key and for a path with only some of the slice's parts.
std::string path_template(const PathSpec& spec);

// `expanded` with its first `_**` replaced by `_<index>` (Fluentd replaces
// only the first one too).
std::string indexed_path(std::string_view expanded, unsigned index);

// The path Fluentd checks for writability at load: ${tag...} placeholders
// become "a", other ${...} "data", strftime parts the time `now`.
std::string probe_path(std::string_view path_template, const format::CivilTime& now);

// Fluentd's FileUtil.writable_p?: the file when it exists, else the
// nearest existing ancestor directory must be writable.
bool writable(const std::string& path);

// The directory part of a path ("." when there is none).
std::string dirname_of(std::string_view path);

}  // namespace ferry::out_file
