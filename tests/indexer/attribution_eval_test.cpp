// Speaker sets per Congressional Record granule against the MODS-derived ground truth
// (../shared/corpus/us-congressional-record/ground_truth). Surnames compared case-insensitively;
// presiding officers are roles, not members, and are left out.
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "indexer/attribution.h"
#include "indexer/reader.h"
#include "tests/support.h"

namespace {

std::string surname(std::string name) {
  for (const char* title : {"Mr. ", "Mrs. ", "Ms. ", "Miss ", "Dr. "}) {
    if (name.rfind(title, 0) == 0) name.erase(0, std::string(title).size());
  }
  if (auto of = name.find(" of "); of != std::string::npos) name.erase(of);
  if (auto space = name.rfind(' '); space != std::string::npos) name.erase(0, space + 1);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

TEST_CASE("Congressional Record speakers match the ground truth", "[indexer][attribution][eval]") {
  const auto base = civic::testing::corpus_dir() / "us-congressional-record";
  const std::map<std::string, std::filesystem::path> days = {
      {"CREC-1997-01-28", base / "tests/test_files/CREC-1997-01-28"},
      {"CREC-2005-05-20", base / "output/2005/CREC-2005-05-20"}};
  civic::indexer::Gazetteer gazetteer;
  civic::indexer::AcronymTable learnt;
  std::size_t tp = 0, fp = 0, fn = 0;
  for (const auto& [day, folder] : days) {
    std::ifstream tsv(base / "ground_truth" / (day + "_granule_speakers.tsv"));
    REQUIRE(tsv);
    std::map<std::string, std::set<std::string>> truth;
    std::string line;
    std::getline(tsv, line);  // header
    while (std::getline(tsv, line)) {
      std::vector<std::string> cols;
      std::stringstream in(line);
      for (std::string col; std::getline(in, col, '\t');) cols.push_back(col);
      if (cols.size() < 2) continue;
      auto& set = truth[cols[1]];
      if (cols.size() > 7 && !cols[7].empty()) set.insert(surname(cols[7]));
    }
    for (const auto& [file, expected] : truth) {
      const auto path = folder / file;
      auto read = civic::indexer::read_file(path, {path.string(), path.string()});
      std::set<std::string> got;
      if (read) {
        for (auto& doc : read->posts) {
          civic::indexer::attribute(doc, gazetteer, learnt);
          for (const auto& unit : doc.units) {
            if (!unit.speaker.empty() && unit.speaker.rfind("The ", 0) != 0) {
              got.insert(surname(unit.speaker));
            }
          }
        }
      }
      for (const auto& s : got) (expected.count(s) ? tp : fp)++;
      for (const auto& s : expected) fn += got.count(s) ? 0 : 1;
    }
  }
  const double precision = static_cast<double>(tp) / static_cast<double>(tp + fp);
  const double recall = static_cast<double>(tp) / static_cast<double>(tp + fn);
  std::cout << "Congressional Record speakers: precision " << precision << ", recall " << recall
            << " (" << tp << " correct, " << fp << " extra, " << fn << " missed)\n";
  CHECK(precision >= 0.95);
  CHECK(recall >= 0.95);
}

namespace {

std::vector<std::string> tsv_columns(const std::string& line) {
  std::vector<std::string> cols;
  std::stringstream in(line);
  for (std::string col; std::getline(in, col, '\t');) cols.push_back(col);
  return cols;
}

double ratio(std::size_t a, std::size_t b) {
  return b == 0 ? 1.0 : static_cast<double>(a) / static_cast<double>(b);
}

struct Score {
  std::size_t tp = 0, fp = 0, fn = 0;
  template <class Set>
  void add(const Set& got, const Set& expected) {
    for (const auto& s : got) (expected.count(s) ? tp : fp)++;
    for (const auto& s : expected) fn += got.count(s) ? 0 : 1;
  }
  double precision() const { return ratio(tp, tp + fp); }
  double recall() const { return ratio(tp, tp + fn); }
  void print(const std::string& what) const {
    std::cout << what << ": precision " << precision() << ", recall " << recall() << " (" << tp
              << " correct, " << fp << " extra, " << fn << " missed)\n";
  }
};

const civic::indexer::Gazetteer& project_gazetteer() {
  static const civic::indexer::Gazetteer g = [] {
    auto loaded =
        civic::indexer::Gazetteer::load(civic::testing::source_dir() / "data" / "gazetteer.yaml");
    REQUIRE(loaded);
    return std::move(*loaded);
  }();
  return g;
}

// A YAML scalar as written on one line, without quotes or a trailing comment.
std::string scalar(std::string value) {
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// The front matter of a Hugo file as top-level keys → scalar or list items. Hand-read, on purpose
// without our reader: the truth must not depend on the code it checks.
std::map<std::string, std::vector<std::string>> hugo_front_matter(
    const std::filesystem::path& file) {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream in(file);
  std::string line, key;
  bool started = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("---", 0) == 0) {
      if (started) break;
      started = true;
      continue;
    }
    if (!started || line.empty() || line[0] == '#') continue;
    if (line[0] != ' ' && line[0] != '-' && line.find(':') != std::string::npos) {
      key = line.substr(0, line.find(':'));
      const std::string value = scalar(line.substr(line.find(':') + 1));
      out[key];
      if (!value.empty()) out[key].push_back(value);
    } else if (auto dash = line.find("- ");
               dash != std::string::npos && !key.empty() && line.find_first_not_of(' ') == dash) {
      out[key].push_back(scalar(line.substr(dash + 2)));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("UK Hansard speakers and offices match the ground truth",
          "[indexer][attribution][eval]") {
  const auto base = civic::testing::corpus_dir() / "uk-hansard-2009";
  std::ifstream tsv(base / "ground_truth" / "speech_speakers.tsv");
  REQUIRE(tsv);
  // file → speakers (person_key of the name in the text), and speaker|office pairs.
  std::map<std::string, std::set<std::string>> speakers, offices;
  std::map<std::string, std::string> latest_by_name;
  std::string line;
  std::getline(tsv, line);
  while (std::getline(tsv, line)) {
    const auto cols = tsv_columns(line);
    if (cols.size() < 9 || cols[5].empty() || cols[7] == "unknown") continue;
    const std::string who = civic::indexer::person_key(cols[5]);
    speakers[cols[0]].insert(who);
    if (!cols[6].empty()) offices[cols[0]].insert(who + "|" + civic::indexer::org_key(cols[6]));
    latest_by_name[who] = civic::indexer::person_key(cols[8]);
  }
  REQUIRE(speakers.size() >= 30);
  civic::indexer::AcronymTable learnt;
  Score speaker_score, office_score;
  std::size_t names = 0, same_as_latest = 0;
  for (const auto& [file, expected] : speakers) {
    const auto path = base / file;
    auto read = civic::indexer::read_file(path, {path.string(), path.string()});
    REQUIRE(read);
    std::set<std::string> got, got_offices;
    for (auto& doc : read->posts) {
      civic::indexer::attribute(doc, project_gazetteer(), learnt);
      for (const auto& unit : doc.units) {
        if (unit.speaker.empty()) continue;
        const std::string who = civic::indexer::person_key(unit.speaker);
        got.insert(who);
        if (!unit.org.empty()) got_offices.insert(who + "|" + civic::indexer::org_key(unit.org));
      }
    }
    speaker_score.add(got, expected);
    office_score.add(got_offices, offices[file]);
    for (const auto& who : got) {
      if (auto it = latest_by_name.find(who); it != latest_by_name.end()) {
        ++names;
        same_as_latest += it->second == who ? 1 : 0;
      }
    }
  }
  speaker_score.print("UK Hansard 2009 per-file speakers");
  office_score.print("UK Hansard 2009 per-file speaker offices (organisation facet)");
  std::cout << "UK Hansard 2009: " << same_as_latest << " of " << names
            << " speaker names equal the gazetteer's latest name of the person\n";
  CHECK(speaker_score.precision() >= 0.95);
  CHECK(speaker_score.recall() >= 0.95);
  CHECK(office_score.precision() >= 0.95);
  CHECK(office_score.recall() >= 0.95);
}

TEST_CASE("digital.gov event speakers and agencies match their author profiles",
          "[indexer][attribution][eval]") {
  const auto content = civic::testing::corpus_dir() / "digitalgov" / "content";
  // The truth, from the YAML files directly: event `authors` slugs → profile display names and
  // agencies.
  struct Profile {
    std::string name, agency;
  };
  std::map<std::string, Profile> profiles;
  for (const auto& entry : std::filesystem::directory_iterator(content / "authors")) {
    const auto file = entry.path() / "_index.md";
    if (!std::filesystem::exists(file)) continue;
    auto meta = hugo_front_matter(file);
    if (meta["display_name"].empty()) continue;
    profiles[entry.path().filename().string()] = {
        meta["display_name"].front(),
        meta["agency_full_name"].empty() ? "" : meta["agency_full_name"].front()};
  }
  REQUIRE(profiles.size() > 900);

  civic::indexer::Gazetteer gazetteer = project_gazetteer();
  std::vector<civic::Error> problems;
  CHECK(civic::indexer::add_author_profiles(content / "authors", gazetteer, problems) > 900);
  CHECK(problems.empty());
  civic::indexer::AcronymTable learnt;
  Score speaker_score, agency_score, named_score;
  std::size_t events = 0, inferred_without_truth = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(content / "events")) {
    if (entry.path().extension() != ".md" || entry.path().filename() == "_index.md") continue;
    auto meta = hugo_front_matter(entry.path());
    std::set<std::string> expected, expected_agencies;
    for (const auto& slug : meta["authors"]) {
      auto it = profiles.find(slug);
      if (it == profiles.end()) continue;
      const std::string who = civic::indexer::person_key(it->second.name);
      expected.insert(who);
      if (!it->second.agency.empty()) {
        expected_agencies.insert(who + "|" + civic::indexer::org_key(it->second.agency));
      }
    }
    auto read =
        civic::indexer::read_file(entry.path(), {entry.path().string(), entry.path().string()});
    REQUIRE(read);
    std::set<std::string> got, got_agencies;
    std::string body;
    for (auto& doc : read->posts) {
      civic::indexer::attribute(doc, gazetteer, learnt);
      for (const auto& unit : doc.units) {
        if (unit.kind != civic::UnitKind::Title) body += unit.text + "\n";
        if (unit.speaker.empty()) continue;
        const std::string who = civic::indexer::person_key(unit.speaker);
        got.insert(who);
        if (!unit.org.empty() && expected.count(who)) {
          got_agencies.insert(who + "|" + civic::indexer::org_key(unit.org));
        }
      }
    }
    if (meta["authors"].empty()) {
      // No truth for an event without `authors`: what inference finds there is counted apart.
      inferred_without_truth += got.size();
      continue;
    }
    ++events;
    std::set<std::string> named_in_page;  // expected speakers whose surname the page's text has
    for (const auto& slug : meta["authors"]) {
      auto it = profiles.find(slug);
      if (it == profiles.end()) continue;
      const std::string name = civic::indexer::strip_titles(it->second.name);
      const std::string last = name.substr(name.find_last_of(' ') + 1);
      if (last.size() > 2 && body.find(last) != std::string::npos) {
        named_in_page.insert(civic::indexer::person_key(name));
      }
    }
    std::set<std::string> got_named;
    for (const auto& who : got) {
      if (named_in_page.count(who)) got_named.insert(who);
    }
    named_score.add(got_named, named_in_page);
    speaker_score.add(got, expected);
    agency_score.add(got_agencies, expected_agencies);
  }
  REQUIRE(events > 250);
  speaker_score.print("digital.gov per-event speakers (" + std::to_string(events) +
                      " events with authors)");
  std::cout << "digital.gov: " << inferred_without_truth
            << " speakers inferred from the text of events without authors "
               "(not scored)\n";
  named_score.print("digital.gov per-event speakers, of those the page's text names");
  agency_score.print("digital.gov per-event speaker agencies");
  CHECK(speaker_score.precision() >= 0.95);
  CHECK(agency_score.precision() >= 0.95);
  // Speakers declared only in `authors` (a panel the text never names) get a "Name, Agency"
  // unit of their own, so every declared speaker reaches the facets.
  CHECK(speaker_score.recall() >= 0.95);
  CHECK(named_score.recall() >= 0.95);
  CHECK(agency_score.recall() >= 0.95);
}
