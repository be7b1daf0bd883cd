// The API's answers, compared whole with answers recorded before the query library was split
// into rooms (issue #14): tests/fixtures/api-answers/requests.txt lists the requests (words,
// phrases, field queries, every filter, multi-select, grouping, sorting, dates, paging,
// refusals, units, facet listings, suggestions; a single index, the same archive in two local
// shards, and those shards served by xapian-tcpsrv), answers.jsonl what the server said. Only
// `took_ms` is left out of the comparison.
//
// A deliberate change of behaviour re-records the answers:
//   CIVIC_RECORD_API_ANSWERS=1 build/tests/web_tests "api answers*"
// then `git diff tests/fixtures/api-answers/answers.jsonl` must show only that change.
#include <fcntl.h>
#include <httplib.h>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/query/tcpsrv_support.h"
#include "tests/support.h"
#include "tests/web/live_server.h"
#include "web/server.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

struct Request {
  std::string index;  // "single", "shards", or "remote" (the shards through xapian-tcpsrv)
  std::string path;
};

fs::path fixture_dir() { return testing::source_dir() / "tests" / "fixtures" / "api-answers"; }

std::vector<Request> read_requests() {
  std::vector<Request> requests;
  std::ifstream in(fixture_dir() / "requests.txt");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    REQUIRE(space != std::string::npos);
    requests.push_back({line.substr(0, space), line.substr(space + 1)});
  }
  return requests;
}

// The archive every answer is about: the bundled sample and the web fixtures (our own fiction:
// the recorded answers quote it, so no text from ../shared is copied into the repository),
// indexed by the real binary with its default gazetteer (as `scripts/run.sh` does). A post's id
// ends in a hash of its file's absolute path, and posts go to shards and writer threads by that
// id, so the files are copied to one fixed place: the answers are the same in every checkout.
// A lock on it keeps two test runs on one machine from sharing it.
constexpr const char* kArchiveCopy = "/tmp/civic-api-answers";

class ArchiveCopy {
 public:
  ArchiveCopy() {
    lock_ = ::open((std::string(kArchiveCopy) + ".lock").c_str(), O_CREAT | O_RDWR, 0600);
    REQUIRE(lock_ >= 0);
    REQUIRE(::flock(lock_, LOCK_EX) == 0);
    const fs::path root(kArchiveCopy);
    fs::remove_all(root);
    const auto copy = fs::copy_options::recursive;
    fs::create_directories(root / "data");
    fs::copy(testing::source_dir() / "data" / "archive", root / "data" / "archive", copy);
    fs::create_directories(root / "fixtures");
    fs::copy(testing::source_dir() / "tests" / "fixtures" / "web", root / "fixtures" / "web", copy);
  }
  ~ArchiveCopy() {
    std::error_code ignored;
    fs::remove_all(kArchiveCopy, ignored);
    ::close(lock_);  // releases the lock
  }
  ArchiveCopy(const ArchiveCopy&) = delete;
  ArchiveCopy& operator=(const ArchiveCopy&) = delete;

  void index(const fs::path& db, const std::string& extra_flags) const {
    const auto result = testing::run_command(
        "cd '" + testing::source_dir().string() + "' && '" + CIVIC_BINARY + "' index " +
        extra_flags + " --db '" + db.string() + "' " + kArchiveCopy + "/data/archive " +
        kArchiveCopy + "/fixtures/web 2>&1");
    INFO(result.out);
    REQUIRE(result.exit_code == 0);
  }

 private:
  int lock_ = -1;
};

// The status and the JSON body of one answer, without took_ms.
json answer(const testing::LiveServer& server, const std::string& path) {
  auto res = server.get(path);
  REQUIRE(res);
  json body = json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object()) body.erase("took_ms");
  return {{"status", res->status}, {"body", body}};
}

TEST_CASE("api answers: every recorded request gets the answer recorded before the split") {
  testing::TempDir dir;
  {
    const ArchiveCopy archive;
    archive.index(dir / "single", "");
    archive.index(dir / "shards", "--shards 2");
  }
  testing::TcpSrv remote0(dir / "shards" / "shard-00"), remote1(dir / "shards" / "shard-01");
  const auto stub = dir.write("remote.stub", remote0.stub_line() + "\n" + remote1.stub_line() + "\n");
  const testing::LiveServer single(testing::server_options(dir / "single", 2));
  const testing::LiveServer shards(testing::server_options(dir / "shards", 2));
  const testing::LiveServer remote(testing::server_options(stub, 2));

  const auto requests = read_requests();
  REQUIRE(requests.size() >= 40);
  std::vector<json> answers;
  for (const auto& request : requests) {
    REQUIRE((request.index == "single" || request.index == "shards" || request.index == "remote"));
    const testing::LiveServer& server = request.index == "single"   ? single
                                        : request.index == "shards" ? shards
                                                                    : remote;
    answers.push_back({{"index", request.index}, {"path", request.path},
                       {"answer", answer(server, request.path)}});
  }

  const fs::path recorded = fixture_dir() / "answers.jsonl";
  if (std::getenv("CIVIC_RECORD_API_ANSWERS") != nullptr) {
    std::ofstream out(recorded, std::ios::binary | std::ios::trunc);
    for (const auto& answer : answers) out << answer.dump(-1, ' ', false) << "\n";
    WARN("recorded " << answers.size() << " answers in " << recorded.string());
    return;
  }
  std::ifstream in(recorded, std::ios::binary);
  REQUIRE(in.good());
  std::string line;
  std::size_t i = 0;
  for (; std::getline(in, line); ++i) {
    REQUIRE(i < answers.size());
    const json want = json::parse(line);
    INFO(want["index"].get<std::string>() << " " << want["path"].get<std::string>());
    REQUIRE(answers[i]["path"] == want["path"]);
    // A JSON diff names the first field that differs instead of two 10 KB documents.
    const json diff = json::diff(want["answer"], answers[i]["answer"]);
    INFO("differences (JSON patch from recorded to now): " << diff.dump().substr(0, 2000));
    CHECK(diff.empty());
  }
  CHECK(i == answers.size());
}

}  // namespace
}  // namespace civic::web
