// The WXR reader on the three WordPress theme-test exports (read in place from ../shared) and on
// a hand-written export with an item of every status and type (tests/fixtures/wxr).
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <thread>

#include "indexer/reader.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;

namespace {

std::filesystem::path wxr_corpus(const std::string& name) {
  return civic::testing::corpus_dir() / "wordpress-wxr" / name;
}

std::filesystem::path fixture(const std::string& name) {
  return civic::testing::source_dir() / "tests" / "fixtures" / "wxr" / name;
}

ReadOutput read_path(const std::filesystem::path& path) {
  auto out = read_file(path, Source{path.string(), path.string()});
  if (!out) FAIL(out.error().message);
  return std::move(out).value();
}

ReadOutput read_wxr_text(const std::string& text, const std::string& name = "export.xml") {
  auto out = read_bytes(Format::Wxr, text, Source{name, "/fixtures/" + name});
  if (!out) FAIL(out.error().message);
  return std::move(out).value();
}

const PostDoc* find_post(const ReadOutput& out, std::string_view title) {
  for (const auto& doc : out.posts) {
    if (doc.post.title == title) return &doc;
  }
  return nullptr;
}

std::map<UnitKind, int> kinds_of(const PostDoc& doc) {
  std::map<UnitKind, int> kinds;
  for (const auto& unit : doc.units) ++kinds[unit.kind];
  return kinds;
}

bool any_text_contains(const ReadOutput& out, std::string_view needle) {
  for (const auto& doc : out.posts) {
    if (doc.post.title.find(needle) != std::string::npos) return true;
    for (const auto& unit : doc.units) {
      if (unit.text.find(needle) != std::string::npos) return true;
      if (unit.comment && unit.comment->author.find(needle) != std::string::npos) return true;
    }
  }
  return false;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// A minimal export around one published post; `extra` goes inside the item.
std::string one_post_export(std::string_view ns, std::string_view extra) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"" +
         std::string(ns) +
         "\">\n<channel>\n<item>\n<title>Ward forum</title>\n"
         "<link>https://civic.example.org/ward-forum/</link>\n"
         "<content:encoded><![CDATA[<p>Residents asked about the bus route.</p>]]>"
         "</content:encoded>\n<wp:status>publish</wp:status>\n<wp:post_type>post</wp:post_type>\n" +
         std::string(extra) + "</item>\n</channel>\n</rss>\n";
}

}  // namespace

TEST_CASE("the theme unit test export gives its published posts and pages and nothing else",
          "[indexer][wxr][corpus]") {
  const ReadOutput out = read_path(wxr_corpus("themeunittestdata.wordpress.xml"));
  CHECK(out.format == Format::Wxr);
  // 56 published posts (one of them password-protected, so left out) and 21 published pages;
  // the draft, the scheduled post, 37 attachments and 70 menu items are not posts.
  CHECK(out.posts.size() == 55 + 21);

  std::set<std::string> ids;
  for (const auto& doc : out.posts) {
    CAPTURE(doc.post.title);
    CHECK(ids.insert(doc.post.id).second);  // ids are unique
    CHECK(!doc.post.date.empty());
    CHECK(doc.post.url.starts_with("https://wpthemetestdata.wordpress.com/"));
    REQUIRE(!doc.units.empty());
    // WordPress allows an empty title; then there is no Title unit.
    CHECK((doc.units.front().kind == UnitKind::Title) == !doc.post.title.empty());
    // Display names from the channel's <wp:author> list, never logins.
    CHECK((doc.post.author == "Theme Buster" || doc.post.author == "Theme Reviewer"));
  }
  // The draft, the scheduled post and the password-protected post.
  CHECK(find_post(out, "Draft") == nullptr);
  CHECK(find_post(out, "Scheduled") == nullptr);
  CHECK(find_post(out, "Template: Password Protected (the password is \"enter\")") == nullptr);
  CHECK(find_post(out, "Template: Comments") != nullptr);
  CHECK(find_post(out, "Page with comments") != nullptr);
}

TEST_CASE("pingbacks and trackbacks become one unit each, authored by the linking site",
          "[indexer][wxr][corpus]") {
  const ReadOutput out = read_path(wxr_corpus("themeunittestdata.wordpress.xml"));
  const PostDoc* doc = find_post(out, "Template: Pingbacks And Trackbacks");
  REQUIRE(doc);
  auto kinds = kinds_of(*doc);
  CHECK(kinds[UnitKind::Pingback] == 4);  // 2 pingbacks + 2 trackbacks
  CHECK(kinds[UnitKind::Comment] == 1);   // "a comment amongst pingbacks and trackbacks"
  for (const auto& unit : doc->units) {
    if (unit.kind != UnitKind::Pingback) continue;
    REQUIRE(unit.comment);
    CAPTURE(unit.comment->author);
    CHECK(!unit.comment->author.empty());
    CHECK(unit.comment->author.find("&laquo;") == std::string::npos);  // HTML decoded
    CHECK(unit.comment->date.size() == 10);
    CHECK(unit.comment->parent_id.empty());
  }
  const bool decoded = std::any_of(doc->units.begin(), doc->units.end(), [](const Unit& unit) {
    return unit.comment && unit.comment->author.find("\xC2\xAB What\xE2\x80\x99s a tellyworth?") !=
                               std::string::npos;
  });
  CHECK(decoded);
}

TEST_CASE("threaded replies point at their parent comment's first unit", "[indexer][wxr][corpus]") {
  const ReadOutput out = read_path(wxr_corpus("themeunittestdata.wordpress.xml"));
  const PostDoc* doc = find_post(out, "Template: Comments");
  REQUIRE(doc);
  std::map<std::string, const Unit*> by_id;
  for (const auto& unit : doc->units) by_id[unit.id] = &unit;

  int replies = 0;
  int deepest = 0;
  for (const auto& unit : doc->units) {
    if (unit.kind != UnitKind::Comment) continue;
    REQUIRE(unit.comment);
    CHECK(!unit.comment->author.empty());
    if (unit.comment->parent_id.empty()) continue;
    ++replies;
    auto parent = by_id.find(unit.comment->parent_id);
    REQUIRE(parent != by_id.end());
    CHECK(parent->second->kind == UnitKind::Comment);
    CHECK(parent->second->position < unit.position);
    CHECK(unit.context == "reply to " + parent->second->comment->author);
    // Walk up the thread.
    int depth = 0;
    for (const Unit* up = parent->second; up != nullptr; ++depth) {
      auto next = by_id.find(up->comment->parent_id);
      up = next == by_id.end() ? nullptr : next->second;
    }
    deepest = std::max(deepest, depth);
  }
  CHECK(replies >= 9);
  CHECK(deepest == 9);  // "Comment Depth 10" has nine ancestors
}

TEST_CASE("both wp namespaces are read: https (WordPress.com) and http (self-hosted)",
          "[indexer][wxr][corpus]") {
  const ReadOutput https = read_path(wxr_corpus("themeunittestdata.wordpress.xml"));
  const ReadOutput http = read_path(wxr_corpus("64-block-test-data.xml"));
  const ReadOutput preview = read_path(wxr_corpus("theme-preview.xml"));
  CHECK(!https.posts.empty());
  CHECK(http.posts.size() == 61 + 1);  // posts + the page; not attachments or wp_navigation
  CHECK(preview.posts.size() == 7);

  SECTION("the same export reads the same under either scheme and any 1.x version") {
    auto text = civic::testing::slurp(fixture("statuses.xml"));
    REQUIRE(text.find("http://wordpress.org/export/1.2/") != std::string::npos);
    const ReadOutput original = read_wxr_text(text);
    for (std::string_view ns :
         {"https://wordpress.org/export/1.2/", "http://wordpress.org/export/1.0/",
          "https://wordpress.org/export/1.1/"}) {
      CAPTURE(ns);
      const ReadOutput variant =
          read_wxr_text(replace_all(text, "http://wordpress.org/export/1.2/", ns));
      REQUIRE(variant.posts.size() == original.posts.size());
      for (std::size_t i = 0; i < variant.posts.size(); ++i) {
        CHECK(variant.posts[i].post.fingerprint == original.posts[i].post.fingerprint);
      }
    }
  }
}

TEST_CASE("Gutenberg block comments and markup never reach the text", "[indexer][wxr][corpus]") {
  const ReadOutput out = read_path(wxr_corpus("64-block-test-data.xml"));
  for (const auto& doc : out.posts) {
    for (const auto& unit : doc.units) {
      CAPTURE(doc.post.title, unit.text);
      CHECK(unit.text.find("wp:") == std::string::npos);
      CHECK(unit.text.find("<!--") == std::string::npos);
      CHECK(unit.text.find("<p") == std::string::npos);
    }
  }
}

TEST_CASE("only published posts and pages with approved comments are read",
          "[indexer][wxr][fixture]") {
  const ReadOutput out = read_path(fixture("statuses.xml"));
  REQUIRE(out.posts.size() == 2);
  for (std::string_view word :
       {"DRAFTWORD", "PRIVATEWORD", "FUTUREWORD", "PENDINGPOSTWORD", "TRASHWORD", "REVISIONWORD",
        "ATTACHMENTWORD", "MENUWORD", "NAVIGATIONWORD", "PROTECTEDWORD", "PENDINGWORD", "SPAMWORD",
        "SPAMPINGWORD", "EXCERPTWORD"}) {
    CAPTURE(word);
    CHECK(!any_text_contains(out, word));
  }

  const PostDoc* post = find_post(out, "Budget & Services Forum");  // title HTML decoded
  REQUIRE(post);
  CHECK(post->post.author == "Priya Shah");  // login mapped to the display name
  CHECK(post->post.date == "2011-03-05");
  CHECK(post->post.url == "https://civic.example.org/2011/03/05/budget-forum/");
  CHECK(post->post.tags == std::vector<std::string>{"Events", "budget"});
  CHECK(post->post.id.starts_with("budget-forum-"));  // the slug names the post

  const PostDoc* page = find_post(out, "About this blog");
  REQUIRE(page);
  CHECK(page->post.date == "2011-01-03");  // "0000-00-00" post_date: pubDate instead

  SECTION("bodies stored without <p> split at blank lines, as WordPress displays them") {
    std::vector<std::string> paragraphs;
    for (const auto& unit : post->units) {
      if (unit.kind == UnitKind::Paragraph) paragraphs.push_back(unit.text);
    }
    CHECK(paragraphs ==
          std::vector<std::string>{
              "First paragraph in a block.",
              "Loose text written in the classic editor and wrapped onto a second line.",
              "Another loose paragraph after a blank line."});
  }

  SECTION("a comment gives one unit per paragraph; replies name their parent") {
    std::vector<const Unit*> comments;
    for (const auto& unit : post->units) {
      if (unit.kind == UnitKind::Comment) comments.push_back(&unit);
    }
    REQUIRE(comments.size() == 4);
    CHECK(comments[0]->comment->author == "Tom Okafor");
    CHECK(comments[0]->comment->date == "2011-03-06");
    CHECK(comments[1]->text == "Second paragraph of the first comment.");
    CHECK(comments[1]->comment->author == "Tom Okafor");
    CHECK(comments[2]->comment->author == "Priya Shah");  // a registered user's login mapped
    CHECK(comments[2]->comment->parent_id == comments[0]->id);
    CHECK(comments[2]->context == "reply to Tom Okafor");
    // Its parent was never approved: a reply to nothing visible.
    CHECK(comments[3]->comment->parent_id.empty());
    CHECK(comments[3]->context.empty());
  }

  SECTION("a pingback and a trackback each give one unit") {
    std::vector<const Unit*> pings;
    for (const auto& unit : post->units) {
      if (unit.kind == UnitKind::Pingback) pings.push_back(&unit);
    }
    REQUIRE(pings.size() == 2);
    CHECK(pings[0]->comment->author == "Keys to the hall \xC2\xAB Elsewhere Blog");
    CHECK(pings[0]->text == "[\xE2\x80\xA6] the forum was busy [\xE2\x80\xA6]");
    CHECK(pings[1]->comment->author == "Other Site");
  }
}

TEST_CASE("truncated XML is refused with the path and the line where it broke off",
          "[indexer][wxr][errors]") {
  std::string text = one_post_export("http://wordpress.org/export/1.2/", "");
  text.resize(text.find("<wp:status>"));  // cut inside the item
  const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
  auto out = read_bytes(Format::Wxr, text, Source{"archive/2010-03.xml", "/k"});
  REQUIRE(!out);
  CHECK(out.error().code == ErrorCode::InvalidInput);
  CHECK(out.error().message.starts_with("archive/2010-03.xml:" + std::to_string(lines) + ": "));
  CHECK(out.error().message.find("Premature end of data") != std::string::npos);

  SECTION("an unescaped ampersand names its line") {
    std::string bad = one_post_export("http://wordpress.org/export/1.2/", "");
    bad = replace_all(bad, "<title>Ward forum</title>", "<title>Ward & forum</title>");
    auto refused = read_bytes(Format::Wxr, bad, Source{"a.xml", "/a"});
    REQUIRE(!refused);
    CHECK(refused.error().message.starts_with("a.xml:5: "));
  }

  SECTION("a file that is not WXR at all") {
    auto refused = read_bytes(Format::Wxr, "<?xml version=\"1.0\"?><feed/>", Source{"b.xml", "/b"});
    REQUIRE(!refused);
    CHECK(refused.error().message == "b.xml: not a WXR export (no <rss> root)");
  }
}

TEST_CASE("parse errors are reported per file when files are read in parallel",
          "[indexer][wxr][errors]") {
  // Each reader thread must see its own file's error, never another thread's.
  auto truncated = [](int extra_lines) {
    std::string text = one_post_export("http://wordpress.org/export/1.2/",
                                       std::string(static_cast<std::size_t>(extra_lines), '\n'));
    text.resize(text.find("</item>"));
    return text;
  };
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string text = truncated(t * 10);
      const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
      const std::string expected = "t" + std::to_string(t) + ".xml:" + std::to_string(lines) + ":";
      for (int i = 0; i < 50; ++i) {
        auto out = read_bytes(Format::Wxr, text, Source{"t" + std::to_string(t) + ".xml", "/t"});
        if (out || !out.error().message.starts_with(expected))
          ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("entities are never loaded from outside the export, nor expanded without limit",
          "[indexer][wxr][security]") {
  civic::testing::TempDir dir;
  const auto secret = dir.write("secret.txt", "SECRETWORD");
  const std::string doctype =
      "<!DOCTYPE rss [\n<!ENTITY secret SYSTEM \"file://" + secret.string() + "\">\n]>\n";

  SECTION("an external entity stays unexpanded") {
    std::string text = one_post_export("http://wordpress.org/export/1.2/", "");
    text.insert(text.find("<rss"), doctype);
    text = replace_all(text, "<title>Ward forum</title>", "<title>Ward &secret; forum</title>");
    auto out = read_bytes(Format::Wxr, text, Source{"x.xml", "/x"});
    REQUIRE(out);
    REQUIRE(out->posts.size() == 1);
    CHECK(out->posts[0].post.title == "Ward forum");
    CHECK(!any_text_contains(*out, "SECRETWORD"));
  }

  SECTION("a billion laughs is refused or stays small") {
    std::string entities = "<!DOCTYPE rss [\n<!ENTITY a \"ha ha ha ha ha ha ha ha ha ha\">\n";
    for (char e = 'b'; e <= 'j'; ++e) {
      std::string ref = "&" + std::string(1, static_cast<char>(e - 1)) + ";";
      std::string value;
      for (int i = 0; i < 10; ++i) value += ref;
      entities += "<!ENTITY " + std::string(1, e) + " \"" + value + "\">\n";
    }
    entities += "]>\n";
    std::string text = one_post_export("http://wordpress.org/export/1.2/", "");
    text.insert(text.find("<rss"), entities);
    text = replace_all(text, "<title>Ward forum</title>", "<title>&j;</title>");
    auto out = read_bytes(Format::Wxr, text, Source{"lol.xml", "/lol"});
    if (out) {
      for (const auto& doc : out->posts) CHECK(doc.post.title.size() < (16u << 20));
    } else {
      CHECK(out.error().code == ErrorCode::InvalidInput);
    }
  }
}
