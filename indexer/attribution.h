// Attribution: who said each unit of a post. Runs between reading and indexing and fills in
// Unit::speaker, org, talk, themes, mentions, source and explanation. Live-blog posts are read
// as a sequence of talks (an introduction, then paragraphs that continue it until the next
// introduction or until the narration leaves the talks); transcripts by their turn markers
// ("NAME:", "Mr. LOTT.", "The PRESIDING OFFICER."). Plain text in, plain data out: no Xapian.
#pragma once

#include "indexer/gazetteer.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// Attributes every unit of `doc` in place. An override file (`override_file`, may be null)
/// beats everything: its talks run from the unit where each starts to the next start (or its
/// `ends`), and its speakers without a start become the post's declared speakers. Then explicit
/// metadata (a unit whose speaker a reader set with source Metadata, Post::speakers, and on an
/// event page of a Hugo site the `authors` slugs found among the gazetteer's author profiles)
/// beats inference. Acronyms defined in the post's text are added to `learnt`, which carries
/// them across the posts of one run. Never fails: a unit it cannot attribute keeps an empty
/// speaker and source None. A declared speaker the text never names gets a unit of their own
/// ("Name, Organisation"). Leaves the post finalised (finalise_post): its fingerprint covers
/// the attribution, so a gazetteer edit re-indexes the posts it changes.
void attribute(PostDoc& doc, const Gazetteer& gazetteer, AcronymTable& learnt,
               const PostOverride* override_file = nullptr);

/// Themes of a text from the gazetteer's taxonomy: a theme applies when one of its terms occurs
/// as whole words (normalised, plural "s" ignored). Sorted by theme order in the taxonomy.
std::vector<std::string> themes_of(std::string_view text, const Gazetteer& gazetteer);

}  // namespace civic::indexer
