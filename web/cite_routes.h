// The routes that let people quote a unit elsewhere (web/cite_routes.cpp): its citations
// (GET /api/units/{id}/cite), its quote card (GET /units/{id}/card) and the oEmbed answer that
// frames the card (GET /oembed), plus what a unit's page offers of them. Internal to civic_web.
#pragma once

#include <httplib.h>

#include <string>

#include "web/reading_pages.h"
#include "web/routes.h"

namespace civic::web {

/// Registers GET /api/units/{id}/cite, /units/{id}/card and /oembed on `http`. Register before
/// /api/units/{id} and /units/{id}, whose patterns would take these paths. `context` must
/// outlive the server's handlers.
void add_cite_routes(httplib::Server& http, RouteContext& context);

/// The unit page's citations (every format, accessed today) and its oEmbed discovery link.
UnitPageExtras unit_page_extras(const query::Hit& hit, const std::string& base_url);

}  // namespace civic::web
