// Organisation names in a sentence: the run of words that makes one as written, whether such
// a run is a name worth keeping, and its one form as a facet value (names.h,
// names_internal.h).
#include <algorithm>

#include "indexer/attribution/names.h"
#include "indexer/attribution/names_internal.h"

namespace civic::indexer::attribution {
namespace {

// Punctuation left around an organisation cut out of a sentence: ", Hexley Trust." (not
// ascii::trim, which strips white space only and would keep the commas and full stops).
void strip_org_punctuation(std::string& s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == ',' || s.back() == '.' ||
                        s.back() == ';' || s.back() == ':'))
    s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.erase(0, 1);
}

}  // namespace

std::string clean_org(std::string_view org) {
  std::string s(org);
  strip_org_punctuation(s);
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
  strip_org_punctuation(s);
  return s;
}

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

}  // namespace civic::indexer::attribution
