// Hostile files (issue #7): entity bombs and external entities in XML, deeply nested HTML, files
// over the size limit, a 50 MB line, invalid UTF-8, NUL bytes, files that vanish or change while
// read, unreadable files, FIFOs and symlink loops. Each is refused (or repaired) with its path
// and a reason, memory stays bounded, nothing is fetched, and the good files beside them are read.
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "indexer/collect.h"
#include "indexer/reader.h"
#include "query/core/text.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;
using civic::testing::TempDir;
namespace fs = std::filesystem;

namespace {

Result<ReadOutput> read_path(const fs::path& path) {
  return read_file(path, Source{path.string(), path.string()});
}

std::string all_text(const ReadOutput& out) {
  std::string text;
  for (const auto& doc : out.posts) {
    text += doc.post.title + "\n";
    for (const auto& unit : doc.units) text += unit.text + "\n" + unit.context + "\n";
  }
  return text;
}

std::size_t unit_count(const ReadOutput& out) {
  std::size_t n = 0;
  for (const auto& doc : out.posts) n += doc.units.size();
  return n;
}

// Peak resident set of this process so far, in MiB.
long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// A loopback TCP listener that only counts: if a parser fetches an entity over HTTP, the
// connection shows up here (the test never answers it).
class Tripwire {
 public:
  Tripwire() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(listen(fd_, 16) == 0);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~Tripwire() { close(fd_); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  bool was_contacted() const {
    const int client = accept(fd_, nullptr, nullptr);
    if (client >= 0) close(client);
    return client >= 0;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

std::string wxr(const std::string& doctype, const std::string& title, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype +
         "\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
         "xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>Blog</title>\n"
         "<item><title>" +
         title +
         "</title><link>https://blog.example.org/p/</link>"
         "<content:encoded>" +
         body +
         "</content:encoded><wp:post_id>1</wp:post_id>"
         "<wp:post_date>2010-11-01 10:00:00</wp:post_date><wp:status>publish</wp:status>"
         "<wp:post_type>post</wp:post_type></item></channel></rss>\n";
}

std::string hansard(const std::string& doctype, const std::string& speech) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + doctype +
         "\n<publicwhip><major-heading id=\"uk.org.publicwhip/debate/2009-10-12a.1.0\">Heading"
         "</major-heading><speech id=\"uk.org.publicwhip/debate/2009-10-12a.1.1\" "
         "speakername=\"Mr Tom Vell\"><p>" +
         speech + "</p></speech></publicwhip>\n";
}

// Ten levels of ten references each: 10^9 "lol"s if expanded (3 GB).
const std::string kBillionLaughs = R"(<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>)";

// Whatever happens to hostile XML, it is a refusal or a bounded result: never the contents of
// a local file, never a connection, never more text than the unit limit allows.
// Returns 1 when the document was refused, 0 when it was read.
int check_xml_outcome(const Result<ReadOutput>& read, const std::string& what) {
  CAPTURE(what);
  if (!read) {
    CHECK(read.error().code == ErrorCode::InvalidInput);
    CHECK(read.error().message.rfind("hostile.xml", 0) == 0);
    return 1;
  }
  const std::string text = all_text(*read);
  CHECK(text.find("root:x:0:0") == std::string::npos);
  CHECK(text.find("lollollollollollollollollollollollollollollollollol") == std::string::npos);
  CHECK(text.size() < (1u << 20));
  return 0;
}

}  // namespace

TEST_CASE("XML entity bombs and external entities are neither expanded nor fetched",
          "[indexer][hostile]") {
  Tripwire tripwire;
  const Source source{"hostile.xml", "/hostile.xml"};
  const std::string file_entity = "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>";
  const std::string http_entity =
      "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"" + tripwire.url("/entity") + "\">]>";
  const std::string parameter_entity =
      "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + tripwire.url("/dtd") + "\"> %p;]>";
  const std::string external_dtd = "<!DOCTYPE r SYSTEM \"" + tripwire.url("/ext.dtd") + "\">";
  const auto started = std::chrono::steady_clock::now();
  int tried = 0, refused = 0;

  for (const auto& [doctype, name] :
       std::vector<std::pair<std::string, std::string>>{{kBillionLaughs, "billion laughs"},
                                                        {file_entity, "file:///etc/passwd"},
                                                        {http_entity, "http entity"},
                                                        {parameter_entity, "parameter entity"},
                                                        {external_dtd, "external DTD"}}) {
    const std::string ref = name == "billion laughs"                                ? "&lol9;"
                            : name == "file:///etc/passwd" || name == "http entity" ? "&xxe;"
                                                                                    : "text";
    refused += check_xml_outcome(
        read_bytes(Format::Wxr, wxr(doctype, "T " + ref, "<![CDATA[<p>Body</p>]]>" + ref), source),
        "wxr: " + name);
    refused += check_xml_outcome(
        read_bytes(Format::Hansard, hansard(doctype, "Speech " + ref), source), "hansard: " + name);
    tried += 2;
  }
  refused += check_xml_outcome(
      read_bytes(Format::Wxr,
                 wxr("", "X",  // XInclude is never processed: inert markup in a body
                     "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" "
                     "href=\"file:///etc/passwd\" parse=\"text\"/>"),
                 source),
      "wxr: xinclude");
  ++tried;

  CHECK_FALSE(tripwire.was_contacted());
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(seconds < 20);
  WARN(tried << " hostile XML documents in " << seconds << " s: " << refused << " refused, "
             << tried - refused << " read without expansion or access");
}

TEST_CASE("an entity bomb in a WXR body is cut to the unit limit or refused, not expanded",
          "[indexer][hostile]") {
  // Entities declared in the document are expanded by our own text walk, with a budget.
  const long before = peak_rss_mb();
  auto read = read_bytes(Format::Wxr, wxr(kBillionLaughs, "T", "&lol9;"), {"hostile.xml", "/h"});
  check_xml_outcome(read, "wxr body &lol9;");
  CHECK(peak_rss_mb() - before < 256);
}

TEST_CASE("deeply nested HTML is read without recursion", "[indexer][hostile]") {
  const int depth = GENERATE(1000, 100000);
  CAPTURE(depth);
  std::string html = "<html><body><article><p>Before the nest.</p>";
  for (int i = 0; i < depth; ++i) html += i % 2 ? "<div>" : "<ul><li>";
  html += "deep text";
  html += "</article></body></html>";
  auto read = read_bytes(Format::Html, html, {"nested.html", "/nested.html"});
  if (read) {
    CHECK(all_text(*read).find("Before the nest.") != std::string::npos);
  } else {
    CHECK(read.error().message.rfind("nested.html", 0) == 0);
  }
  // The same nest in a WXR body goes through the same segmenter.
  std::string body = "<![CDATA[<p>Lead.</p>";
  for (int i = 0; i < depth; ++i) body += "<blockquote>";
  body += "x]]>";
  auto wxr_read = read_bytes(Format::Wxr, wxr("", "Nested", body), {"nested.xml", "/nested.xml"});
  CHECK((wxr_read || wxr_read.error().code == ErrorCode::InvalidInput));
}

TEST_CASE("a 100 MB file is refused by its size without being read", "[indexer][hostile]") {
  TempDir dir;
  const fs::path path = dir / "huge.txt";
  { std::ofstream(path, std::ios::binary) << "A title\n\nA first paragraph.\n"; }
  fs::resize_file(path, 100u << 20);  // sparse: 100 MB without writing them
  const long before = peak_rss_mb();
  auto read = read_path(path);
  REQUIRE_FALSE(read);
  CHECK(read.error().code == ErrorCode::InvalidInput);
  CHECK(read.error().message == path.string() + ": file is 100.0 MB, over the 64.0 MB limit");
  CHECK(peak_rss_mb() - before < 16);  // only the 4 KB head was read
}

TEST_CASE("a 50 MB single line is refused as one unit over the limit, in bounded memory",
          "[indexer][hostile]") {
  TempDir dir;
  // The line also starts like the things the plain-text reader recognises with regular
  // expressions (a numbered comment and its author, a comment header, an agenda item, a video
  // list): none may recurse once per character (regression: "1. " + 50 MB crashed the reader).
  const auto [before, prefix] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"", "Item 1 "},
      {"", "3 comments on "},
      {"", "Videos of the talks are below "},
      {"3 comments on \"Title\"\n\n", "1. "},
      {"3 comments on \"Title\"\n\n", "1. Priya Shah says: "},
      {"3 comments on \"Title\"\n\n1. Priya Shah says:\n", ""},
  }));
  CAPTURE(before, prefix);
  const fs::path path = dir / "line.txt";
  {
    std::ofstream out(path, std::ios::binary);
    out << "Title\n\n" << before << prefix;
    const std::string words(1 << 20, 'w');
    for (int i = 0; i < 50; ++i) out << words;
    out << "\n";
  }
  const long rss_before = peak_rss_mb();
  const auto started = std::chrono::steady_clock::now();
  auto read = read_path(path);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  REQUIRE_FALSE(read);
  CHECK(read.error().message.find("over the 1.0 MB limit for one unit") != std::string::npos);
  CHECK(peak_rss_mb() - rss_before < 50 * 12);  // a few copies of the line at most
  CHECK(seconds < 60);
}

TEST_CASE("invalid UTF-8 is repaired with a warning, NUL bytes refuse the file",
          "[indexer][hostile]") {
  const Source source{"bad.txt", "/bad.txt"};
  SECTION("invalid UTF-8 in a text post") {
    auto read = read_bytes(Format::PlainText,
                           "Title\n\nCaf\xC3 ol\xFF\xFE\xED\xA0\x80 \xC0\xAF end.\n", source);
    REQUIRE(read);
    REQUIRE(read->warnings.size() == 1);
    CHECK(read->warnings[0].message == "bad.txt:3: invalid UTF-8 replaced with U+FFFD");
    for (const auto& doc : read->posts) {
      for (const auto& unit : doc.units) CHECK(text::is_valid_utf8(unit.text));
    }
  }
  SECTION("invalid UTF-8 in every other format") {
    for (Format format : {Format::Html, Format::Markdown, Format::Jsonl, Format::GovukJson,
                          Format::Wxr, Format::Hansard}) {
      CAPTURE(format_name(format));
      const std::string bytes =
          format == Format::Wxr       ? wxr("", "T\xFF", "<![CDATA[<p>B\xC3\x28</p>]]>")
          : format == Format::Hansard ? hansard("", "Sp\xFF\xFE")
          : format == Format::Jsonl
              ? "{\"post\":\"p\",\"title\":\"T\xFF\",\"date\":\"2010-01-01\",\"url\":\"\",\"kind\":"
                "\"paragraph\",\"text\":\"x\xC3\x28\"}\n"
          : format == Format::GovukJson ? "{\"base_path\":\"/"
                                          "x\",\"document_type\":\"speech\",\"title\":\"T\xFF\","
                                          "\"details\":{\"body\":\"<p>B\xC3\x28</p>\"}}"
                                        : "# T\xFF\n\nBody \xC3\x28 text\n";
      auto read = read_bytes(format, bytes, source);
      if (read) {
        for (const auto& doc : read->posts) {
          CHECK(text::is_valid_utf8(doc.post.title));
          for (const auto& unit : doc.units) CHECK(text::is_valid_utf8(unit.text));
        }
      } else {
        CHECK(read.error().code == ErrorCode::InvalidInput);
        CHECK(read.error().message.rfind("bad.txt", 0) == 0);
      }
    }
  }
  SECTION("NUL bytes") {
    auto read = read_bytes(Format::Markdown, std::string("# T\n\nok\nbin\0ary\n", 17), source);
    REQUIRE_FALSE(read);
    CHECK(read.error().message ==
          "bad.txt:4: NUL byte at offset 11: binary or corrupt, not a text file");
  }
}

TEST_CASE("a file that disappears or changes while being read never gives foreign text",
          "[indexer][hostile]") {
  TempDir dir;
  SECTION("deleted between listing and reading") {
    dir.write("in/gone.txt", "Title\n\nText.\n");
    std::vector<Error> problems;
    auto files = collect_inputs({(dir / "in").string()}, problems);
    REQUIRE(files.size() == 1);
    fs::remove(files[0].path);
    auto read = read_file(files[0].path, files[0].source);
    REQUIRE_FALSE(read);
    CHECK(read.error().message.find(": cannot read: No such file or directory") !=
          std::string::npos);
  }
  std::string full = "Changing post\n\n";
  for (int i = 0; i < 2000; ++i)
    full += "Paragraph number " + std::to_string(i) + " of the post.\n\n";
  SECTION("replaced (write aside, rename) over and over while read: always read whole") {
    const fs::path path = dir.write("changing.txt", full);
    auto reference = read_path(path);
    REQUIRE(reference);
    const std::size_t whole = unit_count(*reference);
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      for (int n = 0; !stop; ++n) {
        const fs::path aside = dir.write("aside-" + std::to_string(n % 2) + ".tmp", full);
        std::error_code ignored;
        fs::rename(aside, path, ignored);
      }
    });
    int reads = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    while (std::chrono::steady_clock::now() < until) {
      auto read = read_path(path);
      REQUIRE(read);
      CHECK(unit_count(*read) == whole);
      ++reads;
    }
    stop = true;
    writer.join();
    WARN("file replaced by rename: " << reads << " reads, all whole");
  }
  SECTION("rewritten in place over and over while read: refused, or a prefix of the post") {
    // read_file refuses a file that shrinks while read; one that grows back between its stat()
    // and its read gives the prefix that was there (TODO(#7): refuse a file whose size or mtime
    // changed during the read). Asserted here: never a crash, never text that is not the file's.
    const fs::path path = dir.write("changing.txt", full);
    auto reference = read_path(path);
    REQUIRE(reference);
    const auto& whole_units = reference->posts.at(0).units;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      while (!stop) {
        const int fd = open(path.c_str(), O_WRONLY | O_TRUNC);
        if (fd < 0) continue;
        const ssize_t written = write(fd, full.data(), full.size());
        (void)written;
        close(fd);
      }
    });
    int whole_reads = 0, prefixes = 0, refused = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    while (std::chrono::steady_clock::now() < until) {
      auto read = read_path(path);
      if (!read) {
        ++refused;
        CHECK(read.error().message.rfind(path.string() + ": ", 0) == 0);
        continue;
      }
      if (read->posts.empty()) continue;
      const auto& units = read->posts.at(0).units;
      REQUIRE(units.size() <= whole_units.size());
      for (std::size_t i = 0; i + 1 < units.size(); ++i)
        CHECK(units[i].text == whole_units[i].text);
      ++(units.size() == whole_units.size() ? whole_reads : prefixes);
    }
    stop = true;
    writer.join();
    WARN("file rewritten in place: " << whole_reads << " whole reads, " << prefixes << " prefixes, "
                                     << refused << " refusals");
  }
}

TEST_CASE("unreadable files, FIFOs and folders named like posts are reported, not waited on",
          "[indexer][hostile]") {
  TempDir dir;
  SECTION("a FIFO named .txt given directly") {
    const fs::path fifo = dir / "pipe.txt";
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    auto read = read_path(fifo);  // must not block waiting for a writer
    REQUIRE_FALSE(read);
    CHECK(read.error().message.rfind(fifo.string() + ": cannot read: ", 0) == 0);
    std::vector<Error> problems;
    collect_inputs({fifo.string()}, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == fifo.string() + ": not a regular file or directory");
  }
  SECTION("a folder named .txt") {
    dir.write("folder.txt/inner.txt", "Inner\n\nInner text.\n");
    auto read = read_path(dir / "folder.txt");
    REQUIRE_FALSE(read);
    CHECK(read.error().message.rfind((dir / "folder.txt").string() + ": cannot read: ", 0) == 0);
  }
  SECTION("a file without read permission") {
    const fs::path secret = dir.write("secret.txt", "Secret\n\nNot for you.\n");
    fs::permissions(secret, fs::perms::none);
    if (geteuid() != 0) {
      auto read = read_path(secret);
      REQUIRE_FALSE(read);
      CHECK(read.error().message == secret.string() + ": cannot open: Permission denied");
    } else {
      // root reads anything: check as an unprivileged user in a child process.
      pid_t child = fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
        auto read = read_path(secret);
        _exit(!read && read.error().message == secret.string() + ": cannot open: Permission denied"
                  ? 0
                  : 1);
      }
      int status = 0;
      waitpid(child, &status, 0);
      REQUIRE(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
  }
}

TEST_CASE("a folder of hostile files is read file by file: each bad one reported, the rest read",
          "[indexer][hostile]") {
  TempDir dir;
  const fs::path in = dir / "archive";
  dir.write("archive/good.txt", "A good post\n\nVolunteering rose in rural parishes.\n");
  dir.write("archive/sub/also-good.md",
            "---\ntitle: Also good\n---\nAnchor institutions spend locally.\n");
  dir.write("archive/nul.txt", std::string("Title\n\nbin\0ary\n", 15));
  dir.write("archive/empty.txt", "");
  dir.write("archive/bomb.xml", wxr(kBillionLaughs, "T", "&lol9;&lol9;"));
  dir.write(
      "archive/broken.xml",
      "<?xml version=\"1.0\"?><rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item>");
  { std::ofstream(in / "huge.txt", std::ios::binary) << "Huge\n\n"; }
  fs::resize_file(in / "huge.txt", 70u << 20);
  fs::create_directory_symlink(in, in / "loop");         // a folder linking to its parent
  fs::create_symlink(in / "self.txt", in / "self.txt");  // a file linking to itself
  fs::create_symlink(in / "b.txt", in / "a.txt");        // a ↔ b
  fs::create_symlink(in / "a.txt", in / "b.txt");
  REQUIRE(mkfifo((in / "fifo.txt").c_str(), 0644) == 0);

  std::vector<Error> problems;
  const auto files = collect_inputs({in.string()}, problems);
  std::vector<std::string> read_ok, refused;
  std::string text;
  for (const auto& file : files) {
    auto read = read_file(file.path, file.source);
    if (!read) {
      refused.push_back(read.error().message);
      continue;
    }
    if (read->posts.empty()) continue;
    read_ok.push_back(file.path.filename().string());
    text += all_text(*read);
  }
  CAPTURE(refused);
  std::sort(read_ok.begin(), read_ok.end());
  CHECK(read_ok == std::vector<std::string>{"also-good.md", "good.txt"});
  CHECK(text.find("Volunteering rose") != std::string::npos);
  CHECK(text.find("Anchor institutions") != std::string::npos);
  // The loop folder is not walked (or good.txt would be listed twice), and each bad file is
  // refused with its path.
  for (const std::string name : {"nul.txt", "empty.txt", "huge.txt", "broken.xml"}) {
    CAPTURE(name);
    CHECK(std::count_if(refused.begin(), refused.end(), [&](const std::string& m) {
            return m.rfind((in / name).string() + ":", 0) == 0;
          }) == 1);
  }
  CHECK(std::count_if(files.begin(), files.end(),
                      [](const InputFile& f) { return f.path.filename() == "good.txt"; }) == 1);
  // TODO(#7): collect_inputs skips symlink loops and FIFOs inside a folder silently; they
  // should be listing problems.
  WARN(files.size() << " files listed, " << read_ok.size() << " read, " << refused.size()
                    << " refused, " << problems.size() << " listing problems");
  for (const auto& message : refused) WARN(message);
}

TEST_CASE("regression #7: numbered comments are parsed without std::regex over the whole line",
          "[indexer][hostile][regression]") {
  // "1. " + a 50 MB line overflowed the stack in std::regex; the hand-written parser must keep
  // what the pattern ^\s{0,6}(\d{1,4})[.)]\s+(.*)$ and the author pattern accepted.
  const std::string long_text(200000, 'y');
  const std::string post =
      "Title\n\nBody text of the post here.\n\n3 comments on \"Title\"\n\n"
      "1. Priya Shah says: Great talk.\n\n"
      "  12)\tTom Vell on 3 March 2012 at 9:14 am said: Agreed.\n\n"
      "3. Pingback: Notes \xC2\xAB Other Blog\n\n"
      "4. " +
      long_text + "\n";
  auto read = read_bytes(Format::PlainText, post, {"c.txt", "/c.txt"});
  REQUIRE(read);
  std::vector<std::pair<std::string, std::string>> comments;  // author, text
  for (const auto& unit : read->posts.at(0).units) {
    if (unit.kind == UnitKind::Comment || unit.kind == UnitKind::Pingback) {
      comments.emplace_back(unit.comment ? unit.comment->author : "?", unit.text.substr(0, 40));
    }
  }
  CAPTURE(comments);
  REQUIRE(comments.size() == 4);
  CHECK(comments[0] == std::pair<std::string, std::string>{"Priya Shah", "Great talk."});
  CHECK(comments[1] == std::pair<std::string, std::string>{"Tom Vell", "Agreed."});
  CHECK(comments[2] ==
        std::pair<std::string, std::string>{"Other Blog", "Notes \xC2\xAB Other Blog"});
  CHECK(comments[3].second == std::string(40, 'y'));
}
