#pragma once
#include <vector>

#include "router/tag_pattern.hpp"

namespace ferry::router {

// Answers about the sets of tags patterns match, for the dry-run route
// analysis. Glob pieces are turned into automata with exactly Fluentd's
// meaning (including its look-ahead for `a.**` and \Z accepting a final
// newline) and compared by a bounded product search, so a Yes or a No is a
// proof. Regex pieces cannot be reasoned about: they never count as covering
// anything, and a regex piece being covered is Unknown unless a `**` covers it.
// Tags are taken to contain no line break (see alphabet() in the .cpp).
enum class Answer { Yes, No, Unknown };

// Is every tag matched by some piece of `inner` matched by some piece of
// `outer`? (`outer` may gather the pieces of several directives.)
Answer covers(const std::vector<const PatternPiece*>& outer,
              const std::vector<const PatternPiece*>& inner);

// Is there a tag matched by both?
Answer overlaps(const std::vector<const PatternPiece*>& a,
                const std::vector<const PatternPiece*>& b);

// The automaton's own verdict for one tag (Unknown for regex pieces); the
// tests check it against the PCRE2 matcher so both keep Fluentd's meaning.
Answer automaton_matches(const PatternPiece& piece, std::string_view tag);

// All pieces of a pattern, as the lists above take them.
std::vector<const PatternPiece*> pieces_of(const TagPattern& p);

}  // namespace ferry::router
