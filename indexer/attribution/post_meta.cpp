#include "indexer/attribution/post_meta.h"

#include <algorithm>
#include <cstdio>

#include "indexer/attribution/names.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"

namespace civic::indexer::attribution {
namespace {

constexpr const char* kMonths[] = {"january", "february", "march",     "april",   "may",
                                   "june",    "july",     "august",    "september", "october",
                                   "november", "december"};

// Levenshtein distance, capped: month names are short.
int distance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    prev.swap(cur);
  }
  return prev[b.size()];
}

// 1-12 for a month name, its three-letter abbreviation ("Sept" too) or a misspelling one edit
// away from a name of five letters or more; 0 otherwise.
int month_of(std::string_view word) {
  const std::string w = ascii::to_lower(word);
  for (int m = 0; m < 12; ++m) {
    const std::string_view name = kMonths[m];
    if (w == name || (w.size() == 3 && name.substr(0, 3) == w) || (w == "sept" && m == 8)) {
      return m + 1;
    }
  }
  if (w.size() >= 5) {
    for (int m = 0; m < 12; ++m) {
      const std::string_view name = kMonths[m];
      if (name.size() >= 5 && distance(w, name) <= 1) return m + 1;
    }
  }
  return 0;
}

// A day number: "21", "2nd", "14-15" (the first), "09".
int day_of(std::string_view word) {
  std::size_t i = 0;
  int d = 0;
  while (i < word.size() && i < 2 && word[i] >= '0' && word[i] <= '9') d = d * 10 + (word[i++] - '0');
  if (i == 0) return 0;
  const std::string rest = ascii::to_lower(word.substr(i));
  if (!(rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th" ||
        rest[0] == '-')) {
    return 0;
  }
  return d >= 1 && d <= 31 ? d : 0;
}

int year_of(std::string_view word) {
  if (word.size() == 4 && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    const int y = std::stoi(std::string(word));
    return y >= 1900 && y <= 2100 ? y : 0;
  }
  return 0;
}

std::string format(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

bool valid(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  return true;
}

bool is_event_word(std::string_view lower, int* rank) {
  static const char* kWords[] = {"conference", "summit", "camp", "unconference", "festival",
                                 "congress",   "convention", "symposium", "forum", "expo",
                                 "hackathon",  "fringe", "roundtable", "meeting", "assembly",
                                 "workshop",   "seminar", "lecture", "webinar", "hearing",
                                 "day", "week", "night"};
  for (int i = 0; i < static_cast<int>(sizeof kWords / sizeof *kWords); ++i) {
    const std::string_view w = kWords[i];
    // "Open Budget Days" is an event; "the first 100 days" is not.
    const bool plural_ok = w != "day" && w != "week" && w != "night";
    if (lower == w || (plural_ok && lower.size() == w.size() + 1 && lower.back() == 's' &&
                       lower.substr(0, lower.size() - 1) == w)) {
      *rank = i;
      return true;
    }
  }
  return false;
}

// The best event name in a sentence: a capitalised run with an event word ("2019 Rural Transport
// Conference", "Open Budgets Day 2016", "the Ward Budgets conference"). Rank is the
// event word's (lower is more specific); -1 when none.
std::string event_in(std::string_view sentence, int* best_rank) {
  const auto t = tokenize(straight_quotes(sentence));
  std::string best;
  *best_rank = 99;
  for (std::size_t i = 0; i < t.size(); ++i) {
    int rank = 0;
    if (!is_event_word(t[i].lower, &rank)) continue;
    // Back over capitalised words, years and connectors; the event word itself may be lower
    // case after a capitalised name ("Ward Budgets conference").
    std::size_t b = i;
    while (b > 0) {
      const Token& p = t[b - 1];
      const bool year = year_of(p.text) != 0 || (p.text.size() >= 3 && p.text[0] >= '0' && p.text[0] <= '9' && p.text.find_first_not_of("0123456789thsndr") == std::string::npos);
      if ((!p.trail.empty() && p.trail != ")") || p.dash) break;
      if ((p.capital || p.all_caps || year) && !is_never_name_word(p.text) ) {
        --b;
        continue;
      }
      if ((p.capital || p.all_caps) && (p.lower == "open" || p.lower == "national" || p.lower == "public" ||
                                        p.lower == "data" || p.lower == "digital" || p.lower == "big" ||
                                        p.lower == "local" || p.lower == "civic" || p.lower == "global" ||
                                        p.lower == "international" || p.lower == "general" || p.lower == "annual" ||
                                        p.lower == "new" || p.lower == "community" || p.lower == "social")) {
        --b;
        continue;
      }
      break;
    }
    if (b == i && !t[i].capital) continue;  // "the conference" names no event
    std::size_t e = i + 1;
    if (t[i].trail.empty()) {
      while (e < t.size() && (year_of(t[e].text) != 0 || (t[e].all_caps && t[e].text.size() <= 5)) ) {
        ++e;
        if (!t[e - 1].trail.empty()) break;
      }
    }
    if (e - b < 2) continue;
    bool named = false;  // at least one capitalised word that is not a number
    for (std::size_t k = b; k < e; ++k) named = named || (t[k].capital && k != i) || t[k].all_caps;
    if (!named) continue;
    if (rank < *best_rank) {
      *best_rank = rank;
      best = join(t, b, e);
    }
  }
  if (best.empty()) *best_rank = -1;
  return best;
}

// A byline's author: "by NAME" after a date, "NAME ▪ DATE", "By NAME", "Posted by NAME",
// "Author: NAME". Empty when the line names nobody.
std::string byline_author(std::string_view line, const Lexicon& lex) {
  const auto t = tokenize(straight_quotes(line));
  const auto spans = find_names(t, lex);
  auto person = [&](const NameSpan& s) {
    return s.words() >= 2 && s.words() <= 4 && s.evidence != Evidence::None;
  };
  for (const auto& s : spans) {
    if (!person(s)) continue;
    const bool after_by = s.start > 0 && t[s.start - 1].lower == "by";
    const bool after_author = s.start > 0 && (t[s.start - 1].lower == "author" ||
                                              t[s.start - 1].lower == "authors") &&
                              t[s.start - 1].trail == ":";
    const bool before_dash = s.start == 0 && s.end < t.size() && (t[s.end].dash || t[s.end - 1].trail == "|" || t[s.end - 1].trail == ",");
    if (after_by || after_author || before_dash) return s.name;
  }
  return {};
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace

std::optional<std::string> find_date_loose(std::string_view text) {
  if (auto strict = find_date(text)) return strict;
  const auto t = tokenize(straight_quotes(text));
  for (std::size_t i = 0; i < t.size(); ++i) {
    std::string word = t[i].text;
    int yy = 0;
    // "May'14": a two-digit year written onto the month.
    if (const auto q = word.find('\''); q != std::string::npos && q + 3 == word.size()) {
      const std::string y = word.substr(q + 1);
      if (y[0] >= '0' && y[0] <= '9' && y[1] >= '0' && y[1] <= '9') yy = 2000 + std::stoi(y);
      word = word.substr(0, q);
    }
    const int m = month_of(word);
    if (m == 0 || word.size() < 3) continue;
    if (m == 5 && t[i].capital == false) continue;  // "may" the verb
    int d = 0, y = yy;
    // Day after the month: "Sep 8-9, 2017", "May 07, 2014".
    if (i + 1 < t.size() && (d = day_of(t[i + 1].text)) != 0) {
      if (y == 0 && i + 2 < t.size()) y = year_of(t[i + 2].text);
    } else if (i > 0 && (d = day_of(t[i - 1].text)) != 0) {
      // Day before: "12 November 2018", "5th and 6th May'14" (the first day of a pair).
      if (i >= 3 && t[i - 2].lower == "and" && day_of(t[i - 3].text)) d = day_of(t[i - 3].text);
      if (y == 0 && i + 1 < t.size()) y = year_of(t[i + 1].text);
    }
    if (valid(y, m, d)) return format(y, m, d);
  }
  return std::nullopt;
}

namespace {

// The lines above the post's body: up to the first long paragraph, at most five units.
std::vector<std::size_t> top_lines(const std::vector<Unit>& units) {
  std::vector<std::size_t> top;
  for (std::size_t i = 0; i < units.size() && top.size() < 5; ++i) {
    const Unit& u = units[i];
    if (u.kind == UnitKind::Title) continue;
    if (u.kind == UnitKind::Comment || u.kind == UnitKind::Pingback) break;
    if (word_count(u.text) > 24) break;
    top.push_back(i);
  }
  return top;
}

// The last two short units (some layouts print the date below the post).
std::vector<std::size_t> bottom_lines(const std::vector<Unit>& units) {
  std::vector<std::size_t> bottom;
  for (std::size_t i = units.size(); i > 0 && bottom.size() < 2; --i) {
    const Unit& u = units[i - 1];
    if (u.kind == UnitKind::Comment || u.kind == UnitKind::Pingback) continue;
    if (word_count(u.text) <= 8) bottom.push_back(i - 1);
    else break;
  }
  return bottom;
}

// Bylines and datelines among the `top` lines: the author and meta units into `meta`;
// returns the first date they give, or empty.
std::string read_top_lines(const std::vector<Unit>& units, const std::vector<std::size_t>& top,
                           const Lexicon& lex, PostMeta& meta) {
  std::string top_date;
  for (std::size_t i : top) {
    const std::string& text = units[i].text;
    const auto date = find_date_loose(text);
    const std::string author = byline_author(text, lex);
    // A byline or dateline: a short line with a date, most of whose words are the date, an
    // author or a category.
    const bool dateline = date && word_count(text) <= 12;
    if (!author.empty() && (date || word_count(text) <= 6)) {
      if (meta.author.empty()) meta.author = author;
      meta.meta_units.push_back(i);
      if (date && top_date.empty()) top_date = *date;
      meta.why += "byline at unit " + std::to_string(i + 1) + "; ";
    } else if (dateline) {
      if (top_date.empty()) top_date = *date;
      meta.meta_units.push_back(i);
      meta.why += "dateline at unit " + std::to_string(i + 1) + "; ";
    }
  }
  return top_date;
}

// Datelines among the `bottom` lines not taken already: meta units into `meta`; returns the
// first date they give, or empty.
std::string read_bottom_lines(const std::vector<Unit>& units,
                              const std::vector<std::size_t>& bottom, PostMeta& meta) {
  std::string bottom_date;
  for (std::size_t i : bottom) {
    if (std::find(meta.meta_units.begin(), meta.meta_units.end(), i) != meta.meta_units.end()) continue;
    if (auto date = find_date_loose(units[i].text)) {
      if (bottom_date.empty()) bottom_date = *date;
      meta.meta_units.push_back(i);
    }
  }
  return bottom_date;
}

// The post's date: a dateline above the post, else the title's, else the first sentences',
// else a dateline below the post. Sets meta.date and says where it came from.
void pick_date(const PostDoc& doc, const std::string& top_date, const std::string& bottom_date,
               PostMeta& meta) {
  if (!top_date.empty()) {
    meta.date = top_date;
    return;
  }
  if (auto d = find_date_loose(doc.post.title)) {
    meta.date = *d;
    meta.why += "date from the title; ";
    return;
  }
  // The first sentences: "On Tuesday 4 June 2019, from 18:00 at …".
  int seen = 0;
  for (const auto& u : doc.units) {
    if (u.kind != UnitKind::Paragraph) continue;
    const auto first = sentences_of(u.text);
    if (!first.empty()) {
      if (auto d = find_date_loose(first.front())) {
        meta.date = *d;
        meta.why += "date from an opening sentence; ";
        break;
      }
    }
    if (++seen >= 3) break;
  }
  if (meta.date.empty() && !bottom_date.empty()) {
    meta.date = bottom_date;
    meta.why += "dateline below the post; ";
  }
}

// The event: the title's, else the opening sentences', else the title without its date.
std::string pick_event(const PostDoc& doc) {
  int rank = -1;
  std::string event = event_in(doc.post.title, &rank);
  if (event.empty()) {
    int seen = 0;
    for (const auto& u : doc.units) {
      if (u.kind != UnitKind::Paragraph) continue;
      const auto s = sentences_of(u.text);
      for (std::size_t k = 0; k < s.size() && k < 2 && event.empty(); ++k) event = event_in(s[k], &rank);
      if (!event.empty() || ++seen >= 3) break;
    }
  }
  if (event.empty()) event = strip_date(doc.post.title);
  return event;
}

}  // namespace

PostMeta read_post_meta(const PostDoc& doc, const Lexicon& lex) {
  PostMeta meta;
  const std::string top_date = read_top_lines(doc.units, top_lines(doc.units), lex, meta);
  const std::string bottom_date = read_bottom_lines(doc.units, bottom_lines(doc.units), meta);
  pick_date(doc, top_date, bottom_date, meta);
  meta.event = pick_event(doc);
  return meta;
}

PostMeta apply_post_meta(PostDoc& doc, const Lexicon& lex) {
  PostMeta meta = read_post_meta(doc, lex);
  if (doc.post.date.empty()) doc.post.date = meta.date;
  if (doc.post.author.empty()) doc.post.author = meta.author;
  if (doc.post.event.empty()) doc.post.event = meta.event;
  return meta;
}

}  // namespace civic::indexer::attribution
