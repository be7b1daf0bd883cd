// Attribution on the labelled live-blog development set (../shared/eval/liveblogs-dev): every
// post is read and attributed as `civicsearch index` would, with the project's gazetteer and
// with an empty one, and scored against the hand labels by the set's own rules (SOURCE.md):
// speaker accuracy over scored units, precision and recall of non-empty speakers, organisation
// right where the speaker is right. Post dates and events are checked against posts.json.
// The figures are printed per file; the thresholds are the targets.
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "indexer/attribution.h"
#include "indexer/attribution/lexicon.h"
#include "indexer/reader.h"
#include "tests/support.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

fs::path dev_dir() { return civic::testing::shared_dir() / "eval" / "liveblogs-dev"; }

// The set's comparison form: case folded, curly quotes and dashes made plain, "&" as "and",
// every other non-alphanumeric character a space, spaces collapsed.
std::string norm(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\xE2\x80\x99", "'"}, {"\xE2\x80\x98", "'"}, {"\xE2\x80\x9C", "\""},
           {"\xE2\x80\x9D", "\""}, {"\xE2\x80\x93", "-"}, {"\xE2\x80\x94", "-"}, {"&", "and"}}) {
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
  }
  std::string out;
  bool space = true;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      out += static_cast<char>(std::tolower(c));
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(norm(s));
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool same_person(const std::string& got, const std::string& want) {
  if (got.empty() || want.empty()) return got.empty() && want.empty();
  const auto p = words(got), g = words(want);
  return p == g || (p.size() >= 2 && p.front() == g.front() && p.back() == g.back());
}

std::string initials(const std::string& s) {
  std::string out;
  for (const auto& w : words(s)) {
    if (w != "of" && w != "for" && w != "and" && w != "the") out += w[0];
  }
  return out;
}

bool same_org(const std::string& got, const json& gold) {
  const std::string want = gold.value("org", json()).is_string() ? gold["org"].get<std::string>() : "";
  if (got.empty() || want.empty()) return got.empty() && want.empty();
  std::set<std::string> forms = {norm(want)};
  if (gold.contains("org_alt")) {
    for (const auto& a : gold["org_alt"]) forms.insert(norm(a.get<std::string>()));
  }
  std::string p = norm(got), squeezed;
  for (char c : p) {
    if (c != ' ') squeezed += c;
  }
  for (const auto& f : forms) {
    if (p == f || squeezed == initials(f)) return true;
  }
  return false;
}

struct Score {
  int n = 0, ok = 0, tp = 0, fp = 0, fn = 0, org = 0, orgn = 0;
  double accuracy() const { return n ? double(ok) / n : 0; }
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
  double org_accuracy() const { return orgn ? double(org) / orgn : 0; }
  void add(const Score& o) {
    n += o.n, ok += o.ok, tp += o.tp, fp += o.fp, fn += o.fn, org += o.org, orgn += o.orgn;
  }
};

civic::PostDoc attributed(const fs::path& file, const civic::indexer::Gazetteer& g) {
  auto read = civic::indexer::read_file(file, {file.string(), file.string()});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  civic::PostDoc doc = read->posts.front();
  civic::indexer::AcronymTable learnt;
  civic::indexer::attribute(doc, g, learnt);
  return doc;
}

Score score_file(const fs::path& gold_file, const civic::indexer::Gazetteer& g) {
  std::vector<json> gold;
  std::ifstream in(gold_file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) gold.push_back(json::parse(line));
  }
  REQUIRE(!gold.empty());
  const civic::PostDoc doc = attributed(dev_dir() / gold.front()["file"].get<std::string>(), g);
  std::map<std::string, const civic::Unit*> by_text;
  for (const auto& u : doc.units) by_text.emplace(norm(u.text).substr(0, 60), &u);
  Score s;
  for (const auto& label : gold) {
    if (!label["scored"].get<bool>()) continue;
    const std::string key = norm(label["text"].get<std::string>());
    const civic::Unit* unit = nullptr;
    if (auto it = by_text.find(key.substr(0, 60)); it != by_text.end()) unit = it->second;
    for (const auto& u : doc.units) {
      if (!unit && norm(u.text).find(key.substr(0, 40)) != std::string::npos) unit = &u;
    }
    const std::string got = unit ? unit->speaker : "";
    const std::string want = label["speaker"].is_string() ? label["speaker"].get<std::string>() : "";
    const bool good = same_person(got, want);
    ++s.n;
    s.ok += good;
    if (!got.empty() && !want.empty() && good) {
      ++s.tp;
      ++s.orgn;
      s.org += same_org(unit ? unit->org : "", label);
    } else {
      s.fp += !got.empty();
      s.fn += !want.empty();
    }
  }
  return s;
}

Score score_all(const civic::indexer::Gazetteer& g, const std::string& what) {
  Score total;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dev_dir())) {
    if (e.path().string().ends_with(".gold.jsonl")) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 8);
  for (const auto& f : files) {
    const Score s = score_file(f, g);
    std::cout << what << "  " << f.filename().string() << ": speaker " << s.ok << "/" << s.n << "\n";
    total.add(s);
  }
  std::cout << what << " total: speaker accuracy " << total.accuracy() << " (" << total.ok << "/"
            << total.n << "), precision " << total.precision() << ", recall " << total.recall()
            << ", organisation right when speaker right " << total.org_accuracy() << "\n";
  return total;
}

const civic::indexer::Gazetteer& project_gazetteer() {
  static const civic::indexer::Gazetteer g = [] {
    auto loaded =
        civic::indexer::Gazetteer::load(civic::testing::source_dir() / "data" / "gazetteer.yaml");
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  return g;
}

}  // namespace

TEST_CASE("the person-name model has its data", "[indexer][attribution][liveblogs]") {
  const auto& lex = civic::indexer::attribution::Lexicon::standard();
  INFO("missing: " << lex.missing());
  REQUIRE(lex.has_given_names());
  REQUIRE(lex.has_words());
  CHECK(lex.given_name_births("mary") > 1000000);
  CHECK(lex.is_common_word("camp"));
  CHECK_FALSE(lex.is_common_word("mary"));
}

TEST_CASE("live-blog dev set: speakers and organisations with the project's gazetteer",
          "[indexer][attribution][liveblogs]") {
  const Score s = score_all(project_gazetteer(), "gazetteer");
  CHECK(s.n >= 100);
  CHECK(s.accuracy() >= 0.92);
  CHECK(s.precision() >= 0.95);
  CHECK(s.recall() >= 0.85);
  CHECK(s.org_accuracy() >= 0.85);
}

TEST_CASE("live-blog dev set: speakers with an empty gazetteer",
          "[indexer][attribution][liveblogs]") {
  const civic::indexer::Gazetteer empty;
  const Score s = score_all(empty, "no gazetteer");
  CHECK(s.accuracy() >= 0.88);
  CHECK(s.precision() >= 0.90);
}

TEST_CASE("live-blog dev set: post dates, events and bylines from the text",
          "[indexer][attribution][liveblogs]") {
  std::ifstream in(dev_dir() / "posts.json");
  REQUIRE(in);
  const json posts = json::parse(in);
  int dated = 0, evented = 0, total = 0;
  static const std::set<std::string> kStop = {"the", "of", "and", "a", "on", "in", "at", "with",
                                              "for", "to", "what", "do", "should", "n", "t"};
  for (const auto& [file, label] : posts.items()) {
    if (file.starts_with("_")) continue;
    ++total;
    const civic::PostDoc doc = attributed(dev_dir() / file, project_gazetteer());
    const auto& dates = label["dates"];
    const bool date_ok = std::any_of(dates.begin(), dates.end(),
                                     [&](const json& d) { return d.get<std::string>() == doc.post.date; });
    dated += date_ok;
    // The event by its distinctive words: most of ours are the label's.
    std::set<std::string> want;
    for (const auto& w : words(label["event"].get<std::string>())) {
      if (!kStop.count(w)) want.insert(w);
    }
    int ours = 0, shared = 0;
    for (const auto& w : words(doc.post.event)) {
      if (kStop.count(w)) continue;
      ++ours;
      shared += want.count(w) ? 1 : 0;
    }
    const bool event_ok = ours > 0 && shared >= 2 && shared * 2 >= ours;
    evented += event_ok;
    std::cout << file << ": date " << doc.post.date << (date_ok ? " ok" : " WRONG") << ", event '"
              << doc.post.event << "'" << (event_ok ? " ok" : " WRONG") << ", author '"
              << doc.post.author << "'\n";
    // A byline's author is the post's author, never the speaker of the byline.
    if (label["author"].is_string()) {
      CHECK(same_person(doc.post.author, label["author"].get<std::string>()));
    }
    for (const auto& u : doc.units) {
      if (!doc.post.author.empty() && u.text.find(doc.post.author) != std::string::npos &&
          u.text.size() < 60) {
        CHECK(u.speaker.empty());
      }
    }
  }
  CHECK(total == 8);
  CHECK(dated == total);
  CHECK(evented >= 7);
}
