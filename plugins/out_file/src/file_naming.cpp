#include "file_naming.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "format/strftime.hpp"

namespace ferry::out_file {

std::string_view time_slice_format_for(std::optional<int64_t> timekey) {
  if (!timekey) return "";
  for (const SliceClass& c : kSliceClasses)
    if (*timekey >= c.min_timekey) return c.format;
  return std::end(kSliceClasses)[-1].format;  // under a second: Ruby's 0...60
}

std::string default_timekey_warning(const BufferView& buffer) {
  if (!buffer.has_section) {
    if (buffer.legacy_buffer_params) return "";
    return "default timekey interval (1d) will be used because of missing <buffer> section. To "
           "change the output frequency, please modify the timekey value";
  }
  if (buffer.timekey_written) return "";
  std::string_view arg = buffer.arg ? std::string_view(*buffer.arg) : std::string_view();
  while (!arg.empty() && (arg.front() == ' ' || arg.front() == '\t')) arg.remove_prefix(1);
  while (!arg.empty() && (arg.back() == ' ' || arg.back() == '\t')) arg.remove_suffix(1);
  if (arg == "[]") return "";
  return "default timekey interval (1d) will be used. To change the output frequency, please "
         "modify the timekey value";
}

std::string path_template(const PathSpec& spec) {
  const std::string index(spec.append ? "" : kIndexPlaceholder);
  const std::string& path = spec.path;
  if (path.find('*') != std::string::npos) {
    if (!spec.timekey) {
      throw std::invalid_argument("path including '*' must be used with buffer chunk key 'time'");
    }
    const std::string slice =
        (spec.time_slice_format ? *spec.time_slice_format
                                : std::string(time_slice_format_for(spec.timekey))) +
        index;
    std::string out;
    for (char c : path) {
      if (c == '*')
        out += slice;
      else
        out.push_back(c);
    }
    return out + spec.compression_suffix;
  }
  const std::string tail = index + spec.path_suffix + spec.compression_suffix;
  if (!spec.timekey) return path + tail;
  if (spec.time_slice_format) return path + "." + *spec.time_slice_format + tail;
  // The slice's two-character parts ("%Y", "%m", ...): a path naming some of
  // them places the time itself and must name all of them.
  const std::string_view slice = time_slice_format_for(spec.timekey);
  bool any = false, all = true;
  for (size_t i = 0; i + 2 <= slice.size(); i += 2) {
    const bool found = path.find(slice.substr(i, 2)) != std::string::npos;
    any = any || found;
    all = all && found;
  }
  if (!any) return path + "." + std::string(slice) + tail;
  if (!all) throw std::invalid_argument("insufficient timestamp placeholders in path");
  return path + tail;
}

std::string indexed_path(std::string_view expanded, unsigned index) {
  std::string out(expanded);
  const size_t at = out.find(kIndexPlaceholder);
  if (at != std::string::npos) {
    out.replace(at, kIndexPlaceholder.size(), "_" + std::to_string(index));
  }
  return out;
}

std::string probe_path(std::string_view path_template, const format::CivilTime& now) {
  std::string dummy;
  for (size_t i = 0; i < path_template.size();) {
    const size_t open = path_template.find("${", i);
    const size_t close = open == std::string_view::npos ? open : path_template.find('}', open + 2);
    if (close == std::string_view::npos) {
      dummy.append(path_template.substr(i));
      break;
    }
    dummy.append(path_template.substr(i, open - i));
    const std::string_view name = path_template.substr(open + 2, close - open - 2);
    dummy += name.substr(0, 3) == "tag" ? "a" : "data";
    i = close + 1;
  }
  std::string out;
  format::Strftime(dummy).append(out, now, 0);
  return out;
}

namespace {
bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}
}  // namespace

std::string dirname_of(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

bool writable(const std::string& path) {
  if (exists(path)) return ::access(path.c_str(), W_OK) == 0;
  std::string dir = dirname_of(path);
  while (!exists(dir)) {
    std::string up = dirname_of(dir);
    if (up == dir) return false;
    dir = up;
  }
  return ::access(dir.c_str(), W_OK) == 0;
}

}  // namespace ferry::out_file
