// Tokens of a sentence and the ways they are written back as text: the straight-quoted text,
// its sentences, its words with the punctuation around each kept apart, and the joins of a
// run of tokens as a name, an organisation or a phrase (names.h, names_internal.h).
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "indexer/attribution/names.h"
#include "indexer/attribution/names_internal.h"
#include "query/core/ascii.h"

namespace civic::indexer::attribution {
namespace {

// Letters of any script count as word characters; ASCII punctuation does not.
bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

UChar32 first_code_point(std::string_view s) {
  if (s.empty()) return 0;
  std::int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s.data(), i, static_cast<std::int32_t>(s.size()), c);
  return c;
}

bool is_dash_text(std::string_view s) {
  return s == "-" || s == "--" || s == "\xE2\x80\x93" || s == "\xE2\x80\x94" ||
         s == "\xC2\xB7" || s == "\xE2\x96\xAA" || s == "|" || s == "\xE2\x80\xA2" ||
         s == "/" || s == "\xE2\x80\x95";
}

// Leading and trailing punctuation of a raw token, UTF-8 quotes and dashes included.
bool strip_front(std::string& raw, std::string& lead) {
  if (raw.empty()) return false;
  const auto u = static_cast<unsigned char>(raw[0]);
  if (u < 0x80) {
    if (!is_word_byte(raw[0]) && raw[0] != '&' && raw[0] != '@' && raw[0] != '#') {
      lead += raw[0];
      raw.erase(0, 1);
      return true;
    }
    return false;
  }
  for (const char* p : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
                        "\xC2\xAB", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (raw.rfind(p, 0) == 0 && raw.size() > std::char_traits<char>::length(p)) {
      lead += p;
      raw.erase(0, std::char_traits<char>::length(p));
      return true;
    }
  }
  return false;
}

bool strip_back(std::string& raw, std::string& trail) {
  if (raw.empty()) return false;
  const char c = raw.back();
  // "Tenants'" keeps its apostrophe: a plural possessive, not punctuation.
  if (c == '\'' && raw.size() > 2 && (raw[raw.size() - 2] == 's' || raw[raw.size() - 2] == 'S')) {
    return false;
  }
  if (static_cast<unsigned char>(c) < 0x80) {
    if (!is_word_byte(c) && c != '&') {
      trail.insert(trail.begin(), c);
      raw.pop_back();
      return true;
    }
    return false;
  }
  for (const char* p : {"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98", "\xE2\x80\x99",
                        "\xC2\xBB", "\xE2\x80\xA6"}) {
    const std::size_t n = std::char_traits<char>::length(p);
    if (raw.size() > n && raw.compare(raw.size() - n, n, p) == 0) {
      trail.insert(0, p);
      raw.resize(raw.size() - n);
      return true;
    }
  }
  return false;
}

// Tokens [from, to) separated by single spaces, each written as `write(out, token, i)` appends
// it: the one shape of join(), org_text() and join_phrase().
template <class Write>
std::string join_with(const std::vector<Token>& tokens, std::size_t from, std::size_t to,
                      Write write) {
  std::string out;
  for (std::size_t i = from; i < to && i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    write(out, tokens[i], i);
  }
  return out;
}

}  // namespace

std::string straight_quotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0 || s.compare(i, 3, "\xE2\x80\x98") == 0) {
      out += '\'';
      i += 2;
    } else if (s.compare(i, 3, "\xE2\x80\x9C") == 0 || s.compare(i, 3, "\xE2\x80\x9D") == 0) {
      out += '"';
      i += 2;
    } else if (s.compare(i, 2, "\xC2\xA0") == 0) {
      out += ' ';
      i += 1;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<Token> tokenize(std::string_view sentence) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < sentence.size()) {
    while (i < sentence.size() && ascii::is_space(sentence[i])) ++i;
    if (i >= sentence.size()) break;
    std::size_t j = i;
    while (j < sentence.size() && !ascii::is_space(sentence[j])) ++j;
    std::string raw(sentence.substr(i, j - i));
    i = j;
    Token t;
    if (is_dash_text(raw)) {
      t.text = raw;
      t.lower = raw;
      t.dash = true;
      out.push_back(std::move(t));
      continue;
    }
    while (strip_front(raw, t.lead)) {
    }
    while (strip_back(raw, t.trail)) {
    }
    if (raw.size() > 2 && (raw.compare(raw.size() - 2, 2, "'s") == 0)) {
      raw.resize(raw.size() - 2);
      t.possessive = true;
    } else if (raw.size() > 2 && raw.back() == '\'') {
      raw.pop_back();
      t.possessive = true;
      t.plural_possessive = true;
    }
    if (raw.empty()) {
      if (!out.empty()) out.back().trail += t.lead + t.trail;
      continue;
    }
    t.text = raw;
    t.lower = ascii::to_lower(raw);
    const UChar32 c = first_code_point(raw);
    t.capital = u_isupper(c) || u_istitle(c);
    bool any_lower = false;
    int letters = 0;
    for (std::int32_t k = 0; k < static_cast<std::int32_t>(raw.size());) {
      UChar32 cp = 0;
      U8_NEXT(raw.data(), k, static_cast<std::int32_t>(raw.size()), cp);
      if (u_isalpha(cp)) ++letters;
      if (u_islower(cp)) any_lower = true;
    }
    t.all_caps = letters >= 2 && !any_lower;
    t.initial = letters == 1 && t.capital && raw.size() <= 2;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::string> sentences_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const char c = text[i];
    if ((c != '.' && c != '!' && c != '?') || text[i + 1] != ' ') continue;
    const auto next = static_cast<unsigned char>(text[i + 2]);
    const bool opens = (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') ||
                       next == '"' || next == '\'' || next >= 0x80;
    if (!opens) continue;
    if (c == '.') {
      std::size_t w = i;
      while (w > start && is_word_byte(text[w - 1])) --w;
      const std::string_view word = text.substr(w, i - w);
      if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z') continue;  // an initial
      if (is_honorific(word) || word == "St" || word == "No" || word == "Dept" ||
          word == "vs" || word == "etc" || word == "approx") {
        continue;
      }
    }
    out.emplace_back(text.substr(start, i + 1 - start));
    start = i + 2;
  }
  if (start < text.size()) out.emplace_back(text.substr(start));
  return out;
}

std::string join(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
  return join_with(tokens, from, to, [](std::string& out, const Token& t, std::size_t) {
    out += t.text;
    if (t.initial && t.trail.rfind('.', 0) == 0) out += '.';
  });
}

std::string org_text(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
  return join_with(tokens, from, to, [to](std::string& out, const Token& t, std::size_t i) {
    out += t.text;
    if (t.plural_possessive && i + 1 < to) out += "'";
    if (i + 1 < to && t.trail == ",") out += ',';  // "Environment, Food and …"
    // "U.S" of "U.S. Trade": an abbreviation keeps its full stop inside a name.
    if (i + 1 < to && t.trail == "." && t.text.find('.') != std::string::npos) out += '.';
  });
}

std::string join_phrase(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
  return join_with(tokens, from, to, [](std::string& out, const Token& t, std::size_t) {
    out += t.text;
    if (t.possessive) out += t.plural_possessive ? "'" : "'s";
  });
}

}  // namespace civic::indexer::attribution
