// Pieces the server-rendered pages share (see page_parts.h).
#include "web/page_parts.h"

#include "query/core/html.h"
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

std::string render_who(const Unit& unit) {
  std::string out;
  for (const query::WhoPart& part : query::who_parts(unit)) {
    const std::string separator = part.separator;
    out += separator == " \u00b7 " ? kSeparator : html::escape(separator);
    out += std::string("<span class=\"hit-") + part.field + "\">" + html::escape(*part.text) +
           "</span>";
  }
  return out.empty() ? out : "<span class=\"hit-who\">" + out + "</span>";
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

}  // namespace civic::web
