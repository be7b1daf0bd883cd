// The HTTP server: routes, CORS, security and cache headers, metrics and the Searchers requests
// borrow. Response helpers and the RouteContext handlers see are in web/routes.h.
#include "web/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "query/core/text.h"
#include "query/searcher.h"
#include "web/cite_routes.h"
#include "web/explore_routes.h"
#include "web/export_routes.h"
#include "web/html.h"
#include "web/metrics.h"
#include "web/pages.h"
#include "web/params.h"
#include "web/profile_routes.h"
#include "web/reading_routes.h"
#include "web/routes.h"
#include "web/static_files.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxPrefixBytes = 256;
constexpr int kMaxFacetValues = 1000;
constexpr int kMaxSuggestions = 50;
constexpr int kMaxRadius = 20;
constexpr int kFeedEntries = 20;      // entries in a feed when per_page is not given
constexpr int kMaxEmbedResults = 10;  // hits the embed page shows at most
constexpr std::size_t kMaxPlaceholderBytes = 200;
constexpr unsigned kMinDefaultThreads = 64;  // worker threads without --threads (see configure())

constexpr const char* kFeedCache = "public, max-age=300";
constexpr const char* kStaticCache = "public, max-age=300";  // unversioned asset URLs
constexpr const char* kVersionedCache = "public, max-age=31536000, immutable";  // ?v=<hash>
constexpr const char* kEmbedScriptCache = "public, max-age=3600";  // pasted into blogs as is

// Set by the pre-routing handler and read by the logger: httplib runs both for one request on
// the same worker thread, one request at a time.
thread_local Clock::time_point t_request_start;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A Host header fit to build links from: a name or address and an optional port, nothing else.
bool is_plain_host(const std::string& host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

// An origin fit to go into a CSP header ("https://blog.example.org:8443").
bool is_plain_origin(const std::string& origin) {
  const auto scheme = origin.find("://");
  if (scheme == std::string::npos || scheme == 0) return false;
  for (char c : origin.substr(0, scheme)) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return is_plain_host(origin.substr(scheme + 3));
}

// httplib compresses a response with brotli at its highest quality whenever the client accepts
// br: 115 ms more than gzip for a 90 KB /api/search answer (9.0 against 11.6 KB), and for a
// large export seconds of CPU and tens of MB (a 9.6 MB CSV: 4.9 s and +50 MB, against 0.4 s).
// Every response is therefore offered gzip only. The Request is httplib's own non-const object,
// handed to the handlers as const; this runs before any handler reads it.
void offer_gzip_only(const httplib::Request& req) {
  const std::string accepted = req.get_header_value("Accept-Encoding");
  if (accepted.find("br") == std::string::npos) return;
  auto& headers = const_cast<httplib::Request&>(req).headers;
  headers.erase("Accept-Encoding");
  if (accepted.find("gzip") != std::string::npos) headers.emplace("Accept-Encoding", "gzip");
}

// Why httplib refused a request before any route ran.
std::string refusal_reason(int status) {
  switch (status) {
    case 400:
      return "malformed request";
    case 413:
      return "request body too large";
    case 414:
      return "request URI too long";
    case 416:
      return "requested range not satisfiable";
    default:
      return "request refused with status " + std::to_string(status);
  }
}

// The metrics label of a request: its route pattern, so ids do not explode the label set.
std::string route_label(const httplib::Request& req) {
  if (req.method == "OPTIONS") return "preflight";
  for (const char* route :
       {"/api/search", "/api/export", "/api/timeline", "/api/top", "/api/suggest", "/healthz",
        "/metrics", "/", "/search", "/search/explore", "/embed", "/embed.js", "/feed.atom",
        "/opensearch.xml", "/oembed"}) {
    if (req.path == route) return route;
  }
  for (const char* tail : {"/cite", "/card"}) {
    const std::size_t n = std::strlen(tail);
    if (req.path.size() > n && req.path.compare(req.path.size() - n, n, tail) == 0) {
      if (req.path.rfind("/api/units/", 0) == 0) return "/api/units/{id}" + std::string(tail);
      if (req.path.rfind("/units/", 0) == 0) return "/units/{id}" + std::string(tail);
    }
  }
  for (const char* reading :
       {"/api/units/", "/api/talks/", "/api/posts/", "/units/", "/talks/", "/posts/"}) {
    if (req.path.rfind(reading, 0) == 0) return std::string(reading) + "{id}";
  }
  for (const char* profile : {"/api/speakers/", "/api/orgs/", "/api/events/", "/speakers/",
                              "/orgs/", "/events/"}) {
    if (req.path.rfind(profile, 0) == 0) return std::string(profile) + "{slug}";
  }
  if (req.path.rfind("/api/facets/", 0) == 0) return "/api/facets/{name}";
  if (req.path.rfind("/static/", 0) == 0) return "/static/{file}";
  return "other";
}

}  // namespace

struct Server::Impl final : RouteContext {
  // An index handle (Xapian databases are not thread-safe). A request borrows an idle one, or
  // opens one when all are in use, and gives it back once its response is written (the logger):
  // there are as many as requests ever ran at once, not one per worker thread, so a connection
  // that lands on a fresh worker thread still gets a warm handle (a fresh one cost the first
  // request on each of the 64 workers a few ms).
  struct SearcherLease {
    query::Searcher searcher;
    Clock::time_point last_reopen;
  };
  inline static thread_local SearcherLease* held = nullptr;  // borrowed by this thread's request

  ServerOptions options;
  // Every lease's Searcher shares it: a new index revision's facet table is loaded once.
  std::shared_ptr<query::SearchCache> cache = std::make_shared<query::SearchCache>();
  httplib::Server http;
  std::thread thread;
  std::unordered_set<std::string> origins;
  Metrics metrics;
  std::mutex leases_mutex;
  std::vector<std::unique_ptr<SearcherLease>> leases;  // every handle opened, until stop()
  std::vector<SearcherLease*> idle_leases;             // those no request holds
  std::map<std::string, StaticFile> assets;            // loaded by start(), read-only afterwards
  std::string frame_ancestors_;                        // 'self' and the allowed origins
  std::string embed_policy_;                // kPagePolicy + frame-ancestors for the embed
  int port = 0;                             // bound port, for links when Host is unusable
  socket_t listen_socket = INVALID_SOCKET;  // the listening socket, once bound
  bool started = false;
  std::atomic<bool> listen_returned = false;  // set by the serving thread when listening ends
  // Searches answered without some shards (civic_partial_answers_total).
  std::atomic<std::uint64_t> partial_answers = 0;

  explicit Impl(ServerOptions o) : options(std::move(o)) {
    origins.insert(options.allowed_origins.begin(), options.allowed_origins.end());
    while (!options.public_url.empty() && options.public_url.back() == '/')
      options.public_url.pop_back();
    // The embed page may be framed by this server and by the origins allowed to call the API.
    frame_ancestors_ = "'self'";
    for (const auto& origin : options.allowed_origins) {
      if (is_plain_origin(origin)) frame_ancestors_ += " " + origin;
    }
    embed_policy_ = std::string(kPagePolicy) + "; frame-ancestors " + frame_ancestors_;
  }

  const std::string& embed_policy() const override { return embed_policy_; }
  const std::string& frame_ancestors() const override { return frame_ancestors_; }

  // The absolute origin links are built from: --public-url, else the request's Host header.
  std::string base_url(const httplib::Request& req) const override {
    if (!options.public_url.empty()) return options.public_url;
    std::string host = req.get_header_value("Host");
    if (!is_plain_host(host)) host = options.host + ":" + std::to_string(port);
    return "http://" + host;
  }

  std::string asset_path(const std::string& name) const {
    auto it = assets.find(name);
    return "/static/" + name + (it == assets.end() ? "" : "?v=" + it->second.version);
  }

  PageAssets page_assets(const httplib::Request& req) const override {
    return {base_url(req),           asset_path("app.css"),  asset_path("app.js"),
            asset_path("embed.css"), asset_path("icon.svg"), asset_path("reading.js"),
            asset_path("card.css")};
  }

  // Runs `params` as a search; on failure fills `error` and `status` instead.
  std::optional<query::SearchResponse> run_page_search(const Result<query::SearchRequest>& request,
                                                       std::string& error, int& status) {
    if (!request) {
      error = request.error().message;
      status = http_status(request.error());
      return std::nullopt;
    }
    auto response = search(*request);
    if (!response) {
      error = response.error().message;
      status = http_status(response.error());
      return std::nullopt;
    }
    return std::move(*response);
  }

  void handle_page(const httplib::Request& req, httplib::Response& res) {
    std::string error;
    int status = 200;
    const auto request = parse_search_params(req.params);
    auto response = run_page_search(request, error, status);
    // The chart above the results and the panel beside them count the same matches again, each
    // in one pass without scores (query/explore.h).
    PageCounts counts;
    if (response) counts = count_for_page(*this, *request, explore_view(req.params));
    send_html(res,
              render_search_page(req.params, response ? &*response : nullptr, error,
                                 page_assets(req), counts.explore()),
              status, kSelfFramedPagePolicy);
  }

  void handle_embed_page(const httplib::Request& req, httplib::Response& res) {
    EmbedOptions embed;
    std::string error;
    int status = 200;
    auto results = int_param(req.params, "results", 5, 1, kMaxEmbedResults);
    auto theme = text_param(req.params, "theme", 16);
    auto placeholder = text_param(req.params, "placeholder", kMaxPlaceholderBytes);
    auto q = text_param(req.params, "q", query::kMaxQueryBytes);
    for (const Error* e :
         {results ? nullptr : &results.error(), theme ? nullptr : &theme.error(),
          placeholder ? nullptr : &placeholder.error(), q ? nullptr : &q.error()}) {
      if (e && error.empty()) {
        error = e->message;
        status = http_status(*e);
      }
    }
    if (results) embed.results = *results;
    if (theme && (*theme == "light" || *theme == "dark")) embed.theme = *theme;
    if (placeholder) embed.placeholder = *placeholder;
    std::optional<query::SearchResponse> response;
    Params params;
    if (q && !q->empty() && error.empty()) {
      params = {{"q", *q}, {"per_page", std::to_string(embed.results)}, {"facet_limit", "0"}};
      response = run_page_search(parse_search_params(params), error, status);
    }
    send_html(
        res,
        render_embed_page(params, response ? &*response : nullptr, error, embed, page_assets(req)),
        status, embed_policy_);
  }

  void handle_feed(const httplib::Request& req, httplib::Response& res) {
    auto request = parse_search_params(req.params);
    if (!request) return send_error(res, request.error());
    // The newest matching units, whatever sort or page the link carried.
    request->sort = query::Sort::Newest;
    request->page = 1;
    request->facet_limit = 0;
    if (req.params.find("per_page") == req.params.end()) request->per_page = kFeedEntries;
    auto response = search(*request);
    if (!response) return send_error(res, response.error());
    res.set_header("Cache-Control", kFeedCache);
    res.set_content(render_atom_feed(req.params, *response, base_url(req)),
                    "application/atom+xml; charset=utf-8");
  }

  void handle_opensearch(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", kFeedCache);
    res.set_content(render_opensearch(base_url(req)),
                    "application/opensearchdescription+xml; charset=utf-8");
  }

  void send_asset(const httplib::Request& req, httplib::Response& res, const std::string& name,
                  const char* cache) {
    auto it = assets.find(name);
    if (it == assets.end()) {
      return send_error(res, {ErrorCode::NotFound,
                              "no static file " + std::string(text::truncate_utf8(name, 200))});
    }
    const StaticFile& file = it->second;
    const std::string etag = "\"" + file.version + "\"";
    res.set_header("ETag", etag);
    if (req.has_param("v") && req.get_param_value("v") == file.version) cache = kVersionedCache;
    res.set_header("Cache-Control", cache);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(file.body, file.content_type);
  }

  // The Searcher of the calling thread's request, reopened when the last reopen is older than the
  // interval so that a new index revision shows within a second. Valid until the request's
  // response is written (release_searcher()).
  Result<query::Searcher*> searcher() override {
    const auto now = Clock::now();
    SearcherLease* lease = held;
    if (!lease) {
      {
        std::lock_guard lock(leases_mutex);
        if (!idle_leases.empty()) {
          lease = idle_leases.back();
          idle_leases.pop_back();
        }
      }
      if (!lease) {
        auto opened = query::Searcher::open(options.db, {options.shards, cache});
        if (!opened) {
          return fail(ErrorCode::Unavailable,
                      "the index cannot be opened: " + opened.error().message);
        }
        lease = add_lease(std::move(*opened), now, false);
      }
      held = lease;
    }
    if (now - lease->last_reopen >= std::chrono::milliseconds(options.reopen_interval_ms)) {
      lease->last_reopen = now;
      if (auto reopened = lease->searcher.reopen(); !reopened) return Unexpected{reopened.error()};
    }
    return &lease->searcher;
  }

  SearcherLease* add_lease(query::Searcher searcher, Clock::time_point opened, bool is_idle) {
    auto lease = std::make_unique<SearcherLease>(SearcherLease{std::move(searcher), opened});
    SearcherLease* added = lease.get();
    std::lock_guard lock(leases_mutex);
    if (is_idle) idle_leases.push_back(added);
    leases.push_back(std::move(lease));
    return added;
  }

  // Gives the request's Searcher back (called when its response has been written).
  void release_searcher() {
    if (!held) return;
    std::lock_guard lock(leases_mutex);
    idle_leases.push_back(held);
    held = nullptr;
  }

  // Runs `request` on the request's Searcher; the page, the feed and the API all search here so
  // that civic_partial_answers_total counts every answer given without some shards.
  Result<query::SearchResponse> search(const query::SearchRequest& request) override {
    auto searcher = this->searcher();
    if (!searcher) return Unexpected{searcher.error()};
    auto response = (*searcher)->search(request);
    if (response && response->partial()) ++partial_answers;
    return response;
  }

  void handle_search(const httplib::Request& req, httplib::Response& res) {
    auto request = parse_search_params(req.params);
    if (!request) return send_error(res, request.error());
    auto response = search(*request);
    if (!response) return send_error(res, response.error());
    send_json(res, query::to_json(*response));
  }

  void handle_unit(const httplib::Request& req, httplib::Response& res) {
    auto radius = int_param(req.params, "radius", 2, 0, kMaxRadius);
    if (!radius) return send_error(res, radius.error());
    auto id = path_id(req, "unit");
    if (!id) return send_error(res, id.error());
    auto searcher = this->searcher();
    if (!searcher) return send_error(res, searcher.error());
    auto view = (*searcher)->unit(*id, *radius);
    if (!view) return send_lookup_error(*this, req, res, *id, view.error());
    send_json(res, query::to_json(*view));
  }

  void handle_facet(const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    auto prefix = text_param(req.params, "prefix", kMaxPrefixBytes);
    if (!prefix) return send_error(res, prefix.error());
    auto limit = int_param(req.params, "limit", 50, 1, kMaxFacetValues);
    if (!limit) return send_error(res, limit.error());
    auto searcher = this->searcher();
    if (!searcher) return send_error(res, searcher.error());
    auto values = (*searcher)->facet_values(name, *prefix, static_cast<std::size_t>(*limit));
    if (!values) return send_error(res, values.error());
    send_json(res, query::to_json(name, *values));
  }

  void handle_suggest(const httplib::Request& req, httplib::Response& res) {
    auto q = text_param(req.params, "q", query::kMaxQueryBytes);
    if (!q) return send_error(res, q.error());
    auto limit = int_param(req.params, "limit", 10, 1, kMaxSuggestions);
    if (!limit) return send_error(res, limit.error());
    auto searcher = this->searcher();
    if (!searcher) return send_error(res, searcher.error());
    auto suggestions = (*searcher)->suggest(*q, static_cast<std::size_t>(*limit));
    if (!suggestions) return send_error(res, suggestions.error());
    send_json(res, dump({{"query", *q}, {"suggestions", *suggestions}}));
  }

  void handle_health(httplib::Response& res) {
    auto searcher = this->searcher();
    if (!searcher) return send_error(res, searcher.error());
    auto stats = (*searcher)->stats();
    if (!stats) return send_error(res, stats.error());
    send_json(res,
              dump({{"status", "ok"}, {"units", stats->units}, {"revision", stats->revision}}));
  }

  void handle_metrics(httplib::Response& res) {
    std::string body = metrics.render();
    auto searcher = this->searcher();
    auto stats =
        searcher ? (*searcher)->stats() : Result<query::IndexStats>(Unexpected{searcher.error()});
    body +=
        "# HELP civic_index_up 1 when a Searcher of this server can read the index.\n"
        "# TYPE civic_index_up gauge\n";
    body += std::string("civic_index_up ") + (stats ? "1" : "0") + "\n";
    if (stats) {
      body +=
          "# HELP civic_index_documents Units in the index.\n# TYPE civic_index_documents gauge\n";
      body += "civic_index_documents " + std::to_string(stats->units) + "\n";
      body += "# HELP civic_index_posts Posts in the index.\n# TYPE civic_index_posts gauge\n";
      body += "civic_index_posts " + std::to_string(stats->posts) + "\n";
      body +=
          "# HELP civic_index_revision Revision of the index a Searcher of this server reads.\n"
          "# TYPE civic_index_revision gauge\n";
      // Over several shards the revision is one per shard ("3+5"): not a number.
      if (std::all_of(stats->revision.begin(), stats->revision.end(),
                      [](char c) { return c >= '0' && c <= '9'; }))
        body += "civic_index_revision " + stats->revision + "\n";
    }
    if (searcher) {
      body +=
          "# HELP civic_shards Shards listed by the index's stub (1 for a plain database).\n"
          "# TYPE civic_shards gauge\n";
      body += "civic_shards " + std::to_string((*searcher)->shard_count()) + "\n";
      body +=
          "# HELP civic_shards_down Shards a Searcher of this server could not reach at its last "
          "request.\n"
          "# TYPE civic_shards_down gauge\n";
      body += "civic_shards_down " + std::to_string((*searcher)->missing_shards().size()) + "\n";
    }
    body +=
        "# HELP civic_partial_answers_total Searches answered without some shards.\n"
        "# TYPE civic_partial_answers_total counter\n";
    body += "civic_partial_answers_total " + std::to_string(partial_answers.load()) + "\n";
    res.set_content(std::move(body), "text/plain; version=0.0.4; charset=utf-8");
  }

  // CORS for the configured origins only (exact match); every response varies by Origin.
  void add_cors(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Vary", "Origin, Accept-Encoding");
    res.set_header("X-Content-Type-Options", "nosniff");
    const std::string origin = req.get_header_value("Origin");
    if (origin.empty() || !origins.count(origin)) return;
    res.set_header("Access-Control-Allow-Origin", origin);
    if (req.method == "OPTIONS") {
      res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    }
  }

  void configure() {
    configure_transport();
    add_routes();
    add_error_handlers();
    add_response_hooks();
  }

  // Threads, sockets, timeouts and limits.
  void configure_transport() {
    // httplib gives a worker thread to a connection for as long as it is kept alive (up to
    // keep_alive_max_requests requests), so a pool smaller than the number of clients leaves the
    // others queued for seconds (wrk: p99 4.5 s at 16 connections with 4 workers). An idle
    // worker costs only a thread: Searchers are borrowed per request (searcher()). The minimum
    // also covers hardware_concurrency() returning 0 (unknown).
    const int threads = options.threads > 0
                            ? options.threads
                            : static_cast<int>(std::max(kMinDefaultThreads,
                                                        std::thread::hardware_concurrency() * 2));
    http.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    // Headers and body go out in two writes; with Nagle on, the body waits for the client's
    // delayed ACK (~40 ms on Linux) on every keep-alive request.
    http.set_tcp_nodelay(true);
    // httplib's default sets SO_REUSEPORT, which lets a second server bind the same port and
    // silently share its requests. SO_REUSEADDR alone still allows a restart in TIME_WAIT.
    http.set_socket_options([this](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
      listen_socket = sock;  // the last one httplib creates is the one it binds (see start())
    });
    http.set_payload_max_length(options.max_payload_bytes);
    http.set_read_timeout(std::chrono::milliseconds(options.read_timeout_ms));
    http.set_write_timeout(std::chrono::milliseconds(options.write_timeout_ms));
    http.set_keep_alive_timeout(options.keep_alive_timeout_s);
    http.set_keep_alive_max_count(options.keep_alive_max_requests);
  }

  void add_routes() {
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
      t_request_start = Clock::now();
      offer_gzip_only(req);
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Get("/api/search", [this](const auto& req, auto& res) { handle_search(req, res); });
    add_export_routes(http, *this, options.export_limit);
    add_explore_routes(http, *this);
    add_cite_routes(http, *this);  // before /api/units/{id} and /units/{id}: longer paths
    http.Get("/api/units/([^/]+)", [this](const auto& req, auto& res) { handle_unit(req, res); });
    http.Get("/api/facets/([^/]+)", [this](const auto& req, auto& res) { handle_facet(req, res); });
    http.Get("/api/suggest", [this](const auto& req, auto& res) { handle_suggest(req, res); });
    http.Get("/healthz", [this](const auto&, auto& res) { handle_health(res); });
    http.Get("/metrics", [this](const auto&, auto& res) { handle_metrics(res); });
    http.Get("/", [this](const auto& req, auto& res) { handle_page(req, res); });
    http.Get("/search", [this](const auto& req, auto& res) { handle_page(req, res); });
    http.Get("/embed", [this](const auto& req, auto& res) { handle_embed_page(req, res); });
    http.Get("/embed.js", [this](const auto& req, auto& res) {
      send_asset(req, res, "embed.js", kEmbedScriptCache);
    });
    http.Get("/feed.atom", [this](const auto& req, auto& res) { handle_feed(req, res); });
    http.Get("/opensearch.xml",
             [this](const auto& req, auto& res) { handle_opensearch(req, res); });
    http.Get("/static/(.+)", [this](const auto& req, auto& res) {
      send_asset(req, res, req.matches[1], kStaticCache);
    });
    add_reading_routes(http, *this);
    add_profile_routes(http, *this);
    http.Options(".*", [](const auto&, auto& res) { res.status = 204; });
  }

  // Errors httplib answers itself, and exceptions, as JSON errors like ours.
  void add_error_handlers() {
    // Statuses httplib sets itself (no route, bad request line, body or URI too long) get the
    // same JSON error body as ours; bodies our handlers wrote are left alone.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                   httplib::Response& res) {
      if (res.body.empty() && !res.content_provider_) {
        if (res.status == 404) {
          send_error(res,
                     {ErrorCode::NotFound, "no route for " + req.method + " " +
                                               std::string(text::truncate_utf8(req.path, 200))});
        } else {
          send_error_body(
              res, res.status,
              error_code_name(res.status >= 500 ? ErrorCode::Internal : ErrorCode::InvalidInput),
              refusal_reason(res.status));
        }
      }
      return httplib::Server::HandlerResponse::Handled;
    }));
    // The safety net: an exception reaching it is a bug; log one line and answer 500 JSON.
    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown exception";
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          std::fprintf(stderr, "civicsearch serve: internal error on %s %s: %s\n",
                       req.method.c_str(), req.path.c_str(), what.c_str());
          send_error(res, {ErrorCode::Internal, "internal error; the server log says more"});
        });
  }

  // Headers every response gets, and the metrics (the logger runs once the response is written).
  void add_response_hooks() {
    http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (res.get_header_value("Content-Type") == kJsonType) {
        res.headers.erase("Content-Type");
        res.set_header("Content-Type", kJsonTypeWithCharset);
      }
      add_cors(req, res);
      res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
      if (!res.has_header("Content-Security-Policy"))
        res.set_header("Content-Security-Policy", kResourcePolicy);
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      release_searcher();
      const double seconds = std::chrono::duration<double>(Clock::now() - t_request_start).count();
      metrics.record(route_label(req), res.status, seconds);
    });
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->configure();
}

Server::~Server() { stop(); }

Result<int> Server::start() {
  if (impl_->started) return fail(ErrorCode::InvalidInput, "the server was started before");
  // Fail at start, not on the first request, when there is no index.
  auto opened = query::Searcher::open(impl_->options.db, {impl_->options.shards, impl_->cache});
  if (!opened) return Unexpected{opened.error()};
  impl_->add_lease(std::move(*opened), Clock::now(), true);  // the first request's, warm
  const auto& o = impl_->options;
  auto assets = load_static_files(o.static_dir.empty() ? default_static_dir() : o.static_dir);
  if (!assets) return Unexpected{assets.error()};
  impl_->assets = std::move(*assets);
  int port = -1;
  if (o.port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
  } else if (impl_->http.bind_to_port(o.host, o.port)) {
    port = o.port;
  }
  if (port <= 0) {
    return fail(ErrorCode::Unavailable, "cannot listen on " + o.host + ":" +
                                            std::to_string(o.port) +
                                            " (address in use or not available)");
  }
  impl_->port = port;
  // httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, fixed when the library was
  // built): when more clients connect at once, the kernel drops their handshakes and they retry
  // after 1 s, 3 s, … (wrk: multi-second p99 at 16 and 64 connections). listen() again raises it.
  if (impl_->listen_socket != INVALID_SOCKET) ::listen(impl_->listen_socket, SOMAXCONN);
  impl_->started = true;
  impl_->thread = std::thread([this] {
    impl_->http.listen_after_bind();
    impl_->listen_returned = true;
  });
  while (!impl_->http.is_running() && !impl_->listen_returned)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!impl_->http.is_running()) {
    impl_->thread.join();
    return fail(ErrorCode::Unavailable, "the server stopped as soon as it started");
  }
  return port;
}

void Server::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->http.stop();
  impl_->thread.join();
  std::lock_guard lock(impl_->leases_mutex);
  impl_->idle_leases.clear();
  impl_->leases.clear();
}

}  // namespace civic::web
