// GET /api/units/{id}/cite?format=…, GET /units/{id}/card and GET /oembed?url=…: the quoting
// routes. The renderers are web/cite.h's; this file only parses, looks up and sets headers.
#include "web/cite_routes.h"

#include <array>
#include <utility>

#include "query/core/text.h"
#include "web/cite.h"
#include "web/html.h"
#include "web/page_parts.h"
#include "web/params.h"

namespace civic::web {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;  // the oEmbed url parameter
constexpr int kMaxFrameSize = 10000;        // maxwidth, maxheight (px)
constexpr const char* kCiteCache = "public, max-age=300";
constexpr const char* kCardCache = "public, max-age=3600";

constexpr std::array<std::pair<CiteFormat, const char*>, 5> kPageFormats = {{
    {CiteFormat::Text, "Plain text"},
    {CiteFormat::Markdown, "Markdown"},
    {CiteFormat::Bibtex, "BibTeX"},
    {CiteFormat::Ris, "RIS"},
    {CiteFormat::CslJson, "CSL-JSON"},
}};

std::string format_list() {
  std::string out;
  for (const auto& [format, label] : kPageFormats) {
    if (!out.empty()) out += ", ";
    out += cite_format_name(format);
  }
  return out;
}

// The unit `id` names, as a hit (no neighbours). NotFound for an unknown id.
Result<query::Hit> unit_hit(RouteContext& context, const std::string& id) {
  auto searcher = context.searcher();
  if (!searcher) return Unexpected{searcher.error()};
  auto view = (*searcher)->unit(id, 0);
  if (!view) return Unexpected{view.error()};
  return std::move(view->unit);
}

void handle_cite(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  auto name = text_param(req.params, "format", 16);
  if (!name) return send_error(res, name.error());
  const auto format = cite_format_from_name(name->empty() ? "text" : *name);
  if (!format) {
    return send_error(res, {ErrorCode::InvalidInput,
                            "format must be one of " + format_list() + " (default text)"});
  }
  auto id = path_id(req, "unit");
  if (!id) return send_error(res, id.error());
  auto hit = unit_hit(context, *id);
  if (!hit) return send_lookup_error(context, req, res, *id, hit.error());
  const CiteContext cite{context.base_url(req) + unit_path(hit->unit.id), today_utc()};
  res.set_header("Cache-Control", kCiteCache);
  res.set_header("Content-Disposition", "inline; filename=\"" + citation_key(*hit) + "." +
                                            std::string(cite_file_extension(*format)) + "\"");
  res.set_content(render_citation(*hit, *format, cite), std::string(cite_content_type(*format)));
}

void handle_card(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  auto id = path_id(req, "unit");
  if (!id) return send_error(res, id.error());
  auto hit = unit_hit(context, *id);
  if (!hit) return send_lookup_error(context, req, res, *id, hit.error(), AnswerAs::Html);
  const PageAssets assets = context.page_assets(req);
  const CardContext card{assets.base_url + unit_path(hit->unit.id), assets.card_css};
  res.set_header("Content-Security-Policy",
                 std::string(kQuoteCardPolicy) + "; frame-ancestors " + context.frame_ancestors());
  res.set_header("Cache-Control", kCardCache);
  res.set_content(render_quote_card(*hit, card), kHtmlType);
}

// The unit id of `url` when it is a unit page of this server ({base}/units/{id}, a query or
// fragment allowed); empty otherwise.
std::string unit_id_of(const std::string& url, const std::string& base_url) {
  const std::string prefix = base_url + "/units/";
  if (url.compare(0, prefix.size(), prefix) != 0) return {};
  std::string id = url.substr(prefix.size());
  id = id.substr(0, id.find_first_of("?#"));
  if (id.empty() || id.find('/') != std::string::npos) return {};
  return httplib::detail::decode_url(id, false);
}

// The unit an old id leads to now, for an oEmbed consumer that holds an old link. NotFound when
// the id never existed or its post is gone.
Result<query::Hit> moved_unit(RouteContext& context, const std::string& id) {
  auto searcher = context.searcher();
  if (!searcher) return Unexpected{searcher.error()};
  auto resolution = (*searcher)->resolve(id);
  if (!resolution) return Unexpected{resolution.error()};
  if (resolution->kind != query::Resolution::Kind::Moved ||
      resolution->id.find('~') != std::string::npos) {
    return fail(ErrorCode::NotFound, resolution->kind == query::Resolution::Kind::Gone
                                         ? "the post of this unit was removed from the archive"
                                         : "no unit " + text::quoted_excerpt(id, 120));
  }
  return unit_hit(context, resolution->id);
}

void handle_oembed(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  auto url = text_param(req.params, "url", kMaxUrlBytes);
  if (!url) return send_error(res, url.error());
  auto format = text_param(req.params, "format", 16);
  if (!format) return send_error(res, format.error());
  auto max_width = int_param(req.params, "maxwidth", 0, 0, kMaxFrameSize);
  if (!max_width) return send_error(res, max_width.error());
  auto max_height = int_param(req.params, "maxheight", 0, 0, kMaxFrameSize);
  if (!max_height) return send_error(res, max_height.error());
  // oEmbed 1.0 lets a provider offer one format; it would answer 501 for the other, and a
  // refused request here is a 4xx like every bad request.
  if (!format->empty() && *format != "json") {
    return send_error(
        res, {ErrorCode::InvalidInput, "format=" + std::string(text::truncate_utf8(*format, 16)) +
                                           " is not served; ask for format=json"});
  }
  const std::string base = context.base_url(req);
  if (url->empty()) {
    return send_error(res,
                      {ErrorCode::InvalidInput,
                       "url is required: a unit page of this archive, " + base + "/units/{id}"});
  }
  const std::string id = unit_id_of(*url, base);
  if (id.empty()) {
    return send_error(res, {ErrorCode::NotFound,
                            "url is not a unit page of this archive (" + base + "/units/{id})"});
  }
  if (!text::is_valid_utf8(id))
    return send_error(res, {ErrorCode::InvalidInput, "the unit id in url is not valid UTF-8"});
  auto hit = unit_hit(context, id);
  if (!hit && hit.error().code == ErrorCode::NotFound) hit = moved_unit(context, id);
  if (!hit) return send_error(res, hit.error());
  OEmbedContext oembed{base};
  oembed.max_width = *max_width;
  oembed.max_height = *max_height;
  res.set_header("Cache-Control", kCiteCache);
  send_json(res, render_oembed_json(*hit, oembed));
}

}  // namespace

UnitPageExtras unit_page_extras(const query::Hit& hit, const std::string& base_url) {
  UnitPageExtras extras;
  const std::string permalink = base_url + unit_path(hit.unit.id);
  const CiteContext cite{permalink, today_utc()};
  for (const auto& [format, label] : kPageFormats) {
    const std::string name(cite_format_name(format));
    extras.citations.push_back({name, label, render_citation(hit, format, cite),
                                "/api" + unit_path(hit.unit.id) + "/cite?format=" + name});
  }
  extras.oembed_url = base_url + "/oembed?format=json&url=" + url_encode(permalink);
  return extras;
}

void add_cite_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/units/([^/]+)/cite",
           [&context](const httplib::Request& req, httplib::Response& res) {
             handle_cite(context, req, res);
           });
  http.Get("/units/([^/]+)/card", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_card(context, req, res);
  });
  http.Get("/oembed", [&context](const httplib::Request& req, httplib::Response& res) {
    handle_oembed(context, req, res);
  });
}

}  // namespace civic::web
