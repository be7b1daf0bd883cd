// The snippet highlighter (query/highlight.h) on texts written here, and the Searcher's snippets,
// suggestions and multi-select counts on the seed post.
#include "query/highlight.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "indexer/index_writer.h"
#include "query/core/text.h"
#include "query/searcher.h"
#include "tests/index_fixture.h"

using namespace civic;
using civic::query::Highlighter;
using civic::query::HighlightTerms;
using civic::testing::TempDir;

namespace {

std::string highlight(HighlightTerms terms, std::string_view text, std::size_t max_bytes = 300) {
  Highlighter h(std::move(terms));
  return h(text, max_bytes);
}

// The snippet's text: marks and ellipses dropped, entities decoded.
std::string plain(std::string s) {
  for (const std::string tag : {"<mark>", "</mark>", "\xE2\x80\xA6"}) {
    for (auto at = s.find(tag); at != std::string::npos; at = s.find(tag)) s.erase(at, tag.size());
  }
  for (const auto& [entity, c] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (auto at = s.find(entity); at != std::string::npos; at = s.find(entity, at + 1)) {
      s.replace(at, std::string(entity).size(), c);
    }
  }
  return s;
}

// The marked stretches, in order.
std::vector<std::string> marked(const std::string& s) {
  std::vector<std::string> out;
  for (auto at = s.find("<mark>"); at != std::string::npos; at = s.find("<mark>", at + 1)) {
    const auto end = s.find("</mark>", at);
    REQUIRE(end != std::string::npos);
    out.push_back(s.substr(at + 6, end - at - 6));
  }
  return out;
}

}  // namespace

TEST_CASE("the highlighter marks words and every form of a stem", "[query][highlight]") {
  CHECK(highlight({{"council"}, {}, {}, {}}, "The Council met; councils did not.") ==
        "The <mark>Council</mark> met; councils did not.");
  CHECK(highlight({{}, {"economi"}, {}, {}}, "Local economies and the economy, economically.") ==
        "Local <mark>economies</mark> and the <mark>economy</mark>, economically.");
  CHECK(highlight({{}, {}, {}, {"volunt"}}, "Volunteers volunteered; a volute.") ==
        "<mark>Volunteers</mark> <mark>volunteered</mark>; a volute.");
}

TEST_CASE("the highlighter marks a phrase only where its words stand together",
          "[query][highlight]") {
  HighlightTerms terms{{}, {}, {{"local", "government"}}, {}};
  CHECK(highlight(terms, "Local government is not the government of local people.") ==
        "<mark>Local government</mark> is not the government of local people.");
  CHECK(highlight(terms, "local  government, and local\ngovernment") ==
        "<mark>local  government</mark>, and <mark>local\ngovernment</mark>");
  // A unit found through a looser match (NEAR, ADJ/n): the words are marked where they are.
  CHECK(highlight(terms, "Government that is local.") ==
        "<mark>Government</mark> that is <mark>local</mark>.");
}

TEST_CASE("the highlighter escapes HTML in and around matches", "[query][highlight]") {
  CHECK(highlight({{"script", "b"}, {}, {}, {}},
                  "<script>alert(1)</script> & <b>bold</b> \"q\" 'a'") ==
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; &amp; "
        "&lt;<mark>b</mark>&gt;bold&lt;/<mark>b</mark>&gt; &quot;q&quot; &#39;a&#39;");
  CHECK(highlight({}, "a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d");
}

TEST_CASE("the highlighter folds case, accents and apostrophes as the index does",
          "[query][highlight]") {
  CHECK(highlight({{"cafe"}, {}, {}, {}}, "Café Society at the CAFÉ") ==
        "<mark>Café</mark> Society at the <mark>CAFÉ</mark>");
  CHECK(highlight({{"don't"}, {}, {}, {}}, "I don’t know, I don't.") ==
        "I <mark>don’t</mark> know, I <mark>don&#39;t</mark>.");
  CHECK(highlight({{"c++", "1,000"}, {}, {}, {}}, "C++ costs 1,000 pounds") ==
        "<mark>C++</mark> costs <mark>1,000</mark> pounds");
}

TEST_CASE("a text without a match is shown from its start", "[query][highlight]") {
  CHECK(highlight({{"zebra"}, {}, {}, {}}, "Nothing to mark here.") == "Nothing to mark here.");
  const std::string text = "First sentence here. " + std::string(400, 'x') + " end";
  const std::string s = highlight({{"zebra"}, {}, {}, {}}, text, 100);
  CHECK(s.rfind("First sentence here.", 0) == 0);
  CHECK(marked(s).empty());
}

TEST_CASE("one highlighter serves many texts, with or without terms", "[query][highlight]") {
  // A query of field terms only (speaker:…) has nothing to mark in the text.
  for (HighlightTerms terms : {HighlightTerms{}, HighlightTerms{{"gamma"}, {}, {}, {}}}) {
    Highlighter h(terms);
    const std::string first = "abcdefghij klmnopqrstuvw xyz " + std::string(500, 'a');
    std::string second;
    for (int i = 0; i < 40; ++i) second += "漢";
    second += " gamma";
    CHECK(h(first, 20) == "abcdefghij\xE2\x80\xA6");
    if (terms.words.empty()) {
      // The 120-byte word is longer than the snippet: cut inside it at a character boundary.
      std::string nine;
      for (int i = 0; i < 9; ++i) nine += "漢";
      CHECK(h(second, 29) == nine + "\xE2\x80\xA6");
    } else {
      CHECK(h(second, 29) == "\xE2\x80\xA6<mark>gamma</mark>");
    }
    for (const std::string& text : {second, first, second}) {
      const std::string s = h(text, 29);
      CAPTURE(s);
      CHECK(text::is_valid_utf8(s));
      CHECK(plain(s).size() <= 29);
      CHECK(text.find(plain(s)) != std::string::npos);
    }
    CHECK(h("tiny", 30) == "tiny");
  }
}

TEST_CASE("a long text is cut around its matches at word boundaries", "[query][highlight]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Filler words number " + std::to_string(i) + " go on. ";
  text += "Here the housing plan appears, with more housing detail after it. ";
  for (int i = 0; i < 40; ++i) text += "More filler " + std::to_string(i) + " follows. ";
  const std::string s = highlight({{"housing", "plan"}, {}, {}, {}}, text, 120);
  CAPTURE(s);
  CHECK(marked(s) == std::vector<std::string>{"housing", "plan", "housing"});
  const std::string shown = plain(s);
  CHECK(shown.size() <= 120);
  CHECK(text.find(shown) != std::string::npos);
  // The window starts at a sentence start, so without "…".
  CHECK(s.rfind("\xE2\x80\xA6", 0) == std::string::npos);

  // Inside one long sentence: cut at words, with "…" at both ends.
  std::string sentence;
  for (int i = 0; i < 60; ++i) sentence += "word" + std::to_string(i) + " ";
  sentence += "target ";
  for (int i = 0; i < 60; ++i) sentence += "more" + std::to_string(i) + " ";
  const std::string cut = highlight({{"target"}, {}, {}, {}}, sentence, 80);
  CAPTURE(cut);
  CHECK(marked(cut) == std::vector<std::string>{"target"});
  CHECK(cut.rfind("\xE2\x80\xA6word", 0) == 0);
  CHECK(cut.substr(cut.size() - 3) == "\xE2\x80\xA6");
  CHECK(plain(cut).size() <= 80);
  CHECK(sentence.find(plain(cut)) != std::string::npos);
  CHECK(plain(cut).front() != ' ');
  CHECK(plain(cut).back() != ' ');
}

TEST_CASE("the highlighter never cuts inside a UTF-8 sequence", "[query][highlight]") {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "Ça coûte 5 € — naïve façade “quoted” 漢字テキスト ";
  text += "目標 café ";
  for (int i = 0; i < 30; ++i) text += "ΑΒΓ δέλτα ";
  std::string long_word;
  for (int i = 0; i < 200; ++i) long_word += "漢";  // one 600-byte word
  for (const std::string& input : {text, long_word, "x" + long_word}) {
    for (std::size_t max_bytes : {1u, 2u, 5u, 17u, 64u, 100u, 299u, 300u}) {
      const std::string s = highlight({{"cafe", "漢字テキスト"}, {}, {}, {}}, input, max_bytes);
      CAPTURE(max_bytes, s);
      CHECK(text::is_valid_utf8(s));
      const std::string shown = plain(s);
      CHECK(shown.size() <= max_bytes);
      CHECK(input.find(shown) != std::string::npos);
    }
  }
}

namespace {

struct SeedIndex {
  TempDir dir;
  SeedIndex() {
    REQUIRE(civic::testing::index_with_attribution(dir / "index", {civic::testing::seed_path()}));
  }
  query::Searcher open() {
    auto searcher = query::Searcher::open(dir / "index");
    REQUIRE(searcher);
    return std::move(*searcher);
  }
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

}  // namespace

TEST_CASE("search snippets mark a phrase, a stem and a wildcard of the query",
          "[query][highlight]") {
  SeedIndex seed;
  auto searcher = seed.open();
  auto search = [&](const std::string& q) {
    query::SearchRequest request;
    request.q = q;
    request.per_page = 20;
    auto response = searcher.search(request);
    REQUIRE(response);
    REQUIRE(!response->hits.empty());
    return *response;
  };
  for (const auto& hit : search("\"big society\"").hits) {
    CAPTURE(hit.snippet);
    const auto marks = marked(hit.snippet);
    CHECK(!marks.empty());
    for (const auto& m : marks) CHECK(lower(m) == "big society");
  }
  std::size_t wildcard_marks = 0;
  for (const auto& hit : search("volunteer*").hits) {
    CAPTURE(hit.snippet);
    for (const auto& m : marked(hit.snippet)) {
      CHECK(lower(m).rfind("volunteer", 0) == 0);
      ++wildcard_marks;
    }
  }
  CHECK(wildcard_marks > 0);
  // An unquoted word is stemmed: its other forms are marked too.
  std::set<std::string> forms;
  for (const auto& hit : search("volunteering").hits) {
    for (const auto& m : marked(hit.snippet)) forms.insert(lower(m));
  }
  CAPTURE(forms);
  CHECK(forms.count("volunteering"));
  CHECK(forms.size() > 1);
}

TEST_CASE("regression: OR between known words does not make a query 'misspelt'",
          "[query][searcher][spelling]") {
  SeedIndex seed;
  auto searcher = seed.open();
  for (const char* q : {"given", "given OR society", "volunteering OR given"}) {
    CAPTURE(q);
    query::SearchRequest request;
    request.q = q;
    auto response = searcher.search(request);
    REQUIRE(response);
    CHECK(response->total > 0);
    CHECK_FALSE(response->suggestion);
  }
  // A misspelt word still gets one, with and without operators.
  query::SearchRequest request;
  request.q = "volunteerng OR society";
  auto response = searcher.search(request);
  REQUIRE(response);
  REQUIRE(response->suggestion);
  CHECK(*response->suggestion == "volunteering OR society");
}

namespace {

// Posts written here: three speakers over two years, paragraphs, bullets and comments, talks.
void index_talks(const std::filesystem::path& db) {
  auto writer = indexer::IndexWriter::open(db);
  REQUIRE(writer);
  const std::vector<std::string> speakers = {"Ada Brook", "Ben Carr", "Cleo Dunn"};
  const std::vector<UnitKind> kinds = {UnitKind::Paragraph, UnitKind::Bullet, UnitKind::Comment};
  const std::vector<std::string> words = {"housing", "transport", "housing budgets", "parks"};
  for (int p = 0; p < 6; ++p) {
    PostDoc doc;
    doc.post.id = post_id_for("multi-" + std::to_string(p), "multi-select:" + std::to_string(p));
    doc.post.title = "Council evening " + std::to_string(p);
    doc.post.date =
        p < 3 ? "2011-05-0" + std::to_string(p + 1) : "2012-06-0" + std::to_string(p + 1);
    doc.post.event = p % 2 ? "Spring Forum" : "Autumn Forum";
    for (int u = 0; u < 12; ++u) {
      Unit unit;
      unit.kind = kinds[(p + u) % kinds.size()];
      unit.speaker = unit.kind == UnitKind::Comment ? "" : speakers[(p * 5 + u) % speakers.size()];
      unit.org = unit.speaker.empty() ? "" : unit.speaker + " Trust";
      unit.text = "Unit " + std::to_string(u) + " on " + words[(p + u) % words.size()] +
                  " and local plans.";
      unit.talk = doc.post.id + "~" + std::to_string(u / 4);
      unit.themes = {u % 2 ? "Housing" : "Places", (u % 3) ? "Money" : "Planning"};
      doc.units.push_back(unit);
    }
    finalise_post(doc);
    REQUIRE(writer->put(doc));
  }
  REQUIRE(writer->commit());
}

}  // namespace

TEST_CASE("multi-select counts of a selected facet equal a search without its filter",
          "[query][searcher][facets]") {
  TempDir dir;
  index_talks(dir / "index");
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  query::SearchRequest all;
  all.facet_limit = 1000;
  using Filters = std::map<std::string, std::vector<std::string>>;
  const std::vector<Filters> selections = {
      {{"speaker", {"Ada Brook"}}},
      {{"speaker", {"Ada Brook", "Ben Carr"}}, {"kind", {"bullet"}}},
      {{"theme", {"Housing"}}, {"year", {"2012"}}},
      {{"theme", {"Housing", "Money"}}, {"speaker", {"Cleo Dunn"}}, {"event", {"Spring Forum"}}},
      {{"speaker", {"Nobody Here"}}, {"kind", {"paragraph"}}},
  };
  for (const std::string q : {"", "housing", "transport OR parks", "\"local plans\""}) {
    for (auto group : {query::Group::Unit, query::Group::Talk, query::Group::Post}) {
      for (const auto& filters : selections) {
        CAPTURE(q, static_cast<int>(group), filters.size(), filters.begin()->first);
        query::SearchRequest ticked = all;
        ticked.q = q;
        ticked.group = group;
        ticked.filters = filters;
        auto response = searcher->search(ticked);
        REQUIRE(response);
        // Each selected facet is counted with every filter but its own ...
        for (const auto& [facet, values] : filters) {
          query::SearchRequest without = ticked;
          without.filters.erase(facet);
          auto expected = searcher->search(without);
          REQUIRE(expected);
          CAPTURE(facet);
          REQUIRE(response->facets.at(facet).size() == expected->facets.at(facet).size());
          for (std::size_t i = 0; i < expected->facets.at(facet).size(); ++i) {
            CHECK(response->facets.at(facet)[i].value == expected->facets.at(facet)[i].value);
            CHECK(response->facets.at(facet)[i].count == expected->facets.at(facet)[i].count);
          }
        }
        // ... while hits, the total and the other facets follow every filter.
        std::size_t shown = 0;
        for (query::SearchRequest page = ticked; page.page <= 20; ++page.page) {
          auto hits = searcher->search(page);
          REQUIRE(hits);
          for (const auto& hit : hits->hits) {
            ++shown;
            for (const auto& [facet, values] : filters) {
              std::vector<std::string> has;
              if (facet == "speaker") has = {hit.unit.speaker};
              if (facet == "kind") has = {std::string(unit_kind_name(hit.unit.kind))};
              if (facet == "theme") has = hit.unit.themes;
              if (facet == "year") has = {hit.post.date.substr(0, 4)};
              if (facet == "event") has = {hit.post.event};
              CHECK(std::any_of(has.begin(), has.end(), [&](const std::string& v) {
                return std::find(values.begin(), values.end(), v) != values.end();
              }));
            }
          }
          if (hits->hits.size() < static_cast<std::size_t>(page.per_page)) break;
        }
        CHECK(shown == response->total);
      }
    }
  }
}
