// The one HTML escaper. Archive text is untrusted: every string from the index goes through it
// before it reaches markup, in snippets (query::Highlighter, the Searcher) and in every page,
// feed and XML document the server builds (web/). No ICU, no Xapian.
#pragma once

#include <string>
#include <string_view>

namespace civic::html {

/// Appends `text` with & < > " ' replaced by entities: safe in HTML and XML text and in quoted
/// attributes alike, so a snippet is escaped the same way wherever it is put.
void append_escaped(std::string& out, std::string_view text);

/// append_escaped() into a new string.
std::string escape(std::string_view text);

}  // namespace civic::html
