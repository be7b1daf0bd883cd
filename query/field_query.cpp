#include "query/field_query.h"

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic::query {
namespace {

using namespace civic::schema;

// Phrase-like operators that need positions, which field terms no longer have.
bool needs_positions(Xapian::Query::op op) {
  return op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
}

// The same query with every phrase or NEAR turned into an AND of its parts. A value like
// `sarah-longlands` or `u.k.` is a "phrased term" for the QueryParser even without FLAG_PHRASE.
Xapian::Query without_positions(const Xapian::Query& query) {
  const auto op = query.get_type();
  const std::size_t n = query.get_num_subqueries();
  if (n == 0) return query;
  std::vector<Xapian::Query> parts;
  parts.reserve(n);
  for (std::size_t i = 0; i < n; ++i) parts.push_back(without_positions(query.get_subquery(i)));
  if (needs_positions(op) || op == Xapian::Query::OP_AND) {
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  }
  if (op == Xapian::Query::OP_OR || op == Xapian::Query::OP_SYNONYM) {
    return Xapian::Query(op, parts.begin(), parts.end());
  }
  // Nothing else comes out of a parser with no flags; keep it as it is rather than guess.
  return query;
}

// `field:value` → the AND of the value's words as terms of the field. A nested QueryParser with
// the field's prefix as its default prefix does the word splitting and the stemming; STEM_ALL,
// as the indexer stems field words (one stemmed term per word, no "Z" form). A quoted value
// reaches us without its quotes (see add_field_prefixes) and gives the same terms as unquoted.
// The value's synonyms (keyed by name_key, as the indexer stores acronyms and full names) are
// or'd in the same way: facets hold canonical names, so `org:cles` alone would find nothing.
class FieldTerms : public Xapian::FieldProcessor {
 public:
  FieldTerms(std::string prefix, Xapian::Stem stemmer, Xapian::Database synonyms)
      : prefix_(std::move(prefix)), stemmer_(std::move(stemmer)), synonyms_(std::move(synonyms)) {}

  Xapian::Query operator()(const std::string& value) override {
    Xapian::Query terms = field_terms(value);
    // An empty value (`speaker:""`) matches nothing, as an empty phrase did.
    if (terms.empty()) return Xapian::Query(Xapian::Query::MatchNothing);
    const std::string key = text::name_key(value);
    std::vector<Xapian::Query> any{terms};
    for (auto it = synonyms_.synonyms_begin(key); it != synonyms_.synonyms_end(key); ++it) {
      Xapian::Query other = field_terms(*it);
      if (!other.empty()) any.push_back(std::move(other));
    }
    if (any.size() == 1) return terms;
    return Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
  }

 private:
  Xapian::Query field_terms(const std::string& value) const {
    Xapian::QueryParser words;
    words.set_stemmer(stemmer_);
    words.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    words.set_default_op(Xapian::Query::OP_AND);
    Xapian::Query parsed = words.parse_query(value, /*flags=*/0, prefix_);
    return parsed.empty() ? parsed : without_positions(parsed);
  }

  std::string prefix_;
  Xapian::Stem stemmer_;
  Xapian::Database synonyms_;
};

}  // namespace

void add_field_prefixes(Xapian::QueryParser& parser, const Xapian::Stem& stemmer,
                        const Xapian::Database& synonyms) {
  for (const Field& field : kFields) {
    if (field.text_prefix.empty()) continue;
    // A boolean prefix, because only a boolean prefix hands its FieldProcessor the whole value
    // (`title:"big society"` → `big society`); a free-text prefix would split a quoted value into
    // a phrase of its words before any processor saw it. So a field query filters (weight 0)
    // rather than adds to the relevance; with every matching unit holding the field's words once,
    // its weight ranked only by unit length anyway. Not exclusive: `speaker:sarah
    // speaker:longlands` means both words, as before.
    parser.add_boolean_prefix(std::string(field.name),
                              (new FieldTerms(std::string(field.text_prefix), stemmer, synonyms))
                                  ->release(),
                              /*exclusive=*/false);
  }
}

}  // namespace civic::query
