#include "router/route_analysis.hpp"

#include <algorithm>

#include "router/pattern_cover.hpp"
#include "text/ruby_inspect.hpp"

namespace ferry::router {
namespace {

constexpr std::string_view kRelabel = "relabel";

std::string directive(const Rule& r) {
  return std::string(r.kind == RuleKind::Filter ? "<filter " : "<match ") + r.pattern.text() + ">";
}

std::string directive_at(const Rule& r) {
  return directive(r) + " at " + r.where.str();
}

// Follows one source tag through the scopes it reaches.
class TagTracer {
 public:
  TagTracer(const RouteTable& table, const SourceRoute& src, RouteAnalysis& out)
      : table_(table), src_(src), out_(out) {}

  std::string trace(ScopeId scope) {
    std::string line;
    walk(scope, line);
    return line;
  }

 private:
  void walk(ScopeId scope, std::string& line) {
    if (std::find(path_.begin(), path_.end(), scope) != path_.end()) {
      line += " -> back to " + table_.scope_title(scope) + " (cycle)";
      warn_cycle(scope);
      return;
    }
    path_.push_back(scope);
    if (path_.size() > 1) line += " -> " + table_.scope_title(scope) + ":";
    const Scope& sc = table_.scope(scope);
    const Rule* match = nullptr;
    std::vector<const Rule*> filters;
    for (const Rule& r : sc.rules) {
      if (!r.pattern.match(*src_.tag)) continue;
      if (r.kind == RuleKind::Filter) {
        filters.push_back(&r);
        line += " -> " + directive(r) + " @type " + r.type + " (" + r.where.str() + ")";
        continue;
      }
      match = &r;
      break;
    }
    if (!match) {
      line += " -> no <match>: dropped";
      warn_no_match(scope, filters);
      path_.pop_back();
      return;
    }
    line += " -> " + directive(*match) + " @type " + match->type + " (" + match->where.str() + ")";
    // relabel re-emits the events unchanged: follow them (other plugins
    // that take a @label may re-tag or not emit at all; not followed).
    std::vector<ScopeId> next;
    if (match->type == kRelabel) next.push_back(match->label.value_or(scope));
    for (const Rule::NestedEmitter& n : match->nested)
      if (n.type == kRelabel) next.push_back(n.scope);
    for (size_t i = 0; i < next.size(); ++i) {
      if (i) line += " ;";
      walk(next[i], line);
    }
    path_.pop_back();
  }

  void warn_no_match(ScopeId scope, const std::vector<const Rule*>& filters) {
    std::string patterns;
    for (const Rule& r : table_.scope(scope).rules)
      if (r.kind == RuleKind::Match) patterns += (patterns.empty() ? "" : ", ") + r.pattern.text();
    std::string msg = "tag " + text::ruby_string_inspect(*src_.tag) + " of " + src_.description;
    if (path_.size() > 1) msg += " reaches " + table_.scope_title(scope) + " through relabel but";
    msg += " matches no <match> in " + table_.scope_title(scope) +
           " (patterns there: " + (patterns.empty() ? std::string("none") : patterns) + ")";
    msg += filters.empty() ? "; its events are dropped"
                           : "; its events go through " + std::to_string(filters.size()) +
                                 " <filter> and are then dropped";
    msg += " with the warning \"no patterns matched\"";
    out_.warnings.push_back({config::Severity::Warning, src_.where, msg, *src_.tag});
  }

  void warn_cycle(ScopeId back_to) {
    std::string chain;
    bool on = false;
    for (ScopeId s : path_) {
      on = on || s == back_to;
      if (on) chain += table_.scope_title(s) + " -> ";
    }
    chain += table_.scope_title(back_to);
    out_.warnings.push_back({config::Severity::Warning, src_.where,
                             "events tagged " + text::ruby_string_inspect(*src_.tag) + " of " +
                                 src_.description + " are relabelled in a cycle: " + chain +
                                 "; they would loop forever, so Ferry drops them with an error",
                             *src_.tag});
  }

  const RouteTable& table_;
  const SourceRoute& src_;
  RouteAnalysis& out_;
  std::vector<ScopeId> path_;
};

void warn(RouteAnalysis& out, const Rule& r, std::string msg) {
  out.warnings.push_back({config::Severity::Warning, r.where, std::move(msg), directive(r)});
}

std::string list_rules(const std::vector<const Rule*>& rules) {
  std::string s;
  for (const Rule* r : rules) s += (s.empty() ? "" : ", ") + directive_at(*r);
  return s;
}

// Earlier matches that share at least one tag with `pieces` (the ones that
// take its tags), for naming them in a message.
std::vector<const Rule*> takers(const std::vector<const Rule*>& earlier,
                                const std::vector<const PatternPiece*>& pieces) {
  std::vector<const Rule*> out;
  for (const Rule* m : earlier)
    if (overlaps(pieces_of(m->pattern), pieces) != Answer::No) out.push_back(m);
  return out;
}

void analyze_scope(const Scope& scope, RouteAnalysis& out) {
  std::vector<const Rule*> earlier;  // <match> rules seen so far
  std::vector<const PatternPiece*> taken;
  for (const Rule& r : scope.rules) {
    auto pieces = pieces_of(r.pattern);
    bool reported = false;
    if (!earlier.empty()) {
      for (const Rule* m : earlier) {
        if (covers(pieces_of(m->pattern), pieces) != Answer::Yes) continue;
        if (r.kind == RuleKind::Match) {
          warn(out, r,
               directive(r) + " is shadowed by the earlier " + directive_at(*m) +
                   ": every tag it matches goes there first (the first matching <match> "
                   "wins), so it never receives events");
        } else {
          warn(out, r,
               directive(r) + " is never applied: every tag it matches is taken by the earlier " +
                   directive_at(*m) + " (filters after the first matching <match> do not run)");
        }
        reported = true;
        break;
      }
      if (!reported && covers(taken, pieces) == Answer::Yes) {
        warn(out, r,
             directive(r) +
                 " can never be reached: every tag it matches is taken by earlier "
                 "<match> sections (" +
                 list_rules(takers(earlier, pieces)) + ")");
        reported = true;
      }
      if (!reported && pieces.size() > 1) {
        for (const PatternPiece* p : pieces) {
          if (covers(taken, {p}) != Answer::Yes) continue;
          warn(out, r,
               "pattern `" + p->text() + "` in " + directive(r) +
                   " never matches anything new: its tags are taken by earlier <match> "
                   "sections (" +
                   list_rules(takers(earlier, {p})) + ")");
        }
      }
    }
    if (r.kind == RuleKind::Match) {
      earlier.push_back(&r);
      taken.insert(taken.end(), pieces.begin(), pieces.end());
    }
  }
}

}  // namespace

std::vector<SourceRoute> sources_from_table(const RouteTable& table) {
  std::vector<SourceRoute> out;
  for (const SourceEntry& s : table.sources()) {
    SourceRoute r;
    r.description = "<source> @type " + s.type + (s.id.empty() ? "" : " @id " + s.id);
    r.where = s.tag_param ? s.tag_where : s.where;
    r.tag = s.tag_param;
    r.scope = s.scope;
    out.push_back(std::move(r));
  }
  return out;
}

RouteAnalysis analyze_routes(const RouteTable& table, const std::vector<SourceRoute>& sources) {
  RouteAnalysis out;
  for (const SourceRoute& src : sources) {
    std::string line = src.where.str() + ": " + src.description;
    if (!src.tag) {
      line += ": tags decided at run time -> " + table.scope_title(src.scope);
    } else {
      line += ": tag " + text::ruby_string_inspect(*src.tag);
      if (src.scope != kRootScope) line += " -> " + table.scope_title(src.scope) + ":";
      line += TagTracer(table, src, out).trace(src.scope);
    }
    out.routes.push_back(std::move(line));
  }
  for (ScopeId s = 0; s < table.scope_count(); ++s) analyze_scope(table.scope(s), out);
  return out;
}

}  // namespace ferry::router
