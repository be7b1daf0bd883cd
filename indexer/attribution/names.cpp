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
    if (i + 1 < to && tokens[i].trail == ",") out += ',';  // "Environment, Food and …"
    // "U.S" of "U.S. Trade": an abbreviation keeps its full stop inside a name.
    if (i + 1 < to && tokens[i].trail == "." && tokens[i].text.find('.') != std::string::npos) {
      out += '.';
    }
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
  // A qualifying prefix goes where the rest is a name of its own, with a head word and more
  // than the head ("U.S. General Services Administration", "White House Office of Science and
  // Technology Policy"); otherwise it is part of the name, in one spelling ("US Courts" =
  // "United States Courts").
  auto names_itself = [](const std::string& rest) {
    // "White House OSTP": an acronym stands for a name of its own.
    if (rest.size() >= 3 && rest.size() <= 8 &&
        std::all_of(rest.begin(), rest.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return true;
    }
    bool head = false;
    int words = 0;
    for (std::size_t i = 0; i < rest.size();) {
      std::size_t j = rest.find(' ', i);
      if (j == std::string::npos) j = rest.size();
      head = head || is_org_head(rest.substr(i, j - i));
      ++words;
      i = j + 1;
    }
    return head && words >= 2;
  };
  for (const char* prefix : {"U.K. ", "UK "}) {
    const std::size_t n = std::char_traits<char>::length(prefix);
    if (s.size() > n + 4 && s.compare(0, n, prefix) == 0 && names_itself(s.substr(n))) s.erase(0, n);
  }
  for (const char* prefix : {"U.S. ", "U. S. ", "U.S ", "US ", "U.S.A. ", "United States "}) {
    const std::size_t n = std::char_traits<char>::length(prefix);
    if (s.size() > n + 4 && s.compare(0, n, prefix) == 0) {
      const std::string rest = s.substr(n);
      s = names_itself(rest) ? rest : "United States " + rest;
      break;
    }
  }
  if (s.rfind("White House ", 0) == 0 && names_itself(s.substr(12))) s.erase(0, 12);
  trim();
  return s;
}

namespace {

// "CivicWorks", "DigitalGov": capitals inside a word mark a name of its own.
bool inner_capitals(const std::string& w) {
  for (std::size_t k = 1; k < w.size(); ++k) {
    if (w[k] >= 'A' && w[k] <= 'Z') return true;
  }
  return false;
}

// A word of the dictionary (either spelling list, lower case or only capitalised), not an
// acronym or a word in inner capitals: "Digital", "Strategy", "Americas".
bool dictionary_word(const Token& w, const Lexicon& lex) {
  return !w.all_caps && !inner_capitals(w.text) &&
         (lex.is_common_word(w.lower) || lex.is_proper_noun(w.lower));
}

bool is_compass(std::string_view lower) {
  return lower == "north" || lower == "south" || lower == "east" || lower == "west";
}

// Whether the comma after token `k` is inside an organisation's name that lists its remit:
// "Department for Environment, Food and Rural Affairs", "Bureau of Alcohol, Tobacco, Firearms
// and Explosives" (a head and "of"/"for" before it, capitalised words and "and …" after).
bool comma_inside_name(const std::vector<Token>& t, std::size_t k) {
  if (k >= t.size() || t[k].trail != "," || !t[k].capital) return false;
  bool connector = false;
  std::size_t b = k;
  while (b > 0 && (t[b - 1].trail.empty() || (t[b - 1].trail == "," && t[b - 1].capital)) &&
         (t[b - 1].capital || is_org_connector(t[b - 1].lower))) {
    --b;
    if (t[b].lower == "of" || t[b].lower == "for") connector = true;
    if (connector && is_org_head(t[b].text)) break;
  }
  if (!connector || !is_org_head(t[b].text)) return false;
  // The remit is topics: no role and no head of its own ("…, Communications and Outreach
  // Office" is a second organisation).
  auto topic = [&](const Token& w) {
    return w.capital && !is_role_word(w.text) && !is_org_head(w.text);
  };
  std::size_t m = k + 1;
  while (m < t.size() && topic(t[m]) && t[m].trail == ",") ++m;
  if (!(m + 2 < t.size() && topic(t[m]) && t[m].trail.empty() &&
        (t[m + 1].lower == "and" || t[m + 1].lower == "&") && t[m + 2].capital)) {
    return false;
  }
  for (std::size_t e = m + 2; e < t.size() && t[e].capital; ++e) {
    if (!topic(t[e])) return false;
    if (!t[e].trail.empty()) break;
  }
  return true;
}

// Capitalised words and connectors from `from`: an organisation name as written. Stops at a
// lower-case word, a possessive (included) or punctuation other than inside the name; "and"
// is not followed when what comes after it ends in a role word ("Acme and Kirkhope Forum
// chair").
std::size_t org_run(const std::vector<Token>& t, std::size_t from, std::size_t to) {
  std::size_t j = from;
  if (j < to && t[j].lower == "the" && !t[j].capital) ++j;
  const std::size_t body = j;
  // After a head and a connector an office's title may follow: "Office of the Chief Financial
  // Officer", "Office of the Director of Public Prosecutions".
  bool office_title = false;
  bool head = false;
  while (j < to) {
    const Token& w = t[j];
    if (j > body && w.lead.find('(') != std::string::npos) break;  // "(CLES)" is not the name
    const bool cap = !w.dash && (w.capital || w.all_caps) &&
                     (office_title || !is_role_word(w.text));
    if (cap) {
      head = head || is_org_head(w.text);
      ++j;
      if (w.plural_possessive && w.trail.empty() && j < to && t[j].capital) continue;
      if (w.possessive) break;
      // "Office of U.S. Trade Policy": the full stop of an abbreviation ends no name.
      if (w.trail == "." && w.text.find('.') != std::string::npos && j < to && t[j].capital) {
        continue;
      }
      if (!w.trail.empty() && w.trail != "," ) break;
      if (w.trail == ",") {
        // "Department for Environment, Food and Rural Affairs": after a head and a connector,
        // a list of capitalised words ending in "and …" is part of the name.
        if (comma_inside_name(t, j - 1)) continue;
        break;
      }
      continue;
    }
    // "of the", "for the" right after a head: "Office of the Chief Information Officer",
    // "Bank of the North" (but "Director of Policy for the …" ends at "Policy").
    const std::size_t next = j > body && is_org_head(t[j - 1].text) && j + 1 < to &&
                                     t[j + 1].lower == "the" && !t[j + 1].capital &&
                                     t[j + 1].trail.empty() && (w.lower == "of" || w.lower == "for")
                                 ? j + 2
                                 : j + 1;
    if (j > body && is_org_connector(w.lower) && w.trail.empty() && next < to &&
        (t[next].capital || t[next].all_caps) && !t[next].dash) {
      if (w.lower == "and" || w.lower == "&") {
        // Followed into "… chair" or "… Fellow"? Then the organisation ends before "and".
        std::size_t k = j + 1;
        while (k < to && (t[k].capital || t[k].all_caps) && t[k].trail.empty()) ++k;
        if (k < to && is_role_word(t[k].text)) break;
        if (k > j + 1 && k <= to && is_role_word(t[k - 1].text)) break;
        // "GSA and Hexley's team": the name after "and" belongs to the next phrase.
        if (k > j + 1 && t[k - 1].possessive) break;
        if (k < to && t[k].possessive) break;
      }
      // "… Services for TSA", "… Division for USAGov": an acronym or a name in inner capitals
      // after "for" or "in" is the parent, not the name.
      if ((w.lower == "for" || w.lower == "in") &&
          (t[next].all_caps || inner_capitals(t[next].text)) &&
          (next + 1 >= to || !t[next].trail.empty() || !t[next + 1].capital || t[next].possessive)) {
        break;
      }
      office_title = head && w.lower != "and" && w.lower != "&";
      j = next;
      continue;
    }
    break;
  }
  // "the Hexley Archives' Today's Pick": possessive after possessive; the organisation is the
  // first owner.
  if (j > body + 1 && t[j - 1].possessive) {
    for (std::size_t k = body; k + 1 < j; ++k) {
      if (t[k].plural_possessive) return k + 1;
    }
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
  // "the Office", "the Department": a head alone names no organisation.
  if (to - b == 1 && is_org_head(t[b].text)) return false;
  if (has_org_head_in(t, b, to)) return true;
  // "Dana Whitlock, Marcus Reyes and …": a list of people, not "Name, ORG".
  // "Tamsin Reyes Day & Time": a name with a schedule's words glued on is no better.
  if (to - b >= 2 && !t[b].all_caps && t[b + 1].capital && !is_org_connector(t[b + 1].lower)) {
    const std::size_t n = to - b <= 3 ? to - b : 2;
    std::vector<std::string> words;
    for (std::size_t k = b; k < b + n; ++k) words.push_back(t[k].text);
    if (name_evidence(words, lex) >= Evidence::Strong) return false;
  }
  // "West Midlands", "New York": places, whose words the word list has only capitalised.
  bool place = true;
  for (std::size_t k = b; k < to && place; ++k) {
    const std::string& w = t[k].lower;
    place = lex.is_proper_noun(w) || is_compass(w) || w == "new" || w == "upper" ||
            w == "lower" || w == "greater";
  }
  if (place) return false;
  // "West Lothian", "North Hexleyshire": a compass word and a name is a region.
  if (to - b == 2 && !t[b + 1].all_caps) {
    const std::string& w = t[b].lower;
    if (is_compass(w) || w == "greater") return false;
  }
  if (to - b >= 2) return true;
  const Token& w = t[b];
  if (w.all_caps && w.text.size() >= 2) return true;
  if (inner_capitals(w.text)) return true;
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
    if ((t[k].trail.find_first_of(",;") != std::string::npos && !comma_inside_name(t, k)) ||
        k + 1 == to) {
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
    bool after_of = false;
    if (b + 1 < e && (t[b].lower == "of" || t[b].lower == "from" || t[b].lower == "at" ||
                      t[b].lower == "with")) {
      after_of = t[b].lower == "of";
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
      // ", of Hexley," is where someone lives, and "Manager, Web Policy, Hexley Agency" has a
      // function between role and organisation: one plain word after "of", or dictionary
      // words alone before a further piece, name no organisation. (The last piece may:
      // "director, Open Kitchen".)
      bool plain = end > b && p + 1 < pieces.size();
      for (std::size_t m = b; m < end && plain; ++m) {
        plain = is_org_connector(t[m].lower) ||
                (dictionary_word(t[m], lex) && !is_org_head(t[m].text));
      }
      const bool home_town = after_of && end == b + 1 && !t[b].all_caps &&
                             !inner_capitals(t[b].text) && !is_org_head(t[b].text);
      // "Birkholme, University of Stanbridge": one word, then a piece that opens with a head.
      const bool joins_next = end == b + 1 && end == e && p + 1 < pieces.size() &&
                              is_org_head(t[pieces[p + 1].first].text);
      if ((plain && !joins_next) || home_town) continue;
      // "Senior Advisor, Informatics, Hexley Institute": a piece without a head word before
      // one with a head is the unit's function within it.
      if (!joins_next && !has_org_head_in(t, b, end)) {
        bool later_head = false;
        for (std::size_t q = p + 1; q < pieces.size() && !later_head; ++q) {
          later_head = has_org_head_in(t, pieces[q].first, pieces[q].second) &&
                       !has_role_word(t, pieces[q].first, pieces[q].second);
        }
        if (later_head) continue;
      }
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
      // Not "Web Content and Social Media Manager": a function's words before "and" are part
      // of the role.
      bool lead_common = true;
      for (std::size_t m = b; m < lead && lead_common; ++m) {
        lead_common = dictionary_word(t[m], lex);
      }
      // And a role written in capitals after "and" ("… and Green Building Program Advisor")
      // needs an organisation that is surely one before it.
      const bool capital_role = lead + 1 < e && t[lead + 1].capital &&
                                !has_org_head_in(t, b, lead) && !t[b].all_caps;
      if (lead > b && !has_role_word(t, b, lead) && lead < e && !lead_common && !capital_role &&
          (t[lead].lower == "and" || t[lead].lower == "&") && plausible_org(t, b, lead, lex)) {
        set_org(b, lead);
        role_from = lead + 1;
      }
    }
    // Every phrase after a preposition that could be the organisation; the last one that is
    // surely one wins ("Vice President of Member Services at Kirkhope Credit Union": the
    // organisation is the credit union, "of Member Services" belongs to the role).
    struct Candidate {
      std::size_t prep, body, end;
      bool sure;
    };
    std::vector<Candidate> found;
    for (std::size_t k = role_from; k < e; ++k) {
      const Token& w = t[k];
      const bool of = w.lower == "of";
      const bool affiliating = w.lower == "at" || w.lower == "from" || w.lower == "with";
      const bool weak_prep = w.lower == "for" || w.lower == "in";
      if (!(of || affiliating || weak_prep) || k + 1 >= e || !w.trail.empty()) continue;
      const std::size_t end = org_run(t, k + 1, e);
      if (end <= k + 1) continue;
      std::size_t body = k + 1;
      if (t[body].lower == "the" && !t[body].capital) ++body;
      // "Director of Policy", "Head of Customer Experience": dictionary words alone after "of"
      // name a function, not an organisation (an organisation's name has a head word, an
      // acronym or a word of its own: "Chief Executive of Nesta").
      // A region's name ("… North West") makes an organisation of its own too.
      auto all_common = [&](std::size_t from, std::size_t to) {
        for (std::size_t m = from; m < to; ++m) {
          const Token& x = t[m];
          if (!is_org_connector(x.lower) && (!dictionary_word(x, lex) || is_compass(x.lower))) {
            return false;
          }
        }
        return true;
      };
      // A head after an inner "of" counts only when what comes before it is a name too:
      // "University of Stanbridge", "Hexley School of Government", but "Professor of the
      // Practice of Government" names a chair, not an organisation.
      std::size_t inner = body + 1;
      while (inner < end && t[inner].lower != "of" && t[inner].lower != "for") ++inner;
      bool head = has_org_head_in(t, body, inner) ||
                  (has_org_head_in(t, body, end) && !all_common(body, inner));
      // "Director of Social Services", "Head of Digital Services": a department's function.
      if (head && of && all_common(body, end) &&
          (t[end - 1].lower == "services" || t[end - 1].lower == "service")) {
        bool other_head = false;
        for (std::size_t m = body; m + 1 < end; ++m) other_head = other_head || is_org_head(t[m].text);
        if (!other_head) head = false;
      }
      const bool lone_word = end - body == 1 && lex.is_common_word(t[body].lower);
      // "Director of Member Services for KCU": an acronym after "for" is the organisation.
      const bool acronym = end == body + 1 && t[body].all_caps && t[body].text.size() >= 2;
      const bool usable = head || (of && !all_common(body, end)) || (affiliating && !lone_word) ||
                          (weak_prep && acronym);
      if (usable && plausible_org(t, body, end, lex)) {
        found.push_back({k, body, end, head || affiliating || acronym});
        k = end - 1;
      }
      // Otherwise a later preposition in the phrase may still bring the organisation:
      // "director of Social Innovation for The Hexley Foundation".
    }
    if (!found.empty() && a.org.empty()) {
      const Candidate* pick = &found.front();
      for (const auto& c : found) {
        if (c.sure) pick = &c;
      }
      set_org(pick->body, pick->end);
      role_to = pick->prep;
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
      const bool abbreviation = t[end].trail == "." && t[end].text.find('.') != std::string::npos &&
                                end + 1 < t.size() && t[end + 1].capital;  // "U.S. Trade"
      if (!abbreviation && !t[end].trail.empty() &&
          t[end].trail.find_first_of(".:;!?") != std::string::npos) {
        ++end;
        break;
      }
      if (t[end].trail == "," && !comma_inside_name(t, end)) {
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
      // "Stanley Marsh of Hexley": one plain word after "of" is as often a home town as an
      // organisation, so it needs a head word or an acronym's capitals.
      std::size_t body = at + 1;
      if (body < end && t[body].lower == "the" && !t[body].capital) ++body;
      const bool one_word = end == body + 1 && !t[body].all_caps && !inner_capitals(t[body].text);
      const bool sure = next.lower != "of" || !one_word || is_org_head(t[body].text);
      if (end > at + 1 && sure && plausible_org(t, at + 1, end, lex)) {
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
  // "The Hexley Agency for Rivers (HAR)'s Jane Corrigan": the bracketed acronym.
  if (t[at - 1].lead.find('(') != std::string::npos) {
    std::string acronym = t[at - 1].text;
    while (!acronym.empty() && acronym.back() == ')') acronym.pop_back();
    return acronym.size() >= 2 ? clean_org(acronym) : std::string();
  }
  std::size_t b = at - 1;
  while (b > 0) {
    const Token& p = t[b - 1];
    if (!p.trail.empty() || p.possessive) break;
    // A word that never starts a person's name may still be an organisation's after "the":
    // "the Digital Analytics Programme's dashboard".
    const bool after_the = b >= 2 && t[b - 2].lower == "the" && !t[b - 2].capital;
    if ((p.capital || p.all_caps) && !p.dash && (!is_never_name_word(p.text) || after_the)) {
      --b;
      continue;
    }
    if (is_org_connector(p.lower) && b >= 2 && (t[b - 2].capital || t[b - 2].all_caps)) {
      --b;
      continue;
    }
    break;
  }
  // "Hexley's Sam Ortega and Open Kitchen's Dana Reyes": a person before "and" is not part of
  // the organisation.
  for (std::size_t k = b + 2; k + 1 < at; ++k) {
    if (t[k].lower != "and") continue;
    std::vector<std::string> words;
    for (std::size_t m = b; m < k; ++m) words.push_back(t[m].text);
    if (words.size() <= 3 && name_evidence(words, lex) >= Evidence::Strong) b = k + 1;
    break;
  }
  if (b < at && plausible_org(t, b, at, lex)) return clean_org(org_text(t, b, at));
  return {};
}

}  // namespace civic::indexer::attribution
