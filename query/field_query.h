// Field queries (`speaker:longlands`, `title:"big society"`): the words of a unit's fields
// (post title, speaker, organisation, role, event, kind, themes, mentions) are indexed without
// positions since schema version 2, so a quoted field value cannot be a phrase. Each field
// prefix is installed on the Searcher's QueryParser as a FieldProcessor that turns the value,
// quoted or not, into an AND of that field's terms, stemmed as the indexer stems them (STEM_ALL),
// or'd with the same for each of the value's synonyms in the index (`org:CLES` also finds the
// units of the Centre for Local Economic Strategies, as the free-text query `cles` does).
// Query-side only: used by query/searcher.cpp; declares Xapian types, does not include Xapian.
#pragma once

namespace Xapian {
class Database;
class QueryParser;
class Stem;
}  // namespace Xapian

namespace civic::query {

/// Adds the free-text field prefixes of the schema (`title`, `speaker`, `org`, `role`, `event`,
/// `mentions`, `theme`, `kind`) to `parser`. `stemmer` must be the one the parser uses;
/// `synonyms` is the database whose synonym table expands values (the parser's). The processors
/// are reference counted by Xapian (release()), so they live as long as the parser. Not
/// thread-safe: one parser per thread, as before.
void add_field_prefixes(Xapian::QueryParser& parser, const Xapian::Stem& stemmer,
                        const Xapian::Database& synonyms);

}  // namespace civic::query
