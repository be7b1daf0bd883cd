// Text laid out by lines: <pre> blocks, which is how the Congressional Record is published, and
// the line-by-line splitting the segmenter's loose-text options share with them.
#pragma once

#include <string_view>
#include <vector>

#include "query/core/unit.h"

namespace civic::indexer::html {

/// Calls `f` with each line of `text` (split at '\n', the newline not included); a text ending
/// in '\n' has an empty last line, and an empty text one empty line.
template <typename F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    f(text.substr(pos, end - pos));
    pos = end + 1;
  }
}

/// A line drawn with underscores, dashes, stars or equals signs ("______", "* * *"), at least
/// three bytes long: a separator, not text.
bool is_rule(std::string_view t);

/// Appends the units of preformatted `text`. Hard-wrapped text: a paragraph (or a speaker's
/// turn, "  Mr. LOTT. Mr. President, …") starts after a blank line or at a line indented past
/// the paragraph's body; its other lines continue it. Quoted documents are indented as a whole
/// ("     text", paragraphs at "       "), so the body's indent is learnt from each paragraph's
/// second line rather than assumed to be zero. A one-line paragraph of centred capitals is a
/// Heading. Page breaks ("[[Page S694]]") are dropped without breaking the paragraph; GPO's
/// header lines and rules end it and are dropped.
void add_preformatted(std::string_view text, std::vector<Unit>& units);

}  // namespace civic::indexer::html
