// `civicsearch serve`: options → ServerOptions, then serve until SIGINT or SIGTERM.
#include "web/cli.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "web/server.h"
#include "web/static_files.h"

namespace civic::web {

int serve_main(int argc, char** argv) {
  CLI::App app{
      "Serve the search page (/), the reading pages (/units/{id}, /talks/{id}, /posts/{id}), "
      "the profile pages (/speakers/{slug}, /orgs/{slug}, /events/{slug}), "
      "the JSON API (GET /api/search, /api/export, /api/timeline, /api/top, /api/units/{id}, "
      "/api/units/{id}/cite, /api/talks/{id}, /api/posts/{id}, /api/speakers/{slug}, "
      "/api/orgs/{slug}, /api/events/{slug}, /api/facets/{name}, /api/suggest, /healthz, "
      "/metrics), "
      "quote cards (/units/{id}/card, /oembed), the blog embed (/embed.js, /embed), /feed.atom "
      "and /opensearch.xml over an index",
      "civicsearch serve"};
  ServerOptions options;
  std::string db = options.db.string();
  app.add_option("--db", db,
                 "Index directory, or a stub file (or directory with a XAPIANDB stub) listing "
                 "local and remote shards (opened read-only)")
      ->capture_default_str();
  app.add_option("--shard-timeout-ms", options.shards.timeout_ms,
                 "How long to wait for a remote shard before answering without it")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  app.add_option("--shard-retry-ms", options.shards.retry_interval_ms,
                 "How often a missing remote shard is tried again")
      ->check(CLI::Range(0, 3600000))
      ->capture_default_str();
  app.add_option("--host", options.host, "Address to bind")->capture_default_str();
  app.add_option("--port", options.port, "TCP port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--threads", options.threads, "Worker threads (default: 2 × cores, at least 64)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--allow-origin", options.allowed_origins,
                 "Origin allowed to call the API from a browser (exact, repeatable)");
  std::string static_dir = default_static_dir().string();
  app.add_option("--static", static_dir, "Directory of the page's files (read at start)")
      ->capture_default_str();
  app.add_option("--public-url", options.public_url,
                 "Absolute URL readers reach the server at, for links in feeds and embeds "
                 "(default: http:// + the request's Host)");
  CLI11_PARSE(app, argc, argv);
  options.db = db;
  options.static_dir = static_dir;

  // Block the stop signals in every thread (workers inherit the mask) and wait for them here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Server server(options);
  auto port = server.start();
  if (!port) {
    std::cerr << "civicsearch serve: " << port.error().message << "\n";
    return 2;
  }
  std::fprintf(stderr, "civicsearch serve: listening on http://%s:%d/ (index %s)\n",
               options.host.c_str(), *port, db.c_str());
  int received = 0;
  sigwait(&stop_signals, &received);
  std::fprintf(stderr, "civicsearch serve: stopping\n");
  server.stop();
  return 0;
}

}  // namespace civic::web
