// Pieces the server-rendered pages share (web/pages.cpp, web/reading_pages.cpp): the start of a
// document's head, who said a unit, the footer and the paths of the reading pages. Every archive
// string is escaped with html::escape() (query/core/html.h). Internal to civic_web; does not
// include httplib or Xapian.
#pragma once

#include <string>

#include "query/core/unit.h"
#include "web/pages.h"

namespace civic::web {

/// Between the parts of a hit's or a page's meta line; screen readers skip it.
inline constexpr const char* kSeparator =
    "<span class=\"sep\" aria-hidden=\"true\"> \u00b7 </span>";

/// "<!doctype html>", <html lang="en"> and the open <head>: charset, viewport, colour schemes,
/// `title`, the icon and the stylesheet `css`. The caller adds the rest and closes the head.
std::string document_head(const std::string& title, const PageAssets& assets,
                          const std::string& css);

/// Who said `unit` (query::who_parts()) as a span.hit-who holding span.hit-speaker,
/// span.hit-role and span.hit-org; empty when the unit has none of them.
std::string render_who(const Unit& unit);

/// The footer every page of the site ends with, up to </html>.
std::string site_footer();

/// The reading pages of a unit, a talk and a post: "/units/<id>" with the id percent-encoded
/// (web/reading_routes.cpp serves them).
std::string unit_path(const std::string& unit_id);
std::string talk_path(const std::string& talk_id);
std::string post_path(const std::string& post_id);

}  // namespace civic::web
