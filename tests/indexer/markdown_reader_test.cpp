// The Markdown reader and its front-matter adapter: how a post's YAML is found and read, how the
// body becomes units, and how the real Jekyll and Hugo archives in ../shared/corpus come out.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "indexer/front_matter.h"
#include "indexer/reader.h"
#include "tests/support.h"

namespace {

using civic::ErrorCode;
using civic::Unit;
using civic::UnitKind;
using civic::indexer::Format;
using civic::indexer::ReadOutput;
using civic::indexer::Source;

civic::Result<ReadOutput> read_markdown_text(const std::string& text,
                                             const std::string& path = "post.md") {
  return civic::indexer::read_bytes(Format::Markdown, text, Source{path, "/test/" + path});
}

civic::Result<ReadOutput> read_corpus(const std::filesystem::path& relative) {
  const auto path = civic::testing::corpus_dir() / relative;
  REQUIRE(std::filesystem::exists(path));
  return civic::indexer::read_file(path, Source{path.string(), path.string()});
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "|") + part;
  return out;
}

std::string speaker_names(const civic::Post& post) {
  std::vector<std::string> names;
  for (const auto& person : post.speakers) names.push_back(person.name);
  return join(names);
}

// "kind: text {context}" per unit, for comparing a whole post at once.
std::vector<std::string> describe(const std::vector<Unit>& units) {
  std::vector<std::string> out;
  for (const Unit& unit : units) {
    std::string line = std::string(civic::unit_kind_name(unit.kind)) + ": " + unit.text;
    if (!unit.context.empty()) line += " {" + unit.context + "}";
    out.push_back(line);
  }
  return out;
}

bool any_unit_contains(const std::vector<Unit>& units, std::string_view needle) {
  return std::any_of(units.begin(), units.end(), [&](const Unit& unit) {
    return unit.text.find(needle) != std::string::npos ||
           unit.context.find(needle) != std::string::npos;
  });
}

}  // namespace

// --- Front matter: finding it ------------------------------------------------------------

TEST_CASE("front matter is found after a BOM, blank lines or with CRLF, and only at the top",
          "[indexer][markdown]") {
  auto [input, has_front_matter, yaml_line, body_line, body_start] =
      GENERATE(table<std::string, bool, std::size_t, std::size_t, std::string>({
          {"---\ntitle: A\n---\nBody\n", true, 2, 4, "Body"},
          {"\xEF\xBB\xBF---\ntitle: A\n---\nBody\n", true, 2, 4, "Body"},
          {"\n\n---\ntitle: A\n---\nBody\n", true, 4, 6, "Body"},
          {"  \n\t\n---\ntitle: A\n---\nBody\n", true, 4, 6, "Body"},
          {"---\r\ntitle: A\r\n---\r\nBody\r\n", true, 2, 4, "Body"},
          {"---  \ntitle: A\n...\nBody\n", true, 2, 4, "Body"},
          {"---\n---\nBody\n", true, 2, 3, "Body"},
          {"\xEF\xBB\xBF# Body\n", false, 0, 1, "# Bo"},
          {"Body\n\n---\ntitle: A\n---\n", false, 0, 1, "Body"},
          {"----\ntitle: A\n----\nBody\n", false, 0, 1, "----"},
      }));
  CAPTURE(input);
  auto split = civic::indexer::split_front_matter(input, "post.md");
  REQUIRE(split);
  CHECK(split->has_front_matter == has_front_matter);
  CHECK(split->yaml_line == yaml_line);
  CHECK(split->body_line == body_line);
  CHECK(split->body.substr(0, 4) == body_start);
  CHECK((split->yaml.find("title: A") != std::string_view::npos) ==
        (has_front_matter && input.find("title: A") < input.find("Body")));
}

TEST_CASE("invalid front matter refuses the file with the line of the file, not of the YAML",
          "[indexer][markdown]") {
  auto [input, prefix] = GENERATE(table<std::string, std::string>({
      {"---\ntitle: ok\ntags: [a, b\ndate: 2020-01-01\n---\nBody\n",
       "post.md:4: front matter is not valid YAML: "},
      {"\n\n---\ntitle: a\n  bad: indent\n---\nBody\n",
       "post.md:5: front matter is not valid YAML: "},
      {"---\ntitle: x\nauthors:\n\t- someone\n---\nBody\n",
       "post.md:4: front matter is not valid YAML: "},
      {"---\n- a list\n- not a map\n---\nBody\n",
       "post.md:2: front matter is not a mapping of keys to values"},
      {"\n---\ntitle: never closed\n\nBody\n",
       "post.md:2: front matter opened with '---' is never closed"},
  }));
  CAPTURE(input);
  auto read = read_markdown_text(input);
  REQUIRE_FALSE(read);
  CHECK(read.error().code == ErrorCode::InvalidInput);
  CHECK(read.error().message.rfind(prefix, 0) == 0);
  // Where the message ends in a colon, yaml-cpp's reason follows it.
  if (prefix.back() == ' ') {
    CHECK(read.error().message.size() > prefix.size());
  } else {
    CHECK(read.error().message == prefix);
  }
}

// --- Front matter: reading it --------------------------------------------------------------

TEST_CASE("front-matter values of an unexpected type are ignored or turned into text",
          "[indexer][markdown]") {
  auto [yaml, title, tags, authors] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"title: {a: 1}", "", "", ""},
          {"title: [Part one, Part two]", "Part one, Part two", "", ""},
          {"title: >-\n  Folded over\n  two lines", "Folded over two lines", "", ""},
          {"title: >\n  Folded with\n  a newline\n", "Folded with a newline", "", ""},
          {"title: 2019", "2019", "", ""},
          {"title: ~", "", "", ""},
          {"tags: \xE2\x80\x9C"
           "Array\xE2\x80\x9D",
           "",
           "\xE2\x80\x9C"
           "Array\xE2\x80\x9D",
           ""},
          {"tags: privacy", "", "privacy", ""},
          {"tags:\n- a\n-   b\n", "", "a|b", ""},
          {"tags:\n    - a\n    - {x: 1}\n    - [b]\n", "", "a", ""},
          {"tags: [a, a, b]", "", "a|b", ""},
          {"authors: {x: 1}", "", "", ""},
          {"author: Jo Bloggs\nauthors: [a-b, c]", "", "", "Jo Bloggs|a-b|c"},
          {"authors:\n  - name: Sam Doe\n    email: s@example.org", "", "", "Sam Doe"},
      }));
  CAPTURE(yaml);
  auto meta = civic::indexer::parse_front_matter(yaml, 2, "post.md");
  REQUIRE(meta);
  CHECK(meta->title == title);
  CHECK(join(meta->tags) == tags);
  CHECK(join(meta->authors) == authors);
}

TEST_CASE("other front-matter keys with text values are kept in the extra map",
          "[indexer][markdown]") {
  auto meta = civic::indexer::parse_front_matter(
      "title: T\nhost: \"Digital.gov\"\naliases: [/a, /b]\nimages: {hero: x.png}\n", 2, "p.md");
  REQUIRE(meta);
  CHECK(meta->extra.at("host") == "Digital.gov");
  CHECK(meta->extra.at("aliases") == "/a, /b");
  CHECK(meta->extra.count("images") == 0);
  CHECK(meta->extra.count("title") == 0);
}

TEST_CASE("front-matter speakers may be names, maps with an organisation, or one string",
          "[indexer][markdown]") {
  auto [yaml, expected] = GENERATE(table<std::string, std::string>({
      {"speakers: [Ann Lee, Bo Chen]", "Ann Lee/|Bo Chen/"},
      {"speakers:\n  - name: Ann Lee\n    org: GDS\n  - name: Bo Chen\n    organization: 18F",
       "Ann Lee/GDS|Bo Chen/18F"},
      {"speakers: Ann Lee, Bo Chen and Dr. Cy Diaz", "Ann Lee/|Bo Chen/|Cy Diaz/"},
      {"speakers:\n  - Ann Lee\n  - name: Ann Lee\n    org: GDS", "Ann Lee/GDS"},
      {"speakers: {name: Ann Lee, agency: GSA}", "Ann Lee/GSA"},
      {"speakers: [[nested], {org: nobody}]", ""},
  }));
  CAPTURE(yaml);
  auto meta = civic::indexer::parse_front_matter(yaml, 2, "post.md");
  REQUIRE(meta);
  std::vector<std::string> people;
  for (const auto& person : meta->speakers) people.push_back(person.name + "/" + person.org);
  CHECK(join(people) == expected);
}

TEST_CASE("a front-matter speaker's role is read from role, position or job_title",
          "[indexer][markdown]") {
  auto [yaml, expected] = GENERATE(table<std::string, std::string>({
      {"speakers:\n  - name: Ann Lee\n    role: Chief Executive\n    org: GDS",
       "Ann Lee/Chief Executive/GDS"},
      {"speakers:\n  - {name: Ann Lee, position: Director}\n  - {name: Bo Chen, job_title: Chair}",
       "Ann Lee/Director/|Bo Chen/Chair/"},
      {"speakers:\n  - Ann Lee\n  - {name: Ann Lee, role: Chair, org: GDS}", "Ann Lee/Chair/GDS"},
      {"speakers:\n  - {name: Ann Lee, title: Why open data matters}", "Ann Lee//"},
      {"speakers:\n  - {name: Ann Lee, role: [Chair, Host]}", "Ann Lee//"},
  }));
  CAPTURE(yaml);
  auto meta = civic::indexer::parse_front_matter(yaml, 2, "post.md");
  REQUIRE(meta);
  std::vector<std::string> people;
  for (const auto& person : meta->speakers)
    people.push_back(person.name + "/" + person.role + "/" + person.org);
  CHECK(join(people) == expected);
}

// --- Post fields ---------------------------------------------------------------------------

TEST_CASE("the title comes from front matter, else the first level-1 heading, else the file",
          "[indexer][markdown]") {
  auto [input, path, title, first_unit] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"---\ntitle: From YAML\n---\n# A heading\n\nText.\n", "post.md", "From YAML",
           "heading: A heading"},
          {"---\ntitle: Same\n---\n# Same\n\nText.\n", "post.md", "Same", "paragraph: Text."},
          {"Text first.\n\n# Heading\n\n## Sub\n", "post.md", "Heading", "paragraph: Text first."},
          {"## Only a subheading\n", "2019-01-02-notes.md", "2019-01-02-notes",
           "heading: Only a subheading"},
          {"Just text.\n", "authors/jane-doe/_index.md", "jane-doe", "paragraph: Just text."},
      }));
  CAPTURE(input, path);
  auto read = read_markdown_text(input, path);
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  const auto& doc = read->posts.front();
  CHECK(doc.post.title == title);
  REQUIRE(doc.units.size() >= 2);
  CHECK(describe(doc.units)[0] == "title: " + title);
  CHECK(describe(doc.units)[1] == first_unit);
}

TEST_CASE("the date comes from front matter, else from a YYYY-MM-DD file name",
          "[indexer][markdown]") {
  auto [input, path, date] = GENERATE(table<std::string, std::string, std::string>({
      {"---\ndate: 2019-04-11 09:40\n---\nText.\n", "2019-04-12-talk.md", "2019-04-11"},
      {"---\ndate: 2026-03-19T20:14:00.000+00:00\n---\nText.\n", "talk.md", "2026-03-19"},
      {"---\ntitle: T\n---\nText.\n", "2016-05-19-content.md", "2016-05-19"},
      {"Text.\n", "2015-09-04-library-talk.md", "2015-09-04"},
      {"Text.\n", "20150904-talk.md", ""},
      {"Text.\n", "2015-13-04-talk.md", ""},
  }));
  CAPTURE(input, path);
  auto read = read_markdown_text(input, path);
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  CHECK(read->posts.front().post.date == date);
}

TEST_CASE("a front-matter date that is not a date warns and falls back on the file name",
          "[indexer][markdown]") {
  auto read = read_markdown_text("\n---\ntitle: T\n\ndate: soon\n---\nText.\n", "2020-02-03-t.md");
  REQUIRE(read);
  CHECK(read->posts.front().post.date == "2020-02-03");
  REQUIRE(read->warnings.size() == 1);
  CHECK(read->warnings.front().message ==
        "2020-02-03-t.md:5: front matter date 'soon' is not a date");
}

TEST_CASE("author, tags, url and the post id come from front matter", "[indexer][markdown]") {
  auto read = read_markdown_text(
      "---\ntitle: T\nauthors: [ann-lee, bo-chen]\ntags: [a, b]\ncategories: [b, c]\n"
      "topics: [d]\npermalink: /2019/t/\nslug: my-slug\n---\nText.\n",
      "2019-01-01-file-name.md");
  REQUIRE(read);
  const auto& post = read->posts.front().post;
  CHECK(post.author == "ann-lee, bo-chen");
  CHECK(join(post.tags) == "a|b|c|d");
  CHECK(post.url == "/2019/t/");
  CHECK(post.id == civic::post_id_for("my-slug", "/test/2019-01-01-file-name.md"));
}

TEST_CASE("the event is the front-matter event, else a first category that names one",
          "[indexer][markdown]") {
  auto [yaml, event] = GENERATE(table<std::string, std::string>({
      {"categories: [ACRL 2019]", "ACRL 2019"},
      {"categories: [ALA Annual Convention 2018, other]", "ALA Annual Convention 2018"},
      {"categories: [Idaho Libraries Futures Camp]", "Idaho Libraries Futures Camp"},
      {"categories: [LocalGovCamp]", "LocalGovCamp"},
      {"categories: [IU Bloomington]", ""},
      {"categories: [support-events]", ""},
      {"categories: [ukgovcamp]", ""},
      {"categories: [Things, ACRL 2019]", ""},
      {"event: Big Society Conference\ncategories: [ACRL 2019]", "Big Society Conference"},
  }));
  CAPTURE(yaml);
  auto read = read_markdown_text("---\n" + yaml + "\n---\nText.\n");
  REQUIRE(read);
  CHECK(read->posts.front().post.event == event);
}

TEST_CASE("a subtitle listing presenters gives the post's speakers; other subtitles do not",
          "[indexer][markdown]") {
  auto [subtitle, speakers] = GENERATE(table<std::string, std::string>({
      {"\"Kevin Seeber & Rachel Stott\"", "Kevin Seeber|Rachel Stott"},
      {"Ann Lee, Bo Chen, and Cy Diaz", "Ann Lee|Bo Chen|Cy Diaz"},
      {"\"Ms. Ann Lee, Bo Chen\"", "Ann Lee|Bo Chen"},
      {"Viet Thanh Nguyen", "Viet Thanh Nguyen"},
      {"Other Collective Notes", ""},
      {"A Look at the Future of Libraries", ""},
      {"Keynote 2019", ""},
  }));
  CAPTURE(subtitle);
  auto read = read_markdown_text("---\nsubtitle: " + subtitle + "\n---\nText.\n");
  REQUIRE(read);
  CHECK(speaker_names(read->posts.front().post) == speakers);
}

// --- Body ----------------------------------------------------------------------------------

TEST_CASE("the body becomes headings, paragraphs, bullets with lead-ins, quotes and rows",
          "[indexer][markdown]") {
  const std::string input =
      "---\ntitle: Notes\n---\n"
      "## Morning session\n\n"
      "The speaker opened with a story. Her three points were:\n\n"
      "- Councils *must* share data\n"
      "- Residents ~~should~~ can help\n"
      "  - with [local knowledge](https://example.org/k)\n"
      "  - and time\n"
      "- See https://example.org/bare for more\n\n"
      "> A quoted line &amp; more.\n\n"
      "| Session | Room |\n|---|---|\n| Data | Hall A |\n\n"
      "```\ncode is not indexed\n```\n\n"
      "Closing paragraph.\n";
  auto read = read_markdown_text(input);
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  const std::vector<std::string> expected = {
      "title: Notes",
      "heading: Morning session",
      "paragraph: The speaker opened with a story. Her three points were:",
      "bullet: Councils must share data {Her three points were:}",
      "bullet: Residents should can help {Her three points were:}",
      "bullet: with local knowledge {Residents should can help}",
      "bullet: and time {Residents should can help}",
      "bullet: See for more {Her three points were:}",
      "quote: A quoted line & more.",
      "paragraph: Session | Room",
      "paragraph: Data | Hall A",
      "paragraph: Closing paragraph.",
  };
  CHECK(describe(read->posts.front().units) == expected);
}

TEST_CASE("a nested list takes its parent's lead-in, and a list after a heading ending in ':'",
          "[indexer][markdown]") {
  auto read = read_markdown_text(
      "### Questions:\n\n- First\n- Asked about budgets. The answers given were:\n  - none\n\n"
      "Plain paragraph.\n\n- after a paragraph without a colon\n");
  REQUIRE(read);
  const std::vector<std::string> expected = {
      "title: post",
      "heading: Questions:",
      "bullet: First {Questions:}",
      "bullet: Asked about budgets. The answers given were: {Questions:}",
      "bullet: none {The answers given were:}",
      "paragraph: Plain paragraph.",
      "bullet: after a paragraph without a colon",
  };
  CHECK(describe(read->posts.front().units) == expected);
}

TEST_CASE("images give captions only for meaningful alt text", "[indexer][markdown]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"![Panel of four speakers on stage](p.jpg)\n", "caption: Panel of four speakers on stage"},
      {"Text ![Two words](a.png) more.\n", "paragraph: Text more.|caption: Two words"},
      {"![](p.jpg)\n", ""},
      {"![photo](p.jpg)\n", ""},
      {"![IMG_0042.jpg](p.jpg)\n", ""},
      {"<img src=\"x.png\" alt=\"Crowd at the town hall\">\n", "caption: Crowd at the town hall"},
  }));
  CAPTURE(input);
  auto read = read_markdown_text(input);
  REQUIRE(read);
  auto units = describe(read->posts.front().units);
  units.erase(units.begin());  // the title
  CHECK(join(units) == expected);
}

TEST_CASE("raw HTML blocks keep their text without tags, scripts or comments",
          "[indexer][markdown]") {
  auto read = read_markdown_text(
      "<div class=\"pquote\">\n<p>First &ldquo;quoted&rdquo; part</p><p>Second<br>part</p>\n"
      "<script>var hidden = 1;</script><!-- a comment -->\n</div>\n\n"
      "> <em>In a quote</em>\n");
  REQUIRE(read);
  const std::vector<std::string> expected = {
      "title: post",       "paragraph: First \xE2\x80\x9Cquoted\xE2\x80\x9D part",
      "paragraph: Second", "paragraph: part",
      "quote: In a quote",
  };
  CHECK(describe(read->posts.front().units) == expected);
}

TEST_CASE("Hugo shortcodes and Liquid tags are removed, keeping caption-like arguments",
          "[indexer][markdown]") {
  auto [body, expected] = GENERATE(table<std::string, std::string>({
      {"See [topics]({{< ref \"/topics/mobile\" >}}) now.", "paragraph: See topics now."},
      {"{{< legacy-img src=\"a.jpg\" alt=\"A word cloud of agile concepts\" caption=\"Credit\" >}}",
       "caption: A word cloud of agile concepts"},
      {"{{< img-right src=\"jez-humble\" >}}\n\nText.", "paragraph: Text."},
      {"{{< quote-block text=\"Trust the people.\" cite=\"A. Lincoln\" >}}",
       "quote: Trust the people. \xE2\x80\x94 A. Lincoln"},
      {"Said {{< quote-block text=\"less is more\" >}} inline.",
       "paragraph: Said less is more inline."},
      {"{{< accordion kicker=\"Slide by Slide\" title=\"Transcript\" >}}\nSlide one.\n"
       "{{< /accordion >}}",
       "heading: Transcript|paragraph: Slide one."},
      {"{{< note >}}\nInside a note.\n{{< /note >}}", "paragraph: Inside a note."},
      {"{{% box %}}Boxed.{{% /box %}}", "paragraph: Boxed."},
      {"Read [the post]({{ \"/2015/09/28/web-design/\" | url }}).", "paragraph: Read the post."},
      {"\xE2\x80\x9CI joined.\xE2\x80\x9D - {{ \"nicole-fenton\" | team_link }}",
       "paragraph: \xE2\x80\x9CI joined.\xE2\x80\x9D - Nicole Fenton"},
      {"{% image \"assets/team.jpg\" \"The team at a whiteboard\" %}",
       "caption: The team at a whiteboard"},
      {"{% raw %}Keep {{ this }} as written{% endraw %}", "paragraph: Keep {{ this }} as written"},
      {"Before.{% comment %} hidden {% endcomment %} After.", "paragraph: Before. After."},
      {"{{ site.baseurl }}/path and {%- include x.html -%} text", "paragraph: /path and text"},
      {"A {{ lone brace, not a tag", "paragraph: A {{ lone brace, not a tag"},
  }));
  CAPTURE(body);
  auto read = read_markdown_text("---\ntitle: T\n---\n" + body + "\n");
  REQUIRE(read);
  auto units = describe(read->posts.front().units);
  units.erase(units.begin());
  CHECK(join(units) == expected);
}

// --- The real archives ---------------------------------------------------------------------

TEST_CASE("a conference-notes post gives bullets with lead-ins and its presenters as speakers",
          "[indexer][markdown]") {
  auto read = read_corpus("conference-notes/_posts/2019-04-11-soft-stuff-real-stuff.md");
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  const auto& doc = read->posts.front();
  CHECK(doc.post.date == "2019-04-11");
  CHECK(doc.post.event == "ACRL 2019");
  CHECK(speaker_names(doc.post) ==
        "Veronica Arellano Douglas|Anastasia Chiu|Joanna Gadsby|Alana Kumbier|Lalitha Nataraj");
  CHECK(doc.units.front().kind == UnitKind::Title);

  // The "Presenters:" list carries its lead-in, and nested notes carry their parent item.
  const auto presenters = std::count_if(doc.units.begin(), doc.units.end(), [](const Unit& u) {
    return u.kind == UnitKind::Bullet && u.context == "Presenters:";
  });
  CHECK(presenters == 5);
  const auto nested = std::count_if(doc.units.begin(), doc.units.end(), [&](const Unit& u) {
    return u.kind == UnitKind::Bullet && !u.context.empty() && u.context != "Presenters:" &&
           std::any_of(doc.units.begin(), doc.units.end(), [&](const Unit& parent) {
             return parent.kind == UnitKind::Bullet && parent.text == u.context;
           });
  });
  CHECK(nested > 0);
  CHECK(std::count_if(doc.units.begin(), doc.units.end(),
                      [](const Unit& u) { return u.kind == UnitKind::Heading; }) > 5);
}

TEST_CASE("conference-notes subtitles with honorifics or no names are handled",
          "[indexer][markdown]") {
  auto uncomfortable = read_corpus("conference-notes/_posts/2019-04-12-getting-uncomfortable.md");
  REQUIRE(uncomfortable);
  const auto& speakers = uncomfortable->posts.front().post.speakers;
  REQUIRE_FALSE(speakers.empty());
  CHECK(speakers.front().name == "Lilly Ramin");

  auto elsewhere = read_corpus("conference-notes/_posts/2019-04-13-notes-elsewhere.md");
  REQUIRE(elsewhere);
  CHECK(elsewhere->posts.front().post.speakers.empty());
}

TEST_CASE("digitalgov pages with blank lines before the front matter are read",
          "[indexer][markdown]") {
  const std::string file = GENERATE(
      "events/2018/07/"
      "2018-07-16-emerging-technology-leadership-series-brian-behlendorf-blockchain.md",
      "events/2018/12/2018-12-17-emerging-technology-for-government-services-meeting.md",
      "news/2023/05/2023-05-15-a-digital-accessibility-catalyst-for-your-next-policy-refresh.md",
      "news/2015/06/2015-06-29-creating-a-social-media-report-that-matters.md",
      "news/2016/02/2016-02-08-the-content-corner-location-aware-content.md",
      "news/2021/04/2021-04-06-using-chatbots-to-improve-customer-experience.md");
  CAPTURE(file);
  const auto relative = std::filesystem::path("digitalgov/content") / file;
  // The premise: the file really starts with a blank line.
  REQUIRE(civic::testing::slurp(civic::testing::corpus_dir() / relative).front() == '\n');
  auto read = read_corpus(relative);
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  const auto& doc = read->posts.front();
  CHECK(doc.post.title != std::filesystem::path(file).stem().string());
  CHECK(doc.post.date.size() == 10);
  CHECK_FALSE(doc.post.tags.empty());
  CHECK_FALSE(any_unit_contains(doc.units, "slug:"));
  CHECK_FALSE(any_unit_contains(doc.units, "Learn how to edit our pages"));
}

TEST_CASE("a digitalgov event's front matter fills the post", "[indexer][markdown]") {
  const auto relative = std::filesystem::path(
      "digitalgov/content/events/2018/07/"
      "2018-07-16-emerging-technology-leadership-series-brian-behlendorf-blockchain.md");
  auto read = read_corpus(relative);
  REQUIRE(read);
  const auto& post = read->posts.front().post;
  CHECK(post.title == "Emerging Technology Leadership Series: Brian Behlendorf and Blockchain");
  CHECK(post.date == "2018-07-16");
  CHECK(post.author == "brian-behlendorf");
  CHECK(join(post.tags) == "emerging-tech");
  // The id is built from the front-matter slug, which differs from the file name.
  CHECK(post.id ==
        civic::post_id_for("emerging-technology-leadership-series-brian-behlendorf-blockchain",
                           (civic::testing::corpus_dir() / relative).string()));
}

TEST_CASE("18F posts without a front-matter date take the date of their file name",
          "[indexer][markdown]") {
  const std::string file = GENERATE("2014-09-25-design-studio-onrr.md",
                                    "2014-11-13-why-we-use-https-in-every-gov-website-we-make.md");
  CAPTURE(file);
  const auto relative = std::filesystem::path("18f-blog/content/posts") / file;
  // The premise: the front matter has no date of its own.
  // The split's views point into the bytes, so they must outlive it (ASan: use after free).
  const std::string bytes = civic::testing::slurp(civic::testing::corpus_dir() / relative);
  auto split = civic::indexer::split_front_matter(bytes, file);
  REQUIRE(split);
  REQUIRE(split->has_front_matter);
  REQUIRE(("\n" + std::string(split->yaml)).find("\ndate:") == std::string::npos);
  auto read = read_corpus(relative);
  REQUIRE(read);
  CHECK(read->posts.front().post.date == file.substr(0, 10));
}

TEST_CASE("an 18F post with a tab after an author slug is valid YAML and is read",
          "[indexer][markdown]") {
  // SOURCE.md calls this front matter invalid: PyYAML refuses the tab, but YAML 1.2, libyaml
  // (Jekyll's parser) and yaml-cpp allow tabs as separation after a value.
  const auto relative = std::filesystem::path("18f-blog/content/posts") /
                        "2016-05-19-content-debt-what-it-is-where-to-find-it-and-how-to-prevent-"
                        "it-in-the-first-place.md";
  REQUIRE(civic::testing::slurp(civic::testing::corpus_dir() / relative).find("- melody\t") !=
          std::string::npos);
  auto read = read_corpus(relative);
  REQUIRE(read);
  CHECK(read->posts.front().post.author == "melody");
  CHECK(read->posts.front().post.date == "2016-05-19");
}

TEST_CASE("a real post whose front matter is broken is refused with its path and line",
          "[indexer][markdown]") {
  const auto original =
      civic::testing::corpus_dir() / "18f-blog/content/posts" /
      "2016-05-19-content-debt-what-it-is-where-to-find-it-and-how-to-prevent-it-in-the-first-"
      "place.md";
  std::string text = civic::testing::slurp(original);
  const auto at = text.find("- melody\t\t");
  REQUIRE(at != std::string::npos);
  text.replace(at, 10, "\t- melody");  // a tab as indentation is invalid YAML everywhere
  civic::testing::TempDir dir;
  const auto path = dir.write("content-debt.md", text);
  auto read = civic::indexer::read_file(path, Source{path.string(), path.string()});
  REQUIRE_FALSE(read);
  CHECK(read.error().code == ErrorCode::InvalidInput);
  CHECK(read.error().message.rfind(path.string() + ":5: front matter is not valid YAML: ", 0) == 0);
}

TEST_CASE("18F Liquid link filters leave the link text and nothing of the template",
          "[indexer][markdown]") {
  const auto relative = std::filesystem::path("18f-blog/content/posts") /
                        "2020-04-23-saving-time-and-improving-data-quality-for-the-national-"
                        "school-lunch-breakfast-program.md";
  REQUIRE(civic::testing::slurp(civic::testing::corpus_dir() / relative).find("| url }}") !=
          std::string::npos);
  auto read = read_corpus(relative);
  REQUIRE(read);
  const auto& doc = read->posts.front();
  CHECK(doc.post.title ==
        "Saving time and improving data quality for the National School Lunch & Breakfast Program");
  CHECK_FALSE(any_unit_contains(doc.units, "| url"));
  CHECK_FALSE(any_unit_contains(doc.units, "{{"));
  CHECK(doc.units.size() > 10);
}

TEST_CASE("digitalgov shortcodes do not leak into units", "[indexer][markdown]") {
  const std::string file =
      GENERATE("events/2020/05/2020-05-13-average-american-reader-needs-you-write.md",
               "events/2023/03/2023-03-28-uswds-monthly-call-march-2023.md",
               "news/2019/11/2019-11-18-building-elements-that-earn-trust.md");
  CAPTURE(file);
  const auto relative = std::filesystem::path("digitalgov/content") / file;
  REQUIRE(civic::testing::slurp(civic::testing::corpus_dir() / relative).find("{{<") !=
          std::string::npos);
  auto read = read_corpus(relative);
  REQUIRE(read);
  const auto& units = read->posts.front().units;
  CHECK(units.size() > 5);
  for (std::string_view markup : {"{{", "}}", "{%", "%}", ">}}"}) {
    CAPTURE(markup);
    CHECK_FALSE(any_unit_contains(units, markup));
  }
}

TEST_CASE("every Markdown file of the Markdown corpora is read without template leaks",
          "[indexer][markdown][.slow]") {
  const std::string folder = GENERATE("conference-notes", "ukgovcamp-blog", "digitalgov",
                                      "18f-blog", "srccon-transcripts");
  CAPTURE(folder);
  std::size_t read_count = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(civic::testing::corpus_dir() / folder)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
    const std::string path = entry.path().string();
    CAPTURE(path);
    auto read = civic::indexer::read_file(entry.path(), Source{path, path});
    REQUIRE(read);
    CHECK(read->warnings.empty());
    REQUIRE(read->posts.size() == 1);
    const auto& units = read->posts.front().units;
    CHECK(units.front().kind == UnitKind::Title);
    // "{{" alone can be real text (a tutorial about placeholders); shortcodes and tags cannot.
    for (std::string_view markup : {"{{<", "{{%", ">}}", "{%", "%}"}) {
      CAPTURE(markup);
      CHECK_FALSE(any_unit_contains(units, markup));
    }
    ++read_count;
  }
  CHECK(read_count > 0);
}
