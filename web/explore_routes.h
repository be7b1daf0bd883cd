// The routes that count rather than list (web/explore_routes.cpp): GET /api/timeline and
// GET /api/top. Internal to civic_web, like web/routes.h.
#pragma once

#include <httplib.h>

#include "web/routes.h"

namespace civic::web {

/// Registers GET /api/timeline and GET /api/top on `http`. `context` must outlive the server's
/// handlers.
void add_explore_routes(httplib::Server& http, RouteContext& context);

}  // namespace civic::web
