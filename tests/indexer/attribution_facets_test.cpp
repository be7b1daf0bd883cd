// Facet values are canonical: over the whole shared corpus (read and attributed
// in place, without an index, to stay fast), no two speaker or organisation
// values differ only by case, punctuation (and, for people, spacing),
// "Dept."/"&", a leading "the", or acronym versus full name. The comparison
// keys here are written independently of the gazetteer's
// org_key()/person_key().
#include <catch2/catch.hpp>
#include <cctype>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "indexer/attribution.h"
#include "indexer/collect.h"
#include "indexer/reader.h"
#include "tests/support.h"

namespace {

std::vector<std::string> loose_words(const std::string& value) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < value.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (std::isalnum(c) || c >= 0x80) {
      cur += static_cast<char>(std::tolower(c));
    } else if (c == '&') {
      flush();
      words.push_back("and");
    } else if (c == '.' || c == '\'') {
      // "Dept." and "O'Brien" join.
    } else {
      flush();
    }
  }
  flush();
  return words;
}

// Case, punctuation, "Dept."/"Department", "&"/"and", "for"/"of" after a
// department and a leading "the" do not make another organisation.
std::string loose_org(const std::string& value) {
  auto words = loose_words(value);
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    if (i == 0 && w == "the") continue;
    if (w == "dept") w = "department";
    if (w == "for" && i > 0 && (words[i - 1] == "department" || words[i - 1] == "dept")) w = "of";
    out += w + ' ';
  }
  return out;
}

// Case, punctuation and spacing do not make another person. A title does ("Mr.
// BURNS", a senator, is not "Burns"; "Mr. Speaker" is an office).
std::string loose_person(const std::string& value) {
  std::string out;
  for (const auto& w : loose_words(value)) out += w;
  return out;
}

// The acronym a full name would have: initials of its words, small words
// skipped.
std::string initials(const std::string& value) {
  static const std::set<std::string> kSmall = {"of", "for", "and", "the", "on", "in", "to", "&"};
  std::string out;
  std::istringstream in(value);
  for (std::string w; in >> w;) {
    if (kSmall.count(w) || !std::isalpha(static_cast<unsigned char>(w[0]))) continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
  }
  return out;
}

bool is_acronym(const std::string& value) {
  if (value.size() < 2 || value.size() > 8) return false;
  int upper = 0;
  for (char c : value) {
    if (std::isupper(static_cast<unsigned char>(c)))
      ++upper;
    else if (!std::islower(static_cast<unsigned char>(c)))
      return false;
  }
  return upper >= 2 && std::isupper(static_cast<unsigned char>(value[0]));
}

}  // namespace

TEST_CASE("speaker and organisation facet values over the whole corpus are canonical",
          "[indexer][attribution][facets]") {
  using namespace civic::indexer;
  auto loaded = Gazetteer::load(civic::testing::source_dir() / "data" / "gazetteer.yaml");
  REQUIRE(loaded);
  Gazetteer gazetteer = std::move(*loaded);
  const std::vector<std::string> inputs = {
      civic::testing::corpus_dir().string(),
      (civic::testing::source_dir() / "data" / "archive").string()};
  std::vector<civic::Error> problems;
  for (const auto& dir : find_author_dirs(inputs)) add_author_profiles(dir, gazetteer, problems);
  auto files = collect_inputs(inputs, problems);
  REQUIRE(files.size() > 1000);
  AcronymTable learnt;
  std::set<std::string> speakers, orgs;
  for (const auto& file : files) {
    auto read = read_file(file.path, file.source);
    if (!read) continue;
    for (auto& doc : read->posts) {
      attribute(doc, gazetteer, learnt);
      for (const auto& unit : doc.units) {
        if (!unit.speaker.empty()) speakers.insert(unit.speaker);
        if (!unit.org.empty()) orgs.insert(unit.org);
      }
    }
  }
  std::cout << "facet values over the corpus: " << speakers.size() << " speakers, " << orgs.size()
            << " organisations\n";
  std::vector<std::string> clashes;
  std::map<std::string, std::string> by_key;
  for (const auto& s : speakers) {
    auto [it, fresh] = by_key.emplace("p:" + loose_person(s), s);
    if (!fresh) clashes.push_back("speaker '" + it->second + "' / '" + s + "'");
  }
  std::map<std::string, std::string> full_by_initials;
  for (const auto& o : orgs) {
    auto [it, fresh] = by_key.emplace("o:" + loose_org(o), o);
    if (!fresh) clashes.push_back("org '" + it->second + "' / '" + o + "'");
    if (!is_acronym(o)) full_by_initials.emplace(initials(o), o);
  }
  for (const auto& o : orgs) {
    if (!is_acronym(o)) continue;
    std::string upper;
    for (char c : o) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (auto it = full_by_initials.find(upper); it != full_by_initials.end()) {
      clashes.push_back("org acronym '" + o + "' / '" + it->second + "'");
    }
  }
  for (const auto& clash : clashes) UNSCOPED_INFO(clash);
  std::cout << clashes.size() << " facet values that are one value written two ways\n";
  CHECK(clashes.empty());
}
