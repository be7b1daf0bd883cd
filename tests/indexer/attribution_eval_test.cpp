// Speaker sets per Congressional Record granule against the MODS-derived ground truth
// (../shared/corpus/us-congressional-record/ground_truth). Surnames compared case-insensitively;
// presiding officers are roles, not members, and are left out.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "indexer/attribution.h"
#include "indexer/reader.h"
#include "tests/support.h"

namespace {

// "Mr. KENNEDY of Massachusetts", "Mr. Kennedy", "Joseph R. Biden Jr." → "kennedy", "biden".
std::string surname(std::string name) {
  for (const char* title : {"Mr. ", "Mrs. ", "Ms. ", "Miss ", "Dr. "}) {
    if (name.rfind(title, 0) == 0) name.erase(0, std::string(title).size());
  }
  if (auto of = name.find(" of "); of != std::string::npos) name.erase(of);
  std::vector<std::string> words;
  std::istringstream in(name);
  for (std::string w; in >> w;) words.push_back(w);
  static const std::set<std::string> kSuffixes = {"Jr.", "Sr.", "II", "III", "IV"};
  while (words.size() > 1 && kSuffixes.count(words.back())) words.pop_back();
  std::string last = words.empty() ? "" : words.back();
  for (char& c : last) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return last;
}

// A word of two or more capitals and no lower-case letter ("HOLLINGS"), other than a roman
// numeral: the Record's printed capitals, which a speaker value must never keep.
bool has_capitals_word(const std::string& name) {
  std::istringstream in(name);
  for (std::string w; in >> w;) {
    int upper = 0, lower = 0;
    for (char c : w) {
      upper += std::isupper(static_cast<unsigned char>(c)) ? 1 : 0;
      lower += std::islower(static_cast<unsigned char>(c)) ? 1 : 0;
    }
    if (upper >= 2 && lower == 0 && w != "II" && w != "III" && w != "IV") return true;
  }
  return false;
}

struct RecordScore {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn); }
  void add(const RecordScore& o) {
    tp += o.tp;
    fp += o.fp;
    fn += o.fn;
  }
  std::string str() const {
    std::ostringstream out;
    out << "precision " << precision() << ", recall " << recall() << " (" << tp << " correct, "
        << fp << " extra, " << fn << " missed)";
    return out.str();
  }
};

struct RecordDay {
  std::string name;
  std::filesystem::path folder;
  bool held_out;  // the marker rules were not tuned on this day (see the test's comment)
};

struct GranuleTruth {
  std::set<std::string> surnames;
  std::map<std::string, std::string> full_name;  // surname → MODS full name
};

std::map<std::string, GranuleTruth> record_truth(const std::filesystem::path& tsv_file) {
  std::ifstream tsv(tsv_file);
  REQUIRE(tsv);
  std::map<std::string, GranuleTruth> truth;
  std::string line;
  std::getline(tsv, line);  // header
  while (std::getline(tsv, line)) {
    std::vector<std::string> cols;
    std::stringstream in(line);
    for (std::string col; std::getline(in, col, '\t');) cols.push_back(col);
    if (cols.size() < 2) continue;
    auto& granule = truth[cols[1]];
    if (cols.size() > 8 && !cols[7].empty()) {
      granule.surnames.insert(surname(cols[7]));
      granule.full_name[surname(cols[7])] = cols[8];
    }
  }
  return truth;
}

}  // namespace

// Each day is scored twice: as indexed (the day's mods.xml beside the granules resolves each
// printed name to the member's MODS full name) and with the same bytes read from a folder with
// no MODS (printed forms in normal case, "Mr. Hollings"). Before #13 point 6 the figures were
// (with MODS in place, names left as printed): 1997-01-28 precision 0.984, recall 0.984;
// 2005-05-20 precision 1, recall 0.96; both 0.991 / 0.973.
//
// Held out: the turn-marker and name rules of that work were developed on CREC-1997-01-28's
// misses only. CREC-2005-05-20 was scored once they were done (recall 0.96, unchanged: the rules
// found nothing it missed) and only then looked at: its four misses are the sponsors of bills
// in an "INTRODUCTION OF BILLS" listing ("By Mr. SALAZAR:"), which its MODS counts as speaking
// and 1997's MODS does not (making them speakers would add 27 wrong speakers on 1997); they
// became mentions, which changes no speaker set. No other rule changed after that look, so the
// figure with MODS is still a held-out one; the figure without MODS is not: it showed unresolved
// bylines keeping the comma of "John Conyers, Jr.", now dropped. (Seen of 2005 before: its list
// of printed names and the layout of one Extension of Remarks, not its misses. The code before
// that work was written with both days in view.)
TEST_CASE("Congressional Record speakers match the ground truth", "[indexer][attribution][eval]") {
  const auto base = civic::testing::corpus_dir() / "us-congressional-record";
  const std::vector<RecordDay> days = {
      {"CREC-1997-01-28", base / "tests/test_files/CREC-1997-01-28", false},
      {"CREC-2005-05-20", base / "output/2005/CREC-2005-05-20", true}};
  civic::indexer::Gazetteer gazetteer;
  civic::indexer::AcronymTable learnt, learnt_printed;
  RecordScore all, all_printed, held_out;
  std::size_t full_names = 0, not_full_names = 0, capitals = 0, printed_capitals = 0;
  std::size_t rosters = 0;  // granules that got members from their MODS
  std::vector<std::string> samples;
  for (const auto& day : days) {
    const auto truth = record_truth(base / "ground_truth" / (day.name + "_granule_speakers.tsv"));
    RecordScore with_mods, printed;
    for (const auto& [file, expected] : truth) {
      const auto path = day.folder / file;
      // The same granule where no MODS is: a folder that does not exist.
      const auto elsewhere = std::filesystem::path("/nonexistent") / day.name / file;
      for (const bool mods : {true, false}) {
        auto read = mods ? civic::indexer::read_file(path, {path.string(), path.string()})
                         : civic::indexer::read_bytes(civic::indexer::Format::Html,
                                                      civic::testing::slurp(path),
                                                      {elsewhere.string(), elsewhere.string()});
        std::map<std::string, std::string> got;  // surname → speaker
        if (read) {
          CHECK(read->warnings.empty());
          for (auto& doc : read->posts) {
            if (!mods) CHECK(doc.post.roster.empty());
            rosters += doc.post.roster.empty() ? 0 : 1;
            civic::indexer::attribute(doc, gazetteer, mods ? learnt : learnt_printed);
            for (const auto& unit : doc.units) {
              if (unit.speaker.empty() || unit.speaker.rfind("The ", 0) == 0) continue;
              got.emplace(surname(unit.speaker), unit.speaker);
              (mods ? capitals : printed_capitals) += has_capitals_word(unit.speaker) ? 1 : 0;
            }
          }
        }
        RecordScore& score = mods ? with_mods : printed;
        for (const auto& [s, speaker] : got) {
          if (!expected.surnames.count(s)) {
            ++score.fp;
            continue;
          }
          ++score.tp;
          if (!mods) continue;
          // Resolved through the MODS: the member's full name exactly.
          const std::string& full = expected.full_name.at(s);
          if (speaker == full) {
            ++full_names;
            if ((samples.size() < 4 || s == "hollings") &&
                std::find(samples.begin(), samples.end(), speaker) == samples.end()) {
              samples.push_back(speaker);
            }
          } else {
            ++not_full_names;
            UNSCOPED_INFO(day.name << " " << file << ": '" << speaker << "', MODS '" << full
                                   << "'");
          }
        }
        for (const auto& s : expected.surnames) score.fn += got.count(s) ? 0 : 1;
      }
    }
    std::cout << "Congressional Record " << day.name
              << (day.held_out ? " (held out: rules not tuned on it)" : " (rules tuned on it)")
              << ": " << with_mods.str() << "; without its MODS: " << printed.str() << "\n";
    all.add(with_mods);
    all_printed.add(printed);
    if (day.held_out) held_out.add(with_mods);
  }
  std::cout << "Congressional Record speakers: " << all.str() << "\n"
            << "Congressional Record speakers without MODS: " << all_printed.str() << "\n"
            << "Congressional Record held-out recall: " << held_out.recall() << "\n"
            << "Congressional Record: " << full_names << " of " << full_names + not_full_names
            << " matched speakers are the MODS full name, e.g.";
  for (const auto& s : samples) std::cout << " '" << s << "'";
  std::cout << "\n";
  CHECK(all.precision() >= 0.95);
  CHECK(all.recall() > 0.973);  // today's: 216 of 222
  CHECK(held_out.recall() >= 0.96);
  CHECK(all_printed.precision() >= 0.95);
  CHECK(all_printed.recall() >= 0.97);
  // Names resolve to the MODS full name where the MODS is present, and are never capitals.
  CHECK(not_full_names == 0);
  CHECK(full_names >= 200);
  CHECK(std::find(samples.begin(), samples.end(), "Ernest F. Hollings") != samples.end());
  CHECK(capitals == 0);
  CHECK(printed_capitals == 0);
  CHECK(rosters >= 180);  // of 199 granules; a chamber with no speaker that day has none
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
    // The person of a printed label, as the facet shows them: "Name (Constituency) (Party)" is
    // Name, "The Cabinet Secretary for X (Name)" is Name holding that office, and an office
    // alone ("Mr. Speaker", "The Presiding Officer") is a role with nobody named.
    std::string name = cols[5], office = cols[6];
    static const std::regex kOfficeOnly(
        R"(^(?:(?:Mr|Madam)\.? (?:Deputy )?Speaker|The (?:Deputy )?(?:Presiding Officer|Speaker|Chairman|First Minister|Deputy First Minister|Lord Speaker|Deputy Speaker|Deputy Chairman of Committees))$)");
    while (name.size() > 2 && name.back() == ')' && name.rfind(" (") != std::string::npos) {
      const auto open = name.rfind(" (");
      const std::string inner = name.substr(open + 2, name.size() - open - 3);
      if (name.rfind("The ", 0) == 0 && inner.find(' ') != std::string::npos) {
        if (office.empty()) office = name.substr(0, open);
        name = inner;
        break;
      }
      name.erase(open);
    }
    if (std::regex_match(name, kOfficeOnly)) continue;
    const std::string who = civic::indexer::person_key(name);
    speakers[cols[0]].insert(who);
    if (!office.empty()) offices[cols[0]].insert(who + "|" + civic::indexer::org_key(office));
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
        if (!unit.role.empty()) got_offices.insert(who + "|" + civic::indexer::org_key(unit.role));
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
  office_score.print("UK Hansard 2009 per-file speaker offices (role; the department as organisation)");
  std::cout << "UK Hansard 2009: " << same_as_latest << " of " << names
            << " speaker names equal the gazetteer's latest name of the person\n";
  CHECK(speaker_score.precision() >= 0.95);
  CHECK(speaker_score.recall() >= 0.95);
  CHECK(office_score.precision() >= 0.95);
  CHECK(office_score.recall() >= 0.95);
}

namespace {

// A US agency is one organisation with or without its "U.S." qualifier (the issue's rule for
// facet values), so the profile's "U.S. General Services Administration" and a facet's
// "General Services Administration" compare equal.
// A profile's agency as a comparison key. The profiles write it with stray spaces, "U.S" without
// its last full stop and the qualifying prefixes issue #13 drops ("White House Office of …" =
// "Office of …").
std::string agency_key(std::string name) {
  while (!name.empty() && name.front() == ' ') name.erase(0, 1);
  for (const char* prefix : {"U.S. ", "U.S ", "US ", "United States ", "White House "}) {
    const std::string p = prefix;
    if (name.rfind(p, 0) == 0) name.erase(0, p.size());
  }
  return civic::indexer::org_key(name);
}

// Some profiles' agencies are cut short ("Department of Defense, Defense Health Agency,
// National Capital"): a found agency that starts with the whole of such a key, word for word,
// is that agency.
std::string as_expected(const std::string& got, const std::set<std::string>& expected) {
  if (expected.count(got)) return got;
  for (const auto& e : expected) {
    if (std::count(e.begin(), e.end(), ' ') >= 3 && got.size() > e.size() &&
        got.compare(0, e.size(), e) == 0 && got[e.size()] == ' ') {
      return e;
    }
  }
  return got;
}

}  // namespace

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
        expected_agencies.insert(who + "|" + agency_key(it->second.agency));
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
          got_agencies.insert(who + "|" + agency_key(unit.org));
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
    std::set<std::string> got_as_expected;
    for (const auto& g : got_agencies) got_as_expected.insert(as_expected(g, expected_agencies));
    agency_score.add(got_as_expected, expected_agencies);
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
