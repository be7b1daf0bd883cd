// The letter and word-shape rules of record_words.h.
#include "indexer/record_words.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace civic::indexer::record {
namespace {

bool is_roman_numeral(std::string_view w) {
  static const std::set<std::string_view> k = {"II", "III", "IV", "V", "VI"};
  return k.count(w) > 0;
}

// Appends the character at `i` of `s` to `out`, in upper or lower case.
void append_cased(std::string& out, std::string_view s, std::size_t i, bool upper) {
  const std::size_t n = char_size(s, i);
  if (n == 1) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    out += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
  } else if (n == 2 && static_cast<unsigned char>(s[i]) == 0xC3) {
    unsigned char second = static_cast<unsigned char>(s[i + 1]);
    if (upper && is_lower_at(s, i) && second != 0x9F && second != 0xBF) second -= 0x20;
    if (!upper && is_upper_at(s, i)) second += 0x20;
    out += s[i];
    out += static_cast<char>(second);
  } else {
    out += s.substr(i, n);
  }
}

}  // namespace

bool is_upper_at(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 'A' && c <= 'Z') return true;
  if (c == 0xC3 && i + 1 < s.size()) {
    const unsigned char n = static_cast<unsigned char>(s[i + 1]);
    return n >= 0x80 && n <= 0x9E && n != 0x97;  // À–Þ but ×
  }
  return false;
}

bool is_lower_at(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 'a' && c <= 'z') return true;
  if (c == 0xC3 && i + 1 < s.size()) {
    const unsigned char n = static_cast<unsigned char>(s[i + 1]);
    return n >= 0x9F && n <= 0xBF && n != 0xB7;  // ß–ÿ but ÷
  }
  return false;
}

// Bytes of the character at `i` (1 for ASCII, 2 for a C3 letter, else the UTF-8 length).
std::size_t char_size(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, s.size() - i);
}

Shape shape_of(std::string_view w) {
  Shape shape;
  for (std::size_t i = 0; i < w.size(); i += char_size(w, i)) {
    if (is_upper_at(w, i)) {
      ++shape.upper;
      if (i == 0) shape.starts_upper = true;
    } else if (is_lower_at(w, i)) {
      ++shape.lower;
    } else if (w[i] != '\'' && w[i] != '-') {
      shape.other = true;
    }
  }
  return shape;
}

bool is_capitals_word(std::string_view w) {
  const Shape s = shape_of(w);
  return s.starts_upper && !s.other && s.upper >= 2 && s.lower <= 3 && s.upper > s.lower &&
         !w.ends_with('-') && !w.ends_with('\'');
}

// "McCall", "Hale", "O'Hare": a capital and then lower-case letters.
bool is_mixed_word(std::string_view w) {
  const Shape s = shape_of(w);
  return s.starts_upper && !s.other && s.lower >= 1 && s.upper <= 3 && !w.ends_with('-');
}

bool is_particle(std::string_view w) {
  static const std::set<std::string_view> k = {"de",  "la",  "del", "della", "di", "da", "du",
                                               "van", "von", "der", "den",   "le", "y"};
  return k.count(w) > 0;
}

bool is_suffix_key(std::string_view key) {
  static const std::set<std::string_view> k = {"jr", "sr", "ii", "iii", "iv"};
  return k.count(key) > 0;
}

bool same_kind_of_title(std::string_view a, std::string_view b) {
  return (a == "Mr.") == (b == "Mr.") && (a == "Dr.") == (b == "Dr.");
}

bool is_state_word(std::string_view w) {
  const Shape s = shape_of(w);
  return s.starts_upper && !s.other && s.upper == 1 && s.lower >= 1;
}

std::string normal_case_word(std::string_view w) {
  if (is_particle(w) || is_roman_numeral(w)) return std::string(w);
  // The Record prints a mixed-case prefix as it is spelled ("McCALL", "DeLUCA"): keep the word
  // up to its last lower-case letter, then the rest is a capitalised word.
  std::size_t rest = 0;
  for (std::size_t i = 0; i < w.size(); i += char_size(w, i)) {
    if (is_lower_at(w, i)) rest = i + char_size(w, i);
  }
  std::string out(w.substr(0, rest));
  bool start = true;
  for (std::size_t i = rest; i < w.size(); i += char_size(w, i)) {
    const bool letter = is_upper_at(w, i) || is_lower_at(w, i);
    append_cased(out, w, i, letter && start);
    if (letter) start = false;
    if (w[i] == '\'' || w[i] == '-') start = true;  // "O'Neill", "Diaz-Balart"
  }
  return out;
}

}  // namespace civic::indexer::record
