// Words of a unit's text as the passes of indexer/attribution.cpp read them: split at spaces,
// with the punctuation around each word kept apart ("(Kirkhope", "Council's," → "Kirkhope",
// "Council"), and the titles that may stand before a name. The live-blog pass has its own,
// richer tokens (names.h).
#pragma once

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/ascii.h"

namespace civic::indexer::attribution {

struct Word {
  std::string text;   // without surrounding punctuation
  char before = ' ';  // punctuation just before the word ('(' …) or ' '
  char after = ' ';   // punctuation just after (',' ':' ')' '.' …) or ' '
};

inline bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
inline bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }

/// `s` in ASCII lower case: ascii::to_lower(), under the name override_pass.cpp calls.
inline std::string lower(std::string_view s) { return ascii::to_lower(s); }

/// The words of `s` between white space; a possessive "'s" is cut and marked as after = '\''.
/// A word of punctuation only is dropped, except "&".
std::vector<Word> words_of(const std::string& s);

/// Titles that may stand before a name, as written without a full stop: "Dr", "Cllr", "Ms".
const std::set<std::string>& title_set();

}  // namespace civic::indexer::attribution
