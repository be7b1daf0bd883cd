// Raw HTML blocks in Markdown (embeds, pull quotes, <div> wrappers), which md4c hands over
// unparsed. Full HTML pages go to the HTML reader, not here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace civic::indexer::markdown {

/// The text of a raw HTML block.
struct HtmlText {
  std::vector<std::string> paragraphs;  // whitespace collapsed, entities decoded, none empty
  std::vector<std::string> captions;    // alt text of <img>, likewise
};

/// A deliberately small tag stripper: block-level tags (p, div, li, h1–h6, table rows,
/// blockquote, iframe…) end a paragraph, <td>/<th> separate words, script/style/noscript content
/// and comments go, and everything else that is not a tag is text. Never fails.
HtmlText strip_html(std::string_view html);

}  // namespace civic::indexer::markdown
