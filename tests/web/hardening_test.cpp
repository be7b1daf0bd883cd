// HTTP hardening (issue #7): hostile requests thrown at the real server on a loopback port —
// huge and malformed query strings, bad percent-encoding and UTF-8, %00, absurd page numbers,
// thousands of facet parameters, path traversal, oversized headers, idle and slow connections.
// Each gets a 4xx answer with a JSON error (or the connection is closed), the server stays live,
// nothing outside web/static is served, and the index is never written.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "indexer/index_writer.h"
#include "tests/support.h"
#include "tests/web/live_server.h"
#include "web/server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct RawResponse {
  int status = 0;  ///< 0: the server closed the connection without an answer
  std::string headers;
  std::string body;
};

int connect_to(int port, int timeout_ms) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early on an oversized request: fine
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

RawResponse read_response(int fd) {
  std::string data;
  char buffer[65536];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
    const auto end = data.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    const auto length_at = data.find("Content-Length: ");
    if (length_at != std::string::npos && length_at < end) {
      const std::size_t length = std::stoul(data.substr(length_at + 16));
      if (data.size() >= end + 4 + length) break;
    }
  }
  RawResponse res;
  const auto end = data.find("\r\n\r\n");
  if (data.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return res;
  res.status = std::stoi(data.substr(9, 3));
  res.headers = data.substr(0, end);
  res.body = data.substr(end + 4);
  return res;
}

// Sends raw bytes on a fresh connection and reads one response.
RawResponse raw(int port, const std::string& bytes, int timeout_ms = 10000) {
  const int fd = connect_to(port, timeout_ms);
  send_all(fd, bytes);
  RawResponse res = read_response(fd);
  close(fd);
  return res;
}

RawResponse get(int port, const std::string& target, const std::string& extra_headers = "") {
  return raw(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                       "Connection: close\r\n\r\n");
}

// A 4xx answer whose body is our JSON error document.
void check_json_refusal(const RawResponse& res, const std::string& what) {
  CAPTURE(what, res.status, res.body.substr(0, 300));
  CHECK(res.status >= 400);
  CHECK(res.status < 500);
  CHECK(res.headers.find("Content-Type: application/json") != std::string::npos);
  REQUIRE(json::accept(res.body));
  const json body = json::parse(res.body);
  CHECK(body.contains("error"));
  CHECK(body["error"].value("message", "") != "");
}

bool is_live(int port) {
  const RawResponse res = get(port, "/api/search?q=volunteering");
  return res.status == 200 && json::accept(res.body);
}

// Names, sizes and modification times of the index's files: the server must not change them.
std::string snapshot(const fs::path& dir) {
  std::string listing;
  for (const auto& entry : fs::directory_iterator(dir)) {
    struct stat st {};
    stat(entry.path().c_str(), &st);
    listing += entry.path().filename().string() + " " + std::to_string(st.st_size) + " " +
               std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "\n";
  }
  return listing;
}

class HardenedServer {
 public:
  HardenedServer() {
    write_index();
    before_ = snapshot(db());

    ServerOptions options = testing::server_options(db());
    options.read_timeout_ms = 1000;
    options.keep_alive_timeout_s = 1;
    server_ = std::make_unique<testing::LiveServer>(std::move(options));
  }

  fs::path db() const { return dir_ / "index"; }
  int port() const { return server_->port(); }
  std::string index_listing() const { return snapshot(db()); }
  const std::string& index_listing_at_start() const { return before_; }

 private:
  testing::TempDir dir_;
  std::unique_ptr<testing::LiveServer> server_;
  std::string before_;

  // Three small posts; the writer is closed (and its lock note gone) before the snapshot.
  void write_index() {
    auto writer = indexer::IndexWriter::open(db());
    REQUIRE(writer.has_value());
    for (int p = 0; p < 3; ++p) {
      PostDoc doc;
      doc.post.id = post_id_for("hard-" + std::to_string(p), "hardening:" + std::to_string(p));
      doc.post.title = "Meeting " + std::to_string(p);
      doc.post.date = "2012-03-0" + std::to_string(p + 1);
      Unit unit;
      unit.text = "Volunteering in the parishes, meeting " + std::to_string(p) + ".";
      unit.speaker = "Rosa Quint";
      doc.units.push_back(unit);
      finalise_post(doc);
      REQUIRE(writer->put(doc).has_value());
    }
    REQUIRE(writer->commit().has_value());
  }
};

}  // namespace

TEST_CASE("hostile query strings get 400 JSON errors and leave the server live",
          "[web][hardening]") {
  HardenedServer server;
  const int port = server.port();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"q over 4 KiB", "/api/search?q=" + std::string(5000, 'a')},
      {"invalid UTF-8", "/api/search?q=caf%C3%28"},
      {"lone continuation bytes", "/api/search?q=%80%80%FF%FE"},
      {"NUL in q", "/api/search?q=local%00economies"},
      {"NUL in a facet", "/api/search?speaker=Rosa%00Quint"},
      {"negative page", "/api/search?q=x&page=-1"},
      {"page zero", "/api/search?q=x&page=0"},
      {"enormous page", "/api/search?q=x&page=99999999999999999999"},
      {"page past the window", "/api/search?q=x&page=1000&per_page=100"},
      {"per_page zero", "/api/search?q=x&per_page=0"},
      {"negative per_page", "/api/search?q=x&per_page=-5"},
      {"enormous per_page", "/api/search?q=x&per_page=1000000"},
      {"per_page not a number", "/api/search?q=x&per_page=1e3"},
      {"repeated q", "/api/search?q=a&q=b"},
      {"unknown sort", "/api/search?q=x&sort=%3Cscript%3E"},
      {"bad date", "/api/search?from=2010-02-30"},
      {"from after to", "/api/search?from=2012-01-01&to=2010-01-01"},
      {"unknown facet route", "/api/facets/%2e%2e%2f%2e%2e%2fetc%2fpasswd"},
  };
  for (const auto& [what, target] : cases) check_json_refusal(get(port, target), what);

  SECTION("thousands of facet parameters") {
    std::string target = "/api/search?q=x";
    for (int i = 0; i < 600; ++i) target += "&speaker=s" + std::to_string(i);
    check_json_refusal(get(port, target), "600 speaker values");
    std::string longer = "/api/search?q=x";
    for (int i = 0; i < 5000; ++i) longer += "&org=o";
    check_json_refusal(get(port, longer), "5000 org values (a 30 KB URI)");
  }
  SECTION("a 1 MB request line") {
    check_json_refusal(get(port, "/api/search?q=" + std::string(1 << 20, 'b')), "1 MB URI");
  }
  SECTION("malformed percent-encoding is taken literally or refused, never a 5xx") {
    for (const std::string target : {"/api/search?q=%zz%4", "/api/search?q=%",
                                     "/api/search?%=%&=&&&q=ok", "/api/search?q=%u0041"}) {
      const RawResponse res = get(port, target);
      CAPTURE(target, res.status, res.body);
      CHECK((res.status == 200 || res.status == 400));
      CHECK(json::accept(res.body));
    }
  }
  CHECK(is_live(port));
  CHECK(server.index_listing() == server.index_listing_at_start());
}

TEST_CASE("malformed requests and oversized headers are refused", "[web][hardening]") {
  HardenedServer server;
  const int port = server.port();
  SECTION("a garbage request line") {
    const RawResponse res = raw(port, "\x16\x03\x01\x02\x00garbage\r\n\r\n");
    CAPTURE(res.status, res.body);
    CHECK((res.status == 0 || (res.status >= 400 && res.status < 500)));
  }
  SECTION("a 64 KB header") {
    const RawResponse res =
        get(port, "/api/search?q=x", "X-Big: " + std::string(64 << 10, 'h') + "\r\n");
    CAPTURE(res.status, res.body.substr(0, 200));
    CHECK((res.status == 0 || (res.status >= 400 && res.status < 500)));
  }
  SECTION("a body larger than the payload limit") {
    const RawResponse res =
        raw(port,
            "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
            "Connection: close\r\n\r\n" +
                std::string(200000, 'p'));
    CAPTURE(res.status, res.body.substr(0, 200));
    CHECK((res.status == 0 || (res.status >= 400 && res.status < 500)));
  }
  SECTION("an unknown method") {
    const RawResponse res =
        raw(port, "BREW /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CAPTURE(res.status, res.body);
    CHECK((res.status == 0 || (res.status >= 400 && res.status < 500)));
  }
  CHECK(is_live(port));
  CHECK(server.index_listing() == server.index_listing_at_start());
}

TEST_CASE("path traversal never reaches a file outside the static folder", "[web][hardening]") {
  HardenedServer server;
  const int port = server.port();
  for (const std::string target :
       {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/static/%252e%252e%252fetc%252fpasswd",
        "/static/....//....//etc/passwd", "/static/..\\..\\..\\etc\\passwd", "/static//etc/passwd",
        "/static/%2fetc%2fpasswd", "/../../../../etc/passwd",
        "/static/..%c0%af..%c0%afetc%c0%afpasswd", "/static/%00../../etc/passwd",
        "/static/app.js%00.png", "/api/units/..%2f..%2fetc%2fpasswd"}) {
    const RawResponse res = get(port, target);
    CAPTURE(target, res.status, res.body.substr(0, 200));
    CHECK(res.body.find("root:x:0:0") == std::string::npos);
    CHECK((res.status == 0 || (res.status >= 400 && res.status < 500)));
  }
  CHECK(is_live(port));
}

TEST_CASE("idle and slow connections do not stop the server answering others", "[web][hardening]") {
  HardenedServer server;
  const int port = server.port();
  SECTION("many idle connections") {
    // Four times the worker pool, each holding a connection open without sending anything.
    std::vector<int> idle;
    for (int i = 0; i < 16; ++i) idle.push_back(connect_to(port, 5000));
    const auto started = Clock::now();
    const bool answered = is_live(port);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    for (int fd : idle) close(fd);
    WARN("a request behind 16 idle connections (4 workers, 1 s read timeout) took " << seconds
                                                                                    << " s");
    CHECK(answered);
    CHECK(seconds < 10);
  }
  SECTION("a client sending its request one byte at a time") {
    std::thread slow([port] {
      const int fd = connect_to(port, 10000);
      const std::string request =
          "GET /api/search?q=volunteering HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
      for (char c : request) {
        send_all(fd, std::string(1, c));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      close(fd);
    });
    int answered = 0;
    const auto until = Clock::now() + std::chrono::seconds(1);
    while (Clock::now() < until) answered += is_live(port) ? 1 : 0;
    slow.join();
    CHECK(answered > 5);
  }
  CHECK(is_live(port));
  CHECK(server.index_listing() == server.index_listing_at_start());
}

TEST_CASE("the server binds only to the address it is given", "[web][hardening]") {
  testing::TempDir dir;
  {
    auto writer = indexer::IndexWriter::open(dir / "index");
    REQUIRE(writer.has_value());
    REQUIRE(writer->commit().has_value());
  }
  ServerOptions options;
  options.db = dir / "index";
  CHECK(options.host == "127.0.0.1");  // the default
  options.port = 0;
  options.threads = 1;
  Server server(options);
  auto port = server.start();
  REQUIRE(port.has_value());
  // Reaching the port through a non-loopback local address must fail. Find one, if any.
  const int probe = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(53);
  inet_pton(AF_INET, "192.0.2.1", &remote.sin_addr);  // TEST-NET: no packet is sent by connect()
  sockaddr_in local{};
  socklen_t len = sizeof local;
  const bool has_route = connect(probe, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0 &&
                         getsockname(probe, reinterpret_cast<sockaddr*>(&local), &len) == 0;
  close(probe);
  if (!has_route || (ntohl(local.sin_addr.s_addr) >> 24) == 127) {
    WARN("no non-loopback address on this machine; bind check skipped");
    return;
  }
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  local.sin_port = htons(static_cast<uint16_t>(*port));
  CHECK(connect(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0);
  close(fd);
  server.stop();
}

}  // namespace civic::web
