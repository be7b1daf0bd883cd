// GET /api/export: every unit a search matches, as CSV or JSON Lines, streamed in batches (the
// response is chunked and never held whole). Internal to civic_web, like web/routes.h.
#pragma once

#include <httplib.h>

#include <cstddef>

#include "web/routes.h"

namespace civic::web {

/// Registers GET /api/export?format=csv|jsonl&… on `http`. It takes every parameter of
/// /api/search (parse_search_params(): the same refusals, the same 400 bodies) but page and
/// per_page, which it refuses, and group, which may only be unit. At most `limit` rows are sent
/// (ServerOptions::export_limit); the headers X-Total-Count, X-Export-Limit and
/// X-Export-Truncated say how many matched and whether some were left out. `context` must
/// outlive `http`'s serving.
void add_export_routes(httplib::Server& http, RouteContext& context, std::size_t limit);

}  // namespace civic::web
