// Server-rendered reading pages: one unit in its context (/units/{id}), a talk (/talks/{id}), a
// whole post (/posts/{id}), and the page a reading route answers when it has nothing to show.
// Pure functions from the query library's views to HTML, like web/pages.h, so they are tested
// without sockets. Every archive string is escaped with html::escape() (query/core/html.h). The
// pages load no script: they are complete as served. Does not include httplib or Xapian.
#pragma once

#include <string>
#include <vector>

#include "query/searcher.h"
#include "web/pages.h"

namespace civic::web {

/// The HTML id of a unit on its post's page: "u" and the part of its id after "<post id>."
/// (the whole id when it does not start so), percent-encoded. Stable while the unit's id is.
std::string unit_anchor(const Unit& unit);

/// One citation a unit's page offers to copy or download (web/cite.h renders its text).
struct PageCitation {
  std::string format;  ///< "text", "bibtex", … (cite_format_name()), part of element ids
  std::string label;   ///< "Plain text", "BibTeX", …
  std::string text;    ///< the citation
  std::string href;    ///< where the API serves it (/api/units/{id}/cite?format=…)
};

/// What a unit's page offers besides its context: citations, and oEmbed discovery.
struct UnitPageExtras {
  std::vector<PageCitation> citations;  ///< shown in section#cite, the first one open
  std::string oembed_url;  ///< absolute /oembed?url=… for <link rel="alternate">; empty: none
};

/// A unit's page: the unit (h1 a quote of it) marked in its context, which is its talk when it
/// has one (`talk`, else null: then the units around it in `view`), who said it, the event,
/// date, post and source, links to its talk and post and to the units before and after it;
/// a canonical link and Open Graph and Twitter card tags so that a pasted link previews as the
/// quote; section#cite with `extras.citations` (each with a copy button that the page's script
/// shows, and a download link) and the oEmbed discovery link.
std::string render_unit_page(const query::UnitView& view, const query::TalkView* talk,
                             const PageAssets& assets, const UnitPageExtras& extras = {});

/// A talk's page: its units in order, each linking to its page, headed by who gave the talk,
/// the event and date; links to the talks before and after it in the post.
std::string render_talk_page(const query::TalkView& talk, const PageAssets& assets);

/// A post's page: title, date, author, event and source, then every unit with an id anchor
/// (unit_anchor()), who speaks marked where a talk starts.
std::string render_post_page(const query::PostView& post, const PageAssets& assets);

/// What a reading route shows when it has nothing to: `heading` (the h1), `message` and a link
/// back to the search page. The status is the caller's.
std::string render_reading_error_page(const std::string& heading, const std::string& message,
                                      const PageAssets& assets);

}  // namespace civic::web
