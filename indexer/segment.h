// Helpers shared by the readers for turning text into units: whitespace clean-up, lead-in
// sentences of bullet lists, WordPress boilerplate, dates written in prose. No library here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/unit.h"

namespace civic::indexer {

/// Appends a unit of `kind` when `text` is not blank after collapsing whitespace; returns it
/// (or nullptr when nothing was added).
Unit* add_unit(std::vector<Unit>& units, UnitKind kind, std::string_view text,
               std::string_view context = {});

/// The lead-in of a list that follows `paragraph`: its last sentence when that ends with ':'
/// ("Some of the issues she highlighted were:"), else empty.
std::string lead_in_of(std::string_view paragraph);

/// True for lines of blog-platform chrome that are never content: "Leave a Reply", "You are
/// commenting using…", "Connecting to %s", "This site uses Akismet…", "Share this:", …
bool is_boilerplate_line(std::string_view line);

/// True for a line after which everything is footer ("Leave a Reply", "Leave a comment").
bool is_footer_start(std::string_view line);

/// A date written in `text` as YYYY-MM-DD: "2nd November 2010", "November 2, 2010",
/// "2 Nov 2010", "2010-11-02", "02/11/2010" (day first). nullopt when none is found.
std::optional<std::string> find_date(std::string_view text);

/// `text` without a date found by find_date() and the separators around it:
/// "Big Society Conference – 2nd November 2010" → "Big Society Conference".
std::string strip_date(std::string_view text);

/// Normalises a date as given by metadata ("2010-11-02T09:00:00Z", "Tue, 02 Nov 2010 …",
/// "2010-11-02 09:00:00") to YYYY-MM-DD; nullopt when it is not a date.
std::optional<std::string> parse_metadata_date(std::string_view value);

}  // namespace civic::indexer
