// The server-rendered search page, embed page, Atom feed and OpenSearch description. The page's
// markup is the contract web/static/app.js enhances: it keeps the ids and classes used here.
#include "web/pages.h"

#include <algorithm>
#include <array>
#include <set>

#include "query/core/html.h"
#include "query/core/schema.h"
#include "query/core/unit.h"
#include "web/explore_parts.h"
#include "web/html.h"
#include "web/page_parts.h"

namespace civic::web {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The sidebar's facets, in the page's order (schema::Field::page_order; not the API's order).
const std::vector<const schema::Field*>& sidebar_facets() {
  static const std::vector<const schema::Field*> kOrder = [] {
    std::vector<const schema::Field*> out;
    for (std::size_t f = 0; f < schema::kCountedFacets; ++f) out.push_back(&schema::kFields[f]);
    std::sort(out.begin(), out.end(), [](const schema::Field* a, const schema::Field* b) {
      return a->page_order < b->page_order;
    });
    return out;
  }();
  return kOrder;
}

// A facet list longer than this gets a filter box (shown by the script, which can search it).
constexpr std::size_t kLongFacet = 8;

std::string single(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::vector<std::string> values(const Params& params, const std::string& name) {
  std::vector<std::string> out;
  auto [first, last] = params.equal_range(name);
  for (auto it = first; it != last; ++it) {
    if (!it->second.empty()) out.push_back(it->second);
  }
  return out;
}

Pairs with_page(Pairs pairs, int page) {
  if (page > 1) pairs.emplace_back("page", std::to_string(page));
  return pairs;
}

const char* group_noun(query::Group group, bool plural) {
  switch (group) {
    case query::Group::Talk:
      return plural ? "talks" : "talk";
    case query::Group::Post:
      return plural ? "posts" : "post";
    case query::Group::Unit:
      break;
  }
  return plural ? "results" : "result";
}

query::Group group_of(const Params& params) {
  return query::group_from_name(single(params, "group")).value_or(query::Group::Unit);
}

// "12 results for “transparency”", the sentence announced to screen readers.
std::string status_text(const query::SearchResponse& response, query::Group group,
                        bool with_page = true) {
  const std::size_t total = response.total;
  std::string s = total == 0 ? std::string("No ") + group_noun(group, true)
                             : thousands(total) + " " + group_noun(group, total != 1);
  if (!response.query.empty()) s += " for \u201c" + response.query + "\u201d";
  const std::size_t per_page = static_cast<std::size_t>(std::max(1, response.per_page));
  const std::size_t pages = (total + per_page - 1) / per_page;
  if (with_page && pages > 1) {
    s += " \u2014 page " + std::to_string(response.page) + " of " + thousands(pages);
  }
  return s;
}

// Last page a request may reach (the API refuses pages past the first 10,000 results).
int last_page(std::size_t total, int per_page) {
  const std::size_t per = static_cast<std::size_t>(std::max(1, per_page));
  const std::size_t pages = std::max<std::size_t>(1, (total + per - 1) / per);
  return static_cast<int>(std::min<std::size_t>(pages, query::kMaxResultWindow / per));
}

// Who wrote the unit's text: a comment's commenter, else the post's author (the blogger);
// empty when the archive does not say.
const std::string& written_by(const query::Hit& hit) {
  return hit.unit.comment ? hit.unit.comment->author : hit.post.author;
}

std::string render_meta(const query::Hit& hit) {
  std::vector<std::string> parts;
  auto add = [&parts](const char* cls, const std::string& text) {
    if (!text.empty())
      parts.push_back(std::string("<span class=\"") + cls + "\">" + html::escape(text) + "</span>");
  };
  if (std::string who = render_who(hit.unit); !who.empty()) parts.push_back(std::move(who));
  if (std::string event = render_event(hit.post.event); !event.empty())
    parts.push_back(std::move(event));
  if (!hit.post.date.empty()) {
    parts.push_back("<time class=\"hit-date\" datetime=\"" + html::escape(hit.post.date) + "\">" +
                    html::escape(hit.post.date) + "</time>");
  }
  if (const std::string& author = written_by(hit); !author.empty())
    add("hit-author", "by " + author);
  add("hit-kind", std::string(unit_kind_name(hit.unit.kind)));
  // Beside the link to the unit's page (the title), the paragraph in the archive's own post.
  if (!hit.url.empty()) {
    parts.push_back("<a class=\"hit-source\" href=\"" + html::escape(hit.url) +
                    "\">original post</a>");
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += kSeparator;
    out += parts[i];
  }
  return out;
}

std::string render_hit(const query::Hit& hit, query::Group group) {
  std::string out = "<li class=\"hit\">";
  const std::string title = hit.post.title.empty() ? hit.unit.id : hit.post.title;
  out += "<h3 class=\"hit-title\"><a href=\"" + html::escape(unit_path(hit.unit.id)) + "\">" +
         html::escape(title) + "</a></h3><p class=\"hit-meta\">" + render_meta(hit) + "</p>";
  if (!hit.unit.context.empty()) {
    out += "<p class=\"hit-context\">" + html::escape(hit.unit.context) + "</p>";
  }
  // The snippet is HTML-escaped by the query library, with <mark> around matches.
  out += "<p class=\"hit-snippet\">" + hit.snippet + "</p>";
  if (hit.more > 0) {
    out += "<p class=\"hit-more\">+" + std::to_string(hit.more) + " more in this " +
           group_noun(group, false) + "</p>";
  }
  return out + "</li>";
}

std::string render_pagination(const Pairs& base, const query::SearchResponse& response) {
  const int last = last_page(response.total, response.per_page);
  const int page = response.page;
  if (last <= 1 && page <= 1) return "<nav class=\"pagination\" id=\"pagination\" hidden></nav>";
  std::string out = "<nav class=\"pagination\" id=\"pagination\" aria-label=\"Pages\"><ul>";
  auto page_link = [&](int n, const std::string& text, const std::string& extra) {
    return "<li><a href=\"" + html::escape(link("/search", with_page(base, n))) + "\"" + extra +
           ">" + text + "</a></li>";
  };
  if (page > 1) out += page_link(page - 1, "\u2190 Previous", " rel=\"prev\" class=\"page-prev\"");
  std::set<int> shown = {1, last};
  for (int n = page - 2; n <= page + 2; ++n) {
    if (n >= 1 && n <= last) shown.insert(n);
  }
  int previous = 0;
  for (int n : shown) {
    if (previous && n > previous + 1) out += "<li class=\"gap\" aria-hidden=\"true\">\u2026</li>";
    out += n == page
               ? page_link(n, std::to_string(n), " aria-current=\"page\"")
               : page_link(n, std::to_string(n), " aria-label=\"Page " + std::to_string(n) + "\"");
    previous = n;
  }
  if (page < last) out += page_link(page + 1, "Next \u2192", " rel=\"next\" class=\"page-next\"");
  return out + "</ul></nav>";
}

std::string render_facet(const schema::Field& facet, const Params& params,
                         const query::SearchResponse* response) {
  const std::string name(facet.name);
  const std::vector<std::string> selected = values(params, name);
  std::vector<query::FacetCount> counts;
  if (response) {
    auto it = response->facets.find(name);
    if (it != response->facets.end()) counts = it->second;
  }
  // A ticked value stays listed even when it fell outside the facet limit.
  for (const auto& value : selected) {
    if (std::none_of(counts.begin(), counts.end(),
                     [&](const query::FacetCount& c) { return c.value == value; }))
      counts.push_back({value, 0});
  }
  const std::string label(facet.label), plural(facet.plural);
  std::string out = "<fieldset class=\"facet\" id=\"facet-" + name + "\" data-facet=\"" + name +
                    "\"><legend>" + label + "</legend>";
  out += "<input type=\"search\" class=\"facet-filter\" data-facet=\"" + name +
         "\" aria-label=\"Filter " + plural + "\" placeholder=\"Filter " + plural +
         "\u2026\" autocomplete=\"off\"" + (counts.size() > kLongFacet ? "" : " data-short") +
         " hidden>";
  out += "<ul class=\"facet-values\">";
  if (counts.empty()) out += "<li class=\"facet-empty\">None</li>";
  for (const auto& c : counts) {
    const bool checked = std::find(selected.begin(), selected.end(), c.value) != selected.end();
    out += "<li><label class=\"facet-option\"><input type=\"checkbox\" name=\"" + name +
           "\" value=\"" + html::escape(c.value) + "\" form=\"search-form\"" +
           (checked ? " checked" : "") + "><span class=\"facet-name\">" + html::escape(c.value) +
           "</span><span class=\"facet-count\">" + thousands(c.count) + "</span></label></li>";
  }
  return out + "</ul></fieldset>";
}

std::string option(const std::string& value, const std::string& label, bool selected) {
  return "<option value=\"" + value + "\"" + (selected ? " selected" : "") + ">" + label +
         "</option>";
}

std::string radio(const std::string& value, const std::string& label, bool checked) {
  return "<label class=\"switch-option\"><input type=\"radio\" name=\"group\" value=\"" + value +
         "\" form=\"search-form\"" + (checked ? " checked" : "") + "><span>" + label +
         "</span></label>";
}

}  // namespace

Pairs search_link_params(const Params& params) {
  Pairs out;
  const std::string q = single(params, "q");
  if (!q.empty()) out.emplace_back("q", q);
  for (const auto& facet : query::facet_names()) {
    for (const auto& value : values(params, facet)) out.emplace_back(facet, value);
  }
  for (const char* name : {"from", "to", "sort", "group", "per_page"}) {
    const std::string value = single(params, name);
    if (!value.empty()) out.emplace_back(name, value);
  }
  return out;
}

namespace {

// <head> and the skip link, up to the masthead.
std::string page_head(const std::string& q, const Pairs& base, const PageAssets& assets) {
  std::string out = document_head(q.empty() ? "Civic Search" : q + " \u2013 Civic Search", assets,
                                  assets.app_css);
  out +=
      "<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
      "title=\"Civic Search\" href=\"" +
      html::escape(assets.base_url) + "/opensearch.xml\">";
  out += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" +
         html::escape(q.empty() ? std::string("Civic Search: newest") : "Civic Search: " + q) +
         "\" href=\"" + html::escape(assets.base_url + link("/feed.atom", base)) + "\">";
  out += "<script src=\"" + html::escape(assets.app_js) + "\" defer></script></head><body>";
  out += "<a class=\"skip-link\" href=\"#results\">Skip to results</a>";
  return out;
}

// The masthead with the search form; sidebar controls join the form through their form attribute.
std::string masthead(const Params& params, const std::string& q, const Pairs& view) {
  std::string out;
  out +=
      "<header class=\"masthead\"><div class=\"masthead-inner\">"
      "<a class=\"brand\" href=\"/\"><span class=\"brand-mark\" aria-hidden=\"true\"></span>"
      "Civic Search</a>"
      "<form id=\"search-form\" class=\"search-form\" action=\"/search\" method=\"get\" "
      "role=\"search\"><label for=\"q\" class=\"visually-hidden\">Search the archive</label>"
      "<div class=\"combobox\"><input id=\"q\" name=\"q\" type=\"search\" value=\"" +
      html::escape(q) +
      "\" placeholder=\"Search talks, speakers, themes\u2026\" autocomplete=\"off\" "
      "spellcheck=\"false\" role=\"combobox\" aria-autocomplete=\"list\" "
      "aria-expanded=\"false\" aria-controls=\"q-suggestions\">"
      "<ul id=\"q-suggestions\" class=\"suggestions\" role=\"listbox\" "
      "aria-label=\"Suggestions\" hidden></ul></div>"
      "<button type=\"submit\" class=\"search-button\">Search</button>";
  if (const std::string per_page = single(params, "per_page"); !per_page.empty()) {
    out += "<input type=\"hidden\" name=\"per_page\" value=\"" + html::escape(per_page) + "\">";
  }
  // How the chart and the panel show the search (web/explore_parts.h) outlive a new search.
  for (const auto& [name, value] : view) {
    out += "<input type=\"hidden\" name=\"" + name + "\" value=\"" + html::escape(value) + "\">";
  }
  out += "</form></div></header>";
  return out;
}

// "Who said it most" (web/explore_parts.h), then grouping, order, dates and the facets. Each a
// <details> so that phones can fold them away (the script folds them on load).
std::string sidebar(const Params& params, const query::SearchResponse* response,
                    const std::string& q, query::Group group, const std::string& who_said) {
  const query::Sort sort =
      query::sort_from_name(single(params, "sort")).value_or(query::Sort::Relevance);
  std::string out;
  out +=
      "<div class=\"page\"><aside class=\"sidebar\" id=\"sidebar\" "
      "aria-labelledby=\"refine-heading\">" +
      who_said +
      "<details class=\"refine\" id=\"refine\" open>"
      "<summary><h2 id=\"refine-heading\">Refine</h2></summary><div class=\"sidebar-head\">"
      "<a class=\"clear-filters\" href=\"" +
      html::escape(link("/search", q.empty() ? Pairs{} : Pairs{{"q", q}})) +
      "\">Clear all filters</a></div>";
  out += "<fieldset class=\"switch\" id=\"group-switch\"><legend>Show</legend>";
  for (const auto& [g, label] : {std::pair{query::Group::Unit, "Units"},
                                 std::pair{query::Group::Talk, "Talks"},
                                 std::pair{query::Group::Post, "Posts"}}) {
    out += radio(std::string(query::group_name(g)), label, group == g);
  }
  out += "</fieldset>";
  out +=
      "<div class=\"field\"><label for=\"sort\">Sort by</label><select id=\"sort\" "
      "name=\"sort\" form=\"search-form\">";
  for (const auto& [s, label] : {std::pair{query::Sort::Relevance, "Relevance"},
                                 std::pair{query::Sort::Newest, "Newest first"},
                                 std::pair{query::Sort::Oldest, "Oldest first"}}) {
    out += option(std::string(query::sort_name(s)), label, sort == s);
  }
  out += "</select></div>";
  out +=
      "<fieldset class=\"dates\"><legend>Date</legend><div class=\"date-row\">"
      "<label for=\"from\">From</label><input type=\"date\" id=\"from\" name=\"from\" "
      "form=\"search-form\" value=\"" +
      html::escape(single(params, "from")) +
      "\"></div><div class=\"date-row\"><label for=\"to\">To</label><input type=\"date\" "
      "id=\"to\" name=\"to\" form=\"search-form\" value=\"" +
      html::escape(single(params, "to")) + "\"></div></fieldset>";
  for (const schema::Field* facet : sidebar_facets()) out += render_facet(*facet, params, response);
  out +=
      "<button type=\"submit\" form=\"search-form\" class=\"apply-button\">Apply filters"
      "</button></details></aside>";
  return out;
}

// The error, "did you mean" and partial-answer notices: always present (hidden when empty), so
// the script can fill them in.
std::string notices(const query::SearchResponse* response, const std::string& error,
                    const Pairs& base) {
  std::string out;
  if (!error.empty()) {
    out += "<p class=\"error\" id=\"search-error\" role=\"alert\">" + html::escape(error) + "</p>";
  } else {
    out += "<p class=\"error\" id=\"search-error\" role=\"alert\" hidden></p>";
  }
  if (response && response->suggestion) {
    Pairs suggested = base;
    for (auto& [name, value] : suggested) {
      if (name == "q") value = *response->suggestion;
    }
    out += "<p class=\"did-you-mean\" id=\"did-you-mean\">Did you mean <a href=\"" +
           html::escape(link("/search", suggested)) + "\">" + html::escape(*response->suggestion) +
           "</a>?</p>";
  } else {
    out += "<p class=\"did-you-mean\" id=\"did-you-mean\" hidden></p>";
  }
  // Over shards: say so when some did not answer (the results and counts leave them out).
  if (response && response->partial()) {
    out +=
        "<p class=\"partial\" id=\"partial-notice\" role=\"status\">Some of the archive did not "
        "answer in time, so these results may be incomplete.</p>";
  } else {
    out += "<p class=\"partial\" id=\"partial-notice\" role=\"status\" hidden></p>";
  }
  return out;
}

// "Download results": every matching unit of this search, not only this page (GET /api/export,
// which takes no group, page or per_page); web/static/app.js keeps the links in step.
std::string export_links(const Pairs& base) {
  Pairs pairs;
  for (const auto& pair : base) {
    if (pair.first != "group" && pair.first != "per_page") pairs.push_back(pair);
  }
  std::string out = "<span class=\"export-links\">Download results: ";
  bool first = true;
  for (const auto& [format, label] : {std::pair{"csv", "CSV"}, std::pair{"jsonl", "JSONL"}}) {
    Pairs with_format = pairs;
    with_format.emplace_back("format", format);
    if (!std::exchange(first, false)) out += kSeparator;
    out += std::string("<a id=\"export-") + format + "\" href=\"" +
           html::escape(link("/api/export", with_format)) + "\" download>" + label + "</a>";
  }
  return out + "</span>";
}

// The results: status line, notices, hits and pagination.
// `base` defines the search (feed, export); `links` adds the chart's and panel's view (pages,
// "did you mean").
std::string results(const query::SearchResponse* response, const std::string& error,
                    const Pairs& base, const Pairs& links, query::Group group,
                    const std::string& timeline) {
  std::string out;
  out +=
      "<main id=\"results\" class=\"results\" tabindex=\"-1\" aria-labelledby=\"results-heading\">"
      "<h2 id=\"results-heading\" class=\"visually-hidden\">Results</h2>"
      "<div class=\"results-head\"><p id=\"result-status\" class=\"result-status\" "
      "role=\"status\" aria-live=\"polite\" aria-atomic=\"true\">";
  if (response) {
    out += html::escape(status_text(*response, group));
  } else {
    out += "Search failed";
  }
  out += "</p><a class=\"feed-link\" id=\"feed-link\" href=\"" +
         html::escape(link("/feed.atom", base)) + "\">Follow this search (Atom)</a>" +
         export_links(base) + "</div>";
  out += notices(response, error, links) + timeline;
  const int start = response ? (response->page - 1) * response->per_page + 1 : 1;
  out += "<ol class=\"hits\" id=\"hits\" start=\"" + std::to_string(start) + "\">";
  if (response) {
    for (const auto& hit : response->hits) out += render_hit(hit, group);
  }
  out += "</ol>";
  if (response) {
    out += render_pagination(links, *response);
  } else {
    out += "<nav class=\"pagination\" id=\"pagination\" hidden></nav>";
  }
  return out;
}

}  // namespace

std::string render_search_page(const Params& params, const query::SearchResponse* response,
                               const std::string& error, const PageAssets& assets,
                               const PageExplore& explore) {
  const Pairs base = search_link_params(params);
  const std::string q = single(params, "q");
  const query::Group group = group_of(params);
  const ExploreView view = explore_view(params);
  const Pairs view_params = explore_link_params(view);
  Pairs links = base;
  links.insert(links.end(), view_params.begin(), view_params.end());
  std::string out =
      page_head(q, base, assets) + masthead(params, q, view_params) +
      sidebar(params, response, q, group, render_who_said(explore.top, base, view)) +
      results(response, error, base, links, group, render_timeline(explore.timeline, base, view));
  return out + "</main></div>" + site_footer();
}

std::string render_embed_page(const Params& params, const query::SearchResponse* response,
                              const std::string& error, const EmbedOptions& options,
                              const PageAssets& assets) {
  const std::string q = single(params, "q");
  const std::string placeholder =
      options.placeholder.empty() ? std::string("Search the archive") : options.placeholder;
  std::string out = document_head("Civic Search", assets, assets.embed_css);
  out += "</head><body class=\"civic-frame\"><div class=\"civic\" data-theme=\"" +
         html::escape(options.theme) + "\">";
  out +=
      "<form class=\"civic-form\" action=\"/embed\" method=\"get\" role=\"search\">"
      "<label class=\"civic-vh\" for=\"civic-q\">" +
      html::escape(placeholder) +
      "</label><input class=\"civic-input\" id=\"civic-q\" name=\"q\" type=\"search\" "
      "value=\"" +
      html::escape(q) + "\" placeholder=\"" + html::escape(placeholder) + "\">";
  out += "<input type=\"hidden\" name=\"results\" value=\"" + std::to_string(options.results) +
         "\"><input type=\"hidden\" name=\"theme\" value=\"" + html::escape(options.theme) + "\">";
  if (!options.placeholder.empty()) {
    out += "<input type=\"hidden\" name=\"placeholder\" value=\"" +
           html::escape(options.placeholder) + "\">";
  }
  out += "<button class=\"civic-button\" type=\"submit\">Search</button></form>";
  if (!error.empty()) {
    out += "<p class=\"civic-status\" role=\"status\">" + html::escape(error) + "</p>";
  } else if (response) {
    out += "<p class=\"civic-status\" role=\"status\">" +
           html::escape(status_text(*response, query::Group::Unit, false)) +
           "</p><ol class=\"civic-hits\">";
    for (const auto& hit : response->hits) {
      const std::string title = hit.post.title.empty() ? hit.unit.id : hit.post.title;
      out += "<li class=\"civic-hit\"><a class=\"civic-hit-title\" target=\"_top\" href=\"" +
             html::escape(assets.base_url + unit_path(hit.unit.id)) + "\">" + html::escape(title) +
             "</a><p class=\"civic-meta\">";
      std::string meta = query::who_line(hit.unit);
      if (!hit.post.date.empty()) meta += (meta.empty() ? "" : " \u00b7 ") + hit.post.date;
      out += html::escape(meta);
      // The paragraph in the blog's own post, beside the link to the unit's page.
      if (!hit.url.empty()) {
        out += std::string(meta.empty() ? "" : " \u00b7 ") +
               "<a class=\"civic-source\" target=\"_top\" href=\"" + html::escape(hit.url) +
               "\">in the post</a>";
      }
      out += "</p><p class=\"civic-snippet\">" + hit.snippet + "</p></li>";
    }
    out += "</ol>";
  }
  out += "<a class=\"civic-more\" target=\"_top\" href=\"" +
         html::escape(assets.base_url + link("/search", q.empty() ? Pairs{} : Pairs{{"q", q}})) +
         "\">" +
         (response && response->total > 0 ? "All " + thousands(response->total) + " results"
                                          : std::string("Open the full search")) +
         " \u2192</a></div></body></html>\n";
  return out;
}

std::string render_atom_feed(const Params& params, const query::SearchResponse& response,
                             const std::string& base_url) {
  const Pairs base = search_link_params(params);
  const std::string q = single(params, "q");
  std::string updated = "1970-01-01";
  for (const auto& hit : response.hits) updated = std::max(updated, hit.post.date);
  std::string title = "Civic Search";
  if (!q.empty()) title += ": " + q;
  std::vector<std::string> filters;
  for (const auto& [name, value] : base) {
    if (name != "q" && name != "per_page" && name != "sort") filters.push_back(name + "=" + value);
  }
  if (!filters.empty()) {
    title += " (";
    for (std::size_t i = 0; i < filters.size(); ++i) title += (i ? ", " : "") + filters[i];
    title += ")";
  }
  const std::string self = base_url + link("/feed.atom", base);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">";
  out += "<title>" + html::escape(title) + "</title>";
  out += "<id>" + html::escape(self) + "</id>";
  out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" + html::escape(self) + "\"/>";
  out += "<link rel=\"alternate\" type=\"text/html\" href=\"" +
         html::escape(base_url + link("/search", base)) + "\"/>";
  out += "<updated>" + html::escape(updated) + "T00:00:00Z</updated>";
  out += "<author><name>Civic Search</name></author><generator>Civic Search</generator>";
  for (const auto& hit : response.hits) {
    // The entry's id stays the unit's API address it has always been, so that feed readers do
    // not take old entries for new ones; it links to the unit's page.
    const std::string unit_url = base_url + "/api/units/" + url_encode(hit.unit.id);
    const std::string page_url = base_url + unit_path(hit.unit.id);
    std::string entry_title = hit.post.title.empty() ? hit.unit.id : hit.post.title;
    if (!hit.unit.speaker.empty()) entry_title = hit.unit.speaker + " \u2014 " + entry_title;
    const std::string date = hit.post.date.empty() ? std::string("1970-01-01") : hit.post.date;
    out += "<entry><title>" + html::escape(entry_title) + "</title>";
    out += "<id>" + html::escape(unit_url) + "</id>";
    // The unit's page; the paragraph in the archive's own post, when it has one, is related, as
    // is the unit's JSON.
    out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + html::escape(page_url) + "\"/>";
    if (!hit.url.empty()) {
      out += "<link rel=\"related\" type=\"text/html\" href=\"" + html::escape(hit.url) + "\"/>";
    }
    out +=
        "<link rel=\"related\" type=\"application/json\" href=\"" + html::escape(unit_url) + "\"/>";
    out += "<updated>" + html::escape(date) + "T00:00:00Z</updated>";
    if (!hit.unit.speaker.empty())
      out += "<author><name>" + html::escape(hit.unit.speaker) + "</name></author>";
    out += "<category term=\"" + html::escape(std::string(unit_kind_name(hit.unit.kind))) + "\"/>";
    for (const auto& theme : hit.unit.themes)
      out += "<category term=\"" + html::escape(theme) + "\"/>";
    // The snippet is escaped HTML: escaping it once more makes it Atom's type="html" content.
    out += "<summary type=\"html\">" + html::escape(hit.snippet) + "</summary>";
    out += "<content type=\"text\">" + html::escape(hit.unit.text) + "</content></entry>";
  }
  return out + "</feed>\n";
}

std::string render_opensearch(const std::string& base_url) {
  const std::string base = html::escape(base_url);
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">"
         "<ShortName>Civic Search</ShortName>"
         "<Description>Search the talks, notes and comments of civic-event live-blogs"
         "</Description><InputEncoding>UTF-8</InputEncoding><OutputEncoding>UTF-8"
         "</OutputEncoding><Image type=\"image/svg+xml\" width=\"64\" height=\"64\">" +
         base + "/static/icon.svg</Image><Url type=\"text/html\" method=\"get\" template=\"" +
         base +
         "/search?q={searchTerms}&amp;page={startPage?}\"/>"
         "<Url type=\"application/atom+xml\" method=\"get\" template=\"" +
         base +
         "/feed.atom?q={searchTerms}\"/><Url type=\"application/opensearchdescription+xml\" "
         "rel=\"self\" template=\"" +
         base + "/opensearch.xml\"/></OpenSearchDescription>\n";
}

}  // namespace civic::web
