// The HTTP server: routes, the one ErrorCode → HTTP mapping, CORS, metrics and the per-thread
// Searchers. The only file besides cli.cpp that includes httplib.
#include "web/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "query/core/text.h"
#include "query/searcher.h"
#include "web/params.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// httplib 0.11.4 compresses only an exact "application/json" (can_compress_content_type), so
// handlers set that and the post-routing handler, which runs after compression, adds the charset.
constexpr const char* kJsonType = "application/json";
constexpr const char* kJsonTypeWithCharset = "application/json; charset=utf-8";
constexpr std::size_t kMaxPrefixBytes = 256;
constexpr int kMaxFacetValues = 1000;
constexpr int kMaxSuggestions = 50;
constexpr int kMaxRadius = 20;

// Upper bounds (seconds) of the latency histogram's buckets; +Inf is implied.
constexpr std::array<double, 12> kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

// Set by the pre-routing handler and read by the logger: httplib runs both for one request on
// the same worker thread, one request at a time.
thread_local Clock::time_point t_request_start;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void send_json(httplib::Response& res, std::string body, int status = 200) {
  res.status = status;
  res.set_content(std::move(body), kJsonType);
}

void send_error_body(httplib::Response& res, int status, const char* code,
                     const std::string& message) {
  send_json(res, dump({{"error", {{"code", code}, {"message", message}}}}), status);
}

// The one place where a domain error becomes an HTTP status and body.
void send_error(httplib::Response& res, const Error& error) {
  int status = 500;
  switch (error.code) {
    case ErrorCode::InvalidInput:
      status = 400;
      break;
    case ErrorCode::BadQuery:
      status = 400;
      break;
    case ErrorCode::NotFound:
      status = 404;
      break;
    case ErrorCode::Unavailable:
      status = 503;
      break;
    case ErrorCode::Internal:
      status = 500;
      break;
  }
  send_error_body(res, status, error_code_name(error.code), error.message);
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
  for (const char* route : {"/api/search", "/api/suggest", "/healthz", "/metrics"}) {
    if (req.path == route) return route;
  }
  if (req.path.rfind("/api/units/", 0) == 0) return "/api/units/{id}";
  if (req.path.rfind("/api/facets/", 0) == 0) return "/api/facets/{name}";
  return "other";
}

// Prometheus label values escape backslash, quote and newline.
std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

class Metrics {
 public:
  void record(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    Histogram& h = latency_[route];
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      if (seconds <= kLatencyBuckets[i]) ++h.buckets[i];
    }
    ++h.count;
    h.sum += seconds;
  }

  std::string render() const {
    std::ostringstream out;
    std::lock_guard lock(mutex_);
    out << "# HELP civic_http_requests_total HTTP requests answered, by route and status.\n"
        << "# TYPE civic_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      out << "civic_http_requests_total{route=\"" << label_value(key.first) << "\",status=\""
          << key.second << "\"} " << n << "\n";
    }
    out << "# HELP civic_http_request_duration_seconds Time from routing to the response "
           "written, by route.\n"
        << "# TYPE civic_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      const std::string label = "route=\"" + label_value(route) + "\"";
      for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        out << "civic_http_request_duration_seconds_bucket{" << label << ",le=\""
            << kLatencyBuckets[i] << "\"} " << h.buckets[i] << "\n";
      }
      out << "civic_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count
          << "\n";
      out << "civic_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
      out << "civic_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
    }
    return out.str();
  }

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // cumulative, as Prometheus wants
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace

struct Server::Impl {
  // A worker thread's own index handle: Xapian databases are not thread-safe.
  struct Worker {
    query::Searcher searcher;
    Clock::time_point last_reopen;
  };

  ServerOptions options;
  httplib::Server http;
  std::thread thread;
  std::unordered_set<std::string> origins;
  Metrics metrics;
  std::mutex workers_mutex;
  std::unordered_map<std::thread::id, std::unique_ptr<Worker>> workers;
  bool started = false;
  std::atomic<bool> listen_returned = false;  // set by the serving thread when listening ends

  explicit Impl(ServerOptions o) : options(std::move(o)) {
    origins.insert(options.allowed_origins.begin(), options.allowed_origins.end());
  }

  // The calling thread's Searcher, reopened when the last reopen is older than the interval so
  // that a new index revision shows within a second. The pointer stays valid until stop().
  Result<query::Searcher*> searcher() {
    const auto now = Clock::now();
    Worker* worker = nullptr;
    {
      std::lock_guard lock(workers_mutex);
      auto& slot = workers[std::this_thread::get_id()];
      if (!slot) {
        auto opened = query::Searcher::open(options.db);
        if (!opened) {
          return fail(ErrorCode::Unavailable,
                      "the index cannot be opened: " + opened.error().message);
        }
        slot = std::make_unique<Worker>(Worker{std::move(*opened), now});
        return &slot->searcher;
      }
      worker = slot.get();
    }
    if (now - worker->last_reopen >= std::chrono::milliseconds(options.reopen_interval_ms)) {
      worker->last_reopen = now;
      if (auto reopened = worker->searcher.reopen(); !reopened) return Unexpected{reopened.error()};
    }
    return &worker->searcher;
  }

  void handle_search(const httplib::Request& req, httplib::Response& res) {
    auto request = parse_search_params(req.params);
    if (!request) return send_error(res, request.error());
    auto searcher = this->searcher();
    if (!searcher) return send_error(res, searcher.error());
    auto response = (*searcher)->search(*request);
    if (!response) return send_error(res, response.error());
    send_json(res, query::to_json(*response));
  }

  void handle_unit(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    auto radius = int_param(req.params, "radius", 2, 0, kMaxRadius);
    if (!radius) return send_error(res, radius.error());
    if (!text::is_valid_utf8(id))
      return send_error(res, {ErrorCode::InvalidInput, "the unit id is not valid UTF-8"});
    auto searcher = this->searcher();
    if (!searcher) return send_error(res, searcher.error());
    auto view = (*searcher)->unit(id, *radius);
    if (!view) return send_error(res, view.error());
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
    auto q = text_param(req.params, "q", kMaxQueryBytes);
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
        "# HELP civic_index_up 1 when this worker can read the index.\n# TYPE civic_index_up "
        "gauge\n";
    body += std::string("civic_index_up ") + (stats ? "1" : "0") + "\n";
    if (stats) {
      body +=
          "# HELP civic_index_documents Units in the index.\n# TYPE civic_index_documents gauge\n";
      body += "civic_index_documents " + std::to_string(stats->units) + "\n";
      body += "# HELP civic_index_posts Posts in the index.\n# TYPE civic_index_posts gauge\n";
      body += "civic_index_posts " + std::to_string(stats->posts) + "\n";
      body +=
          "# HELP civic_index_revision Revision of the index this worker reads.\n"
          "# TYPE civic_index_revision gauge\n";
      body += "civic_index_revision " + stats->revision + "\n";
    }
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
    const int threads =
        options.threads > 0
            ? options.threads
            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()) * 2);
    http.new_task_queue = [threads] {
      return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };
    // Headers and body go out in two writes; with Nagle on, the body waits for the client's
    // delayed ACK (~40 ms on Linux) on every keep-alive request.
    http.set_tcp_nodelay(true);
    // httplib's default sets SO_REUSEPORT, which lets a second server bind the same port and
    // silently share its requests. SO_REUSEADDR alone still allows a restart in TIME_WAIT.
    http.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    http.set_payload_max_length(options.max_payload_bytes);
    http.set_read_timeout(std::chrono::milliseconds(options.read_timeout_ms));
    http.set_write_timeout(std::chrono::milliseconds(options.write_timeout_ms));
    http.set_keep_alive_timeout(options.keep_alive_timeout_s);
    http.set_keep_alive_max_count(options.keep_alive_max_requests);

    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
      t_request_start = Clock::now();
      return httplib::Server::HandlerResponse::Unhandled;
    });
    http.Get("/api/search", [this](const auto& req, auto& res) { handle_search(req, res); });
    http.Get("/api/units/(.+)", [this](const auto& req, auto& res) { handle_unit(req, res); });
    http.Get("/api/facets/([^/]+)", [this](const auto& req, auto& res) { handle_facet(req, res); });
    http.Get("/api/suggest", [this](const auto& req, auto& res) { handle_suggest(req, res); });
    http.Get("/healthz", [this](const auto&, auto& res) { handle_health(res); });
    http.Get("/metrics", [this](const auto&, auto& res) { handle_metrics(res); });
    http.Options(".*", [](const auto&, auto& res) { res.status = 204; });

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
    http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (res.get_header_value("Content-Type") == kJsonType) {
        res.headers.erase("Content-Type");
        res.set_header("Content-Type", kJsonTypeWithCharset);
      }
      add_cors(req, res);
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
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
  if (auto opened = query::Searcher::open(impl_->options.db); !opened)
    return Unexpected{opened.error()};
  const auto& o = impl_->options;
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
  std::lock_guard lock(impl_->workers_mutex);
  impl_->workers.clear();
}

}  // namespace civic::web
