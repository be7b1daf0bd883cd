#include "indexer/attribution/names.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace civic::indexer::attribution {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

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

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
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
    while (i < sentence.size() && is_space(sentence[i])) ++i;
    if (i >= sentence.size()) break;
    std::size_t j = i;
    while (j < sentence.size() && !is_space(sentence[j])) ++j;
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
    t.lower = lower_ascii(raw);
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
  std::string out;
  for (std::size_t i = from; i < to && i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].text;
    if (tokens[i].initial && tokens[i].trail.rfind('.', 0) == 0) out += '.';
  }
  return out;
}

namespace {

// An organisation as written: "Kirkhope Tenants' Federation"; a final possessive dropped.
std::string org_text(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].text;
    if (tokens[i].plural_possessive && i + 1 < to) out += "'";
  }
  return out;
}

// As written, possessives kept: "panellist on Labour's Start-up Review".
std::string join_phrase(const std::vector<Token>& tokens, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to && i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].text;
    if (tokens[i].possessive) out += tokens[i].plural_possessive ? "'" : "'s";
  }
  return out;
}

}  // namespace

Evidence name_evidence(const std::vector<std::string>& words, const Lexicon& lex) {
  if (words.size() < 2) return Evidence::None;
  auto low = [](const std::string& w) { return lower_ascii(w); };
  const std::string first = low(words.front());
  bool rest_uncommon = true;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string w = low(words[i]);
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

std::string clean_org(std::string_view org) {
  std::string s(org);
  auto trim = [&] {
    while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == '.' ||
                          s.back() == ';' || s.back() == ':'))
      s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.erase(0, 1);
  };
  trim();
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
  if (s.size() > 2 && s.back() == '\'' && s[s.size() - 2] == 's') s.pop_back();
  if (s.size() > 4 && s.compare(s.size() - 4, 4, "s\xE2\x80\x99") == 0) s.resize(s.size() - 3);
  if (s.size() > 4 && s.compare(s.size() - 4, 4, "\xE2\x80\x99s") == 0) s.resize(s.size() - 4);
  if (s.rfind("the ", 0) == 0) s.erase(0, 4);
  for (const char* prefix : {"U.S. ", "U.S ", "US ", "U.S.A. ", "United States "}) {
    const std::size_t n = std::char_traits<char>::length(prefix);
    if (s.size() > n + 4 && s.compare(0, n, prefix) == 0) {
      // Only where the rest is a name of its own ("General Services Administration").
      const std::string rest = s.substr(n);
      bool head = false;
      for (std::size_t i = 0; i < rest.size();) {
        std::size_t j = rest.find(' ', i);
        if (j == std::string::npos) j = rest.size();
        head = head || is_org_head(rest.substr(i, j - i));
        i = j + 1;
      }
      // Otherwise the prefix is part of the name; one spelling of it: "US Courts" = "United
      // States Courts".
      s = head ? rest : "United States " + rest;
    }
  }
  trim();
  return s;
}

namespace {

// Capitalised words and connectors from `from`: an organisation name as written. Stops at a
// lower-case word, a possessive (included) or punctuation other than inside the name; "and"
// is not followed when what comes after it ends in a role word ("Acme and Kirkhope Forum
// chair").
std::size_t org_run(const std::vector<Token>& t, std::size_t from, std::size_t to) {
  std::size_t j = from;
  if (j < to && t[j].lower == "the" && !t[j].capital) ++j;
  const std::size_t body = j;
  while (j < to) {
    const Token& w = t[j];
    if (j > body && w.lead.find('(') != std::string::npos) break;  // "(CLES)" is not the name
    const bool cap = !w.dash && (w.capital || w.all_caps) && !is_role_word(w.text);
    if (cap) {
      ++j;
      if (w.plural_possessive && w.trail.empty() && j < to && t[j].capital) continue;
      if (w.possessive) break;
      if (!w.trail.empty() && w.trail != "," ) break;
      if (w.trail == ",") {
        // "Birkholme, University of Stanbridge": a comma inside a name only before an
        // organisation head word.
        break;
      }
      continue;
    }
    if (j > body && is_org_connector(w.lower) && w.trail.empty() && j + 1 < to &&
        (t[j + 1].capital || t[j + 1].all_caps) && !t[j + 1].dash) {
      if (w.lower == "and" || w.lower == "&") {
        // Followed into "… chair"? Then the organisation ends before "and".
        std::size_t k = j + 1;
        while (k < to && (t[k].capital || t[k].all_caps) && t[k].trail.empty()) ++k;
        if (k < to && is_role_word(t[k].text) && !t[k].capital) break;
      }
      ++j;
      continue;
    }
    break;
  }
  return j > body ? j : from;
}

bool has_role_word(const std::vector<Token>& t, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k) {
    if (is_role_word(t[k].text)) return true;
  }
  return false;
}

bool has_org_head_in(const std::vector<Token>& t, std::size_t from, std::size_t to) {
  for (std::size_t k = from; k < to; ++k) {
    if (is_org_head(t[k].text)) return true;
  }
  return false;
}

bool stops_apposition(const Token& t) {
  return t.lower == "who" || t.lower == "which" || t.lower == "whose" || t.lower == "where" ||
         t.lower == "that" || (is_speech_verb(t.text) && !t.capital);
}

// An organisation phrase [from, to) is a name worth keeping: an organisation head, an acronym,
// a word written in inner capitals ("CivicWorks"), or two or more words; a lone dictionary word
// or place ("Leeds") is not.
bool plausible_org(const std::vector<Token>& t, std::size_t from, std::size_t to,
                   const Lexicon& lex) {
  std::size_t b = from;
  if (b < to && t[b].lower == "the") ++b;
  if (b >= to) return false;
  if (has_org_head_in(t, b, to)) return true;
  // "West Midlands", "New York": places, whose words the word list has only capitalised.
  bool place = true;
  for (std::size_t k = b; k < to && place; ++k) {
    const std::string& w = t[k].lower;
    place = lex.is_proper_noun(w) || w == "north" || w == "south" || w == "east" || w == "west" ||
            w == "new" || w == "upper" || w == "lower" || w == "greater";
  }
  if (place) return false;
  if (to - b >= 2) return true;
  const Token& w = t[b];
  if (w.all_caps && w.text.size() >= 2) return true;
  bool inner_capital = false;
  for (std::size_t k = 1; k < w.text.size(); ++k) {
    if (w.text[k] >= 'A' && w.text[k] <= 'Z') inner_capital = true;
  }
  if (inner_capital) return true;
  return !lex.is_common_word(w.lower) && !lex.is_proper_noun(w.lower) &&
         lex.given_name_births(w.lower) < 100;
}

}  // namespace

Affiliation parse_descriptor(const std::vector<Token>& t, std::size_t from, std::size_t to,
                             const Lexicon& lex) {
  Affiliation a;
  // Cut at the first speech verb or relative pronoun.
  for (std::size_t k = from; k < to; ++k) {
    if (stops_apposition(t[k])) {
      to = k;
      break;
    }
  }
  // Comma-separated pieces: "executive director" | "Moorside Trust".
  std::vector<std::pair<std::size_t, std::size_t>> pieces;
  for (std::size_t k = from, begin = from; k < to; ++k) {
    if (t[k].trail.find_first_of(",;") != std::string::npos || k + 1 == to) {
      pieces.emplace_back(begin, k + 1);
      begin = k + 1;
    }
  }
  auto set_org = [&](std::size_t b, std::size_t e) {
    if (a.org.empty() && e > b) a.org = clean_org(org_text(t, b, e));
  };
  for (std::size_t p = 0; p < pieces.size(); ++p) {
    auto [b, e] = pieces[p];
    // ", of the Centre for Public Scrutiny,": a piece that opens with a preposition.
    if (b + 1 < e && (t[b].lower == "of" || t[b].lower == "from" || t[b].lower == "at" ||
                      t[b].lower == "with")) {
      ++b;
    }
    if (b < e && t[b].lower == "the" && !t[b].capital) ++b;
    if (b >= e) continue;
    // "Peterborough City Council's lead officer …": a possessive organisation first.
    const std::size_t poss = org_run(t, b, e);
    if (poss > b && t[poss - 1].possessive && plausible_org(t, b, poss, lex)) {
      set_org(b, poss);
      b = poss;
    }
    if (!has_role_word(t, b, e)) {
      const std::size_t end = org_run(t, b, e);
      // "Birkholme, University of Stanbridge": one word, then a piece that opens with a head.
      const bool joins_next = end == b + 1 && end == e && p + 1 < pieces.size() &&
                              is_org_head(t[pieces[p + 1].first].text);
      if (end > b && (joins_next || plausible_org(t, b, end, lex))) {
        if (joins_next) {
          const std::size_t next_end = org_run(t, pieces[p + 1].first, pieces[p + 1].second);
          std::string joined = join(t, b, end) + ", " + join(t, pieces[p + 1].first, next_end);
          if (a.org.empty()) a.org = clean_org(joined);
          ++p;
          continue;
        }
        set_org(b, end);
      }
      continue;
    }
    // A role piece; its organisation after "of", "at", "from", "with" (or "for", "in" before
    // an organisation head), or a name before "and": "CivicWorks and organiser for …".
    std::size_t role_from = b, role_to = e;
    {
      const std::size_t lead = org_run(t, b, e);
      if (lead > b && !has_role_word(t, b, lead) && lead < e &&
          (t[lead].lower == "and" || t[lead].lower == "&") && plausible_org(t, b, lead, lex)) {
        set_org(b, lead);
        role_from = lead + 1;
      }
    }
    for (std::size_t k = role_from; k < e; ++k) {
      const Token& w = t[k];
      const bool strong_prep = w.lower == "of" || w.lower == "at" || w.lower == "from" ||
                               w.lower == "with";
      const bool weak_prep = w.lower == "for" || w.lower == "in";
      if (!(strong_prep || weak_prep) || k + 1 >= e || !w.trail.empty()) continue;
      const std::size_t end = org_run(t, k + 1, e);
      if (end <= k + 1) continue;
      std::size_t body = k + 1;
      if (t[body].lower == "the" && !t[body].capital) ++body;
      const bool head = has_org_head_in(t, body, end);
      // "Director of Policy": a lone dictionary word after "of" belongs to the role.
      const bool lone_word = end - body == 1 && lex.is_common_word(t[body].lower);
      if ((head || (strong_prep && !lone_word)) && plausible_org(t, body, end, lex)) {
        if (a.org.empty()) {
          set_org(body, end);
          role_to = k;
        }
        break;
      }
      k = end - 1;
    }
    if (a.role.empty() && role_to > role_from) {
      std::string role = join_phrase(t, role_from, role_to);
      while (!role.empty() && (role.back() == ',' || role.back() == ' ')) role.pop_back();
      if (role.size() <= 90) a.role = role;
    }
  }
  return a;
}

Affiliation affiliation_after(const std::vector<Token>& t, std::size_t at, const Lexicon& lex) {
  Affiliation a;
  if (at == 0 || at > t.size()) return a;
  const Token& last = t[at - 1];
  if (at < t.size() && t[at].lead.find('(') != std::string::npos) {
    // "Nadia Okonjo (Birkholme, University of Stanbridge)".
    std::size_t end = at;
    while (end < t.size() && t[end].trail.find(')') == std::string::npos) ++end;
    if (end < t.size()) ++end;
    return parse_descriptor(t, at, end, lex);
  }
  if (last.trail.find('(') != std::string::npos) return a;
  if (last.trail == ",") {
    // ", ROLE of ORG," or ", ROLE, ORG" up to the apposition's end (a second comma followed
    // by a lower-case word, a relative pronoun or a verb).
    std::size_t end = at;
    int commas = 0;
    while (end < t.size()) {
      if (stops_apposition(t[end])) break;
      if (!t[end].trail.empty() && t[end].trail.find_first_of(".:;!?") != std::string::npos) {
        ++end;
        break;
      }
      if (t[end].trail == ",") {
        ++commas;
        if (commas >= 2) {
          ++end;
          break;
        }
      }
      ++end;
    }
    return parse_descriptor(t, at, end, lex);
  }
  if (!last.trail.empty()) return a;
  if (at + 2 < t.size() && (t[at].lower == "is" || t[at].lower == "was") &&
      (t[at + 1].lower == "a" || t[at + 1].lower == "an" || t[at + 1].lower == "the") &&
      is_role_word(t[at + 2].text)) {
    // "Dr Haddad is a member of the Otley Energy Committee".
    std::size_t end = at + 2;
    while (end < t.size() && t[end].trail.find_first_of(".;:!?") == std::string::npos &&
           t[end].lower != "and" && t[end].lower != "who") {
      ++end;
    }
    if (end < t.size() && t[end].lower != "and" && t[end].lower != "who") ++end;
    return parse_descriptor(t, at + 2, end, lex);
  }
  if (at < t.size()) {
    const Token& next = t[at];
    if (next.lower == "of" || next.lower == "from" || next.lower == "at") {
      const std::size_t end = org_run(t, at + 1, t.size());
      if (end > at + 1 && plausible_org(t, at + 1, end, lex)) {
        a.org = clean_org(org_text(t, at + 1, end));
      }
      return a;
    }
    if (is_role_word(next.text) && next.capital) {
      // "Amira Haddad Director of Policy for the Centre …".
      std::size_t end = at;
      while (end < t.size() && !stops_apposition(t[end]) &&
             t[end].trail.find_first_of(".;:!?") == std::string::npos) {
        ++end;
      }
      if (end < t.size()) ++end;
      return parse_descriptor(t, at, std::min(end, t.size()), lex);
    }
  }
  return a;
}

std::string possessive_org_before(const std::vector<Token>& t, std::size_t at, const Lexicon& lex) {
  if (at == 0 || !t[at - 1].possessive) return {};
  std::size_t b = at - 1;
  while (b > 0) {
    const Token& p = t[b - 1];
    if (!p.trail.empty()) break;
    if ((p.capital || p.all_caps) && !p.dash && !is_never_name_word(p.text)) {
      --b;
      continue;
    }
    if (is_org_connector(p.lower) && b >= 2 && (t[b - 2].capital || t[b - 2].all_caps)) {
      --b;
      continue;
    }
    break;
  }
  if (b < at && plausible_org(t, b, at, lex)) return clean_org(org_text(t, b, at));
  return {};
}

}  // namespace civic::indexer::attribution
