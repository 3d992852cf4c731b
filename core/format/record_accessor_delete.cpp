// Deleting through a record accessor path (Fluentd's delete_nest, used by
// record_transformer's remove_keys): rewrites only the containers on the
// path, copying every other element's bytes as they are.
#include "format/msgpack_reader.hpp"
#include "format/msgpack_writer.hpp"
#include "format/record_accessor.hpp"

namespace ferry::format {
namespace {

std::string_view span(const uint8_t* b, const uint8_t* e) {
  return {reinterpret_cast<const char*>(b), size_t(e - b)};
}

// One element of a map or array: [begin, value) is a map key, [value, end)
// the value; `match` when the step names it.
struct Element {
  const uint8_t* begin;
  const uint8_t* value;
  const uint8_t* end;
  bool match;
};

bool delete_along(std::string_view value, const std::vector<RecordAccessor::Step>& steps,
                  size_t from, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(value.data());
  const uint8_t* end = p + value.size();
  MpValue head;
  if (from >= steps.size() || !read_item(p, end, head)) return false;
  const RecordAccessor::Step& step = steps[from];
  const bool last = from + 1 == steps.size();
  const bool is_map = head.type == MpValue::kMap;
  if (!is_map && head.type != MpValue::kArray) return false;
  // Hash keys are strings here, so an index finds nothing on a hash, and an
  // array index must be an integer (else Ruby's TypeError, rescued).
  if (is_map == step.is_index) return false;

  std::vector<Element> elements;
  elements.reserve(head.size);
  int64_t index = step.index;
  if (step.is_index && index < 0) index += head.size;
  for (uint32_t k = 0; k < head.size; ++k) {
    Element el{p, p, p, false};
    if (is_map) {
      MpValue key;
      const uint8_t* q = p;
      if (!read_item(q, end, key)) return false;
      el.match =
          (key.type == MpValue::kStr || key.type == MpValue::kBin) && key.bytes() == step.key;
      if (!skip_value(p, end)) return false;
      el.value = p;
    } else {
      el.match = int64_t(k) == index;
    }
    if (!skip_value(p, end)) return false;
    el.end = p;
    elements.push_back(el);
  }

  const Element* target = nullptr;
  size_t matches = 0;
  for (const Element& el : elements) {
    if (el.match) target = &el, ++matches;  // Hash#[]: the last duplicate wins
  }
  if (!target) return false;

  if (last) {
    if (is_map) {
      mp_map_header(out, uint32_t(head.size - matches));
    } else {
      mp_array_header(out, head.size - 1);
    }
    for (const Element& el : elements)
      if (!el.match) out += span(el.begin, el.end);
    return true;
  }
  std::string child;
  if (!delete_along(span(target->value, target->end), steps, from + 1, child)) return false;
  if (is_map) {
    mp_map_header(out, head.size);
  } else {
    mp_array_header(out, head.size);
  }
  for (const Element& el : elements) {
    if (&el == target) {
      out += span(el.begin, el.value);
      out += child;
    } else {
      out += span(el.begin, el.end);
    }
  }
  return true;
}

}  // namespace

bool RecordAccessor::delete_from(std::string_view value, size_t from, std::string& out) const {
  return delete_along(value, steps_, from, out);
}

}  // namespace ferry::format
