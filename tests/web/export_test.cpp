// GET /api/export and `civicsearch search --export` end to end, over an archive of our own
// fiction with 12,000 units (more than the 10,000 results /api/search may page through),
// generated here and indexed by the real `civicsearch index`. The big export runs against a real
// `civicsearch serve` process, whose peak RSS (VmHWM) is read from /proc to show that rows are
// streamed, not held; Python's csv and json modules (tests/web/check_export.py) read what it
// sends. The rest runs on an in-process server: order, limit, headers and refusals.
#include "query/export.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "query/core/html.h"
#include "tests/cli_search.h"
#include "tests/fixture_cache.h"
#include "tests/web/live_server.h"
#include "web/pages.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
using testing::shell_quote;

constexpr int kPosts = 240, kUnitsPerPost = 50;  // 12,000 units, each with "borough"
constexpr std::size_t kUnits = kPosts * kUnitsPerPost;
constexpr std::size_t kAllotmentUnits = kUnits / 12;  // every 12th unit says "allotment"

struct Person {
  const char *name, *role, *org;
};
constexpr Person kPeople[] = {
    {"Edith Marrow", "Leader of the Council", "Kirkbeck Borough Council"},
    {"Tobias Fennick", "Chief Executive", "Fennick Housing Trust"},
    {"Agn\u00e8s Rowntree-Lyle", "Chair", "Lowmoor Tenants\u2019 Association"},
    {"Priya Castellane", "Director of Public Health", "Kirkbeck Borough Council"},
    {"Hamish O\u2019Dowd", "", "Stanmere Cycling Club"},
    {"Ruth Calloway", "Treasurer", "Kirkbeck Credit Union"},
};
constexpr const char* kSentences[] = {
    "Questions from the floor were about libraries, bins and buses, in that order.",
    "She said the \"open data\" promise had produced spreadsheets, not answers.",
    "The caf\u00e9 at the back ran out of tea before the second session \u2014 again.",
    "Nobody could say, when pressed, who owned the old depot on Mill Lane.",
    "He asked for the figures to be published every quarter, not once a year.",
    "A resident read out a letter from 1987 about the same junction.",
    "The chair reminded everyone that the meeting was being recorded.",
    "Two councillors disagreed, politely, about the timetable for the consultation.",
};

// Unit `n` of the archive: "borough" in every unit, "allotment" in every 12th; commas, quotes,
// curly quotes, accents and line breaks throughout, and texts that a spreadsheet would take for a
// formula (=, +, -, @ first).
std::string unit_text(std::size_t n) {
  static constexpr const char* kLeads[] = {"=SUM(B2:B9) was how the treasurer summed it up. ",
                                           "-12% on last year, said the slide. ",
                                           "+1 from the back row. ", "@KirkbeckCouncil replied. "};
  std::string text = n % 29 < 4 ? kLeads[n % 29] : "";
  text += "The borough forum, meeting " + std::to_string(n) + ", heard this. ";
  for (std::size_t i = 0; i < 10; ++i) text += std::string(kSentences[(n * 7 + i * 3) % 8]) + " ";
  if (n % 12 == 0) text += "Allotment waiting lists came up again. ";
  if (n % 10 == 3) text += "\nA second line, after a break.";
  return text;
}

// Under AddressSanitizer freed memory stays resident in its quarantine (256 MB by default), so
// a peak RSS measures allocations made, not memory held: scripts/sanitize.sh runs this test for
// memory safety, the normal build for the bounds.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPeakRssIsMeaningful = false;
#else
constexpr bool kPeakRssIsMeaningful = true;
#endif

std::string archive_jsonl() {
  std::string out;
  for (int p = 0; p < kPosts; ++p) {
    char date[32];  // room for any int, which -Wformat-truncation cannot rule out
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2015 + p / 48, (p % 48) / 4 + 1,
                  (p % 4) * 7 + 1);
    for (int u = 0; u < kUnitsPerPost; ++u) {
      const std::size_t n = static_cast<std::size_t>(p * kUnitsPerPost + u);
      json line = {{"post", "kirkbeck-forum-" + std::to_string(p)},
                   {"title", "Kirkbeck Borough Forum, meeting " + std::to_string(p + 1)},
                   {"date", date},
                   {"url", "https://notes.example.org/forum/" + std::to_string(p + 1) + "/"},
                   {"event", "Kirkbeck Borough Forum"},
                   {"kind", u == 0       ? "heading"
                            : u % 5 == 4 ? "bullet"
                                         : "paragraph"},
                   {"text", unit_text(n)}};
      if (u > 0) {
        const Person& who = kPeople[(n + n / 12) % std::size(kPeople)];
        line["speaker"] = who.name;
        line["org"] = who.org;
        if (*who.role) line["role"] = who.role;
      }
      out += line.dump() + "\n";
    }
  }
  return out;
}

// The generated archive indexed by `civicsearch index`, once per test run.
fs::path export_index() {
  static const fs::path db = [] {
    const testing::FixtureSpec spec{"export-index",
                                    "1",
                                    {testing::source_dir() / "data" / "gazetteer.yaml",
                                     testing::source_dir() / "data" / "themes.yaml"},
                                    "12000 generated units"};
    const fs::path root = testing::cached_fixture(spec, [](const fs::path& dir) {
      std::ofstream(dir / "archive.jsonl", std::ios::binary) << archive_jsonl();
      const std::string command =
          std::string(CIVIC_BINARY) + " index --db " + shell_quote((dir / "index").string()) +
          " --gazetteer " +
          shell_quote((testing::source_dir() / "data" / "gazetteer.yaml").string()) + " --themes " +
          shell_quote((testing::source_dir() / "data" / "themes.yaml").string()) + " " +
          shell_quote((dir / "archive.jsonl").string()) + " 2>&1";
      const auto result = testing::run_command(command);
      if (result.exit_code != 0) throw std::runtime_error(command + ": " + result.out);
    });
    return root / "index";
  }();
  return db;
}

std::string columns_arg() {
  std::string out;
  for (const auto& column : query::export_columns()) out += (out.empty() ? "" : ",") + column;
  return out;
}

// tests/web/check_export.py on `file`: Python's parsers find `rows` rows of the export's columns.
void check_with_python(const fs::path& file, const char* format, std::size_t rows) {
  const std::string command =
      "python3 " +
      shell_quote((testing::source_dir() / "tests" / "web" / "check_export.py").string()) + " " +
      format + " " + shell_quote(file.string()) + " " + std::to_string(rows) + " " + columns_arg() +
      " 2>&1";
  const auto result = testing::run_command(command);
  INFO(command);
  UNSCOPED_INFO(result.out);
  std::printf("%s", result.out.c_str());
  CHECK(result.exit_code == 0);
}

// `civicsearch serve --port 0` as a child process, for its own peak RSS.
class ServeProcess {
 public:
  explicit ServeProcess(const fs::path& db, const fs::path& log) {
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || ::dup2(fd, 2) < 0) ::_exit(126);
      ::execl(CIVIC_BINARY, CIVIC_BINARY, "serve", "--db", db.c_str(), "--port", "0", "--threads",
              "4", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // "civicsearch serve: listening on http://127.0.0.1:PORT/ (index …)"
    const std::string marker = "listening on http://127.0.0.1:";
    for (int i = 0; i < 500 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const std::string text = testing::slurp(log);
      if (const auto at = text.find(marker); at != std::string::npos)
        port_ = std::stoi(text.substr(at + marker.size()));
    }
    REQUIRE(port_ > 0);
  }
  ~ServeProcess() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }

  /// VmHWM of /proc/PID/status: the process's peak resident set so far, in bytes.
  std::size_t peak_rss() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
    }
    FAIL("no VmHWM in /proc/" << pid_ << "/status");
    return 0;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// An export fetched into `file`: its headers, and the bytes received.
struct Download {
  httplib::Headers headers;
  int status = 0;
  std::size_t bytes = 0;
};

Download download(httplib::Client& client, const std::string& path, const fs::path& file,
                  const httplib::Headers& headers = {{"Accept-Encoding", "identity"}}) {
  std::ofstream out(file, std::ios::binary);
  Download got;
  auto res = client.Get(path, headers, [&](const char* data, std::size_t n) {
    out.write(data, static_cast<std::streamsize>(n));
    got.bytes += n;
    return true;
  });
  REQUIRE(res);
  got.status = res->status;
  got.headers = res->headers;
  return got;
}

std::string header(const Download& d, const std::string& name) {
  auto it = d.headers.find(name);
  return it == d.headers.end() ? std::string() : it->second;
}

json search(httplib::Client& client, const std::string& params) {
  auto res = client.Get("/api/search?" + params);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

// Unit ids of a JSONL export body, in order.
std::vector<std::string> jsonl_ids(const std::string& body) {
  std::vector<std::string> ids;
  for (std::size_t at = 0; at < body.size();) {
    const std::size_t end = body.find('\n', at);
    REQUIRE(end != std::string::npos);
    ids.push_back(json::parse(body.substr(at, end - at)).at("id").get<std::string>());
    at = end + 1;
  }
  return ids;
}

// Unit ids of the hits /api/search pages through for `params`, the first `most` of them.
std::vector<std::string> searched_ids(httplib::Client& client, const std::string& params,
                                      std::size_t most = 10000) {
  std::vector<std::string> ids;
  for (int page = 1; ids.size() < most; ++page) {
    const json got = search(client, params + "&per_page=100&page=" + std::to_string(page));
    for (const auto& hit : got.at("hits")) ids.push_back(hit.at("id").get<std::string>());
    if (got.at("hits").size() < 100) break;
  }
  if (ids.size() > most) ids.resize(most);
  return ids;
}

// The in-process server over the generated index, with a limit below its 12,000 matches.
constexpr std::size_t kTestLimit = 1500;
testing::LiveServer& limited_server() {
  static testing::LiveServer server([] {
    auto options = testing::server_options(export_index());
    options.export_limit = kTestLimit;
    return options;
  }());
  return server;
}

double mb(std::size_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

}  // namespace

TEST_CASE("an export of 12,000 matches streams every row in bounded server memory",
          "[web][export]") {
  testing::TempDir dir;
  ServeProcess server(export_index(), dir / "serve.log");
  // One keep-alive connection: every request runs on the same worker thread (and its malloc
  // arena), so what the big export adds is the export's own doing.
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(120, 0);
  const std::size_t total = search(client, "q=borough&per_page=1").at("total").get<std::size_t>();
  REQUIRE(total == kUnits);
  CHECK(search(client, "q=allotment&per_page=1").at("total") == kAllotmentUnits);
  const std::size_t warm = server.peak_rss();

  const auto small = download(client, "/api/export?q=allotment&sort=newest", dir / "small.csv");
  REQUIRE(small.status == 200);
  CHECK(header(small, "X-Total-Count") == std::to_string(kAllotmentUnits));
  const std::size_t after_small = server.peak_rss();

  const auto big = download(client, "/api/export?q=borough&sort=newest", dir / "big.csv");
  REQUIRE(big.status == 200);
  CHECK(header(big, "X-Total-Count") == std::to_string(total));
  CHECK(header(big, "X-Export-Limit") == "100000");
  CHECK(header(big, "X-Export-Truncated") == "false");
  CHECK(header(big, "Transfer-Encoding") == "chunked");
  CHECK(header(big, "Content-Disposition") == "attachment; filename=\"civic-search-borough.csv\"");
  const std::size_t after_big = server.peak_rss();

  const auto lines = download(client, "/api/export?q=borough&format=jsonl", dir / "big.jsonl");
  REQUIRE(lines.status == 200);
  const std::size_t after_jsonl = server.peak_rss();
  std::printf(
      "civicsearch serve peak RSS (VmHWM): %.1f MB warm; %.1f MB after exporting %zu rows "
      "(%.1f MB of CSV); %.1f MB after %zu rows (%.1f MB of CSV); %.1f MB after %zu rows "
      "(%.1f MB of JSONL)\n",
      mb(warm), mb(after_small), kAllotmentUnits, mb(small.bytes), mb(after_big), total,
      mb(big.bytes), mb(after_jsonl), total, mb(lines.bytes));
  // Holding the rows (or the body) would cost at least what is sent. Streaming costs a batch of
  // rows and the match (Xapian's MSet for the limit, then the docids): each export raises the
  // peak by under a quarter of what it sends, and the session by under a quarter of the total.
  REQUIRE(big.bytes > 8 * 1024 * 1024);
  if (kPeakRssIsMeaningful) {
    CHECK(after_big - after_small < big.bytes / 4);
    CHECK(after_jsonl - after_big < lines.bytes / 4);
    CHECK(after_jsonl - warm < (small.bytes + big.bytes + lines.bytes) / 4);
  } else {
    WARN("built with AddressSanitizer, whose quarantine keeps freed memory resident (peaks of "
         "hundreds of MB): the memory bounds are checked by the normal build's run");
  }

  check_with_python(dir / "small.csv", "csv", kAllotmentUnits);
  check_with_python(dir / "big.csv", "csv", total);
  check_with_python(dir / "big.jsonl", "jsonl", total);
}

TEST_CASE("an export follows the search's order and total for every sort and filter",
          "[web][export]") {
  auto client = limited_server().client(60);
  for (const std::string params :
       {"q=allotment", "q=allotment&sort=newest", "q=allotment&sort=oldest",
        "q=borough&speaker=Edith%20Marrow&kind=bullet", "q=borough&from=2016-03-01&to=2016-06-30",
        "from=2019-07-01&sort=oldest"}) {
    INFO(params);
    const json first = search(client, params + "&per_page=1");
    auto res = client.Get("/api/export?format=jsonl&" + params);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/x-ndjson; charset=utf-8");
    CHECK(res->get_header_value("X-Total-Count") ==
          std::to_string(first.at("total").get<std::size_t>()));
    CHECK(res->get_header_value("X-Export-Truncated") == "false");
    const auto ids = jsonl_ids(res->body);
    REQUIRE(ids.size() > 10);
    CHECK(ids == searched_ids(client, params));
  }
}

TEST_CASE("an export past the server's limit sends the first rows and says it was cut",
          "[web][export]") {
  testing::TempDir dir;
  auto client = limited_server().client(60);
  const auto cut = download(client, "/api/export?q=borough&sort=oldest", dir / "cut.csv");
  REQUIRE(cut.status == 200);
  CHECK(header(cut, "X-Total-Count") == std::to_string(kUnits));
  CHECK(header(cut, "X-Export-Limit") == std::to_string(kTestLimit));
  CHECK(header(cut, "X-Export-Truncated") == "true");
  CHECK(header(cut, "Content-Type") == "text/csv; charset=utf-8; header=present");
  check_with_python(dir / "cut.csv", "csv", kTestLimit);
  // A browser accepts br and gzip; an export goes out as gzip (brotli at httplib's quality costs
  // seconds and tens of MB for a large file), which the client inflates back to the same bytes.
  const auto browser = download(client, "/api/export?q=borough&sort=oldest", dir / "br.csv",
                                {{"Accept-Encoding", "gzip, deflate, br"}});
  REQUIRE(browser.status == 200);
  CHECK(header(browser, "Content-Encoding") == "gzip");
  CHECK(header(browser, "Content-Type") == "text/csv; charset=utf-8; header=present");
  CHECK(browser.bytes == cut.bytes);
  auto rows = client.Get("/api/export?q=borough&sort=oldest&format=jsonl");
  REQUIRE(rows);
  CHECK(jsonl_ids(rows->body) == searched_ids(client, "q=borough&sort=oldest", kTestLimit));
}

TEST_CASE("an export refuses bad parameters with the body /api/search gives", "[web][export]") {
  auto client = limited_server().client();
  const std::string many_speakers = [] {
    std::string out;
    for (int i = 0; i <= 100; ++i) out += "&speaker=s" + std::to_string(i);
    return out;
  }();
  for (const std::string& params : std::vector<std::string>{
           "from=2010-02-30", "to=2010-13-01", "from=2012-01-01&to=2011-01-01", "sort=best",
           "sort=newest&sort=oldest", "q=" + std::string(5000, 'a'), "q=%FF", "facet_limit=abc",
           "q=x" + many_speakers}) {
    INFO(params.substr(0, 80));
    auto searched = client.Get("/api/search?" + params);
    auto exported = client.Get("/api/export?" + params);
    REQUIRE(searched);
    REQUIRE(exported);
    CHECK(searched->status == 400);
    CHECK(exported->status == 400);
    CHECK(exported->body == searched->body);
    CHECK(exported->get_header_value("Content-Type") == "application/json; charset=utf-8");
  }
  // Unknown parameters are ignored by both (cache busters); group=unit is what an export is.
  for (const std::string params : {"colour=red&q=allotment", "group=unit&q=allotment"}) {
    INFO(params);
    auto exported = client.Get("/api/export?" + params);
    REQUIRE(exported);
    CHECK(exported->status == 200);
  }
  // What only an export refuses.
  const std::string rows = " in one response; leave it out";
  auto [params, message] = GENERATE_REF(table<std::string, std::string>({
      {"format=xml", "format must be csv or jsonl, not 'xml'"},
      {"format=csv&format=jsonl", "format may be given only once"},
      {"page=2",
       "page does not apply to an export, which sends every matching unit (up to 1,500)" + rows},
      {"per_page=100",
       "per_page does not apply to an export, which sends every matching unit (up to 1,500)" +
           rows},
      {"group=talk",
       "group does not apply to an export, which lists every matching unit; leave it out"},
  }));
  CAPTURE(params);
  auto refused = client.Get("/api/export?q=allotment&" + params);
  REQUIRE(refused);
  CHECK(refused->status == 400);
  CHECK(json::parse(refused->body) ==
        json({{"error", {{"code", "invalid_input"}, {"message", message}}}}));
}

TEST_CASE("the search page links to downloads of its search, not of its page",
          "[web][export][pages]") {
  const Params params = {{"q", "allotment"}, {"speaker", "Edith Marrow"}, {"sort", "oldest"},
                         {"group", "talk"},  {"per_page", "20"},          {"page", "2"}};
  const std::string page = render_search_page(params, nullptr, "", PageAssets{});
  auto client = limited_server().client();
  const json searched = search(client, "q=allotment&speaker=Edith%20Marrow&per_page=1");
  for (const char* format : {"csv", "jsonl"}) {
    const std::string href =
        "/api/export?q=allotment&speaker=Edith%20Marrow&sort=oldest&format=" + std::string(format);
    CHECK(page.find("id=\"export-" + std::string(format) + "\" href=\"" + html::escape(href) +
                    "\" download>") != std::string::npos);
    auto res = client.Get(href);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("X-Total-Count") == searched.at("total").dump());
  }
}

TEST_CASE("civicsearch search --export prints the rows GET /api/export sends",
          "[web][export][cli]") {
  testing::TempDir dir;
  auto client = limited_server().client(60);
  const std::string base = "http://127.0.0.1:" + std::to_string(limited_server().port());
  for (const char* format : {"csv", "jsonl"}) {
    INFO(format);
    const fs::path out = dir / (std::string("cli.") + format);
    const std::string command = std::string(CIVIC_BINARY) + " search --db " +
                                shell_quote(export_index().string()) + " --export " + format +
                                " --base-url " + base +
                                "/ --sort newest --speaker 'Ruth Calloway'" + " -- allotment > " +
                                shell_quote(out.string());
    REQUIRE(testing::run_command(command).exit_code == 0);
    auto res =
        client.Get(std::string("/api/export?q=allotment&sort=newest&speaker=Ruth%20Calloway") +
                   "&format=" + format);
    REQUIRE(res);
    CHECK(testing::slurp(out) == res->body);
    const std::size_t total =
        testing::cli_search(export_index(), "allotment", "--speaker 'Ruth Calloway'")
            .at("total")
            .get<std::size_t>();
    CHECK(total > 100);
    check_with_python(out, format, total);
  }
  // Without --base-url, permalinks are relative.
  const auto relative =
      testing::run_command(std::string(CIVIC_BINARY) + " search --db " +
                           shell_quote(export_index().string()) + " --export jsonl -- allotment");
  REQUIRE(relative.exit_code == 0);
  const json first = json::parse(relative.out.substr(0, relative.out.find('\n')));
  CHECK(first.at("permalink") == "/units/" + first.at("id").get<std::string>());
}

}  // namespace civic::web
