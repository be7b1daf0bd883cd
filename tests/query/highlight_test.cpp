// The snippet highlighter (query/highlight.h) on texts written here. The Searcher's snippets are
// tested in tests/query/searcher_test.cpp.
#include "query/highlight.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "query/core/text.h"
#include "tests/support.h"

using namespace civic;
using civic::query::Highlighter;
using civic::query::HighlightTerms;
using civic::testing::marked;

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
