// The md4c adapter: md4c parses a Markdown body and calls back per block, span and run of
// text; the renderer behind those callbacks turns blocks into units.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer::markdown {

/// The units of a Markdown body, and where its first level-1 heading is.
struct RenderedBody {
  std::vector<Unit> units;
  std::string first_h1;                // text of the first level-1 heading, "" when none
  std::optional<std::size_t> h1_unit;  // its index in `units`
};

/// Renders `body` (Markdown with tables, strikethrough and permissive autolinks; template syntax
/// already removed) into units in document order. Headings → Heading; paragraphs → Paragraph,
/// or Quote inside a block quote; list items → Bullet, whose context is the lead-in of the
/// paragraph before the list or, for a nested list, of its parent item (else that item's text,
/// cut to 300 bytes); a table
/// row → one Paragraph with cells joined by " | "; code blocks are left out. Images' alt text
/// and the alt text in raw HTML become Caption units after the block holding them when it reads
/// as words (not a file name, URL or single word). Raw HTML blocks are stripped of tags. A link
/// showing its own URL (an autolink) is dropped; other links keep their words. Entities are
/// decoded. Errors: Internal when md4c fails (out of memory), naming `path`.
Result<RenderedBody> render_markdown(std::string_view body, const std::string& path);

}  // namespace civic::indexer::markdown
