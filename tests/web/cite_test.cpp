// Citations, the quote card and oEmbed (web/cite.h) over hand-built hits in our own fiction: the
// important fields of each format, what is left out when the archive does not say, and the
// outputs read back by real parsers: pandoc (CSL-JSON and BibTeX through citeproc, and the
// Markdown), Python's bibtexparser and json. Those tools are Debian's, installed by
// scripts/test.sh; a missing one fails the test, it never skips.
#include "web/cite.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "query/core/ascii.h"
#include "tests/support.h"

namespace civic::web {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kAccessed = "2024-02-01";
constexpr const char* kBase = "http://127.0.0.1:8080";

std::string permalink(const query::Hit& hit) {
  return std::string(kBase) + "/units/" + hit.unit.id;
}

CiteContext context_for(const query::Hit& hit) { return {permalink(hit), kAccessed}; }

query::Hit hit_with(std::string id, std::string text) {
  query::Hit hit;
  hit.unit.id = std::move(id);
  hit.unit.text = std::move(text);
  return hit;
}

// A remark by a person, with every field, at an event.
query::Hit blackwood() {
  query::Hit hit = hit_with("social-enterprise-summit-north-4f1c.7",
                            "We are not a cheap way to run public services. We are a better way "
                            "to run some of them.");
  hit.unit.speaker = "Naomi Blackwood";
  hit.unit.role = "Chief Executive";
  hit.unit.org = "Northern Social Enterprise Partnership";
  hit.post.title = "Social Enterprise Summit North \u2013 16th May 2013";
  hit.post.date = "2013-05-16";
  hit.post.author = "Helen Garbutt";
  hit.post.event = "Social Enterprise Summit North 2013";
  hit.url = "https://civic-notes.example.org/2013/05/16/summit/#u7";
  return hit;
}

// Every character LaTeX, Markdown or HTML would read as markup, in the text, the post and the
// organisation; and a non-ASCII name with a particle.
constexpr const char* kAwkwardText =
    "Kirkhope spends 20% of its £4m R&D_fund on {pilot} schemes: #1 is ~ ^ $5 \\ a \"fair\" "
    "*deal* [see](x) <b>now</b> @council or `code`";
query::Hit awkward() {
  query::Hit hit = hit_with("kirkhope-budget-council-2014-9b2e.12", kAwkwardText);
  hit.unit.speaker = "Siân Ó Briain";
  hit.unit.role = "Leader";
  hit.unit.org = "Kirkhope Borough Council & Partners";
  hit.post.title = "Budget night: 100% {live} & #kirkhope";
  hit.post.date = "2014-02-20";
  hit.post.author = "Joanna Mercer";
  hit.post.event = "Kirkhope Budget Council_2014";
  return hit;
}

// An organisation speaks, with "and" in its name; no date.
query::Hit care_board() {
  query::Hit hit = hit_with("integrated-care-update-77aa.3",
                            "The board will publish its waiting-list figures every month.");
  hit.unit.speaker = "Kirkhope and Stanbridge Integrated Care Board";
  hit.unit.org = "Kirkhope and Stanbridge Integrated Care Board";
  hit.post.title = "Integrated care: the first year";
  hit.post.author = "Lena Moorcroft";
  return hit;
}

// The blogger's narration, without a date or an event.
query::Hit narration() {
  query::Hit hit = hit_with("community-energy-day-5c3d.2",
                            "Notes from a packed day in Otley, where the mood is defiant.");
  hit.post.title = "Yorkshire Community Energy Day 2017";
  hit.post.author = "Lena Moorcroft";
  return hit;
}

// Nothing but the text: no speaker, author, title, date or event.
query::Hit bare() { return hit_with("bare-post-0000.1", "Minutes to follow."); }

// A reader's comment with its own date.
query::Hit comment() {
  query::Hit hit = hit_with("kirkhope-budget-council-2014-9b2e.40",
                            "Will the leisure centre stay open on Sundays?");
  hit.unit.kind = UnitKind::Comment;
  hit.unit.comment = Comment{"Tom Bevington", "2014-02-21", ""};
  hit.post.title = "Budget night";
  hit.post.date = "2014-02-20";
  hit.post.author = "Joanna Mercer";
  return hit;
}

// Braces that do not pair, which BibTeX cannot take as \{ and \}.
query::Hit lone_braces() {
  query::Hit hit = hit_with("stanbridge-digital-inclusion-3e8f.9",
                            "Turnout fell } again, and the { survey closed early.");
  hit.unit.speaker = "Hannah Okafor";
  hit.post.event = "Stanbridge Digital Inclusion Summit 2015";
  hit.post.date = "2015-06-11";
  return hit;
}

std::vector<query::Hit> all_hits() {
  return {blackwood(), awkward(), care_board(), narration(), bare(), comment(), lone_braces()};
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// What a format must never show for a missing field.
void check_nothing_empty(const std::string& out) {
  CAPTURE(out);
  for (const char* empty :
       {"()", " = {}", "{{}}", "\u201c\u201d", ", ,", ". .", ",.", " ,", "\n\n\n"}) {
    CHECK_FALSE(contains(out, empty));
  }
}

// --- the real parsers ----------------------------------------------------------------------------

// Debian's programs, which scripts/test.sh installs. python3 is Debian's own because apt's
// python3-bibtexparser is importable only there (a pyenv or venv python3 on PATH would not see it).
constexpr const char* kPandoc = "/usr/bin/pandoc";
constexpr const char* kPython = "/usr/bin/python3";

void require_tool(const char* path, const char* package) {
  if (!fs::exists(path)) {
    FAIL(path << " is missing: run scripts/test.sh, which installs " << package);
  }
}

std::string quoted_path(const fs::path& p) { return "'" + p.string() + "'"; }

// The JSON cite_check.py prints for `file` in `mode` (bibtex, json or types).
json python_reads(const char* mode, const fs::path& file) {
  require_tool(kPython, "python3");
  const fs::path script = testing::source_dir() / "tests" / "web" / "cite_check.py";
  const auto result = testing::run_command(std::string(kPython) + " " + quoted_path(script) + " " +
                                           mode + " " + quoted_path(file) + " 2>&1");
  INFO("cite_check.py " << mode << " said: " << result.out);
  if (result.exit_code != 0 && contains(result.out, "No module named 'bibtexparser'")) {
    FAIL("python3-bibtexparser is missing: run scripts/test.sh, which installs it");
  }
  REQUIRE(result.exit_code == 0);
  return json::parse(result.out);
}

// pandoc --citeproc's plain-text rendering of a document citing `keys` from `bibliography`
// (its default style, Chicago author-date); any warning (a key not found, a bad entry) fails.
std::string pandoc_renders(const testing::TempDir& dir, const std::string& bibliography,
                           const std::vector<std::string>& keys) {
  require_tool(kPandoc, "pandoc");
  std::string doc = "Quoted";
  for (const auto& key : keys) doc += " [@" + key + "]";
  const fs::path md = dir.write("doc.md", doc + ".\n");
  const auto result = testing::run_command(std::string(kPandoc) + " --citeproc --fail-if-warnings" +
                                           " --bibliography=" + quoted_path(dir / bibliography) +
                                           " -t plain --wrap=none " + quoted_path(md) + " 2>&1");
  INFO("pandoc said: " << result.out);
  REQUIRE(result.exit_code == 0);
  CHECK_FALSE(contains(result.out, "WARNING"));
  return result.out;
}

}  // namespace

TEST_CASE("citation format names, content types and extensions", "[web][cite]") {
  const auto [format, name, type, extension] =
      GENERATE(table<CiteFormat, std::string, std::string, std::string>({
          {CiteFormat::Text, "text", "text/plain; charset=utf-8", "txt"},
          {CiteFormat::Markdown, "markdown", "text/markdown; charset=utf-8", "md"},
          {CiteFormat::Bibtex, "bibtex", "application/x-bibtex; charset=utf-8", "bib"},
          {CiteFormat::Ris, "ris", "application/x-research-info-systems; charset=utf-8", "ris"},
          {CiteFormat::CslJson, "csl-json",
           "application/vnd.citationstyles.csl+json; charset=utf-8", "json"},
      }));
  CAPTURE(name);
  CHECK(cite_format_from_name(name) == format);
  CHECK(cite_format_name(format) == name);
  CHECK(cite_content_type(format) == type);
  CHECK(cite_file_extension(format) == extension);
  for (const char* unknown : {"", "BibTeX", "csl", "json", "csljson", "bib"}) {
    CHECK_FALSE(cite_format_from_name(unknown).has_value());
  }
}

TEST_CASE("the text citation quotes the unit, then who, where, when, the post and the link",
          "[web][cite]") {
  const query::Hit hit = blackwood();
  const std::string out = render_citation(hit, CiteFormat::Text, context_for(hit));
  CHECK(out ==
        "\u201cWe are not a cheap way to run public services. We are a better way to run some of "
        "them.\u201d\n"
        "\u2014 Naomi Blackwood \u00b7 Chief Executive, Northern Social Enterprise Partnership\n"
        "Social Enterprise Summit North 2013, 16 May 2013. Reported by Helen Garbutt in "
        "\u201cSocial Enterprise Summit North \u2013 16th May 2013\u201d.\n"
        "Civic Search: http://127.0.0.1:8080/units/social-enterprise-summit-north-4f1c.7 "
        "(accessed 1 February 2024)\n");
}

TEST_CASE("text citations leave out what the archive does not say", "[web][cite]") {
  SECTION("narration cites the post and its author, with no date or event") {
    const query::Hit hit = narration();
    const std::string out = render_citation(hit, CiteFormat::Text, context_for(hit));
    CHECK(out ==
          "\u201cNotes from a packed day in Otley, where the mood is defiant.\u201d\n"
          "From \u201cYorkshire Community Energy Day 2017\u201d by Lena Moorcroft.\n"
          "Civic Search: http://127.0.0.1:8080/units/community-energy-day-5c3d.2 (accessed 1 "
          "February 2024)\n");
  }
  SECTION("a bare unit, no access date") {
    const query::Hit hit = bare();
    const std::string out = render_citation(hit, CiteFormat::Text, {permalink(hit), ""});
    CHECK(out == "\u201cMinutes to follow.\u201d\nCivic Search: " + permalink(hit) + "\n");
  }
  SECTION("a comment is its commenter's, dated by itself") {
    const query::Hit hit = comment();
    const std::string out = render_citation(hit, CiteFormat::Text, context_for(hit));
    CHECK(contains(out,
                   "\n\u2014 Tom Bevington\n21 February 2014. Comment on \u201cBudget "
                   "night\u201d.\n"));
  }
  SECTION("an organisation that speaks is named once") {
    const query::Hit hit = care_board();
    const std::string out = render_citation(hit, CiteFormat::Text, context_for(hit));
    CHECK(contains(out,
                   "\n\u2014 Kirkhope and Stanbridge Integrated Care Board\nReported by Lena "
                   "Moorcroft in \u201cIntegrated care: the first year\u201d.\n"));
  }
  for (const auto& hit : all_hits()) {
    for (CiteFormat format :
         {CiteFormat::Text, CiteFormat::Markdown, CiteFormat::Bibtex, CiteFormat::Ris}) {
      check_nothing_empty(render_citation(hit, format, context_for(hit)));
    }
  }
}

TEST_CASE("the Markdown citation is a blockquote with archive text escaped", "[web][cite]") {
  SECTION("every field") {
    const query::Hit hit = blackwood();
    const std::string out = render_citation(hit, CiteFormat::Markdown, context_for(hit));
    CHECK(out ==
          "> We are not a cheap way to run public services. We are a better way to run some of "
          "them.\n"
          ">\n"
          "> \u2014 Naomi Blackwood \u00b7 Chief Executive, Northern Social Enterprise "
          "Partnership\n"
          "\n"
          "Social Enterprise Summit North 2013, 16 May 2013. Reported by Helen Garbutt in "
          "\u201cSocial Enterprise Summit North \u2013 16th May 2013\u201d.\n"
          "Civic Search: <http://127.0.0.1:8080/units/social-enterprise-summit-north-4f1c.7> "
          "(accessed 1 February 2024)\n");
  }
  SECTION("markup in the archive is escaped") {
    const query::Hit hit = awkward();
    const std::string out = render_citation(hit, CiteFormat::Markdown, context_for(hit));
    CHECK(contains(out,
                   "> Kirkhope spends 20% of its £4m R\\&D\\_fund on \\{pilot\\} schemes: \\#1 is "
                   "\\~ \\^ \\$5 \\\\ a \"fair\" \\*deal\\* \\[see\\](x) \\<b\\>now\\</b\\> "
                   "\\@council or \\`code\\`\n"));
    CHECK(contains(out,
                   "> \u2014 Siân Ó Briain \u00b7 Leader, Kirkhope Borough Council \\& "
                   "Partners\n"));
    CHECK(contains(out,
                   "Kirkhope Budget Council\\_2014, 20 February 2014. Reported by Joanna "
                   "Mercer in \u201cBudget night: 100% \\{live\\} \\& \\#kirkhope\u201d.\n"));
  }
  SECTION("what would start a list or heading") {
    for (const auto& [text, escaped] : std::vector<std::pair<std::string, std::string>>{
             {"- not a list", "> \\- not a list\n"},
             {"+ not a list", "> \\+ not a list\n"},
             {"12. not a list", "> 12\\. not a list\n"},
             {"3) not a list", "> 3\\) not a list\n"},
             {"# not a heading", "> \\# not a heading\n"},
             {"> not nested", "> \\> not nested\n"},
         }) {
      CAPTURE(text);
      const query::Hit hit = hit_with("markdown-starts-0001.1", text);
      CHECK(render_citation(hit, CiteFormat::Markdown, {"", ""}).rfind(escaped, 0) == 0);
    }
  }
}

TEST_CASE("BibTeX: one entry with a stable key, escaped fields and protected names",
          "[web][cite]") {
  SECTION("a remark is an @unpublished talk") {
    const query::Hit hit = blackwood();
    const std::string key = citation_key(hit);
    CHECK(std::regex_match(key, std::regex("blackwood2013-[0-9a-f]{6}")));
    CHECK(citation_key(blackwood()) == key);
    CHECK(citation_key(hit_with("another.1", hit.unit.text)) != key);
    const std::string out = render_citation(hit, CiteFormat::Bibtex, context_for(hit));
    CHECK(out == "@unpublished{" + key +
                     ",\n"
                     "  author = {Blackwood, Naomi},\n"
                     "  title = {{We are not a cheap way to run public services}},\n"
                     "  eventtitle = {{Social Enterprise Summit North 2013}},\n"
                     "  howpublished = {Civic Search},\n"
                     "  year = {2013},\n"
                     "  month = may,\n"
                     "  date = {2013-05-16},\n"
                     "  url = {" +
                     permalink(hit) +
                     "},\n"
                     "  urldate = {2024-02-01},\n"
                     "  abstract = {" +
                     hit.unit.text +
                     "},\n"
                     "  note = {Chief Executive, Northern Social Enterprise Partnership. Reported "
                     "by Helen Garbutt in \u201cSocial Enterprise Summit North \u2013 16th May "
                     "2013\u201d},\n"
                     "}\n");
  }
  SECTION("LaTeX specials are escaped, UTF-8 kept, braces balanced") {
    const query::Hit hit = awkward();
    const std::string out = render_citation(hit, CiteFormat::Bibtex, context_for(hit));
    CHECK(std::regex_search(out, std::regex("^@unpublished\\{obriain2014-[0-9a-f]{6},\n")));
    CHECK(contains(out, "  author = {Ó Briain, Siân},\n"));
    CHECK(contains(out,
                   "  abstract = {Kirkhope spends 20\\% of its £4m R\\&D\\_fund on "
                   "\\{pilot\\} schemes: \\#1 is \\textasciitilde{} "
                   "\\textasciicircum{} \\$5 \\textbackslash{} a \"fair\" *deal* [see](x) "
                   "<b>now</b> @council or `code`},\n"));
    CHECK(contains(out, "  eventtitle = {{Kirkhope Budget Council\\_2014}},\n"));
    CHECK(contains(out,
                   "in \u201cBudget night: 100\\% \\{live\\} "
                   "\\& \\#kirkhope\u201d},\n"));
    int depth = 0;
    for (char c : out) {
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      REQUIRE(depth >= 0);
    }
    CHECK(depth == 0);
  }
  SECTION("an organisation is one braced name") {
    const query::Hit hit = care_board();
    const std::string out = render_citation(hit, CiteFormat::Bibtex, context_for(hit));
    CHECK(std::regex_search(out, std::regex("^@unpublished\\{kirkhope-[0-9a-f]{6},\n")));
    CHECK(contains(out, "  author = {{Kirkhope and Stanbridge Integrated Care Board}},\n"));
    CHECK(contains(out,
                   "  note = {Reported by Lena Moorcroft in \u201cIntegrated care: the first "
                   "year\u201d},\n"));
    CHECK_FALSE(contains(out, "year = "));
    CHECK_FALSE(contains(out, "month = "));
  }
  SECTION("narration is the post, @misc, by its author") {
    const query::Hit hit = narration();
    const std::string out = render_citation(hit, CiteFormat::Bibtex, context_for(hit));
    CHECK(std::regex_match(out, std::regex("@misc\\{moorcroft-[0-9a-f]{6},\n"
                                           "  author = \\{Moorcroft, Lena\\},\n"
                                           "  title = \\{\\{Yorkshire Community Energy Day "
                                           "2017\\}\\},\n"
                                           "  howpublished = \\{Civic Search\\},\n"
                                           "  url = \\{[^}]+\\},\n"
                                           "  urldate = \\{2024-02-01\\},\n"
                                           "\\}\n")));
  }
  SECTION("no author: the key comes from the title") {
    CHECK(std::regex_match(citation_key(bare()), std::regex("minutes-[0-9a-f]{6}")));
  }
}

TEST_CASE("RIS: tagged lines with CRLF, TY first and ER last", "[web][cite]") {
  SECTION("a remark is a SLIDE presentation at its meeting") {
    const query::Hit hit = blackwood();
    const std::string out = render_citation(hit, CiteFormat::Ris, context_for(hit));
    CHECK(out ==
          "TY  - SLIDE\r\n"
          "AU  - Blackwood, Naomi\r\n"
          "TI  - We are not a cheap way to run public services\r\n"
          "T2  - Social Enterprise Summit North 2013\r\n"
          "PY  - 2013\r\n"
          "DA  - 2013/05/16/\r\n"
          "DB  - Civic Search\r\n"
          "UR  - " +
              permalink(hit) +
              "\r\n"
              "Y2  - 2024/02/01/\r\n"
              "AB  - " +
              hit.unit.text +
              "\r\n"
              "N1  - Chief Executive, Northern Social Enterprise Partnership. Reported by Helen "
              "Garbutt in \u201cSocial Enterprise Summit North \u2013 16th May 2013\u201d\r\n"
              "ER  - \r\n");
  }
  SECTION("every record of every hit") {
    for (const auto& hit : all_hits()) {
      const std::string out = render_citation(hit, CiteFormat::Ris, context_for(hit));
      CAPTURE(out);
      REQUIRE(out.size() > 2);
      CHECK(out.rfind("TY  - ", 0) == 0);
      CHECK(out.substr(out.size() - 8) == "ER  - \r\n");
      std::size_t at = 0;
      while (at < out.size()) {
        const std::size_t end = out.find("\r\n", at);
        REQUIRE(end != std::string::npos);
        const std::string line = out.substr(at, end - at);
        CHECK(std::regex_match(line, std::regex("[A-Z][A-Z0-9]  - .*")));
        CHECK(line.find('\n') == std::string::npos);
        CHECK((line.size() > 6 || line == "ER  - "));
        at = end + 2;
      }
    }
  }
  SECTION("narration is a BLOG post, its event in a note; no date, no PY") {
    const query::Hit hit = narration();
    const std::string out = render_citation(hit, CiteFormat::Ris, context_for(hit));
    CHECK(out.rfind("TY  - BLOG\r\nAU  - Moorcroft, Lena\r\nTI  - Yorkshire Community Energy Day "
                    "2017\r\n",
                    0) == 0);
    CHECK_FALSE(contains(out, "PY  - "));
    CHECK_FALSE(contains(out, "AB  - "));
  }
}

TEST_CASE("CSL-JSON: an array of one speech item with split names and dates", "[web][cite]") {
  SECTION("every field") {
    const query::Hit hit = blackwood();
    const json csl = json::parse(render_citation(hit, CiteFormat::CslJson, context_for(hit)));
    REQUIRE(csl.is_array());
    REQUIRE(csl.size() == 1);
    const json& item = csl[0];
    CHECK(item.at("id") == citation_key(hit));
    CHECK(item.at("type") == "speech");
    CHECK(item.at("title") == "We are not a cheap way to run public services");
    CHECK(item.at("author") == json::parse(R"([{"family": "Blackwood", "given": "Naomi"}])"));
    CHECK(item.at("event-title") == "Social Enterprise Summit North 2013");
    CHECK(item.at("event") == "Social Enterprise Summit North 2013");
    CHECK(item.at("container-title") == "Social Enterprise Summit North \u2013 16th May 2013");
    CHECK(item.at("publisher") == "Civic Search");
    CHECK(item.at("issued") == json::parse(R"({"date-parts": [[2013, 5, 16]]})"));
    CHECK(item.at("accessed") == json::parse(R"({"date-parts": [[2024, 2, 1]]})"));
    CHECK(item.at("URL") == permalink(hit));
    CHECK(item.at("abstract") == hit.unit.text);
    CHECK(item.at("note") ==
          "Chief Executive, Northern Social Enterprise Partnership. Reported by Helen Garbutt in "
          "\u201cSocial Enterprise Summit North \u2013 16th May 2013\u201d");
  }
  SECTION("names: particles, titles, suffixes, organisations and single words") {
    const auto [speaker, org, author] = GENERATE(table<std::string, std::string, std::string>({
        {"Siân Ó Briain", "", R"({"family": "Ó Briain", "given": "Siân"})"},
        {"Cllr Fiona McBride", "", R"({"family": "McBride", "given": "Fiona"})"},
        {"Pieter van der Berg", "", R"({"family": "van der Berg", "given": "Pieter"})"},
        {"Owen Pritchard Jr.", "", R"({"family": "Pritchard", "given": "Owen", "suffix": "Jr."})"},
        {"Margaret  Ann\nThornley", "", R"({"family": "Thornley", "given": "Margaret Ann"})"},
        {"Joanna Mercer MP", "", R"({"family": "Mercer", "given": "Joanna"})"},
        {"Imran Siddiqui III", "", R"({"family": "Siddiqui", "given": "Imran", "suffix": "III"})"},
        {"Kirkhope CVS", "", R"({"literal": "Kirkhope CVS"})"},
        {"Dorothy", "", R"({"literal": "Dorothy"})"},
        {"Kirkhope Borough Council", "", R"({"literal": "Kirkhope Borough Council"})"},
        {"NCVO", "", R"({"literal": "NCVO"})"},
        {"Ashworth Homes", "Ashworth Homes", R"({"literal": "Ashworth Homes"})"},
        {"", "Centre for Rural Enterprise", R"({"literal": "Centre for Rural Enterprise"})"},
    }));
    CAPTURE(speaker, org);
    query::Hit hit = hit_with("names-0001.1", "A remark.");
    hit.unit.speaker = speaker;
    hit.unit.org = org;
    const json csl = json::parse(render_citation(hit, CiteFormat::CslJson, {}));
    CHECK(csl[0].at("type") == "speech");
    CHECK(csl[0].at("author") == json::array({json::parse(author)}));
  }
  SECTION("missing fields are absent, not empty") {
    for (const auto& hit : all_hits()) {
      const json csl = json::parse(render_citation(hit, CiteFormat::CslJson, context_for(hit)));
      CAPTURE(csl.dump());
      for (const auto& [key, value] : csl[0].items()) {
        CHECK_FALSE((value.is_string() && value.get<std::string>().empty()));
        CHECK_FALSE((value.is_array() && value.empty()));
      }
    }
    const json item =
        json::parse(render_citation(narration(), CiteFormat::CslJson, context_for(narration())))[0];
    CHECK(item.at("type") == "post-weblog");
    CHECK(item.at("title") == "Yorkshire Community Energy Day 2017");
    CHECK(item.at("author") == json::parse(R"([{"family": "Moorcroft", "given": "Lena"}])"));
    for (const char* absent : {"issued", "event", "event-title", "container-title", "note"}) {
      CHECK_FALSE(item.contains(absent));
    }
    const json none = json::parse(render_citation(bare(), CiteFormat::CslJson, {}))[0];
    CHECK(none.at("title") == "Minutes to follow");
    for (const char* absent : {"author", "issued", "accessed", "URL"}) {
      CHECK_FALSE(none.contains(absent));
    }
    const json by_reader =
        json::parse(render_citation(comment(), CiteFormat::CslJson, context_for(comment())))[0];
    CHECK(by_reader.at("type") == "post");
    CHECK(by_reader.at("issued") == json::parse(R"({"date-parts": [[2014, 2, 21]]})"));
  }
}

TEST_CASE("quote titles are a first sentence or a cut at a word boundary", "[web][cite]") {
  const auto [text, title] = GENERATE(table<std::string, std::string>({
      {"Short and plain", "Short and plain"},
      {"We are not a cheap way to run public services. We are a better way.",
       "We are not a cheap way to run public services"},
      {"Dr. Okafor asked whether the hub would open on Sundays! Nobody knew.",
       "Dr. Okafor asked whether the hub would open on Sundays!"},
      {"The council has adopted a social value policy that gives twenty per cent of the tender "
       "score to local benefit",
       "The council has adopted a social value policy that gives twenty per cent of the\u2026"},
      {"Siân Ó Briain said that Kirkhope’s libraries — all eleven of them — would stay open, "
       "whatever the settlement",
       "Siân Ó Briain said that Kirkhope’s libraries — all eleven of them — would stay\u2026"},
  }));
  CAPTURE(text);
  query::Hit hit = hit_with("titles-0001.1", text);
  hit.unit.speaker = "Naomi Blackwood";
  const json csl = json::parse(render_citation(hit, CiteFormat::CslJson, {}));
  CHECK(csl[0].at("title") == title);
}

TEST_CASE("pandoc's citeproc reads the CSL-JSON and the BibTeX alike", "[web][cite][parsers]") {
  testing::TempDir dir;
  json items = json::array();
  std::string bib;
  std::vector<std::string> keys;
  for (const auto& hit : all_hits()) {
    items.push_back(json::parse(render_citation(hit, CiteFormat::CslJson, context_for(hit)))[0]);
    bib += render_citation(hit, CiteFormat::Bibtex, context_for(hit)) + "\n";
    keys.push_back(citation_key(hit));
  }
  dir.write("refs.json", items.dump(2));
  dir.write("refs.bib", bib);
  for (const char* bibliography : {"refs.json", "refs.bib"}) {
    CAPTURE(bibliography);
    // Chicago title-cases CSL-JSON titles (stored as written, in sentence case), while the
    // BibTeX titles are braced against any change of case: compare titles case-insensitively.
    const std::string out = ascii::to_lower(pandoc_renders(dir, bibliography, keys));
    // The citations, then the reference list: family name, year and title words of each.
    CHECK(contains(out,
                   "quoted (blackwood 2013) (Ó briain 2014) (kirkhope and stanbridge "
                   "integrated care board n.d.) (moorcroft n.d.) (\u201cminutes to follow"));
    CHECK(contains(out,
                   "blackwood, naomi. 2013. \u201cwe are not a cheap way to run public "
                   "services.\u201d"));
    CHECK(contains(out, "presented at the social enterprise summit north 2013, may 16."));
    CHECK(contains(out,
                   "Ó briain, siân. 2014. \u201ckirkhope spends 20% of its £4m r&d_fund on "
                   "{pilot} schemes: #1 is ~ ^ $5 \\ a\u2026"));
    CHECK(contains(out, "presented at the kirkhope budget council_2014, february 20."));
    CHECK(contains(out,
                   "kirkhope and stanbridge integrated care board. n.d. \u201cthe board will "
                   "publish its waiting-list figures every month.\u201d"));
    CHECK(contains(out, "moorcroft, lena. n.d. \u201cyorkshire community energy day 2017.\u201d"));
    CHECK(contains(out,
                   "bevington, tom. 2014. \u201cwill the leisure centre stay open on "
                   "sundays?\u201d"));
    CHECK(contains(out, "okafor, hannah. 2015. \u201cturnout fell"));
    CHECK(contains(out, "http://127.0.0.1:8080/units/social-enterprise-summit-north-4f1c.7"));
  }
}

TEST_CASE("pandoc reads the Markdown citation back as the archive's text", "[web][cite][parsers]") {
  require_tool(kPandoc, "pandoc");
  testing::TempDir dir;
  const query::Hit hit = awkward();
  const fs::path md =
      dir.write("cite.md", render_citation(hit, CiteFormat::Markdown, context_for(hit)));
  // CommonMark, GitHub's flavour and pandoc's own (without smart quotes, which would curl "fair").
  for (const char* reader : {"commonmark", "gfm", "markdown-smart"}) {
    CAPTURE(reader);
    const auto plain = testing::run_command(std::string(kPandoc) + " -f " + reader +
                                            " -t plain --wrap=none " + quoted_path(md) + " 2>&1");
    INFO("pandoc said: " << plain.out);
    REQUIRE(plain.exit_code == 0);
    CHECK(contains(plain.out, std::string("  ") + kAwkwardText + "\n"));
    CHECK(contains(plain.out,
                   "  \u2014 Siân Ó Briain \u00b7 Leader, Kirkhope Borough Council & "
                   "Partners\n"));
    CHECK(contains(plain.out,
                   "Reported by Joanna Mercer in \u201cBudget night: 100% {live} & "
                   "#kirkhope\u201d."));
    const auto html = testing::run_command(std::string(kPandoc) + " -f " + reader +
                                           " -t html --wrap=none " + quoted_path(md) + " 2>&1");
    REQUIRE(html.exit_code == 0);
    INFO("pandoc said: " << html.out);
    CHECK(contains(html.out, "<blockquote>"));
    CHECK(contains(html.out, "&lt;b&gt;now&lt;/b&gt;"));
    CHECK(contains(html.out, "<a href=\"" + permalink(hit) + "\""));
    for (const char* markup : {"<em>", "<strong>", "<code>", "<b>", "<sup>", "<sub>", "<del>",
                               "<span class=\"math", "<span class=\"citation", "<h1"}) {
      CAPTURE(markup);
      CHECK_FALSE(contains(html.out, markup));
    }
  }
}

TEST_CASE("bibtexparser reads every BibTeX entry with its fields", "[web][cite][parsers]") {
  testing::TempDir dir;
  std::string bib;
  for (const auto& hit : all_hits())
    bib += render_citation(hit, CiteFormat::Bibtex, context_for(hit));
  const json entries = python_reads("bibtex", dir.write("refs.bib", bib));
  REQUIRE(entries.size() == all_hits().size());
  const json& first = entries[0];
  CHECK(first.at("ENTRYTYPE") == "unpublished");
  CHECK(first.at("ID") == citation_key(blackwood()));
  CHECK(first.at("author") == "Blackwood, Naomi");
  CHECK(first.at("title") == "{We are not a cheap way to run public services}");
  CHECK(first.at("year") == "2013");
  CHECK(first.at("month") == "May");
  CHECK(first.at("date") == "2013-05-16");
  CHECK(first.at("urldate") == "2024-02-01");
  CHECK(first.at("url") == permalink(blackwood()));
  const json& second = entries[1];
  CHECK(second.at("author") == "Ó Briain, Siân");
  CHECK(second.at("abstract") ==
        "Kirkhope spends 20\\% of its £4m R\\&D\\_fund on \\{pilot\\} "
        "schemes: \\#1 is \\textasciitilde{} \\textasciicircum{} \\$5 \\textbackslash{} a "
        "\"fair\" *deal* [see](x) <b>now</b> @council or `code`");
  CHECK(entries[2].at("author") == "{Kirkhope and Stanbridge Integrated Care Board}");
  CHECK(entries[3].at("ENTRYTYPE") == "misc");
  CHECK(entries[3].at("author") == "Moorcroft, Lena");
  CHECK_FALSE(entries[3].contains("year"));
  CHECK_FALSE(entries[4].contains("author"));
  CHECK(entries[6].at("abstract") ==
        "Turnout fell \\textbraceright{} again, and the \\textbraceleft{} survey closed early.");
}

TEST_CASE("Python's json reads the CSL-JSON and the oEmbed answer", "[web][cite][parsers]") {
  testing::TempDir dir;
  const query::Hit hit = awkward();
  const std::string csl = render_citation(hit, CiteFormat::CslJson, context_for(hit));
  CHECK(python_reads("json", dir.write("item.json", csl)) == json::parse(csl));

  OEmbedContext context;
  context.base_url = kBase;
  const fs::path oembed = dir.write("oembed.json", render_oembed_json(hit, context));
  const json types = python_reads("types", oembed);
  // oEmbed 1.0, 2.3.4 and 2.3.4.4: version, type, and for rich html, width and height, required;
  // the optional ones strings, cache_age a number.
  CHECK(types == json::parse(R"({"version": "str", "type": "str", "title": "str",
      "author_name": "str", "author_url": "str", "provider_name": "str", "provider_url": "str",
      "cache_age": "int", "html": "str", "width": "int", "height": "int"})"));
  const json answer = python_reads("json", oembed);
  CHECK(answer.at("version") == "1.0");
  CHECK(answer.at("type") == "rich");
}

TEST_CASE("oEmbed: a rich answer framing the quote card within maxwidth and maxheight",
          "[web][cite][oembed]") {
  const query::Hit hit = awkward();
  OEmbedContext context;
  context.base_url = kBase;
  SECTION("default size") {
    const json answer = json::parse(render_oembed_json(hit, context));
    CHECK(answer.at("title") ==
          "Kirkhope spends 20% of its £4m R&D_fund on {pilot} schemes: #1 is ~ ^ $5 \\ a\u2026");
    CHECK(answer.at("author_name") == "Siân Ó Briain");
    CHECK(answer.at("author_url") ==
          "http://127.0.0.1:8080/search?speaker=Si%C3%A2n%20%C3%93%20Briain");
    CHECK(answer.at("provider_name") == "Civic Search");
    CHECK(answer.at("provider_url") == "http://127.0.0.1:8080/");
    CHECK(answer.at("cache_age") == 86400);
    CHECK(answer.at("width") == kQuoteCardWidth);
    const int height = answer.at("height").get<int>();
    CHECK(height >= kQuoteCardMinHeight);
    CHECK(height <= kQuoteCardMaxHeight);
    CHECK(answer.at("html") ==
          "<iframe src=\"http://127.0.0.1:8080/units/kirkhope-budget-council-2014-9b2e.12/card\" "
          "width=\"500\" height=\"" +
              std::to_string(height) +
              "\" title=\"Siân Ó Briain: \u201cKirkhope spends 20% of its £4m R&amp;D_fund on "
              "{pilot} schemes: #1 is ~ ^ $5 \\ a\u2026\u201d (Civic Search)\" loading=\"lazy\" "
              "style=\"border:0;max-width:100%\"></iframe>");
  }
  SECTION("a longer quote asks for a taller frame, a narrower one for taller still") {
    query::Hit longer = hit;
    longer.unit.text += " " + longer.unit.text + " " + longer.unit.text;
    const int base = json::parse(render_oembed_json(hit, context)).at("height").get<int>();
    const int tall = json::parse(render_oembed_json(longer, context)).at("height").get<int>();
    context.max_width = 300;
    const json narrow = json::parse(render_oembed_json(longer, context));
    CHECK(tall > base);
    CHECK(narrow.at("width") == 300);
    CHECK(narrow.at("height").get<int>() > tall);
  }
  SECTION("maxwidth and maxheight are never exceeded") {
    const auto [max_width, max_height] =
        GENERATE(table<int, int>({{320, 100}, {1000, 50}, {0, 90}, {200, 0}}));
    CAPTURE(max_width, max_height);
    context.max_width = max_width;
    context.max_height = max_height;
    const json answer = json::parse(render_oembed_json(hit, context));
    if (max_width > 0) CHECK(answer.at("width").get<int>() <= max_width);
    if (max_height > 0) CHECK(answer.at("height").get<int>() <= max_height);
    CHECK(contains(answer.at("html").get<std::string>(),
                   "width=\"" + std::to_string(answer.at("width").get<int>()) + "\" height=\"" +
                       std::to_string(answer.at("height").get<int>()) + "\""));
  }
  SECTION("nobody named: no author fields") {
    const json answer = json::parse(render_oembed_json(bare(), context));
    CHECK_FALSE(answer.contains("author_name"));
    CHECK_FALSE(answer.contains("author_url"));
    const json by_org = json::parse(render_oembed_json(care_board(), context));
    CHECK(by_org.at("author_url") ==
          "http://127.0.0.1:8080/search?speaker=Kirkhope%20and%20Stanbridge%20Integrated%20Care%20"
          "Board");
  }
}

TEST_CASE("the quote card is a small accessible document with every archive string escaped",
          "[web][cite][card]") {
  CardContext context;
  context.stylesheet = "/static/card.css?v=0123456789abcdef";
  SECTION("every field") {
    const query::Hit hit = blackwood();
    context.permalink = permalink(hit);
    const std::string out = render_quote_card(hit, context);
    CHECK(out.rfind("<!doctype html>\n<html lang=\"en\">", 0) == 0);
    CHECK(contains(out,
                   "<title>Naomi Blackwood: \u201cWe are not a cheap way to run public "
                   "services\u201d \u2013 Civic Search</title>"));
    CHECK(contains(out, "<link rel=\"stylesheet\" href=\"/static/card.css?v=0123456789abcdef\">"));
    CHECK(contains(out, "<blockquote class=\"card-quote\" cite=\"" + hit.url + "\"><p>We are not"));
    CHECK(contains(out, "<span class=\"card-who\">\u2014 Naomi Blackwood</span>"));
    CHECK(contains(out,
                   "<span class=\"card-affiliation\">Chief Executive, Northern Social "
                   "Enterprise Partnership</span>"));
    CHECK(contains(out, "<cite class=\"card-source\">Social Enterprise Summit North 2013</cite>"));
    CHECK(contains(out, "<time datetime=\"2013-05-16\">16 May 2013</time>"));
    CHECK(contains(out, "<a href=\"" + permalink(hit) +
                            "\" target=\"_top\">Read it in context on Civic Search</a>"));
    for (const char* never : {"<h1", "<script", "style=", "<style"}) {
      CAPTURE(never);
      CHECK_FALSE(contains(out, never));
    }
    CHECK_FALSE(std::regex_search(out, std::regex("<[^>]*\\son[a-z]+=")));
  }
  SECTION("markup in the archive stays text") {
    query::Hit hit = awkward();
    hit.unit.text = "Zyxquor says <script>alert(1)</script> & \"more\"";
    hit.unit.speaker = "Eve <img src=x onerror=alert(1)>";
    hit.post.event = "<b>Evil Event</b>";
    hit.url = "https://civic-notes.example.org/?a=\"onmouseover=alert(1)";
    context.permalink = permalink(hit);
    const std::string out = render_quote_card(hit, context);
    CHECK_FALSE(contains(out, "<script"));
    CHECK_FALSE(contains(out, "<img"));
    CHECK_FALSE(contains(out, "<b>"));
    CHECK_FALSE(contains(out, "\"onmouseover"));
    CHECK(contains(out,
                   "<p>Zyxquor says &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                   "&quot;more&quot;</p>"));
    CHECK(contains(out, "cite=\"https://civic-notes.example.org/?a=&quot;onmouseover=alert(1)\""));
  }
  SECTION("missing fields leave no empty elements") {
    const query::Hit hit = bare();
    const std::string out = render_quote_card(hit, context);
    CHECK(contains(out, "<title>\u201cMinutes to follow\u201d \u2013 Civic Search</title>"));
    for (const char* absent : {"<figcaption", "card-who", "card-affiliation", "card-where", "<time",
                               "<cite", "cite=", "card-link", "canonical"}) {
      CAPTURE(absent);
      CHECK_FALSE(contains(out, absent));
    }
  }
  SECTION("narration names the post") {
    const std::string out = render_quote_card(narration(), context);
    CHECK(contains(out,
                   "<span class=\"card-who\">\u2014 Lena Moorcroft</span><span "
                   "class=\"card-where\">From <cite class=\"card-source\">Yorkshire "
                   "Community Energy Day 2017</cite></span>"));
  }
}

}  // namespace civic::web
