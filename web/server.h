// The HTTP server over one index: the JSON API (GET /api/search, /api/export, /api/timeline,
// /api/top, /api/units/{id} and its /cite, /api/talks/{id}, /api/posts/{id},
// /api/speakers/{slug}, /api/orgs/{slug}, /api/events/{slug}, /api/facets/{name}, /api/suggest,
// /healthz, /metrics), the search page (/ and /search, which work without scripts;
// /search/explore gives its timeline and ranking as a fragment), the reading pages (/units/{id},
// /talks/{id}, /posts/{id}), the profile pages (/speakers/{slug}, /orgs/{slug}, /events/{slug}),
// quote cards (/units/{id}/card, /oembed), the blog embed (/embed.js and the framable /embed),
// /feed.atom, /opensearch.xml and the page's files under /static/.
// cpp-httplib lives behind this class (pimpl): callers and tests see neither
// httplib nor Xapian. Handlers (server.cpp and the web/*_routes.cpp files, web/routes.h) only
// parse parameters (web/params.h), call the query library and encode its answer (JSON, or
// web/pages.h, web/reading_pages.h and web/profile_pages.h).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "query/core/result.h"
#include "query/request.h"
#include "query/shards.h"

namespace civic::web {

struct ServerOptions {
  std::filesystem::path db = "var/index";  ///< index directory, opened read-only
  std::string host = "127.0.0.1";          ///< address to bind; loopback unless told otherwise
  int port = 8080;                         ///< TCP port; 0 binds any free port
  int threads = 0;                         ///< worker threads; 0 = 2 × cores, at least 64
  /// Origins (exact, e.g. "https://blog.example.org") answered with CORS headers. Default none.
  std::vector<std::string> allowed_origins;
  std::size_t max_payload_bytes = 64 * 1024;  ///< largest request body accepted (64 KiB)
  int read_timeout_ms = 5000;                 ///< per read on a connection
  int write_timeout_ms = 5000;                ///< per write on a connection
  int keep_alive_timeout_s = 5;               ///< idle keep-alive connection is closed after
  std::size_t keep_alive_max_requests = 100;  ///< requests served on one connection at most
  /// Directory of the page's files, read once at start(); empty = the source tree's web/static.
  std::filesystem::path static_dir;
  /// Absolute URL readers reach this server at ("https://search.example.org"), used for the
  /// absolute links of feeds, OpenSearch and the embed. Empty = "http://" + the request's Host.
  std::string public_url;
  /// A worker picks up a new index revision at most this often (reopen() before a request).
  int reopen_interval_ms = 200;
  /// Remote shards: how long to wait for one, and how often a missing one is retried.
  query::ShardOptions shards;
  /// Rows GET /api/export sends at most (the rest are counted in X-Total-Count); 100,000.
  std::size_t export_limit = query::kMaxExportRows;
};

/// One HTTP server. start() and stop() may be called from any thread; the handlers run on the
/// server's own bounded pool; each request borrows a query::Searcher no other request is using.
class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();  ///< stops the server if it is running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Checks that the index opens, binds host:port and starts serving on a background thread;
  /// returns the bound port once the server accepts connections. Errors: NotFound when there is
  /// no index at `db` or no static directory; Unavailable when the address cannot be bound;
  /// InvalidInput when the server was started before.
  Result<int> start();

  /// Stops accepting, finishes requests in flight and joins the serving thread. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic::web
