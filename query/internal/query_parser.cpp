#include "query/internal/query_parser.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "query/core/date.h"
#include "query/core/schema.h"
#include "query/core/text.h"
#include "query/field_query.h"

namespace civic::query {
namespace {

using namespace civic::schema;

bool is_range_bound(std::string_view s) {
  // YYYY, YYYY-MM or YYYY-MM-DD (or empty, for an open end).
  if (s.empty()) return true;
  static const std::regex re(R"(\d{4}(-\d{2}(-\d{2})?)?)");
  return std::regex_match(s.begin(), s.end(), re);
}

// One word of a query: normalised like indexed text, except that "..", which the parser reads
// as a range, survives only between dates; elsewhere it is an ellipsis ("rich… I") and becomes
// a space. Words longer than the indexer's limit are dropped, as the indexer drops them.
std::string normalise_query_word(std::string_view word) {
  std::string out = text::normalise(word);
  if (auto dots = out.find(".."); dots != std::string::npos) {
    std::size_t end = dots;
    while (end < out.size() && out[end] == '.') ++end;
    const bool is_range = end - dots == 2 && out.find("..", end) == std::string::npos &&
                          !(dots == 0 && end == out.size()) &&
                          is_range_bound(std::string_view(out).substr(0, dots)) &&
                          is_range_bound(std::string_view(out).substr(end));
    if (!is_range) {
      std::string spaced;
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '.' &&
            ((i + 1 < out.size() && out[i + 1] == '.') || (i > 0 && out[i - 1] == '.'))) {
          if (spaced.empty() || spaced.back() != ' ') spaced += ' ';
        } else {
          spaced += out[i];
        }
      }
      out = std::move(spaced);
    }
  }
  // Drop over-long runs of word characters (the TermGenerator skips them too).
  std::string kept;
  std::size_t run_start = 0;
  auto is_word_byte = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  for (std::size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || !is_word_byte(static_cast<unsigned char>(out[i]))) {
      if (i - run_start <= kMaxWordBytes) kept.append(out, run_start, i - run_start);
      if (i < out.size()) kept += out[i];
      run_start = i + 1;
    }
  }
  return kept;
}

// Date ranges in the query text: "2010-11-01..2010-11-30", "2010..2011", "2010-11..2011-02".
class DateRange : public Xapian::RangeProcessor {
 public:
  DateRange() : Xapian::RangeProcessor(kDateSlot) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    std::string lo = bound(begin, false), hi = bound(end, true);
    if ((!begin.empty() && lo.empty()) || (!end.empty() && hi.empty())) {
      return Xapian::Query(Xapian::Query::OP_INVALID);  // not a date range: let others try
    }
    if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kDateSlot, hi);
    if (hi.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kDateSlot, lo);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDateSlot, lo, hi);
  }

 private:
  // YYYY, YYYY-MM or YYYY-MM-DD → YYYYMMDD at the start (or end) of that period.
  static std::string bound(const std::string& s, bool is_end) {
    auto digits = [&](std::size_t from, std::size_t n) {
      if (s.size() < from + n) return false;
      for (std::size_t i = from; i < from + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
      }
      return true;
    };
    if (s.size() == 4 && digits(0, 4)) return s + (is_end ? "1231" : "0101");
    if (s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2)) {
      return s.substr(0, 4) + s.substr(5, 2) + (is_end ? "31" : "01");
    }
    if (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
        digits(8, 2)) {
      return date::compact(s);
    }
    return {};
  }
};

// Xapian's synonyms are single terms: a multi-word synonym of a key ("cles" → "centre for local
// economic strategies") would be looked up as one term that no document has. The other direction
// works on its own (FLAG_AUTO_MULTIWORD_SYNONYMS makes the phrase's words a key; Xapian's
// docs/synonyms.rst), so a bare query word with multi-word synonyms becomes
// `(word OR "its synonym")` before parsing. Words in quotes, with a prefix or an operator are
// left alone.
std::string expand_acronyms(const std::string& normalised, const Xapian::Database& lexicon) {
  std::string out;
  bool in_quotes = false;
  std::size_t i = 0;
  while (i <= normalised.size()) {
    std::size_t j = normalised.find(' ', i);
    if (j == std::string::npos) j = normalised.size();
    const std::string word = normalised.substr(i, j - i);
    const bool quote_inside = word.find('"') != std::string::npos;
    const bool is_bare =
        !in_quotes && !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
          return std::islower(static_cast<unsigned char>(c)) ||
                 std::isdigit(static_cast<unsigned char>(c));
        });
    std::string replacement = word;
    if (is_bare) {
      std::string phrases;
      for (auto it = lexicon.synonyms_begin(word); it != lexicon.synonyms_end(word); ++it) {
        const std::string synonym = *it;
        if (synonym.find(' ') != std::string::npos) phrases += " OR \"" + synonym + "\"";
      }
      if (!phrases.empty()) replacement = "(" + word + phrases + ")";
    }
    if (quote_inside && std::count(word.begin(), word.end(), '"') % 2 == 1) in_quotes = !in_quotes;
    if (i > 0) out += ' ';
    out += replacement;
    i = j + 1;
  }
  return out;
}

}  // namespace

// normalise() folds case, which would turn the operators AND/OR/NOT into words: keep them.
std::string normalise_query(const std::string& q) {
  static const std::set<std::string, std::less<>> kOperators = {"AND", "OR",   "NOT",
                                                                "XOR", "NEAR", "ADJ"};
  std::string out;
  std::size_t i = 0;
  while (i < q.size()) {
    std::size_t j = i;
    while (j < q.size() && q[j] != ' ') ++j;
    std::string_view word(q.data() + i, j - i);
    bool is_operator =
        kOperators.count(word) ||
        ((word.substr(0, 5) == "NEAR/" || word.substr(0, 4) == "ADJ/") && word.size() < 9);
    out += is_operator ? std::string(word) : normalise_query_word(word);
    if (j < q.size()) out += ' ';
    i = j + 1;
  }
  return out;
}

ParsedQuery parse_query(const std::string& q, const Xapian::Database& lexicon,
                        const Xapian::Stem& stemmer, Correction correction) {
  // A fresh "match everything" query, not the shared static Xapian::Query::MatchAll: Query
  // reference counts are not atomic, so worker threads copying one object corrupt it.
  if (q.empty()) return {Xapian::Query(std::string()), {}};
  const bool correct = correction == Correction::Compute;
  Xapian::QueryParser parser;
  parser.set_database(lexicon);
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  add_field_prefixes(parser, stemmer, lexicon);  // title: speaker: org: … (query/field_query.h)
  DateRange dates;
  parser.add_rangeprocessor(&dates);
  const std::string normalised = normalise_query(q);
  const std::string expanded = expand_acronyms(normalised, lexicon);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                         (correct ? unsigned{Xapian::QueryParser::FLAG_SPELLING_CORRECTION} : 0u) |
                         Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
  try {
    Xapian::Query query = parser.parse_query(expanded, flags);
    std::string corrected = parser.get_corrected_query_string();
    if (correct && expanded != normalised) {
      // Suggest corrections of what the user wrote, not of the expansion.
      parser.parse_query(normalised, flags);
      corrected = parser.get_corrected_query_string();
    }
    return {query, corrected};
  } catch (const Xapian::QueryParserError&) {
    // A syntax error never fails a search: fall back to plain words (and phrases).
  }
  try {
    return {parser.parse_query(normalised, Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS), {}};
  } catch (const Xapian::QueryParserError&) {
    return {Xapian::Query::MatchNothing, {}};
  }
}

// normalise_query() lower-cases all but the operators, so an all-capitals word is an operator.
bool all_words_known(const std::string& normalised, const Xapian::Database& db) {
  std::string word;
  auto known = [&]() {
    const bool is_operator = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
      return c >= 'A' && c <= 'Z';
    });
    bool ok = word.empty() || is_operator || db.term_exists(word);
    word.clear();
    return ok;
  };
  for (std::size_t i = 0; i <= normalised.size(); ++i) {
    unsigned char c = i < normalised.size() ? static_cast<unsigned char>(normalised[i]) : ' ';
    if (std::isalnum(c) || c >= 0x80) {
      word += static_cast<char>(c);
    } else if (c == ':') {
      word.clear();  // "speaker:" is a prefix, not a word
    } else if (!known()) {
      return false;
    }
  }
  return true;
}

Xapian::Query filter_query(const SearchRequest& request, FilterScope scope) {
  std::vector<Xapian::Query> parts;
  for (std::size_t f = 0; f < kCountedFacets && scope.with_facets; ++f) {
    const Field& field = kFields[f];
    if (field.name == scope.skip_facet) continue;
    auto it = request.filters.find(std::string(field.name));
    if (it == request.filters.end() || it->second.empty()) continue;
    std::vector<Xapian::Query> values;
    for (const auto& value : it->second)
      values.emplace_back(boolean_term(field.term_prefix, value));
    parts.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
  }
  if (!request.from.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_GE, kDateSlot, date::compact(request.from));
  }
  if (!request.to.empty()) {
    parts.emplace_back(Xapian::Query::OP_VALUE_LE, kDateSlot, date::compact(request.to));
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query filtered(const Xapian::Query& user, const Xapian::Query& filter) {
  if (filter.empty()) return user;
  return Xapian::Query(Xapian::Query::OP_FILTER, user, filter);
}

}  // namespace civic::query
