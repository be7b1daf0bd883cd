// The HTML segmenter and the saved-page reader: a hand-written WordPress page with all its chrome
// (tests/fixtures/html), small inline fragments, hostile nesting, and the real Congressional
// Record granules and Etherpad exports read in place from ../shared.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <map>

#include "indexer/html_segmenter.h"
#include "indexer/reader.h"
#include "tests/support.h"

using namespace civic;
using namespace civic::indexer;

namespace {

std::filesystem::path fixture(const std::string& name) {
  return civic::testing::source_dir() / "tests" / "fixtures" / "html" / name;
}

ReadOutput read_path(const std::filesystem::path& path) {
  auto out = read_file(path, Source{path.string(), path.string()});
  if (!out) FAIL(out.error().message);
  return std::move(out).value();
}

ReadOutput read_page(const std::string& html, const std::string& name = "page.html") {
  auto out = read_bytes(Format::Html, html, Source{name, "/fixtures/" + name});
  if (!out) FAIL(out.error().message);
  return std::move(out).value();
}

std::vector<Unit> segment(const std::string& html, HtmlOptions options = {}) {
  auto units = segment_html(html, options);
  if (!units) FAIL(units.error().message);
  return std::move(units).value();
}

const Unit* find_unit(const std::vector<Unit>& units, std::string_view needle) {
  for (const auto& unit : units) {
    if (unit.text.find(needle) != std::string::npos) return &unit;
  }
  return nullptr;
}

std::string repeat(std::string_view piece, int times) {
  std::string out;
  out.reserve(piece.size() * static_cast<std::size_t>(times));
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("a saved WordPress page keeps the article and leaves all site chrome out",
          "[indexer][html][fixture]") {
  const ReadOutput out = read_path(fixture("wordpress-post.html"));
  CHECK(out.format == Format::Html);
  REQUIRE(out.posts.size() == 1);
  const PostDoc& doc = out.posts[0];

  for (const auto& unit : doc.units) {
    CAPTURE(unit.text);
    // Every word of chrome in the fixture is written in capitals and ends in "WORD".
    CHECK(unit.text.find("WORD") == std::string::npos);
    if (unit.comment) CHECK(unit.comment->author.find("WORD") == std::string::npos);
  }
  CHECK(find_unit(doc.units, "About forty residents") != nullptr);
  CHECK(find_unit(doc.units, "bus route") != nullptr);

  SECTION("metadata comes from Open Graph and article tags, not the site header") {
    CHECK(doc.post.title == "Town Hall Listening Day");
    CHECK(doc.post.date == "2011-03-05");
    CHECK(doc.post.author == "Priya Shah");
    CHECK(doc.post.url == "https://civic.example.org/2011/03/05/town-hall-listening-day/");
  }

  SECTION("the title is one Title unit; the article's own h1 is not repeated") {
    REQUIRE(!doc.units.empty());
    CHECK(doc.units[0].kind == UnitKind::Title);
    CHECK(doc.units[0].text == "Town Hall Listening Day");
    const auto titles = std::count_if(doc.units.begin(), doc.units.end(), [](const Unit& unit) {
      return unit.text == "Town Hall Listening Day";
    });
    CHECK(titles == 1);
  }

  SECTION("each block keeps its kind") {
    const std::vector<std::pair<std::string, UnitKind>> expected = {
        {"Afternoon session", UnitKind::Heading},
        {"Give us the keys", UnitKind::Quote},
        {"Residents in the old chamber", UnitKind::Caption},
        {"Ward | Residents", UnitKind::Paragraph},
        {"North | 12", UnitKind::Paragraph},
        {"Where should the new library go?", UnitKind::Bullet},
    };
    for (const auto& [needle, kind] : expected) {
      CAPTURE(needle);
      const Unit* unit = find_unit(doc.units, needle);
      REQUIRE(unit);
      CHECK(unit->kind == kind);
    }
    const Unit* last_row = find_unit(doc.units, "South");
    REQUIRE(last_row);
    CHECK(last_row->text == "South");  // an empty cell leaves no dangling separator
  }

  SECTION("bullets carry the lead-in; nested bullets their parent item") {
    const Unit* top = find_unit(doc.units, "Where should the new library go?");
    REQUIRE(top);
    CHECK(top->context == "The chair set out three questions for the morning:");
    const Unit* nested = find_unit(doc.units, "Volunteer rota");
    REQUIRE(nested);
    CHECK(nested->kind == UnitKind::Bullet);
    CHECK(nested->context == "How can residents run the community hall?");
    const Unit* after = find_unit(doc.units, "What happens to the bus route?");
    REQUIRE(after);
    CHECK(after->context == top->context);
  }

  SECTION("escaped markup in a paragraph stays literal text") {
    const Unit* unit = find_unit(doc.units, "The example markup");
    REQUIRE(unit);
    CHECK(unit->text == "The example markup <script>alert(1)</script> was shown on a slide.");
  }

  SECTION("comments become Comment units with author, date and reply parent") {
    std::vector<const Unit*> comments;
    for (const auto& unit : doc.units) {
      if (unit.kind == UnitKind::Comment) comments.push_back(&unit);
    }
    REQUIRE(comments.size() == 3);
    CHECK(comments[0]->comment->author == "Tom Okafor");
    CHECK(comments[0]->comment->date == "2011-03-06");
    CHECK(comments[0]->comment->parent_id.empty());
    CHECK(comments[1]->comment->author == "Tom Okafor");
    CHECK(comments[2]->comment->author == "Priya Shah");
    CHECK(comments[2]->comment->parent_id == comments[0]->id);
    CHECK(comments[2]->context == "reply to Tom Okafor");
  }

  SECTION("a pingback is one Pingback unit authored by the linking blog") {
    std::vector<const Unit*> pings;
    for (const auto& unit : doc.units) {
      if (unit.kind == UnitKind::Pingback) pings.push_back(&unit);
    }
    REQUIRE(pings.size() == 1);
    CHECK(pings[0]->text == "Keys to the hall \xC2\xAB Elsewhere Blog");
    CHECK(pings[0]->comment->author == "Elsewhere Blog");
  }
}

TEST_CASE("HTML blocks map to unit kinds", "[indexer][html][segmenter]") {
  auto [html, kind, text] = GENERATE(table<std::string, UnitKind, std::string>({
      {"<h3>Questions from the floor</h3>", UnitKind::Heading, "Questions from the floor"},
      {"<p>One   paragraph\n spread&nbsp;over lines.</p>", UnitKind::Paragraph,
       "One paragraph spread over lines."},
      {"<div>Loose text in a div</div>", UnitKind::Paragraph, "Loose text in a div"},
      {"<ul><li>An item</li></ul>", UnitKind::Bullet, "An item"},
      {"<blockquote>We will not stop.</blockquote>", UnitKind::Quote, "We will not stop."},
      {"<figure><figcaption>The panel</figcaption></figure>", UnitKind::Caption, "The panel"},
      {"<p class=\"wp-caption-text\">Old style caption</p>", UnitKind::Caption,
       "Old style caption"},
      {"<table><tr><td>Ayes</td><td>158</td></tr></table>", UnitKind::Paragraph, "Ayes | 158"},
      {"<p>Fish &amp; chips &mdash; &#163;5 &lt;b&gt;</p>", UnitKind::Paragraph,
       "Fish & chips \xE2\x80\x94 \xC2\xA3"
       "5 <b>"},
      {"<h2>A <em>styled</em> <a href=\"#\">heading</a></h2>", UnitKind::Heading,
       "A styled heading"},
  }));
  CAPTURE(html);
  const auto units = segment(html);
  REQUIRE(units.size() == 1);
  CHECK(units[0].kind == kind);
  CHECK(units[0].text == text);
}

TEST_CASE("scripts, styles, forms, navigation and comments never become text",
          "[indexer][html][segmenter]") {
  const std::string chrome = GENERATE(
      std::string("<script>var WORD = 1;</script>"), std::string("<style>p { WORD: 1 }</style>"),
      std::string("<noscript>WORD</noscript>"), std::string("<nav><a>WORD</a></nav>"),
      std::string("<header>WORD</header>"), std::string("<footer>WORD</footer>"),
      std::string("<aside>WORD</aside>"), std::string("<form><label>WORD</label></form>"),
      std::string("<iframe>WORD</iframe>"), std::string("<!-- wp:paragraph WORD -->"),
      std::string("<div class=\"sharedaddy\">WORD</div>"),
      std::string("<div class=\"jp-relatedposts\">WORD</div>"),
      std::string("<div id=\"respond\">WORD</div>"),
      std::string("<ol class=\"comment-list\"><li class=\"comment\">WORD</li></ol>"),
      std::string("<p hidden>WORD</p>"), std::string("<p style=\"display: none\">WORD</p>"),
      std::string("<div role=\"navigation\">WORD</div>"));
  CAPTURE(chrome);
  const auto units = segment("<p>Before.</p>" + chrome + "<p>After.</p>");
  REQUIRE(units.size() == 2);
  CHECK(units[0].text == "Before.");
  CHECK(units[1].text == "After.");
}

TEST_CASE("deeply nested HTML is walked without exhausting the stack",
          "[indexer][html][security]") {
  const int depth = 100000;
  const auto [open, close] =
      GENERATE(std::pair<std::string, std::string>{"<div>", "</div>"},
               std::pair<std::string, std::string>{"<span>", "</span>"},
               std::pair<std::string, std::string>{"<ul><li>", "</li></ul>"},
               std::pair<std::string, std::string>{"<blockquote>", "</blockquote>"},
               std::pair<std::string, std::string>{"<table><tr><td>", "</td></tr></table>"});
  CAPTURE(open);
  const std::string html =
      "<p>Start.</p>" + repeat(open, depth) + "deep text" + repeat(close, depth);

  SECTION("segment_html") {
    auto units = segment_html(html);
    REQUIRE(units);
    CHECK(find_unit(*units, "Start.") != nullptr);
  }
  SECTION("a whole page, unclosed") {
    auto out = read_bytes(Format::Html, "<html><body>" + repeat(open, depth),
                          Source{"deep.html", "/deep"});
    CHECK(out.has_value());
  }
}

TEST_CASE("WordPress bodies without <p> split at blank lines when asked",
          "[indexer][html][segmenter]") {
  const std::string body = "First line\nsame paragraph.\n\nSecond paragraph.\n \nThird.";
  HtmlOptions wordpress;
  wordpress.blank_lines_split = true;
  const auto split = segment(body, wordpress);
  REQUIRE(split.size() == 3);
  CHECK(split[0].text == "First line same paragraph.");
  CHECK(split[2].text == "Third.");
  CHECK(segment(body).size() == 1);  // plain HTML: newlines are only whitespace
}

TEST_CASE("pad notes: one unit per line, '#' headings, '-' and numbered bullets with lead-ins",
          "[indexer][html][segmenter]") {
  HtmlOptions pad;
  pad.line_markup = true;
  const auto units = segment(
      "## Panel one&nbsp;&nbsp;<br>Goals for today:<br>- Listen<br>&nbsp; - Learn<br>"
      "2. Act<br><br>---<br>A closing thought",
      pad);
  REQUIRE(units.size() == 6);
  CHECK(units[0].kind == UnitKind::Heading);
  CHECK(units[0].text == "Panel one");
  CHECK(units[1].kind == UnitKind::Paragraph);
  for (int i : {2, 3, 4}) {
    CAPTURE(i);
    CHECK(units[static_cast<std::size_t>(i)].kind == UnitKind::Bullet);
    CHECK(units[static_cast<std::size_t>(i)].context == "Goals for today:");
  }
  CHECK(units[4].text == "Act");
  CHECK(units[5].text == "A closing thought");  // the "---" rule is gone
}

TEST_CASE("preformatted text: turns and blank lines start paragraphs, page breaks do not",
          "[indexer][html][segmenter]") {
  const std::string pre =
      "<pre>\n[Congressional Record Volume 1, Number 2 (Monday, May 2, 2005)]\n[Senate]\n"
      "[Page S100]\nFrom the Congressional Record Online through the Government Publishing "
      "Office [<a href=\"https://www.gpo.gov\">www.gpo.gov</a>]\n\n\n"
      "                     A CENTRED TITLE\n\n"
      "  Mr. SMITH. Mr. President, this sentence is\nwrapped over two lines and then\n\n"
      "[[Page S101]]\n\ncontinues on the next page.\n"
      "  Ms. JONES. A second turn.\n\n                          ______\n\n"
      "A paragraph after a blank line.\n</pre>";
  const auto units = segment(pre);
  REQUIRE(units.size() == 4);
  CHECK(units[0].kind == UnitKind::Heading);
  CHECK(units[0].text == "A CENTRED TITLE");
  CHECK(units[1].text ==
        "Mr. SMITH. Mr. President, this sentence is wrapped over two lines and then continues on "
        "the next page.");
  CHECK(units[2].text == "Ms. JONES. A second turn.");
  CHECK(units[3].text == "A paragraph after a blank line.");
}

TEST_CASE("Congressional Record granules: bracketed header lines go, the date comes from the title",
          "[indexer][html][corpus]") {
  const auto root = civic::testing::corpus_dir() / "us-congressional-record";
  int read = 0;
  int refused = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".htm") continue;
    CAPTURE(entry.path().string());
    auto out = read_file(entry.path(), Source{entry.path().string(), entry.path().string()});
    if (!out) {
      // Three Daily Digest granules contain NUL bytes as downloaded: refused, with the reason.
      CHECK(out.error().message.find("NUL byte") != std::string::npos);
      ++refused;
      continue;
    }
    ++read;
    REQUIRE(out->posts.size() == 1);
    const PostDoc& doc = out->posts[0];
    // "CREC-2005-05-20-pt1-PgE1033-2.htm" was printed on 2005-05-20.
    CHECK(doc.post.date == entry.path().filename().string().substr(5, 10));
    CHECK(doc.post.title.starts_with("Congressional Record, Volume "));
    for (const auto& unit : doc.units) {
      CAPTURE(unit.text);
      CHECK(!unit.text.starts_with("[Congressional Record Volume"));
      CHECK(!unit.text.starts_with("[Page"));
      CHECK(!unit.text.starts_with("[[Page"));
      CHECK(unit.text.find("Congressional Record Online") == std::string::npos);
      CHECK(unit.text != "[Senate]");
      CHECK(unit.text.find_first_not_of("_ ") != std::string::npos);  // rules are dropped
    }
  }
  CHECK(read + refused == 199);
  CHECK(refused == 3);

  SECTION("a speech broken by a page marker stays one paragraph per turn") {
    const ReadOutput out = read_path(root / "tests" / "test_files" / "CREC-1997-01-28" / "html" /
                                     "CREC-1997-01-28-pt1-PgS693-6.htm");
    const PostDoc& doc = out.posts[0];
    bool grassley = false;
    for (const auto& unit : doc.units) {
      if (unit.kind != UnitKind::Paragraph) continue;
      CAPTURE(unit.text);
      // Hard-wrapped lines are joined, so no paragraph starts mid-sentence.
      CHECK(!std::islower(static_cast<unsigned char>(unit.text[0])));
      grassley = grassley || unit.text.starts_with("Mr. GRASSLEY. Mr. President,");
    }
    CHECK(grassley);
  }
}

TEST_CASE("Etherpad exports keep the notes and lose the pad service's footer",
          "[indexer][html][corpus]") {
  const auto root = civic::testing::corpus_dir() / "conference-notes";
  int pads = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.path().string().ends_with("-keep.html")) continue;
    CAPTURE(entry.path().string());
    ++pads;
    const ReadOutput out = read_path(entry.path());
    REQUIRE(out.posts.size() == 1);
    const PostDoc& doc = out.posts[0];
    CHECK(!doc.post.title.ends_with("-keep"));
    CHECK(doc.post.author.empty());  // the export names "Etherpad" as its author
    int bullets = 0;
    for (const auto& unit : doc.units) {
      CAPTURE(unit.text);
      CHECK(unit.text.find("pad.riseup.net") == std::string::npos);
      CHECK(!unit.text.starts_with("WARNING:"));
      CHECK(unit.text.find("font-family") == std::string::npos);  // the export's <style>
      if (unit.kind == UnitKind::Bullet) ++bullets;
    }
    CHECK(doc.units.size() > 20);
    CHECK(bullets > 0);
  }
  CHECK(pads == 11);
}

TEST_CASE("pages that are not HTML at all are refused or give nothing", "[indexer][html][errors]") {
  SECTION("blank") {
    auto out = read_bytes(Format::Html, "   \n", Source{"blank.html", "/blank"});
    REQUIRE(!out);
    CHECK(out.error().code == ErrorCode::InvalidInput);
    CHECK(out.error().message.starts_with("blank.html: "));
  }
  SECTION("all chrome: no post") {
    const ReadOutput out = read_page(
        "<html><head><title></title></head><body><nav>Home</nav><footer>Footer</footer></body>"
        "</html>");
    CHECK(out.posts.empty());
  }
}
