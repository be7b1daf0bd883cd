// HTML character references in Markdown: md4c passes entities through undecoded and has no
// table of its own, so the Markdown reader decodes them here, both in Markdown text and in raw
// HTML blocks.
#pragma once

#include <string>
#include <string_view>

namespace civic::indexer::markdown {

/// The UTF-8 text of one reference, `entity` being "&name;", "&#123;" or "&#x1F;". A known name
/// (the few dozen that occur in blog Markdown) or a number gives its character; a number that
/// is 0, a surrogate or past U+10FFFF gives U+FFFD; "&shy;" gives nothing. Anything else, unknown
/// names included, comes back as written.
std::string decode_entity(std::string_view entity);

/// `s` with each plausible reference ('&', up to 32 letters, digits or '#', ';') decoded as
/// decode_entity() does.
std::string decode_entities(std::string_view s);

}  // namespace civic::indexer::markdown
