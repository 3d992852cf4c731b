// Reading YAML files into YNode trees (Fluentd lib/fluent/config/yaml_parser/loader.rb).
#include "config/yaml_document.hpp"

#include <yaml-cpp/yaml.h>

#include "config/config_file.hpp"
#include "config/include_resolver.hpp"
#include "config/ruby_eval.hpp"
#include "text/json_string.hpp"

namespace ferry::config {
namespace {

// Guards against aliases that refer to their own ancestor and runaway nesting.
constexpr int kMaxDepth = 200;
// A file that includes itself (directly or not) stops here with an error.
constexpr int kMaxIncludeDepth = 16;

// Ruby Hash assignment: a repeated key keeps its first position, last value.
void put_member(std::vector<YMember>& members, YMember m, Diagnostics* diag) {
  for (auto& existing : members) {
    if (existing.key == m.key) {
      if (diag) diag->warning(m.where, "duplicate key '" + m.key + "': the last one wins", m.key);
      existing.value = std::move(m.value);
      return;
    }
  }
  members.push_back(std::move(m));
}

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  SourceLocation where{file, 0, 0};
  if (!mark.is_null()) {
    where.line = static_cast<uint32_t>(mark.line + 1);
    where.column = static_cast<uint32_t>(mark.column + 1);
  }
  return where;
}

YNode string_node(std::string text, SourceLocation where) {
  YNode n;
  n.kind = YNode::Kind::Scalar;
  n.type = YamlScalar::Type::String;
  n.text = std::move(text);
  n.where = std::move(where);
  return n;
}

// Reads YAML files into YNode trees: tags, Psych typing, !include, `<<:`.
class YamlReader {
 public:
  YamlReader(const LoadOptions& opts, Diagnostics& diag) : opts_(opts), diag_(diag) {}

  // nullopt when the file cannot be read or is not YAML (reported).
  std::optional<YNode> load_file(const std::string& path, const SourceLocation& from) {
    std::string content, error;
    if (!read_config_file(path, content, error)) {
      SourceLocation where = from.file.empty() ? SourceLocation{path, 0, 0} : from;
      diag_.error(where, error, path);
      return std::nullopt;
    }
    YAML::Node root;
    try {
      root = YAML::Load(content);
    } catch (const YAML::Exception& e) {
      diag_.error(location_of(e.mark, path), "invalid YAML: " + e.msg);
      return std::nullopt;
    }
    ++include_depth_;
    YNode n = convert(root, path, 0);
    --include_depth_;
    return n;
  }

 private:
  YNode convert(const YAML::Node& node, const std::string& file, int depth) {
    YNode out;
    out.where = location_of(node.Mark(), file);
    if (depth > kMaxDepth) {
      diag_.error(out.where, "YAML nested too deeply (an alias inside itself?)");
      return out;
    }
    const std::string& tag = node.Tag();
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        if (tag == "!fluent/s" || tag == "!fluent/json" || tag == "!")
          return string_node(tag == "!fluent/json" ? "\"\"" : "", out.where);
        return out;
      case YAML::NodeType::Scalar:
        return scalar(node, tag, file, out.where);
      case YAML::NodeType::Sequence:
        out.kind = YNode::Kind::Seq;
        for (const auto& item : node) out.items.push_back(convert(item, file, depth + 1));
        break;
      case YAML::NodeType::Map:
        out.kind = YNode::Kind::Map;
        for (const auto& kv : node) {
          SourceLocation key_where = location_of(kv.first.Mark(), file);
          if (!kv.first.IsScalar()) {
            diag_.error(key_where, "a YAML key must be a plain text");
            continue;
          }
          YMember m{kv.first.Scalar(), key_where, convert(kv.second, file, depth + 1)};
          // YAML merge key, as Fluentd's loader does it: only a map merges.
          if (m.key == "<<" && kv.first.Tag() != "!" && m.value.kind == YNode::Kind::Map) {
            for (auto& merged : m.value.members)
              put_member(out.members, std::move(merged), nullptr);
            continue;
          }
          put_member(out.members, std::move(m), &diag_);
        }
        break;
    }
    if (tag == "!fluent/json") return json_node(out);
    if (tag == "!include" || tag == "!fluent/s") {
      diag_.error(out.where, tag + " needs a text value");
      return YNode{YNode::Kind::Null, {}, {}, false, {}, {}, out.where};
    }
    if (!tag.empty() && tag != "?" && tag != "!" && tag.rfind("tag:yaml.org,2002:", 0) != 0)
      diag_.warning(out.where, "YAML tag " + tag + " is not understood; it is ignored", tag);
    return out;
  }

  YNode scalar(const YAML::Node& node, const std::string& tag, const std::string& file,
               const SourceLocation& where) {
    const std::string& value = node.Scalar();
    if (tag == "!include") return include(value, file, where);
    if (tag == "!fluent/s") return fluent_string(value, where);
    if (tag == "!fluent/json") {
      // Psych hands the tag's block the plain string; to_json quotes it.
      std::string quoted;
      text::append_json_string(quoted, value);
      return string_node(quoted, where);
    }
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return string_node(value, where);
    if (!tag.empty() && tag != "?") {
      diag_.warning(where, "YAML tag " + tag + " is not understood; the value is read as text",
                    tag);
      return string_node(value, where);
    }
    YamlScalar s = resolve_plain_scalar(value);
    if (!s.note.empty()) diag_.warning(where, s.note, value);
    YNode n;
    n.where = where;
    if (s.type == YamlScalar::Type::Null) return n;
    n.kind = YNode::Kind::Scalar;
    n.type = s.type;
    n.text = std::move(s.text);
    return n;
  }

  YNode json_node(const YNode& value) {
    std::string text, error;
    if (!yaml_to_json(value, text, error)) {
      diag_.error(value.where, "!fluent/json: " + error);
      return YNode{YNode::Kind::Null, {}, {}, false, {}, {}, value.where};
    }
    return string_node(std::move(text), value.where);
  }

  // !fluent/s "...": Fluentd evaluates the text as the body of a Ruby
  // double-quoted string: escapes, then "#{...}" (natively, see ruby_eval).
  YNode fluent_string(const std::string& body, const SourceLocation& where) {
    std::string out;
    bool use_nil = false, use_default = false;
    for (size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c == '\\' && i + 1 < body.size()) {
        char e = body[++i];
        // A backslash before a line break continues the line.
        if (e != '\n') out += ruby_double_quoted_escape(e);
        continue;
      }
      if (c == '#' && i + 1 < body.size() && body[i + 1] == '{') {
        size_t end = find_embedded_code_end(std::string_view(body).substr(i + 2));
        size_t close = end == std::string_view::npos ? std::string::npos : i + 2 + end;
        if (close == std::string::npos) {
          diag_.error(where, "unterminated #{ in !fluent/s value", body);
          return string_node(body, where);
        }
        std::string expr = body.substr(i + 2, close - i - 2);
        std::string error;
        std::optional<RubyValue> v = eval_embedded_ruby(expr, opts_, error);
        if (!v) {
          diag_.error(where, "cannot evaluate embedded Ruby: " + error, "#{" + expr + "}");
        } else if (v->kind == RubyValue::Kind::Nil) {
          use_nil = true;
        } else if (v->kind == RubyValue::Kind::UseDefault) {
          use_default = true;
        } else {
          out += v->text;
        }
        i = close;
        continue;
      }
      out += c;
    }
    // Fluentd's YAML loader turns use_nil into "" and use_default into the
    // text ":default" (which section.rb then fails to recognise); we keep
    // their documented meaning, as the v1 syntax has it.
    if (use_nil) return YNode{YNode::Kind::Null, {}, {}, false, {}, {}, where};
    YNode n = string_node(std::move(out), where);
    n.use_default = use_default;
    return n;
  }

  // !include PATTERN: relative to the including file, globbed, sorted; the
  // lists of every matched file, concatenated.
  YNode include(const std::string& pattern, const std::string& file, const SourceLocation& where) {
    YNode out;
    out.kind = YNode::Kind::Seq;
    out.where = where;
    if (include_depth_ > kMaxIncludeDepth) {
      diag_.error(where, "!include nested too deeply (does a file include itself?)", pattern);
      return out;
    }
    IncludeTargets targets = resolve_include(pattern, config_base_dir(file));
    for (const auto& w : targets.warnings) diag_.warning(where, w, pattern);
    if (!targets.error.empty()) {
      diag_.error(where, "!include: " + targets.error, pattern);
      return out;
    }
    if (targets.files.empty()) {
      // Fluentd includes nothing, silently; a hint costs nothing.
      diag_.warning(where, "!include matched no file", pattern);
      return out;
    }
    for (const auto& f : targets.files) {
      std::optional<YNode> n = load_file(f, where);
      if (!n || n->kind == YNode::Kind::Null) continue;
      if (n->kind != YNode::Kind::Seq) {
        diag_.error(n->where, "an included YAML file must hold a list", f);
        continue;
      }
      for (auto& item : n->items) out.items.push_back(std::move(item));
    }
    return out;
  }

  const LoadOptions& opts_;
  Diagnostics& diag_;
  int include_depth_ = 0;
};

}  // namespace

const YNode* YNode::get(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m.value;
  return nullptr;
}

bool yaml_to_json(const YNode& n, std::string& out, std::string& error) {
  switch (n.kind) {
    case YNode::Kind::Null:
      out += "null";
      return true;
    case YNode::Kind::Scalar:
      switch (n.type) {
        case YamlScalar::Type::String:
          text::append_json_string(out, n.text);
          return true;
        case YamlScalar::Type::Float:
          if (n.text == "NaN" || n.text == "Infinity" || n.text == "-Infinity") {
            error = n.text + " not allowed in JSON";
            return false;
          }
          out += n.text;
          return true;
        default:
          out += n.text;
          return true;
      }
    case YNode::Kind::Seq:
      out += '[';
      for (size_t i = 0; i < n.items.size(); ++i) {
        if (i) out += ',';
        if (!yaml_to_json(n.items[i], out, error)) return false;
      }
      out += ']';
      return true;
    case YNode::Kind::Map:
      out += '{';
      for (size_t i = 0; i < n.members.size(); ++i) {
        if (i) out += ',';
        text::append_json_string(out, n.members[i].key);
        out += ':';
        if (!yaml_to_json(n.members[i].value, out, error)) return false;
      }
      out += '}';
      return true;
  }
  return false;
}

std::optional<YNode> read_yaml_document(const std::string& path, const LoadOptions& opts,
                                        Diagnostics& diag) {
  try {
    return YamlReader(opts, diag).load_file(path, SourceLocation{});
  } catch (const YAML::Exception& e) {
    diag.error(location_of(e.mark, path), "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    diag.error(SourceLocation{path, 0, 0}, std::string("cannot load YAML config: ") + e.what());
  }
  return std::nullopt;
}

}  // namespace ferry::config
