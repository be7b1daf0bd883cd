#include "indexer/segment.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

// 1..12 for a month name or its three-letter abbreviation at the start of `word`, else 0.
int month_of(std::string_view word) {
  std::string lower;
  for (char c : word) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower.size() < 3) return 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (lower.compare(0, 3, kMonths[m]) == 0) {
      static constexpr std::array<std::string_view, 12> kFull = {
          "january", "february", "march",     "april",   "may",      "june",
          "july",    "august",   "september", "october", "november", "december"};
      // Accept "Nov", "Nov.", "November", "Sept"; refuse "Marching", "Mayor".
      if (lower.size() == 3 || kFull[m].substr(0, lower.size()) == lower ||
          (m == 8 && lower == "sept")) {
        return static_cast<int>(m + 1);
      }
    }
  }
  return 0;
}

struct Token {
  std::string_view text;
  std::size_t begin;
  std::size_t end;
};

// Words and numbers with their byte offsets; punctuation separates.
std::vector<Token> tokens_of(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back({s.substr(start, i - start), start, i});
  }
  return out;
}

// Day number from "2", "2nd", "21st"; 0 if not a day.
int day_of(std::string_view word) {
  int day = 0;
  std::size_t i = 0;
  while (i < word.size() && std::isdigit(static_cast<unsigned char>(word[i])) && i < 2) {
    day = day * 10 + (word[i] - '0');
    ++i;
  }
  if (i == 0) return 0;
  std::string_view rest = word.substr(i);
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return 0;
  return day >= 1 && day <= 31 ? day : 0;
}

int year_of(std::string_view word) {
  if (word.size() != 4) return 0;
  int year = 0;
  for (char c : word) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return 0;
    year = year * 10 + (c - '0');
  }
  return year >= 1900 && year <= 2100 ? year : 0;
}

std::string format_date(int year, int month, int day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

struct DateMatch {
  std::string date;
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::optional<DateMatch> find_date_match(std::string_view text) {
  // ISO first: YYYY-MM-DD anywhere.
  for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
    auto d = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(text[i + k])); };
    if (d(0) && d(1) && d(2) && d(3) && text[i + 4] == '-' && d(5) && d(6) && text[i + 7] == '-' &&
        d(8) && d(9) && (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1])))) {
      int year = std::stoi(std::string(text.substr(i, 4)));
      int month = std::stoi(std::string(text.substr(i + 5, 2)));
      int day = std::stoi(std::string(text.substr(i + 8, 2)));
      if (year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        return DateMatch{format_date(year, month, day), i, i + 10};
      }
    }
  }
  auto tokens = tokens_of(text);
  for (std::size_t i = 0; i + 2 < tokens.size(); ++i) {
    // "2nd November 2010" / "2 Nov 2010"
    if (int day = day_of(tokens[i].text); day != 0) {
      std::size_t m = i + 1;
      if (m < tokens.size() && tokens[m].text == "of") ++m;
      if (m + 1 < tokens.size()) {
        if (int month = month_of(tokens[m].text); month != 0) {
          if (int year = year_of(tokens[m + 1].text); year != 0) {
            return DateMatch{format_date(year, month, day), tokens[i].begin, tokens[m + 1].end};
          }
        }
      }
    }
    // "November 2, 2010" / "November 2nd 2010"
    if (int month = month_of(tokens[i].text); month != 0) {
      if (int day = day_of(tokens[i + 1].text); day != 0) {
        if (int year = year_of(tokens[i + 2].text); year != 0) {
          return DateMatch{format_date(year, month, day), tokens[i].begin, tokens[i + 2].end};
        }
      }
    }
  }
  // "02/11/2010": British order, as the archives we serve are mostly British.
  for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
    auto d = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(text[i + k])); };
    if (d(0) && d(1) && text[i + 2] == '/' && d(3) && d(4) && text[i + 5] == '/' && d(6) && d(7) &&
        d(8) && d(9)) {
      int day = std::stoi(std::string(text.substr(i, 2)));
      int month = std::stoi(std::string(text.substr(i + 3, 2)));
      int year = std::stoi(std::string(text.substr(i + 6, 4)));
      if (day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1900) {
        return DateMatch{format_date(year, month, day), i, i + 10};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Unit* add_unit(std::vector<Unit>& units, UnitKind kind, std::string_view text,
               std::string_view context) {
  std::string clean = text::collapse_whitespace(text);
  if (clean.empty()) return nullptr;
  Unit unit;
  unit.kind = kind;
  unit.text = std::move(clean);
  unit.context = text::collapse_whitespace(context);
  units.push_back(std::move(unit));
  return &units.back();
}

std::string lead_in_of(std::string_view paragraph) {
  std::string clean = text::collapse_whitespace(paragraph);
  if (clean.empty() || clean.back() != ':') return {};
  // The last sentence: after the last ". ", "? " or "! " before the colon. A bare "These are:"
  // says nothing alone, so a lead-in of under four words takes the sentence before it too.
  std::vector<std::size_t> starts = {0};
  for (std::size_t i = 0; i + 2 < clean.size(); ++i) {
    char c = clean[i];
    if ((c == '.' || c == '?' || c == '!') && clean[i + 1] == ' ' &&
        std::isupper(static_cast<unsigned char>(clean[i + 2]))) {
      starts.push_back(i + 2);
    }
  }
  std::size_t start = starts.back();
  std::size_t words = static_cast<std::size_t>(std::count(clean.begin() + static_cast<std::ptrdiff_t>(start), clean.end(), ' ')) + 1;
  if (words < 4 && starts.size() > 1) start = starts[starts.size() - 2];
  return clean.substr(start);
}

bool is_boilerplate_line(std::string_view line) {
  static constexpr std::array<std::string_view, 22> kPrefixes = {
      "leave a reply",       "leave a comment",
      "fill in your details below",
      "you are commenting using",
      "connecting to %s",    "this site uses akismet",
      "notify me of new comments",
      "notify me of new posts",
      "share this:",         "like this:",
      "loading...",          "loading…",
      "cancel reply",        "post navigation",
      "log out /",           "change )",
      "email (required)",    "name (required)",
      "website",             "required fields are marked",
      "your email address will not be published",
      "save my name, email",
  };
  std::string_view t = ascii::trim(line);
  if (t.empty()) return false;
  for (auto prefix : kPrefixes) {
    if (prefix == "website" ? t.size() == 7 && ascii::starts_with_ci(t, prefix)
                            : ascii::starts_with_ci(t, prefix)) {
      return true;
    }
  }
  // Social-login lines of WordPress.com's form: "Twitter picture", "Google photo", "Facebook photo".
  static constexpr std::array<std::string_view, 4> kLogins = {"google photo", "twitter picture",
                                                              "facebook photo", "wordpress.com logo"};
  for (auto login : kLogins) {
    if (t.size() == login.size() && ascii::starts_with_ci(t, login)) return true;
  }
  return false;
}

bool is_footer_start(std::string_view line) {
  std::string_view t = ascii::trim(line);
  return (t.size() <= 20 && (ascii::starts_with_ci(t, "leave a reply") ||
                             ascii::starts_with_ci(t, "leave a comment"))) ||
         ascii::starts_with_ci(t, "fill in your details below");
}

std::optional<std::string> find_date(std::string_view text) {
  if (auto match = find_date_match(text)) return match->date;
  return std::nullopt;
}

std::string strip_date(std::string_view text) {
  auto match = find_date_match(text);
  if (!match) return text::collapse_whitespace(text);
  std::string before(text.substr(0, match->begin));
  std::string after(text.substr(match->end));
  // Drop separators left hanging: " – ", " - ", ",", ":".
  auto strip_tail = [](std::string& s) {
    while (!s.empty()) {
      unsigned char c = static_cast<unsigned char>(s.back());
      if (std::isspace(c) || c == '-' || c == ',' || c == ':' || c == '(' || c == '|') {
        s.pop_back();
      } else if (s.size() >= 3 && (s.compare(s.size() - 3, 3, "\xE2\x80\x93") == 0 ||
                                   s.compare(s.size() - 3, 3, "\xE2\x80\x94") == 0)) {
        s.resize(s.size() - 3);  // en or em dash
      } else {
        break;
      }
    }
  };
  strip_tail(before);
  std::string joined = before;
  std::string_view rest = ascii::trim(after);
  if (!rest.empty() && rest.front() == ')') rest.remove_prefix(1);
  if (!ascii::trim(rest).empty()) joined += " " + std::string(ascii::trim(rest));
  return text::collapse_whitespace(joined);
}

std::optional<std::string> parse_metadata_date(std::string_view value) {
  std::string_view t = ascii::trim(value);
  if (t.size() >= 10) {
    auto d = [&](std::size_t k) { return std::isdigit(static_cast<unsigned char>(t[k])); };
    if (d(0) && d(1) && d(2) && d(3) && t[4] == '-' && d(5) && d(6) && t[7] == '-' && d(8) && d(9)) {
      int year = std::stoi(std::string(t.substr(0, 4)));
      int month = std::stoi(std::string(t.substr(5, 2)));
      int day = std::stoi(std::string(t.substr(8, 2)));
      if (year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        return format_date(year, month, day);
      }
      return std::nullopt;
    }
  }
  // RFC 822 ("Tue, 02 Nov 2010 09:00:00 +0000") and prose dates.
  return find_date(t);
}

}  // namespace civic::indexer
