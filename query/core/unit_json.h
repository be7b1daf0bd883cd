// The JSON shape of a unit and its post, written once for the two places that print units: the
// API's hits (query/json.cpp, `search --json`, /api/search, /api/units/ID) and `civicsearch units`.
// Each adds its own fields (score and snippet; position and attribution) to the same object.
// Declares nlohmann::json only (json_fwd.hpp); does not include Xapian.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "query/core/unit.h"

namespace civic {

/// `s`, or null when it is empty: the API's spelling of "unknown".
nlohmann::json json_string_or_null(const std::string& s);

/// Sets in the object `out` a post's fields as every unit carries them: id, title, date, url,
/// author (the last three null when empty). Never fails.
void put_post_fields(const Post& post, nlohmann::json& out);

/// Sets in the object `out` the fields a unit and its post share: id, kind, text, context,
/// anchor, speaker, org, role, talk, event, themes, mentions, post {id, title, date, url,
/// author}, and for a comment or pingback comment {author, date, parent}. Optional strings that
/// are empty are null. Other keys of `out` are left alone. Never fails.
void put_unit_fields(const Unit& unit, const Post& post, nlohmann::json& out);

}  // namespace civic
