// Pieces the server-rendered pages share (see page_parts.h).
#include "web/page_parts.h"

#include "query/core/html.h"
#include "query/core/text.h"
#include "query/searcher.h"
#include "web/html.h"

namespace civic::web {

std::string document_head(const std::string& title, const PageAssets& assets,
                          const std::string& css) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"color-scheme\" content=\"light dark\">"
         "<title>" +
         html::escape(title) + "</title><link rel=\"icon\" type=\"image/svg+xml\" href=\"" +
         html::escape(assets.icon) + "\"><link rel=\"stylesheet\" href=\"" + html::escape(css) +
         "\">";
}

namespace {

// `text` escaped, as a link to `path` when there is one.
std::string linked(const std::string& path, const std::string& text) {
  return path.empty() ? html::escape(text)
                      : "<a href=\"" + html::escape(path) + "\">" + html::escape(text) + "</a>";
}

std::string profile_path(const char* root, const std::string& name) {
  const std::string slug = text::slug(name);
  return slug.empty() ? slug : root + url_encode(slug);
}

// The masthead: the brand and a plain search form (these pages load no script).
std::string masthead() {
  return "<header class=\"masthead\"><div class=\"masthead-inner\">"
         "<a class=\"brand\" href=\"/\"><span class=\"brand-mark\" aria-hidden=\"true\"></span>"
         "Civic Search</a><form class=\"search-form\" action=\"/search\" method=\"get\" "
         "role=\"search\"><label for=\"q\" class=\"visually-hidden\">Search the archive</label>"
         "<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search talks, speakers, "
         "themes\u2026\" spellcheck=\"false\"><button type=\"submit\" class=\"search-button\">"
         "Search</button></form></div></header>";
}

}  // namespace

std::string render_who(const Unit& unit, WhoLinks links) {
  std::string out;
  for (const query::WhoPart& part : query::who_parts(unit)) {
    const std::string separator = part.separator;
    const std::string_view field = part.field;
    std::string path;
    if (links == WhoLinks::Profiles && field == "speaker") path = speaker_path(*part.text);
    if (links == WhoLinks::Profiles && field == "org") path = org_path(*part.text);
    out += separator == " \u00b7 " ? kSeparator : html::escape(separator);
    out += std::string("<span class=\"hit-") + part.field + "\">" + linked(path, *part.text) +
           "</span>";
  }
  return out.empty() ? out : "<span class=\"hit-who\">" + out + "</span>";
}

std::string render_event(const std::string& event) {
  if (event.empty()) return {};
  return "<span class=\"hit-event\">" + linked(event_path(event), event) + "</span>";
}

// A meta tag; `property` for Open Graph, `name` for the rest.
std::string meta_tag(const char* attr, const char* key, const std::string& content) {
  return std::string("<meta ") + attr + "=\"" + key + "\" content=\"" + html::escape(content) +
         "\">";
}

// Everything up to <main>: the head (`title`, a canonical link when given, `extra` tags), the
// skip link and the masthead.
std::string page_start(const std::string& title, const std::string& canonical,
                       const std::string& extra, const PageAssets& assets) {
  std::string out = document_head(title + " \u2013 Civic Search", assets, assets.app_css);
  if (!canonical.empty())
    out += "<link rel=\"canonical\" href=\"" + html::escape(canonical) + "\">";
  out += extra + "</head><body><a class=\"skip-link\" href=\"#main\">Skip to content</a>";
  return out + masthead() + "<main id=\"main\" class=\"reading\" tabindex=\"-1\">";
}

std::string page_end() { return "</main>" + site_footer(); }

// Search › post › … › the page itself: `trail` holds (href, text) pairs, the last one the page.
std::string crumbs(const std::vector<std::pair<std::string, std::string>>& trail) {
  std::string out =
      "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol><li>" + linked("/", "Search") + "</li>";
  for (std::size_t i = 0; i < trail.size(); ++i) {
    const bool is_page = i + 1 == trail.size();
    out += "<li>" +
           (is_page ? "<span aria-current=\"page\">" + html::escape(trail[i].second) + "</span>"
                    : linked(trail[i].first, trail[i].second)) +
           "</li>";
  }
  return out + "</ol></nav>";
}

std::string site_footer() {
  return "<footer class=\"footer\"><p>Civic Search \u00b7 "
         "<a href=\"/opensearch.xml\">Add to your browser</a> \u00b7 "
         "<a href=\"/feed.atom\">Newest (Atom)</a> \u00b7 "
         "<a href=\"/api/search\">JSON API</a></p></footer></body></html>\n";
}

std::string unit_path(const std::string& unit_id) { return "/units/" + url_encode(unit_id); }
std::string talk_path(const std::string& talk_id) { return "/talks/" + url_encode(talk_id); }
std::string post_path(const std::string& post_id) { return "/posts/" + url_encode(post_id); }
std::string speaker_path(const std::string& name) { return profile_path("/speakers/", name); }
std::string org_path(const std::string& name) { return profile_path("/orgs/", name); }
std::string event_path(const std::string& name) { return profile_path("/events/", name); }

}  // namespace civic::web
