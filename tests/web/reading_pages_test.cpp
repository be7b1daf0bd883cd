// The reading pages as pure renderers (web/reading_pages.h): a unit in its talk or among its
// neighbours, a talk, a post and the error page, from hand-made views of one invented post.
// The routes that serve them over a real index are tested in reading_routes_test.cpp.
#include "web/reading_pages.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "query/core/html.h"

namespace civic::web {
namespace {

using query::Hit;

const PageAssets kAssets{"https://search.example.org", "/static/app.css?v=1",
                         "/static/app.js?v=1",         "/static/embed.css?v=1",
                         "/static/icon.svg?v=1",       "/static/reading.js?v=1",
                         "/static/card.css?v=1"};

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

bool has(const std::string& html, const std::string& needle) {
  return html.find(needle) != std::string::npos;
}

Post fellside_post() {
  Post post;
  post.id = "fellside-forum-1a2b3c4d";
  post.title = "Fellside Forum 2019";
  post.date = "2019-04-06";
  post.url = "https://blog.example.org/fellside-forum/";
  post.author = "Ada Quill";
  post.event = "Fellside Forum";
  return post;
}

// A unit of the post at `position`; `talk` is the talk's number ("" for none).
Hit unit_hit(int position, const std::string& text, const std::string& talk = {},
             const std::string& speaker = {}, const std::string& org = {}) {
  Hit hit;
  hit.post = fellside_post();
  hit.unit.post_id = hit.post.id;
  hit.unit.position = position;
  hit.unit.id = hit.post.id + "." + std::to_string(position);
  hit.unit.text = text;
  hit.unit.speaker = speaker;
  hit.unit.org = org;
  if (!speaker.empty()) hit.unit.role = "Chair";
  if (!talk.empty()) hit.unit.talk = hit.post.id + "~" + talk;
  hit.url = hit.post.url + "#:~:text=x";
  return hit;
}

// Units 1–7: the title, narration, a talk by Mara Penhallow (3–5), narration, a talk by Ivo
// Strand (7).
std::vector<Hit> post_units() {
  std::vector<Hit> units = {
      unit_hit(1, "Fellside Forum 2019"),
      unit_hit(2, "The forum met in the old mill."),
      unit_hit(3, "Mara Penhallow opened on bus routes.", "1", "Mara Penhallow", "Fellside Trust"),
      unit_hit(4, "She asked for an evening service.", "1", "Mara Penhallow", "Fellside Trust"),
      unit_hit(5, "Fares should be capped at two pounds.", "1", "Mara Penhallow", "Fellside Trust"),
      unit_hit(6, "Tea was served."),
      unit_hit(7, "Ivo Strand spoke on libraries.", "2", "Ivo Strand", "Strand & Co"),
  };
  units[0].unit.kind = UnitKind::Title;
  return units;
}

query::TalkView talk_one() {
  const auto units = post_units();
  query::TalkView talk;
  talk.id = units[2].unit.talk;
  talk.post = fellside_post();
  talk.units = {units[2], units[3], units[4]};
  talk.next = units[6];
  return talk;
}

query::UnitView view_of(std::size_t index, int radius) {
  const auto units = post_units();
  query::UnitView view;
  view.unit = units[index];
  for (int k = radius; k >= 1; --k) {
    if (index >= static_cast<std::size_t>(k)) view.before.push_back(units[index - k]);
  }
  for (int k = 1; k <= radius; ++k) {
    if (index + k < units.size()) view.after.push_back(units[index + k]);
  }
  return view;
}

// What every reading page must be: one h1, a language, the landmarks and no inline style; no
// script but, on a unit page with citations, the copy buttons' file.
void check_page_frame(const std::string& html, int scripts = 0) {
  CHECK(count(html, "<h1") == 1);
  CHECK(has(html, "<html lang=\"en\">"));
  CHECK(count(html, "<main id=\"main\"") == 1);
  CHECK(has(html, "<header class=\"masthead\">"));
  CHECK(has(html, "<footer class=\"footer\">"));
  CHECK(has(html, "<a class=\"skip-link\" href=\"#main\">"));
  CHECK(count(html, "<script") == static_cast<std::size_t>(scripts));
  CHECK(count(html, "<script src=\"/static/") == static_cast<std::size_t>(scripts));
  CHECK_FALSE(has(html, " style="));
  CHECK(has(html, "href=\"/static/app.css?v=1\""));
}

}  // namespace

TEST_CASE("a unit's page marks the unit in its talk and links its talk, post and neighbours",
          "[web][reading]") {
  const auto view = view_of(3, 3);
  const auto talk = talk_one();
  const std::string html = render_unit_page(view, &talk, kAssets);
  check_page_frame(html);
  CHECK(
      has(html, "<h1 class=\"quote-heading\">\u201cShe asked for an evening service.\u201d</h1>"));
  // Marked in its talk; the other units of the talk link to their pages, the narration around
  // the talk is not shown.
  CHECK(has(html,
            "<li class=\"reading-unit kind-paragraph is-current\" aria-current=\"true\">"
            "<p class=\"unit-text\"><mark>She asked for an evening service.</mark></p></li>"));
  CHECK(has(html, "In the talk</h2>"));
  CHECK(has(html, "<a class=\"unit-link\" href=\"/units/fellside-forum-1a2b3c4d.3\">"));
  CHECK(has(html, "<a class=\"unit-link\" href=\"/units/fellside-forum-1a2b3c4d.5\">"));
  CHECK_FALSE(has(html, "The forum met in the old mill."));
  CHECK_FALSE(has(html, "Tea was served."));
  // Who, event, date and the post, at the unit's anchor.
  // Each name links to its profile page.
  CHECK(has(html,
            "<span class=\"hit-speaker\"><a href=\"/speakers/mara-penhallow\">Mara Penhallow</a>"
            "</span>"));
  CHECK(has(html,
            "<span class=\"hit-org\"><a href=\"/orgs/fellside-trust\">Fellside Trust</a></span>"));
  CHECK(has(html,
            "<span class=\"hit-event\"><a href=\"/events/fellside-forum\">Fellside Forum</a>"
            "</span>"));
  CHECK(has(html, "<time class=\"hit-date\" datetime=\"2019-04-06\">2019-04-06</time>"));
  CHECK(has(html, "in <a href=\"/posts/fellside-forum-1a2b3c4d#u4\">Fellside Forum 2019</a>"));
  CHECK(has(html, "<a href=\"/talks/fellside-forum-1a2b3c4d~1\">The whole talk</a>"));
  CHECK(has(html,
            "<a href=\"https://blog.example.org/fellside-forum/#:~:text=x\" "
            "class=\"hit-source\">original post</a>"));
  // The units before and after it in the post.
  CHECK(has(html, "<a rel=\"prev\" href=\"/units/fellside-forum-1a2b3c4d.3\">"));
  CHECK(has(html, "<a rel=\"next\" href=\"/units/fellside-forum-1a2b3c4d.5\">"));
  // A pasted link previews as the quote.
  CHECK(has(html,
            "<link rel=\"canonical\" "
            "href=\"https://search.example.org/units/fellside-forum-1a2b3c4d.4\">"));
  CHECK(has(html, "<meta property=\"og:type\" content=\"article\">"));
  CHECK(has(html, "<meta property=\"og:title\" content=\"Mara Penhallow \u2013 Fellside Forum\">"));
  CHECK(has(html,
            "<meta property=\"og:description\" "
            "content=\"\u201cShe asked for an evening service.\u201d\">"));
  CHECK(has(html,
            "<meta property=\"og:url\" "
            "content=\"https://search.example.org/units/fellside-forum-1a2b3c4d.4\">"));
  CHECK(has(html, "<meta property=\"og:site_name\" content=\"Civic Search\">"));
  CHECK(has(html, "<meta name=\"twitter:card\" content=\"summary\">"));
  // Without citations there is no Cite control and no script.
  CHECK_FALSE(has(html, "<section id=\"cite\""));
  CHECK_FALSE(has(html, "<script"));
}

TEST_CASE("a unit page offers its citations to copy and its oEmbed answer", "[web][reading]") {
  const auto view = view_of(4, 2);
  UnitPageExtras extras;
  extras.citations = {
      {"text", "Plain text", "\u201cShe asked <for> it.\u201d \u2014 Mara", "/api/t"},
      {"bibtex", "BibTeX", "@unpublished{penhallow2019,}", "/api/b"}};
  extras.oembed_url = "https://search.example.org/oembed?format=json&url=x&y";
  const std::string html = render_unit_page(view, nullptr, kAssets, extras);
  check_page_frame(html, 1);
  CHECK(count(html, "<h1") == 1);
  CHECK(has(html,
            "<link rel=\"alternate\" type=\"application/json+oembed\" "
            "href=\"https://search.example.org/oembed?format=json&amp;url=x&amp;y\""));
  CHECK(has(html, "<script src=\"/static/reading.js?v=1\" defer></script>"));
  CHECK(has(html, "<section id=\"cite\""));
  // Each format: its text escaped in a focusable block, a copy button the script reveals and
  // a download link.
  CHECK(has(html,
            "<pre id=\"cite-text\" tabindex=\"0\" aria-labelledby=\"cite-text-label\">"
            "\u201cShe asked &lt;for&gt; it.\u201d \u2014 Mara</pre>"));
  CHECK(has(html, "<button type=\"button\" class=\"copy\" data-copy=\"cite-bibtex\" hidden>"));
  CHECK(has(html, "<a href=\"/api/b\">Download</a>"));
  CHECK(count(html, "class=\"cite-format\"") == 2);
}

TEST_CASE("a unit without a talk is shown among the units around it", "[web][reading]") {
  const auto view = view_of(5, 2);
  const std::string html = render_unit_page(view, nullptr, kAssets);
  check_page_frame(html);
  CHECK(has(html, "In context</h2>"));
  CHECK(has(html, "<mark>Tea was served.</mark>"));
  CHECK(has(html, ">Fares should be capped at two pounds.</p>"));
  CHECK(has(html, ">Ivo Strand spoke on libraries.</p>"));
  CHECK_FALSE(has(html, "The whole talk"));
  // Where a talk starts among them, who gives it, linking to the talk.
  CHECK(has(html,
            "<p class=\"talk-label\"><a href=\"/talks/fellside-forum-1a2b3c4d~2\">"
            "<span class=\"hit-who\"><span class=\"hit-speaker\">Ivo Strand</span>"));
  CHECK_FALSE(has(html, "<meta property=\"og:title\" content=\"Mara"));
  CHECK(has(html, "<meta property=\"og:title\" content=\"Fellside Forum 2019\">"));

  SECTION("the first unit of a post has no previous link, the last no next") {
    const std::string first = render_unit_page(view_of(0, 2), nullptr, kAssets);
    CHECK_FALSE(has(first, "rel=\"prev\""));
    CHECK(has(first, "rel=\"next\""));
    const std::string last = render_unit_page(view_of(6, 2), nullptr, kAssets);
    CHECK(has(last, "rel=\"prev\""));
    CHECK_FALSE(has(last, "rel=\"next\""));
  }
}

TEST_CASE("a long talk is shown around the unit, with links to the rest of it", "[web][reading]") {
  query::TalkView talk = talk_one();
  talk.units.clear();
  for (int p = 1; p <= 30; ++p) {
    talk.units.push_back(
        unit_hit(p, "Point number " + std::to_string(p) + ".", "1", "Mara Penhallow"));
  }
  query::UnitView view;
  view.unit = talk.units[14];
  const std::string html = render_unit_page(view, &talk, kAssets);
  CHECK(count(html, "<li class=\"reading-unit") == 17);
  CHECK(has(html, ">6 units earlier in the talk</a>"));
  CHECK(has(html, ">7 units later in the talk</a>"));
  CHECK_FALSE(has(html, ">Point number 6.<"));
  CHECK(has(html, ">Point number 7.<"));
  CHECK(has(html, ">Point number 23.<"));
  CHECK_FALSE(has(html, ">Point number 24.<"));
}

TEST_CASE("a talk's page lists its units in order under who gave it", "[web][reading]") {
  const auto talk = talk_one();
  const std::string html = render_talk_page(talk, kAssets);
  check_page_frame(html);
  CHECK(has(html, "<h1><a href=\"/speakers/mara-penhallow\">Mara Penhallow</a></h1>"));
  CHECK(has(html,
            "<p class=\"reading-who\"><span class=\"hit-role\">Chair</span>, "
            "<span class=\"hit-org\"><a href=\"/orgs/fellside-trust\">Fellside Trust</a></span>"
            "</p>"));
  CHECK(has(html,
            "<span class=\"hit-event\"><a href=\"/events/fellside-forum\">Fellside Forum</a>"
            "</span>"));
  CHECK(has(html, "datetime=\"2019-04-06\""));
  CHECK(has(html,
            "<link rel=\"canonical\" "
            "href=\"https://search.example.org/talks/fellside-forum-1a2b3c4d~1\">"));
  const auto a = html.find("Mara Penhallow opened on bus routes.");
  const auto b = html.find("She asked for an evening service.");
  const auto c = html.find("Fares should be capped at two pounds.");
  REQUIRE(a != std::string::npos);
  CHECK(a < b);
  CHECK(b < c);
  CHECK(count(html, "<a class=\"unit-link\" href=\"/units/") == 3);
  CHECK(has(html, "<li class=\"reading-unit kind-paragraph\" id=\"u3\">"));
  // The next talk of the post, and no previous one.
  CHECK(has(html, "<a rel=\"next\" href=\"/talks/fellside-forum-1a2b3c4d~2\">"));
  CHECK(has(html, "Ivo Strand \u00b7 Chair, Strand &amp; Co"));
  CHECK_FALSE(has(html, "rel=\"prev\""));
  CHECK_FALSE(has(html, "Tea was served."));
  // Nobody else speaks in it, so no unit is labelled.
  CHECK_FALSE(has(html, "talk-label"));

  SECTION("a unit of the talk said by someone else names them") {
    query::TalkView mixed = talk;
    mixed.units.push_back(unit_hit(8, "A caption.", "1", "Ivo Strand", "Strand Ltd"));
    const std::string labelled = render_talk_page(mixed, kAssets);
    CHECK(count(labelled, "<p class=\"talk-label\">") == 1);
    CHECK(has(labelled,
              "<p class=\"talk-label\"><span class=\"hit-who\"><span "
              "class=\"hit-speaker\"><a href=\"/speakers/ivo-strand\">Ivo Strand</a></span>"));
  }
}

TEST_CASE("a post's page holds every unit with an anchor and marks where talks start",
          "[web][reading]") {
  query::PostView view{fellside_post(), post_units()};
  const std::string html = render_post_page(view, kAssets);
  check_page_frame(html);
  // The title unit is the h1 and keeps its anchor.
  CHECK(has(html, "<h1 id=\"u1\">Fellside Forum 2019</h1>"));
  for (int p = 2; p <= 7; ++p) {
    CAPTURE(p);
    CHECK(has(html, "id=\"u" + std::to_string(p) + "\""));
    CHECK(has(html, "href=\"/units/fellside-forum-1a2b3c4d." + std::to_string(p) + "\""));
  }
  CHECK(count(html, "<p class=\"talk-label\">") == 2);
  const auto label =
      html.find("<p class=\"talk-label\"><a href=\"/talks/fellside-forum-1a2b3c4d~1\">");
  REQUIRE(label != std::string::npos);
  CHECK(label < html.find("id=\"u3\""));
  CHECK(label > html.find("id=\"u2\""));
  CHECK(has(html, "<div class=\"reading-unit kind-paragraph in-talk\" id=\"u4\">"));
  CHECK(has(html, "<div class=\"reading-unit kind-paragraph\" id=\"u6\">"));
  CHECK(has(html, "<span class=\"hit-author\">by Ada Quill</span>"));
  CHECK(has(html, "<a href=\"https://blog.example.org/fellside-forum/\" class=\"hit-source\">"));
  CHECK(has(html,
            "<link rel=\"canonical\" "
            "href=\"https://search.example.org/posts/fellside-forum-1a2b3c4d\">"));
}

TEST_CASE("unit anchors are the unit id after its post's id", "[web][reading]") {
  auto [id, post_id, anchor] = GENERATE(table<std::string, std::string, std::string>({
      {"fellside-forum-1a2b3c4d.12", "fellside-forum-1a2b3c4d", "u12"},
      {"fellside-forum-1a2b3c4d.9f3e01ab", "fellside-forum-1a2b3c4d", "u9f3e01ab"},
      {"odd id", "other-post", "uodd%20id"},
      {"fellside-forum-1a2b3c4d.", "fellside-forum-1a2b3c4d", "ufellside-forum-1a2b3c4d."},
  }));
  CAPTURE(id, post_id);
  Unit unit;
  unit.id = id;
  unit.post_id = post_id;
  CHECK(unit_anchor(unit) == anchor);
}

TEST_CASE("archive text with markup is escaped on every reading page", "[web][reading][escaping]") {
  const std::string script = "<script>alert(1)</script>";
  auto units = post_units();
  for (auto& hit : units) {
    hit.post.title = "Title " + script;
    hit.post.event = "<b>Event</b>";
    hit.post.url = "https://x.example.org/?a=\"onmouseover=alert(1)";
    hit.url = hit.post.url;
    hit.unit.text += " " + script;
    if (!hit.unit.speaker.empty()) hit.unit.speaker = "Eve <img src=x onerror=alert(1)>";
  }
  query::UnitView view;
  view.unit = units[3];
  view.before = {units[2]};
  query::TalkView talk{
      units[3].unit.talk, units[3].post, {units[2], units[3], units[4]}, std::nullopt, units[6]};
  query::PostView post{units[0].post, units};
  for (const std::string& html :
       {render_unit_page(view, &talk, kAssets), render_unit_page(view, nullptr, kAssets),
        render_talk_page(talk, kAssets), render_post_page(post, kAssets),
        render_reading_error_page("No " + script, "x " + script, kAssets)}) {
    CHECK_FALSE(has(html, script));
    CHECK_FALSE(has(html, "<img"));
    CHECK_FALSE(has(html, "<b>Event"));
    CHECK_FALSE(has(html, "\"onmouseover"));
    CHECK(has(html, html::escape(script)));
  }
}

TEST_CASE("the error page says what is missing and leads back to the search", "[web][reading]") {
  const std::string html = render_reading_error_page("No such unit", "Gone.", kAssets);
  check_page_frame(html);
  CHECK(has(html, "<h1>No such unit</h1><p>Gone.</p>"));
  CHECK(has(html, "<a href=\"/\">Search the archive</a>"));
  CHECK(has(html, "<meta name=\"robots\" content=\"noindex\">"));
}

}  // namespace civic::web
