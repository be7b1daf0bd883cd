// The live-blog pass: who speaks in each unit of a post written as prose. A unit is a
// speaker's when it reports one person speaking (the subject of a speech verb: "Nadia Okonjo
// presented", "says Tamsin"), introduces one person ("chaired by Professor Alan Rudd",
// "a keynote from Priya Nair"), is one entry of a list of the event's speakers, or is a
// heading or caption that names one presenter; later units without a new name continue that
// speaker until a heading, the blogger's own narration or another speaker. Units that report
// several people, attendance lists, bylines and narration get nobody. Every decision is
// written into Unit::explanation.
#pragma once

#include "indexer/attribution/lexicon.h"
#include "indexer/attribution/registry.h"
#include "indexer/gazetteer.h"
#include "query/core/unit.h"

namespace civic::indexer::attribution {

/// Attributes the units of `doc` in place (speaker, org, role, talk, source, explanation,
/// mentions of people). `registry` may hold the post's declared speakers already; the people
/// the pass finds are added to it.
void attribute_live_blog(PostDoc& doc, const Gazetteer& gazetteer, AcronymTable& learnt,
                         const Lexicon& lex, Registry& registry);

}  // namespace civic::indexer::attribution
