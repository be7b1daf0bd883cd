#include "indexer/attribution/words.h"

#include "query/core/ascii.h"

namespace civic::indexer::attribution {

std::vector<Word> words_of(const std::string& s) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && ascii::is_space(s[i])) ++i;
    if (i >= s.size()) break;
    std::size_t j = i;
    while (j < s.size() && !ascii::is_space(s[j])) ++j;
    Word w;
    std::string raw = s.substr(i, j - i);
    std::size_t a = 0, b = raw.size();
    while (a < b && std::ispunct(static_cast<unsigned char>(raw[a])) && raw[a] != '&') {
      w.before = raw[a];
      ++a;
    }
    while (b > a && std::ispunct(static_cast<unsigned char>(raw[b - 1])) && raw[b - 1] != '&') {
      if (w.after == ' ') w.after = raw[b - 1];
      --b;
    }
    // Possessive "Council's" → "Council" with after = '\''.
    if (b - a > 2 && raw.compare(b - 2, 2, "'s") == 0) {
      b -= 2;
      w.after = '\'';
    }
    // "&" is no punctuation here: "Fish & Chips" keeps it as a word.
    w.text = raw.substr(a, b - a);
    if (!w.text.empty()) words.push_back(std::move(w));
    i = j;
  }
  return words;
}

const std::set<std::string>& title_set() {
  static const std::set<std::string> k = {"Dr",   "Cllr",     "Councillor", "Mr",   "Mrs",
                                          "Ms",   "Miss",     "Professor",  "Prof", "Sir",
                                          "Dame", "Baroness", "Lord",       "Lady", "Rev"};
  return k;
}

}  // namespace civic::indexer::attribution
