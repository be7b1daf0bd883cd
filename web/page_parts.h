// Pieces the server-rendered pages share (web/pages.cpp, web/reading_pages.cpp): the start of a
// document's head, who said a unit, the footer and the paths of the reading pages. Every archive
// string is escaped with html::escape() (query/core/html.h). Internal to civic_web; does not
// include httplib or Xapian.
#pragma once

#include <string>
#include <utility>
#include <vector>

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

/// A meta tag: <meta `attr`="`key`" content="`content`"> (`property` for Open Graph, `name`
/// for the rest).
std::string meta_tag(const char* attr, const char* key, const std::string& content);

/// The frame of the server-rendered reading and profile pages. Everything up to <main>: the head
/// (`title`, a canonical link when given, `extra` tags), the skip link and the masthead with a
/// plain search form (these pages load no script but what `extra` names).
std::string page_start(const std::string& title, const std::string& canonical,
                       const std::string& extra, const PageAssets& assets);
/// </main> and the footer.
std::string page_end();
/// Search › … › the page itself: `trail` holds (href, text) pairs, the last one the page.
std::string crumbs(const std::vector<std::pair<std::string, std::string>>& trail);

/// How render_who() names people and organisations.
enum class WhoLinks {
  Profiles,  ///< the speaker and the organisation link to their pages (/speakers/, /orgs/)
  None,      ///< plain text: inside a link of its own (a talk's label)
};

/// Who said `unit` (query::who_parts()) as a span.hit-who holding span.hit-speaker,
/// span.hit-role and span.hit-org; empty when the unit has none of them.
std::string render_who(const Unit& unit, WhoLinks links = WhoLinks::Profiles);

/// An event's name as span.hit-event linking to its page; empty for no event.
std::string render_event(const std::string& event);

/// The footer every page of the site ends with, up to </html>.
std::string site_footer();

/// The reading pages of a unit, a talk and a post: "/units/<id>" with the id percent-encoded
/// (web/reading_routes.cpp serves them).
std::string unit_path(const std::string& unit_id);
std::string talk_path(const std::string& talk_id);
std::string post_path(const std::string& post_id);

/// The profile pages of a speaker, an organisation and an event: "/speakers/<text::slug(name)>"
/// (web/profile_routes.cpp serves them). Empty when the name has no slug (no letter or digit).
std::string speaker_path(const std::string& name);
std::string org_path(const std::string& name);
std::string event_path(const std::string& name);

}  // namespace civic::web
