// libFuzzer target: Searcher::search with arbitrary query text over a tiny index built once at
// start (in a temp dir under $TMPDIR, removed at exit). The query language must never fail on
// user text: a syntax error is retried as plain words, so the only allowed error is InvalidInput
// (e.g. text that is not UTF-8). Sort and grouping vary with the input, so each is exercised.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "indexer/index_writer.h"
#include "query/searcher.h"

namespace {

namespace fs = std::filesystem;
using namespace civic;

[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::abort();
}

fs::path g_dir;
std::unique_ptr<query::Searcher> g_searcher;

PostDoc post(const std::string& key, const std::string& date, const std::string& speaker,
             const std::string& org, const std::vector<std::string>& texts) {
  PostDoc doc;
  doc.post.id = post_id_for("fuzz-" + key, "fuzz:" + key);
  doc.post.title = "Fuzz day " + key;
  doc.post.date = date;
  doc.post.url = "https://fuzz.example.org/" + key + "/";
  doc.post.event = "Fuzz Conference " + key;
  for (const auto& text : texts) {
    Unit unit;
    unit.kind = UnitKind::Paragraph;
    unit.text = text;
    unit.speaker = speaker;
    unit.org = org;
    unit.talk = doc.post.id + "~1";
    unit.themes = {"volunteering", "local economies"};
    doc.units.push_back(unit);
  }
  finalise_post(doc);
  return doc;
}

void remove_index() {
  g_searcher.reset();
  std::error_code ignored;
  if (!g_dir.empty()) fs::remove_all(g_dir, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string dir_template = (fs::temp_directory_path() / "civic-fuzz-XXXXXX").string();
  if (!mkdtemp(dir_template.data())) broken("cannot make a temp dir");
  g_dir = dir_template;
  std::atexit(remove_index);
  auto writer = indexer::IndexWriter::open(g_dir / "index");
  if (!writer) broken(writer.error().message);
  for (const auto& doc : {post("a", "2010-11-01", "Sarah Longlands", "CLES",
                               {"Local economies need \"anchor institutions\" — said Sarah.",
                                "Volunteering rose in rural parishes after small grants.",
                                "Café naïve résumé ﬁnance"}),
                          post("b", "2012-03-05", "Tom Vell", "Vell Partners",
                               {"The Big Society is not free to organise.",
                                "Co-operatives and mutuals, NEAR councils.",
                                "Dept. of Communities & Local Government"})}) {
    if (auto put = writer->put(doc); !put) broken(put.error().message);
  }
  if (auto commit = writer->commit(); !commit) broken(commit.error().message);
  auto searcher = query::Searcher::open(g_dir / "index");
  if (!searcher) broken(searcher.error().message);
  g_searcher = std::make_unique<query::Searcher>(std::move(searcher).value());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  query::SearchRequest request;
  request.q.assign(reinterpret_cast<const char*>(data), size);
  unsigned mix = 0;
  for (std::size_t i = 0; i < size; ++i) mix = mix * 31 + data[i];
  request.sort = static_cast<query::Sort>(mix % 3);
  request.group = static_cast<query::Group>((mix / 3) % 3);
  if ((mix / 9) % 4 == 0) request.filters["speaker"] = {"Sarah Longlands"};

  auto response = g_searcher->search(request);
  if (!response && response.error().code != civic::ErrorCode::InvalidInput) {
    broken("search failed with a code other than InvalidInput: " + response.error().message);
  }
  if (response && response->hits.size() > static_cast<std::size_t>(request.per_page)) {
    broken("more hits than per_page");
  }
  return 0;
}
