// People's names in a sentence: the spans of name words after optional honorifics, and the
// evidence that a span is a person's (a given name, an initial, a title) rather than a run of
// capitalised words (names.h).
#include <algorithm>

#include "indexer/attribution/names.h"
#include "query/core/ascii.h"

namespace civic::indexer::attribution {
namespace {

bool is_name_word(const Token& t) {
  if (t.text.empty() || t.dash || t.all_caps || !t.capital) return false;
  if (t.text.find_first_of("0123456789@#/") != std::string::npos) return false;
  if (t.text.find('.') != std::string::npos && !t.initial) return false;  // "budget.gov.uk"
  if (is_never_name_word(t.text) || is_role_word(t.text) || is_org_head(t.text)) return false;
  if (is_honorific(t.text) && !t.initial) return false;
  return true;
}

// A span's words may not run across punctuation, except an initial's full stop.
bool ends_run(const Token& t) {
  if (t.possessive) return true;
  if (t.trail.empty()) return false;
  if (t.initial && t.trail == ".") return false;
  return true;
}

}  // namespace

Evidence name_evidence(const std::vector<std::string>& words, const Lexicon& lex) {
  if (words.size() < 2) return Evidence::None;
  const std::string first = ascii::to_lower(words.front());
  bool rest_uncommon = true;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string w = ascii::to_lower(words[i]);
    if (lex.is_common_word(w) || is_name_particle(w)) {
      if (!is_name_particle(w)) rest_uncommon = false;
    }
  }
  // An initial: "R Adebayo", "J. Smith".
  if (first.size() == 1 || (first.size() == 2 && first[1] == '.')) {
    return rest_uncommon ? Evidence::Strong : Evidence::None;
  }
  const long births = lex.given_name_births(first);
  const bool first_common = lex.is_common_word(first);
  if (births >= 100 && !first_common) return Evidence::Strong;
  if (births >= 10 && rest_uncommon) return Evidence::Strong;
  if (!first_common && !lex.is_proper_noun(first)) return Evidence::Weak;
  if (!first_common && rest_uncommon) return Evidence::Weak;
  return Evidence::None;
}

std::vector<NameSpan> find_names(const std::vector<Token>& tokens, const Lexicon& lex) {
  std::vector<NameSpan> out;
  std::size_t i = 0;
  while (i < tokens.size()) {
    NameSpan span;
    span.start = i;
    std::size_t k = i;
    std::vector<std::string> honorifics;
    // "Hon. Gagan …", "Rt Hon …", "Dr.": honorifics, each followed by a capitalised word.
    while (k + 1 < tokens.size() && is_honorific(tokens[k].text) && tokens[k].capital &&
           !tokens[k].possessive && (tokens[k].trail.empty() || tokens[k].trail == ".") &&
           tokens[k + 1].capital) {
      honorifics.push_back(tokens[k].text);
      ++k;
    }
    span.first = k;
    std::vector<std::string> words;
    std::size_t j = k;
    while (j < tokens.size() && words.size() < 4) {
      const Token& t = tokens[j];
      if (!words.empty() && !t.lead.empty()) break;  // "(Birkholme" opens something else
      if (is_name_word(t)) {
        words.push_back(join(tokens, j, j + 1));
        ++j;
        if (ends_run(t)) break;
        continue;
      }
      // A particle inside a name: "Ursula von der Leyen".
      if (!words.empty() && is_name_particle(t.text) && !t.capital && t.trail.empty() &&
          j + 1 < tokens.size() && is_name_word(tokens[j + 1])) {
        words.push_back(t.text);
        ++j;
        continue;
      }
      break;
    }
    if (words.empty()) {
      i = std::max(i + 1, k);
      if (!honorifics.empty()) i = k;
      if (i == span.start) ++i;
      continue;
    }
    span.end = j;
    span.possessive = tokens[j - 1].possessive;
    span.name = join(tokens, span.first, span.end);
    if (!honorifics.empty()) span.honorific = honorifics.back();
    std::size_t a = j;
    // "Jo Bright MP", "Ann Hale CBE"; after a comma only when nothing follows
    // ("Jo Bright, MP."), since "X, MP for Kirkhope East" is an apposition.
    while (a < tokens.size() && is_post_nominal(tokens[a].text) &&
           (tokens[a - 1].trail.empty() ||
            (tokens[a - 1].trail == "," && (a + 1 == tokens.size() || !tokens[a].trail.empty())))) {
      ++a;
    }
    span.after = a;
    span.evidence = !honorifics.empty() ? Evidence::Titled : name_evidence(words, lex);
    out.push_back(span);
    i = j;
  }
  return out;
}

}  // namespace civic::indexer::attribution
