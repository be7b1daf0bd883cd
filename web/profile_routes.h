// The profile routes (web/profile_routes.cpp): the pages of a speaker, an organisation and an
// event, and their JSON. Internal to civic_web, like web/routes.h.
#pragma once

#include <httplib.h>

#include "web/routes.h"

namespace civic::web {

/// Registers GET /speakers/{slug}, /orgs/{slug}, /events/{slug} (pages) and /api/speakers/{slug},
/// /api/orgs/{slug}, /api/events/{slug} (JSON) on `http`. `page` and `per_page` page the long
/// lists. A slug that is not the canonical one (an organisation's acronym, a name typed as it
/// is) answers 308 to the canonical path, the query string kept; an unknown slug a 404 page with
/// a search form, or a JSON "not_found" error. `context` must outlive the server's handlers.
void add_profile_routes(httplib::Server& http, RouteContext& context);

}  // namespace civic::web
