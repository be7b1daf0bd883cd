// What a line of a live-blog post is, read from its text alone: a picture credit, a figure's
// label, an attendance list, the blogger's own narration, a sentence opening with a pronoun,
// or a list's lead-in that introduces speakers. The live-blog pass (live_blog.cpp) decides
// from these which units can have a speaker at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "indexer/attribution/names.h"

namespace civic::indexer::attribution {

/// "Photo by …", "Icons by …", "Image courtesy of …", "…, CC-BY-SA-2.0": a credit names who
/// made a picture, not who spoke.
bool is_credit(const std::string& text);

/// "Figure 3: Requests by agency, 2019", "Image 1: A sample report": a numbered figure's
/// label describes the figure; the names in it are not its presenters.
bool is_figure_label(const std::string& text);

/// "Present: …", "Apologies: …", "Minute taker: …": a line of a meeting's attendance.
bool is_attendance(const std::string& text);

/// The blogger's own voice, outside quotation marks: first-person narration, logistics,
/// sign-offs. `straight_text` is straight-quoted.
bool is_narration(const std::string& straight_text);

/// A sentence whose tokens `t` open with "He", "She", "They", "His", … or "(The) speaker".
bool is_pronoun_start(const std::vector<Token>& t);

/// A list's lead-in that introduces speakers ("hosted a panel featuring:", "The speakers
/// were:"), not a roster ("The minibus crew:"). `lead_in` is straight-quoted.
bool introduces_speakers(std::string_view lead_in);

}  // namespace civic::indexer::attribution
