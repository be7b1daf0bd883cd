// Acronym ↔ full-name synonyms end to end: pairs learnt from the text or
// configured in the gazetteer are stored by the IndexWriter, and the Searcher
// finds either spelling with the other (a query test: the expansion is the Searcher's).
#include <catch2/catch.hpp>
#include <set>

#include "indexer/attribution.h"
#include "indexer/index_writer.h"
#include "indexer/reader.h"
#include "query/searcher.h"
#include "tests/support.h"

namespace {

using namespace civic;
using namespace civic::indexer;

PostDoc post_of(const std::string& name, const std::string& text) {
  auto read = read_bytes(Format::PlainText, text, {name, name});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  return read->posts.front();
}

std::set<std::string> found_posts(query::Searcher& searcher, const std::string& q) {
  query::SearchRequest request;
  request.q = q;
  request.per_page = 100;
  auto response = searcher.search(request);
  REQUIRE(response);
  std::set<std::string> out;
  for (const auto& hit : response->hits) out.insert(hit.post.title);
  return out;
}

}  // namespace

TEST_CASE("searching an acronym finds its full name and the reverse",
          "[query][searcher][synonyms]") {
  civic::testing::TempDir dir;
  std::vector<PostDoc> docs = {
      post_of("full.txt",
              "Full name post\n\nThe Centre for Local Economic "
              "Strategies published "
              "a report on procurement.\n"),
      post_of("acronym.txt", "Acronym post\n\nCLES said the councils should buy locally.\n"),
      post_of("learnt.txt",
              "Learnt post\n\nThe Pennine Credit Advice Network (PCAN) met in "
              "Halifax.\n"),
      post_of("learnt-acronym.txt", "Learnt acronym post\n\nPCAN volunteers answered calls.\n"),
      post_of("unrelated.txt", "Unrelated post\n\nLocal strategies for economic growth.\n"),
  };
  Gazetteer gazetteer;
  gazetteer.add_org({"Centre for Local Economic Strategies", {"CLES"}});
  AcronymTable learnt;
  {
    auto writer = IndexWriter::open(dir / "index");
    REQUIRE(writer);
    for (auto& doc : docs) {
      attribute(doc, gazetteer, learnt);
      REQUIRE(writer->put(doc));
    }
    REQUIRE(writer->add_synonyms(synonym_pairs(gazetteer, learnt)));
    REQUIRE(writer->commit());
  }
  auto searcher = query::Searcher::open(dir / "index");
  REQUIRE(searcher);
  const std::set<std::string> cles = {"Full name post", "Acronym post"};
  const std::set<std::string> pcan = {"Learnt post", "Learnt acronym post"};
  auto [q, expected] = GENERATE_COPY(table<std::string, std::set<std::string>>({
      {"CLES", cles},
      {"cles", cles},
      {"Centre for Local Economic Strategies", cles},
      {"centre for local economic strategies", cles},
      {"CLES procurement", {"Full name post"}},
      {"PCAN", pcan},
      {"Pennine Credit Advice Network", pcan},
  }));
  CAPTURE(q);
  CHECK(found_posts(*searcher, q) == expected);
}
