// The reading routes (web/reading_routes.cpp): the pages of a unit, a talk and a post, and the
// JSON of a talk and a post. Internal to civic_web, like web/routes.h.
#pragma once

#include <httplib.h>

#include "web/routes.h"

namespace civic::web {

/// Registers GET /units/{id}, /talks/{id}, /posts/{id}, /api/talks/{id} and /api/posts/{id} on
/// `http`. `context` must outlive the server's handlers.
void add_reading_routes(httplib::Server& http, RouteContext& context);

}  // namespace civic::web
