// INTERNAL to civic_query. A stored document → a Hit: its unit and post, the link into the
// source post, and the snippet (marked by the query's Highlighter, or the plain escaped text).
#pragma once

#include <xapian.h>

#include "query/core/stored_unit.h"
#include "query/highlight.h"
#include "query/internal/query_parser.h"
#include "query/searcher.h"

namespace civic::query {

/// Bytes of unit text in a hit's snippet.
inline constexpr std::size_t kSnippetBytes = 300;

/// A link to the unit inside its post: a text fragment (#:~:text=) of its first words, which
/// browsers scroll to and highlight; no anchor of ours exists on someone else's page. Empty when
/// the post has no URL.
std::string unit_url(const Unit& unit, const Post& post);

/// Marks the words of the parsed query in snippets (our highlighter, not MSet::snippet: it needs
/// no term statistics, so it costs no round trips over remote shards either). Without a query it
/// marks nothing.
Highlighter highlighter_for(const ParsedQuery& parsed, bool has_query);

/// The hit of a stored unit (decode_stored_unit() of a document's data). Its snippet:
/// `highlight`'s marked window when given, else the escaped text cut to `snippet_bytes` (0:
/// whole). No score or `more`.
Hit stored_hit(StoredUnit stored, Highlighter* highlight, std::size_t snippet_bytes);

/// The hit at `it` of an MSet: stored_hit() of its document (empty when the data does not
/// decode) with the relevance (0–1 with a query, else 0) and the units folded into it.
Hit mset_hit(const Xapian::MSetIterator& it, bool has_query, Highlighter& highlight);

}  // namespace civic::query
