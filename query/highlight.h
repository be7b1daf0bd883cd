// Snippets of our own: the stored text of a unit, HTML-escaped, with <mark>…</mark> around the
// query's words, their stems and its phrases, cut around the best window when the unit is longer
// than the snippet. Replaces Xapian's MSet::snippet, whose background model looked up the term
// frequency of every word of every hit (a third of a query's time). Does not expose Xapian.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civic::query {

/// What to mark, as the index spells it (normalised, lower case). Built from the parsed query
/// (see Searcher), or by hand in tests.
struct HighlightTerms {
  std::vector<std::string> words;                 ///< exact words ("economies")
  std::vector<std::string> stems;                 ///< English stems, marked in any form ("economi")
  std::vector<std::vector<std::string>> phrases;  ///< words marked only together, in order
  std::vector<std::string> prefixes;              ///< wildcards ("econ" for econ*)
};

/// Marks one query's terms in many texts (one Highlighter per search). Not thread-safe.
class Highlighter {
 public:
  explicit Highlighter(HighlightTerms terms);
  Highlighter(Highlighter&&) noexcept;
  Highlighter& operator=(Highlighter&&) noexcept;
  ~Highlighter();

  /// `text` as HTML (escaped by html::escape(), as everywhere else) with <mark>…</mark>
  /// around matches. A text longer than `max_bytes` is cut at word boundaries to the window of at
  /// most `max_bytes` bytes of text with the most distinct matches, with "…" where it was cut
  /// inside a sentence; a text without a match gives its beginning. Never cuts inside a UTF-8
  /// sequence.
  std::string operator()(std::string_view text, std::size_t max_bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic::query
