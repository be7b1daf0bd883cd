// Server-rendered documents: the search page (/ and /search, usable without scripts), the
// framable embed page (/embed), the Atom feed (/feed.atom) and the OpenSearch description.
// Pure functions from a search response to bytes, so they are tested without sockets. Every
// archive string is escaped with html::escape() (query/core/html.h); only a hit's snippet, which the
// query library already escaped, is inserted as markup. Does not include httplib or Xapian.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "query/searcher.h"
#include "query/core/html.h"

namespace civic::web {

using Params = std::multimap<std::string, std::string>;

/// Where a page finds this server and its assets.
struct PageAssets {
  std::string base_url;   ///< absolute origin of this server, no trailing slash
  std::string app_css;    ///< versioned path of the page's stylesheet ("/static/app.css?v=…")
  std::string app_js;     ///< versioned path of the page's script
  std::string embed_css;  ///< versioned path of the embed stylesheet
  std::string icon;       ///< versioned path of the icon
  std::string reading_js;  ///< versioned path of the reading pages' script (copy buttons)
  std::string card_css;    ///< versioned path of the quote card's stylesheet
};

/// The parameters that define a search (q, filters, dates, sort, group, per_page), in a stable
/// order and without page or unknown parameters: the basis of every link a page builds.
std::vector<std::pair<std::string, std::string>> search_link_params(const Params& params);

/// What the search page shows beside its results (web/explore_parts.h): the search's timeline
/// above them and who matched it most in the sidebar. Null when not counted (or counting failed):
/// the page then leaves that part out.
struct PageExplore {
  const query::Timeline* timeline = nullptr;
  const query::TopList* top = nullptr;
};

/// The search page for `params`. `response` is null when the request was refused; `error` then
/// says why and is shown in place of results.
std::string render_search_page(const Params& params, const query::SearchResponse* response,
                               const std::string& error, const PageAssets& assets,
                               const PageExplore& explore = {});

/// Options of the embed page, from its query parameters.
struct EmbedOptions {
  int results = 5;             ///< hits shown (1–10)
  std::string theme = "auto";  ///< "light", "dark" or "auto" (the reader's preference)
  std::string placeholder;     ///< search box placeholder; empty = a default
};

/// The small search page meant for an <iframe> on a blog: a form and the top hits, links opening
/// in the top window. `response` is null when there is no query yet or it was refused.
std::string render_embed_page(const Params& params, const query::SearchResponse* response,
                              const std::string& error, const EmbedOptions& options,
                              const PageAssets& assets);

/// An Atom 1.0 feed of `response`'s hits (expected newest first) with absolute links.
std::string render_atom_feed(const Params& params, const query::SearchResponse& response,
                             const std::string& base_url);

/// The OpenSearch 1.1 description, with absolute templates for the page and the feed.
std::string render_opensearch(const std::string& base_url);

}  // namespace civic::web
