// INTERNAL to civic_query. A request's text and filters → Xapian queries: normalising the query
// as text is normalised before indexing, date ranges ("2010..2011"), acronym expansion, field
// prefixes (query/field_query.h), spelling correction, and the facet and date filters.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "query/request.h"

namespace civic::query {

/// The user's query (without filters), and the corrected query string if any.
struct ParsedQuery {
  Xapian::Query query;
  std::string corrected;
};

/// Whether parsing also computes a spelling correction: the costliest part of parsing (a
/// trigram scan of the spelling table for every word).
enum class Correction { Skip, Compute };

/// `q` normalised like indexed text (text::normalise()), word by word, keeping the operators
/// AND, OR, NOT, XOR, NEAR and ADJ; ".." survives only between dates, over-long words go.
std::string normalise_query(const std::string& q);

/// Parses `q` against `lexicon` (the index, plus remote shards' spelling data), stemming with
/// `stemmer` (schema::kStemLanguage; one per Searcher, as Xapian::Stem is not thread-safe). A
/// syntax error never fails: it falls back to plain words and phrases. An empty `q` matches
/// everything.
ParsedQuery parse_query(const std::string& q, const Xapian::Database& lexicon,
                        const Xapian::Stem& stemmer, Correction correction);

/// True when every plain word of `normalised` (no field prefix, not an operator) is a term of
/// `db`.
bool all_words_known(const std::string& normalised, const Xapian::Database& db);

/// The request's filters as one query (empty when none): the date bounds, and every facet's
/// values but `skip_facet`'s; with `with_facets` false, the date bounds only.
struct FilterScope {
  std::string_view skip_facet;
  bool with_facets = true;
};
Xapian::Query filter_query(const SearchRequest& request, FilterScope scope = {});

/// `user` filtered by `filter` (`user` itself when `filter` is empty).
Xapian::Query filtered(const Xapian::Query& user, const Xapian::Query& filter);

}  // namespace civic::query
