// Post metadata read from the text when the source's own metadata has none: the date from a
// dateline or byline ("Published on Mar 3, 2019 by Ruth Adebayo", "Sam Whitlock ▪ Jun 2,
// 2021", "Novmber 12, 2018"), the title or the first sentences; the author from a byline
// (never a speaker of the units it heads); the event from the title or the opening sentences
// ("the 2019 Rural Transport Conference", "Open Budgets Day 2016").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/attribution/lexicon.h"
#include "query/core/unit.h"

namespace civic::indexer::attribution {

struct PostMeta {
  std::string date;    ///< YYYY-MM-DD, or empty
  std::string author;  ///< the byline's name, or empty
  std::string event;   ///< or empty
  std::vector<std::size_t> meta_units;  ///< indices of byline and dateline units
  std::string why;     ///< where each came from, for --explain
};

/// Reads what the text says; does not change `doc`.
PostMeta read_post_meta(const PostDoc& doc, const Lexicon& lex);

/// Fills the post's empty date, author and event from read_post_meta().
PostMeta apply_post_meta(PostDoc& doc, const Lexicon& lex);

/// A date anywhere in `text`, in the usual English and US forms, tolerating a misspelt month
/// ("Novmber 12, 2018"), a two-digit year ("5th May'14") and day ranges ("Sep 8-9,
/// 2017"). nullopt when none.
std::optional<std::string> find_date_loose(std::string_view text);

}  // namespace civic::indexer::attribution
