// Load while re-indexing (issue #7): the real server answers a bounded load from several client
// threads on loopback while the archive is re-indexed twice by an IndexWriter in this process.
// Every response must be a 200 with well-formed JSON, a query whose answer does not change
// between versions must never see a half-written index, and each new version must become
// visible without restarting the server.
#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "indexer/index_writer.h"
#include "tests/support.h"
#include "web/server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr int kPosts = 150;
constexpr int kUnitsPerPost = 12;

// Version `version` of the archive: the same posts and unit counts every time, so the number of
// units mentioning "volunteering" never changes; each version adds its own marker word.
std::vector<PostDoc> archive(int version) {
  static const char* kMarkers[] = {"", "zebracorn", "quetzalword"};
  std::vector<PostDoc> docs;
  for (int p = 0; p < kPosts; ++p) {
    PostDoc doc;
    const std::string key = std::to_string(p);
    doc.post.id = post_id_for("load-" + key, "load-test:" + key);
    doc.post.title = "Council meeting " + key;
    doc.post.date = "2011-0" + std::to_string(1 + p % 9) + "-1" + std::to_string(p % 10);
    doc.post.url = "https://load.example.org/" + key + "/";
    for (int u = 0; u < kUnitsPerPost; ++u) {
      Unit unit;
      unit.kind = UnitKind::Paragraph;
      unit.text = "Item " + std::to_string(u) + " of meeting " + key +
                  (u == 0 ? ": volunteering in the parishes." : ": budgets and parks.");
      if (version > 0 && u == 1) unit.text += std::string(" Revision ") + kMarkers[version] + ".";
      unit.speaker = u % 2 ? "Rosa Quint" : "Tom Vell";
      doc.units.push_back(unit);
    }
    finalise_post(doc);
    docs.push_back(std::move(doc));
  }
  return docs;
}

void write_version(const fs::path& db, int version) {
  auto writer = indexer::IndexWriter::open(db);
  REQUIRE(writer.has_value());
  for (const auto& doc : archive(version)) REQUIRE(writer->put(doc).has_value());
  REQUIRE(writer->commit().has_value());
}

struct LoadCounts {
  std::atomic<long> requests{0}, ok{0}, failed{0}, server_errors{0}, bad_json{0}, partial{0};
};

// One client: keeps a connection, cycles through a few searches, checks every answer.
void client_loop(int port, int id, const std::atomic<bool>& stop, LoadCounts& counts) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  client.set_keep_alive(true);
  const std::vector<std::string> targets = {
      "/api/search?q=volunteering", "/api/search?q=budgets+parks&per_page=20",
      "/api/search?q=&sort=newest&speaker=Rosa+Quint", "/api/search?q=%22item+3%22&group=post",
      "/api/facets/speaker?prefix=ro"};
  for (std::size_t i = id; !stop; ++i) {
    const std::string& target = targets[i % targets.size()];
    auto res = client.Get(target.c_str());
    ++counts.requests;
    if (!res) {
      ++counts.failed;
      continue;
    }
    if (res->status >= 500) ++counts.server_errors;
    if (res->status != 200) {
      ++counts.failed;
      continue;
    }
    if (!json::accept(res->body)) {
      ++counts.bad_json;
      continue;
    }
    if (i % targets.size() == 0) {
      // The same number of units mention volunteering in every version: anything else would be
      // a half-published index.
      if (json::parse(res->body).value("total", -1) != kPosts) ++counts.partial;
    }
    ++counts.ok;
  }
}

// Polls until `word` finds every post (the new version is being served), at most 10 s.
bool becomes_visible(int port, const std::string& word) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10, 0);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    auto res = client.Get(("/api/search?q=" + word).c_str());
    if (res && res->status == 200 && json::accept(res->body) &&
        json::parse(res->body).value("total", -1) == kPosts) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

TEST_CASE("the server answers every request while the archive is re-indexed twice",
          "[web][load][reindex]") {
  testing::TempDir dir;
  const fs::path db = dir / "index";
  write_version(db, 0);

  ServerOptions options;
  options.db = db;
  options.port = 0;
  options.threads = 4;
  options.reopen_interval_ms = 50;
  Server server(options);
  auto port = server.start();
  REQUIRE(port.has_value());

  constexpr int kClients = 4;
  LoadCounts counts;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back(client_loop, *port, i, std::cref(stop), std::ref(counts));
  }

  const auto started = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  write_version(db, 1);
  const bool first_visible = becomes_visible(*port, "zebracorn");
  write_version(db, 2);
  const bool second_visible = becomes_visible(*port, "quetzalword");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& client : clients) client.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // The old marker is gone once the second version is served.
  httplib::Client check("127.0.0.1", *port);
  auto old = check.Get("/api/search?q=zebracorn");
  REQUIRE(old);
  server.stop();

  CHECK(first_visible);
  CHECK(second_visible);
  CHECK(json::parse(old->body).value("total", -1) == 0);
  CHECK(counts.requests > 100);
  CHECK(counts.failed == 0);
  CHECK(counts.server_errors == 0);
  CHECK(counts.bad_json == 0);
  CHECK(counts.partial == 0);
  CHECK(counts.ok == counts.requests);
  WARN("re-indexed twice under load: "
       << counts.requests << " requests from " << kClients << " clients in " << seconds << " s, "
       << counts.ok << " ok, " << counts.failed << " failed, " << counts.server_errors << " 5xx");
}

}  // namespace civic::web
