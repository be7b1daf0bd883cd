// The real server for web tests: civic::web::Server on a free loopback port for the object's
// lifetime, with an HTTP client's view of it.
#pragma once

#include <httplib.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "web/server.h"

namespace civic::testing {

class LiveServer {
 public:
  /// Starts a server with `options` (its port is replaced by a free one).
  explicit LiveServer(web::ServerOptions options) {
    options.port = 0;
    server_ = std::make_unique<web::Server>(std::move(options));
    auto port = server_->start();
    REQUIRE(port.has_value());
    port_ = *port;
  }
  ~LiveServer() { server_->stop(); }
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  int port() const { return port_; }

  httplib::Client client(int read_timeout_s = 10) const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(read_timeout_s, 0);
    return client;
  }

  httplib::Result get(const std::string& path, int read_timeout_s = 30) const {
    return client(read_timeout_s).Get(path);
  }

 private:
  std::unique_ptr<web::Server> server_;
  int port_ = 0;
};

/// Options for a test server over `db` with `threads` workers (the rest as served by default).
inline web::ServerOptions server_options(const std::filesystem::path& db, int threads = 4) {
  web::ServerOptions options;
  options.db = db;
  options.threads = threads;
  return options;
}

}  // namespace civic::testing
