#include "query/internal/hits.h"

#include "query/core/html.h"
#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic::query {
namespace {

std::string percent_encode_fragment(std::string_view s) { return text::percent_encode(s, "._~"); }

// What snippets mark: the text words, stems ("Z" + stem), exact phrases and wildcards of the
// user's query, as the index spells them.
void collect_highlight_terms(const Xapian::Query& query, HighlightTerms& out);

void collect_leaf(const Xapian::Query& query, HighlightTerms& out) {
  auto it = query.get_terms_begin();
  if (it == query.get_terms_end()) return;
  const std::string term = *it;
  if (schema::is_body_term(term)) {
    out.words.push_back(term);
  } else if (term.size() > 1 && term[0] == 'Z' &&
             schema::is_body_term(std::string_view(term).substr(1))) {
    out.stems.push_back(term.substr(1));
  }
}

void collect_wildcard(const Xapian::Query& query, HighlightTerms& out) {
  // Xapian 1.4 has no accessor for the pattern; the description ends with it:
  // "Query(WILDCARD SYNONYM econ)".
  std::string description = query.get_description();
  if (!description.empty() && description.back() == ')') description.pop_back();
  const std::string pattern = description.substr(description.find_last_of(' ') + 1);
  if (schema::is_body_term(pattern)) out.prefixes.push_back(pattern);
}

// A phrase of plain words is marked only as a whole; false when it is not one.
bool collect_phrase(const Xapian::Query& query, HighlightTerms& out) {
  const std::size_t n = query.get_num_subqueries();
  std::vector<std::string> words;
  for (std::size_t i = 0; i < n; ++i) {
    const Xapian::Query word = query.get_subquery(i);
    auto it = word.get_terms_begin();
    if (word.get_type() != Xapian::Query::LEAF_TERM || it == word.get_terms_end() ||
        !schema::is_body_term(*it))
      return false;
    words.push_back(*it);
  }
  out.phrases.push_back(std::move(words));
  return true;
}

void collect_highlight_terms(const Xapian::Query& query, HighlightTerms& out) {
  const auto op = query.get_type();
  if (op == Xapian::Query::LEAF_TERM) return collect_leaf(query, out);
  if (op == Xapian::Query::OP_WILDCARD) return collect_wildcard(query, out);
  const std::size_t n = query.get_num_subqueries();
  if (op == Xapian::Query::OP_PHRASE && n > 1 && collect_phrase(query, out)) return;
  for (std::size_t i = 0; i < n; ++i) collect_highlight_terms(query.get_subquery(i), out);
}

}  // namespace

std::string unit_url(const Unit& unit, const Post& post) {
  if (post.url.empty()) return {};
  std::string words;
  int n = 0;
  for (std::size_t i = 0; i < unit.text.size() && n < 8;) {
    std::size_t j = unit.text.find(' ', i);
    if (j == std::string::npos) j = unit.text.size();
    if (!words.empty()) words += ' ';
    words += unit.text.substr(i, j - i);
    ++n;
    i = j + 1;
  }
  std::string base = post.url.substr(0, post.url.find('#'));
  return base + "#:~:text=" + percent_encode_fragment(words);
}

Highlighter highlighter_for(const ParsedQuery& parsed, bool has_query) {
  HighlightTerms marked;
  if (has_query) collect_highlight_terms(parsed.query, marked);
  return Highlighter(std::move(marked));
}

Hit stored_hit(StoredUnit stored, Highlighter* highlight, std::size_t snippet_bytes) {
  Hit hit;
  hit.unit = std::move(stored.unit);
  hit.post = std::move(stored.post);
  hit.url = unit_url(hit.unit, hit.post);
  if (highlight) {
    hit.snippet = (*highlight)(hit.unit.text, snippet_bytes);
  } else {
    hit.snippet = html::escape(snippet_bytes ? text::truncate_utf8(hit.unit.text, snippet_bytes)
                                             : std::string_view(hit.unit.text));
  }
  return hit;
}

Hit mset_hit(const Xapian::MSetIterator& it, bool has_query, Highlighter& highlight) {
  auto stored = decode_stored_unit(it.get_document().get_data());
  Hit hit = stored_hit(stored ? std::move(*stored) : StoredUnit{}, has_query ? &highlight : nullptr,
                       kSnippetBytes);
  hit.score = has_query ? it.get_percent() / 100.0 : 0.0;
  hit.more = static_cast<int>(it.get_collapse_count());
  return hit;
}

}  // namespace civic::query
