// Text normalisation shared by indexing and querying. The one function normalise() is applied
// to every text before Xapian's TermGenerator and to every query before its QueryParser, so a
// phrase copied from a post (curly quotes, dashes, accents, odd Unicode forms) always finds it.
// ICU lives behind these functions; callers see plain UTF-8 std::string only.
#pragma once

#include <string>
#include <string_view>

namespace civic::text {

/// True when `bytes` is well-formed UTF-8 with no NUL byte.
bool is_valid_utf8(std::string_view bytes);

/// Returns `bytes` as valid UTF-8: invalid sequences become U+FFFD, NUL and other C0 controls
/// (but tab, newline and carriage return) are dropped. Idempotent; thread-safe.
std::string to_valid_utf8(std::string_view bytes);

/// The search form of a text: NFKC, curly quotes and apostrophes → ASCII, dashes → '-',
/// case folded, accents removed. Length may change; do not use it for display. Thread-safe.
std::string normalise(std::string_view utf8);

/// Collapses runs of whitespace (including NBSP) to one space and trims both ends.
std::string collapse_whitespace(std::string_view utf8);

/// A key for comparing names: normalise(), '&' → "and", punctuation dropped, single spaces.
/// "Dept. of Communities & Local Government" → "dept of communities and local government".
std::string name_key(std::string_view utf8);

/// The URL form of a name, for the pages of speakers, organisations and events: name_key() with
/// '-' between words ("Siân Berry" → "sian-berry", "Dept. of X & Y" → "dept-of-x-and-y"). Names
/// that differ only in case, accents or punctuation share it. Empty for a name with no letter or
/// digit.
std::string slug(std::string_view utf8);

/// Cuts `utf8` to at most `max_bytes` without splitting a character.
std::string_view truncate_utf8(std::string_view utf8, std::size_t max_bytes);

/// `utf8` in single quotes for an error message, cut to `max_bytes` (then ending in "…") so that a
/// 4 KB value does not become a 4 KB message: "'2010-02-30'".
std::string quoted_excerpt(std::string_view utf8, std::size_t max_bytes = 40);

/// `bytes` percent-encoded for a URL: ASCII letters, digits and the characters of `unreserved`
/// are kept, every other byte becomes "%XX" (upper-case hex). The default keeps RFC 3986's
/// unreserved set, which fits a path segment or a query value; a text fragment
/// ("#:~:text=…") passes "._~", since '-' is part of its syntax.
std::string percent_encode(std::string_view bytes, std::string_view unreserved = "-._~");

}  // namespace civic::text
