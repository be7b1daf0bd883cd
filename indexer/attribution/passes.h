// The passes of attribute() (indexer/attribution.cpp) over one post, in the order it runs them.
// Each reads and writes the post through its PostState; the live-blog pass is apart, in
// live_blog.h, with a Registry of its own.
#pragma once

#include "indexer/attribution/post_state.h"
#include "indexer/gazetteer.h"

namespace civic::indexer::attribution {

/// First, when the post has an override file: records its organisation spellings, makes its
/// talks metadata units (from each start to the next, or to its end) and its speakers the
/// post's declared speakers (override_pass.cpp).
void apply_override(PostState& state, const PostOverride& override_file);

/// Before the pass is chosen: on an event page of a Hugo site that declares no speakers, the
/// front matter's author slugs that name a gazetteer profile become the post's speakers. True
/// when one did; event_pass() then reads the page (metadata_pass.cpp).
bool declare_profile_speakers(PostState& state);

/// The pass for an event page whose speakers came from author profiles: a unit that names a
/// declared speaker is theirs and the units after it follow; with one declared speaker the
/// whole page is theirs (metadata_pass.cpp).
void event_pass(PostState& state);

/// The pass for a post in which a reader already attributed units (source Metadata): keeps
/// their speakers, makes names and organisations canonical, and gives each run of units of one
/// speaker a talk (metadata_pass.cpp).
void metadata_pass(PostState& state);

/// Turn markers among the post's paragraphs: a Record member's or officer's counts 2 (one
/// makes a transcript), a "NAME:" or ">>" turn 1, a mixed-case "Mr. Hale." (which needs the
/// roster) none. From 2 on, the post is read as a transcript (transcript_pass.cpp).
int count_turns(const PostState& state);

/// The pass for a transcript: each turn marker starts a turn of the speaker it names, the
/// paragraphs after it continue the turn until the next marker, a heading or the Record's
/// narration (transcript_pass.cpp).
void transcript_pass(PostState& state);

/// After any pass: a declared speaker no unit was attributed to gets a unit of their own,
/// "Name, Organisation" (metadata_pass.cpp).
void add_declared_speaker_units(PostState& state);

/// Last: makes every unit's speaker and organisation canonical, drops offices and non-names,
/// and fills in themes and mentions (finish.cpp).
void finish(PostState& state);

}  // namespace civic::indexer::attribution
