// The one adapter for yaml-cpp, plus name keys and acronym learning.
#include "indexer/gazetteer.h"

#include "indexer/attribution/lexicon.h"
#include "indexer/attribution/names.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "indexer/front_matter.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> words;
  std::istringstream in(s);
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::string join_words(const std::vector<std::string>& words, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

const std::set<std::string>& title_words() {
  static const std::set<std::string> kTitles = {
      "dr",   "doctor", "cllr", "councillor", "mr",   "mrs",  "ms",      "miss",     "prof",
      "professor", "sir", "dame", "lord", "lady", "baroness", "rev", "reverend", "mayor", "hon"};
  return kTitles;
}

std::string error_at(const std::filesystem::path& path, const YAML::Mark& mark,
                     const std::string& why) {
  return path.string() + ":" + std::to_string(mark.line + 1) + ": " + why;
}

std::vector<std::string> string_list(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || !node.IsSequence()) return out;
  for (const auto& item : node) {
    if (item.IsScalar()) out.push_back(item.as<std::string>());
  }
  return out;
}

Result<YAML::Node> load_yaml(const std::filesystem::path& path) {
  try {
    return YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    return fail(ErrorCode::InvalidInput, path.string() + ": cannot read file");
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::InvalidInput, error_at(path, e.mark, e.msg));
  }
}

bool is_acronym_like(std::string_view s) {
  if (s.size() < 2 || s.size() > 10) return false;
  int upper = 0;
  for (char c : s) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      ++upper;
    } else if (!std::islower(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return upper >= 2 && std::isupper(static_cast<unsigned char>(s[0]));
}

}  // namespace

std::string org_key(std::string_view name) {
  auto words = split_words(text::name_key(name));
  if (!words.empty() && words[0] == "the") words.erase(words.begin());
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    if (w == "dept") w = "department";
    if (w == "centre") w = "center";
    if (w == "services") w = "service";  // "Digital Services" = "Digital Service"
    if (w == "for" && !kept.empty() && (kept.back() == "department" || kept.back() == "ministry")) {
      w = "of";
    }
    // "Department of the Interior" = "Department of Interior".
    if (w == "the" && !kept.empty() && (kept.back() == "of" || kept.back() == "for")) continue;
    kept.push_back(std::move(w));
  }
  // "Energy Department" = "Department of Energy".
  if (kept.size() >= 2 && kept.size() <= 3 && kept.back() == "department" &&
      std::find(kept.begin(), kept.end(), "of") == kept.end()) {
    kept.pop_back();
    kept.insert(kept.begin(), {"department", "of"});
  }
  return join_words(kept);
}

std::string strip_titles(std::string_view name) {
  auto words = split_words(std::string(name));
  std::size_t from = 0;
  while (from + 1 < words.size()) {
    std::string w = text::name_key(words[from]);
    if (!title_words().count(w)) break;
    ++from;
  }
  return join_words(words, from);
}

std::string person_key(std::string_view name) {
  std::string key = text::name_key(strip_titles(name));
  // "The Earl of Onslow" = "Earl of Onslow".
  if (key.rfind("the ", 0) == 0) key.erase(0, 4);
  return key;
}

Result<Gazetteer> Gazetteer::load(const std::filesystem::path& gazetteer_file) {
  auto root = load_yaml(gazetteer_file);
  if (!root) return Unexpected{root.error()};
  Gazetteer g;
  try {
    const YAML::Node& doc = *root;
    if (!doc.IsMap() && !doc.IsNull()) {
      return fail(ErrorCode::InvalidInput, error_at(gazetteer_file, doc.Mark(),
                                                    "expected a map with organisations and people"));
    }
    for (const auto& node : doc["organisations"]) {
      if (!node["name"] || !node["name"].IsScalar()) {
        return fail(ErrorCode::InvalidInput,
                    error_at(gazetteer_file, node.Mark(), "organisation has no name"));
      }
      g.add_org({node["name"].as<std::string>(), string_list(node["aliases"])});
    }
    for (const auto& node : doc["people"]) {
      if (!node["name"] || !node["name"].IsScalar()) {
        return fail(ErrorCode::InvalidInput,
                    error_at(gazetteer_file, node.Mark(), "person has no name"));
      }
      std::string org = node["org"] && node["org"].IsScalar() ? node["org"].as<std::string>() : "";
      if (!org.empty()) {
        if (auto canonical = g.find_org(org)) org = *canonical;
      }
      g.add_person({node["name"].as<std::string>(), string_list(node["aliases"]), org});
    }
    if (const YAML::Node never = doc["never"]; never && !never.IsNull()) {
      if (!never.IsSequence()) {
        return fail(ErrorCode::InvalidInput,
                    error_at(gazetteer_file, never.Mark(), "never: must be a list of names"));
      }
      for (const auto& node : never) {
        if (!node.IsScalar() || text::name_key(node.Scalar()).empty()) {
          return fail(ErrorCode::InvalidInput,
                      error_at(gazetteer_file, node.Mark(),
                               "never: entries must be names (text with a letter or digit)"));
        }
        g.add_never(node.Scalar());
      }
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::InvalidInput, error_at(gazetteer_file, e.mark, e.msg));
  }
  return g;
}

Status Gazetteer::load_themes(const std::filesystem::path& themes_file) {
  auto root = load_yaml(themes_file);
  if (!root) return Unexpected{root.error()};
  try {
    for (const auto& node : (*root)["themes"]) {
      if (!node["name"] || !node["name"].IsScalar()) {
        return fail(ErrorCode::InvalidInput, error_at(themes_file, node.Mark(), "theme has no name"));
      }
      add_theme({node["name"].as<std::string>(), string_list(node["terms"])});
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::InvalidInput, error_at(themes_file, e.mark, e.msg));
  }
  return {};
}

void Gazetteer::add_org(OrgEntry org) {
  const std::size_t index = orgs_.size();
  org_by_key_.emplace(org_key(org.name), index);
  for (const auto& alias : org.aliases) org_by_key_.emplace(org_key(alias), index);
  orgs_.push_back(std::move(org));
}

void Gazetteer::add_person(PersonEntry person) {
  const std::size_t index = people_.size();
  person_by_key_.emplace(person_key(person.name), index);
  for (const auto& alias : person.aliases) person_by_key_.emplace(person_key(alias), index);
  people_.push_back(std::move(person));
}

void Gazetteer::add_theme(Theme theme) { themes_.push_back(std::move(theme)); }

void Gazetteer::add_never(std::string_view name) {
  if (std::string key = text::name_key(name); !key.empty()) never_.insert(std::move(key));
}

bool Gazetteer::is_never(std::string_view name) const {
  if (never_.empty()) return false;  // the usual case: no normalising
  return never_.count(text::name_key(name)) > 0;
}

void Gazetteer::add_profile(const std::string& slug, PersonEntry person) {
  profiles_.emplace(slug, std::move(person));
}

const PersonEntry* Gazetteer::find_profile(std::string_view slug) const {
  auto it = profiles_.find(std::string(slug));
  return it == profiles_.end() ? nullptr : &it->second;
}

std::size_t add_author_profiles(const std::filesystem::path& authors_dir, Gazetteer& gazetteer,
                                std::vector<Error>& problems) {
  std::size_t added = 0;
  std::vector<std::filesystem::path> files;
  try {
    for (const auto& entry : std::filesystem::directory_iterator(authors_dir)) {
      const auto file = entry.path() / "_index.md";
      if (entry.is_directory() && std::filesystem::is_regular_file(file)) files.push_back(file);
    }
  } catch (const std::filesystem::filesystem_error& e) {
    problems.push_back({ErrorCode::InvalidInput, authors_dir.string() + ": " + e.code().message()});
    return 0;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const std::string content = bytes.str();
    const std::string path = file.string();
    auto split = split_front_matter(content, path);
    if (!split) {
      problems.push_back(split.error());
      continue;
    }
    if (!split->has_front_matter) continue;
    auto meta = parse_front_matter(split->yaml, split->yaml_line, path);
    if (!meta) {
      problems.push_back(meta.error());
      continue;
    }
    auto field = [&](const char* key) {
      auto it = meta->extra.find(key);
      return it == meta->extra.end() ? std::string() : text::collapse_whitespace(it->second);
    };
    std::string name = field("display_name");
    if (name.empty())
      name = text::collapse_whitespace(field("first_name") + " " + field("last_name"));
    if (name.empty()) continue;
    std::string org = field("agency_full_name");
    if (auto canonical = gazetteer.find_org(org)) org = *canonical;
    const std::string slug =
        meta->slug.empty() ? file.parent_path().filename().string() : meta->slug;
    gazetteer.add_profile(file.parent_path().filename().string(), {name, {}, org});
    if (slug != file.parent_path().filename().string())
      gazetteer.add_profile(slug, {name, {}, org});
    ++added;
  }
  return added;
}

std::vector<std::filesystem::path> find_author_dirs(const std::vector<std::string>& inputs) {
  std::set<std::filesystem::path> found;
  std::error_code ec;
  auto consider = [&](const std::filesystem::path& dir) {
    if (std::filesystem::is_directory(dir, ec)) found.insert(dir.lexically_normal());
  };
  for (const auto& input : inputs) {
    const std::filesystem::path path = std::filesystem::absolute(input, ec);
    if (ec) continue;
    if (std::filesystem::is_directory(path, ec)) {
      if (path.filename() == "authors") consider(path);
      std::filesystem::recursive_directory_iterator it(path, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        if (it->path().filename() == "authors" && it->is_directory(ec)) {
          consider(it->path());
          it.disable_recursion_pending();
        }
      }
      ec.clear();
    }
    std::filesystem::path up = path;
    for (int level = 0; level < 4 && up.has_parent_path() && up != up.parent_path(); ++level) {
      up = up.parent_path();
      consider(up / "authors");
    }
  }
  return {found.begin(), found.end()};
}

Result<std::optional<PostOverride>> load_override(const std::filesystem::path& post_file) {
  std::filesystem::path file = post_file;
  file += ".speakers.yaml";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::optional<PostOverride>();
  auto root = load_yaml(file);
  if (!root) return Unexpected{root.error()};
  PostOverride out;
  out.file = file;
  try {
    const YAML::Node& doc = *root;
    if (!doc.IsMap()) {
      return fail(ErrorCode::InvalidInput,
                  error_at(file, doc.Mark(), "expected a map with speakers and organisations"));
    }
    for (const auto& node : doc["speakers"]) {
      if (!node["name"] || !node["name"].IsScalar()) {
        return fail(ErrorCode::InvalidInput, error_at(file, node.Mark(), "speaker has no name"));
      }
      OverrideSpeaker sp;
      sp.name = node["name"].as<std::string>();
      if (node["org"] && node["org"].IsScalar()) sp.org = node["org"].as<std::string>();
      if (node["starts"] && node["starts"].IsScalar()) {
        const std::string starts = node["starts"].as<std::string>();
        if (!starts.empty() && std::all_of(starts.begin(), starts.end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c));
            })) {
          sp.starts_at = std::stoi(starts);
        } else {
          sp.starts = starts;
        }
      }
      out.speakers.push_back(std::move(sp));
    }
    if (doc["ends"] && doc["ends"].IsScalar()) {
      const std::string ends = doc["ends"].as<std::string>();
      if (!ends.empty() && std::all_of(ends.begin(), ends.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
          })) {
        out.ends_at = std::stoi(ends);
      } else {
        out.ends = ends;
      }
    }
    for (const auto& node : doc["organisations"]) {
      if (!node["name"] || !node["name"].IsScalar()) {
        return fail(ErrorCode::InvalidInput,
                    error_at(file, node.Mark(), "organisation has no name"));
      }
      out.organisations.push_back({node["name"].as<std::string>(), string_list(node["aliases"])});
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::InvalidInput, error_at(file, e.mark, e.msg));
  } catch (const std::out_of_range&) {
    return fail(ErrorCode::InvalidInput, file.string() + ": a unit position is too large");
  }
  return std::optional<PostOverride>(std::move(out));
}

std::optional<std::string> Gazetteer::find_org(std::string_view name) const {
  auto it = org_by_key_.find(org_key(name));
  if (it == org_by_key_.end()) return std::nullopt;
  return orgs_[it->second].name;
}

const PersonEntry* Gazetteer::find_person(std::string_view name) const {
  auto it = person_by_key_.find(person_key(name));
  return it == person_by_key_.end() ? nullptr : &people_[it->second];
}

void AcronymTable::learn(const std::string& acronym, const std::string& full_name) {
  full_by_acronym_.emplace(acronym, full_name);
  spelling(full_name);
}

std::optional<std::string> AcronymTable::expand(std::string_view acronym) const {
  auto it = full_by_acronym_.find(std::string(acronym));
  if (it == full_by_acronym_.end()) return std::nullopt;
  return it->second;
}

std::string AcronymTable::spelling(const std::string& name) {
  // Recorded as a facet value: no possessive, no qualifying prefix.
  const std::string clean = attribution::clean_org(name);
  if (clean.empty()) return clean;
  const std::string key = org_key(clean);
  if (auto it = spelling_by_key_.find(key); it != spelling_by_key_.end()) return it->second;
  // A name and the same name with its last "and …" part ("Centers for Disease Control" and
  // "… and Prevention") are one organisation, written the way it was first seen.
  auto short_words = [](std::string_view rest) {
    return std::count(rest.begin(), rest.end(), ' ') <= 1;  // one or two words
  };
  if (const auto cut = key.rfind(" and "); cut != std::string::npos && short_words(key.substr(cut + 5))) {
    if (auto it = spelling_by_key_.find(key.substr(0, cut)); it != spelling_by_key_.end()) {
      return it->second;
    }
  }
  const std::string longer = key + " and ";
  if (auto it = spelling_by_key_.lower_bound(longer);
      it != spelling_by_key_.end() && it->first.compare(0, longer.size(), longer) == 0 &&
      short_words(std::string_view(it->first).substr(longer.size()))) {
    return it->second;
  }
  return spelling_by_key_.emplace(key, clean).first->second;
}

std::string AcronymTable::person_spelling(const std::string& name) {
  std::string key = text::name_key(name);
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
  if (key.empty()) return name;
  return person_by_key_.emplace(key, name).first->second;
}

std::optional<std::string> AcronymTable::spelling_with_initials(std::string_view acronym) const {
  if (acronym.size() < 2 || acronym.size() > 8) return std::nullopt;
  std::string wanted;
  for (char c : acronym) wanted += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::optional<std::string> found;
  for (const auto& [key, spelling] : spelling_by_key_) {
    std::string initials;
    std::size_t words = 0;
    std::size_t i = 0;
    while (i < spelling.size()) {
      while (i < spelling.size() && spelling[i] == ' ') ++i;
      std::size_t j = spelling.find(' ', i);
      if (j == std::string::npos) j = spelling.size();
      const std::string word = spelling.substr(i, j - i);
      i = j;
      if (word.empty()) continue;
      ++words;
      if (word == "of" || word == "for" || word == "and" || word == "the" || word == "&") continue;
      initials += static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    }
    if (words >= 3 && initials == wanted) {
      if (found && *found != spelling) return std::nullopt;
      found = spelling;
    }
  }
  return found;
}

std::optional<std::string> AcronymTable::known_spelling(std::string_view name) const {
  auto it = spelling_by_key_.find(org_key(name));
  if (it == spelling_by_key_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<std::string, std::string>> AcronymTable::pairs() const {
  return {full_by_acronym_.begin(), full_by_acronym_.end()};
}

void learn_acronyms(std::string_view text, AcronymTable& table) {
  static const std::set<std::string> kSkippable = {"of", "for", "and", "the", "&", "on", "in", "to"};
  std::size_t pos = 0;
  while ((pos = text.find('(', pos)) != std::string_view::npos) {
    const std::size_t close = text.find(')', pos);
    if (close == std::string_view::npos) break;
    const std::string acronym(text.substr(pos + 1, close - pos - 1));
    const std::size_t open = pos;
    pos = close;
    if (!is_acronym_like(acronym)) continue;
    // Words before the parenthesis, matched backwards against the acronym's letters; small
    // words ("for", "and") may be skipped unless they supply a letter ("CfPS").
    auto words = split_words(std::string(text.substr(0, open)));
    std::string letters;
    for (char c : acronym) letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t need = letters.size();
    std::size_t i = words.size();
    while (need > 0 && i > 0) {
      std::string w = words[i - 1];
      while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back()))) w.pop_back();
      if (w.empty()) break;
      const char first = static_cast<char>(std::tolower(static_cast<unsigned char>(w[0])));
      if (first == letters[need - 1]) {
        --need;
        --i;
      } else if (kSkippable.count(text::name_key(w)) || w == "&") {
        --i;
      } else {
        break;
      }
    }
    if (need > 0 || i == words.size()) continue;
    if (!std::isupper(static_cast<unsigned char>(words[i][0]))) continue;
    // "Department for Business, Energy and Industrial Strategy (BEIS)": keep a leading
    // "Department for" that the acronym leaves out.
    if (i >= 2 && (words[i - 1] == "for" || words[i - 1] == "of") &&
        std::isupper(static_cast<unsigned char>(words[i - 2][0])) && words[i - 2].back() != ',' &&
        words[i - 2].back() != '.') {
      static const std::set<std::string> kHeads = {"Department", "Dept", "Ministry", "Office",
                                                   "Centre", "Council", "Institute"};
      if (kHeads.count(words[i - 2])) i -= 2;
    }
    std::string full = join_words(words, i);
    while (!full.empty() && (full.back() == ',' || full.back() == ' ')) full.pop_back();
    table.learn(acronym, full);
  }
}

std::string canonical_org(std::string_view name, const Gazetteer& gazetteer, AcronymTable& learnt) {
  std::string cleaned = text::collapse_whitespace(name);
  while (!cleaned.empty() && std::string_view(",.;:").find(cleaned.back()) != std::string_view::npos) {
    cleaned.pop_back();
  }
  if (cleaned.rfind("the ", 0) == 0) cleaned.erase(0, 4);
  // "Full Name (ACR)" written in one go.
  if (!cleaned.empty() && cleaned.back() == ')') {
    const auto open = cleaned.rfind(" (");
    if (open != std::string::npos) {
      learn_acronyms(cleaned, learnt);
      cleaned.erase(open);
    }
  }
  if (cleaned.empty()) return {};
  if (auto known = gazetteer.find_org(cleaned)) return *known;
  if (auto full = learnt.expand(cleaned)) {
    if (auto known = gazetteer.find_org(*full)) return *known;
    // "Application Programming Interface (API)" defines a term, not an organisation: the acronym
    // stays a search synonym and names no organisation here.
    if (!attribution::names_organisation(*full)) return {};
    return learnt.spelling(*full);
  }
  return learnt.spelling(cleaned);
}

std::vector<std::pair<std::string, std::string>> synonym_pairs(const Gazetteer& gazetteer,
                                                               const AcronymTable& learnt) {
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](const std::string& acronym, const std::string& full) {
    if (seen.insert({acronym, full}).second) out.emplace_back(acronym, full);
  };
  for (const auto& org : gazetteer.orgs()) {
    for (const auto& alias : org.aliases) {
      if (is_acronym_like(alias)) add(alias, org.name);
    }
  }
  for (const auto& [acronym, full] : learnt.pairs()) {
    auto known = gazetteer.find_org(full);
    add(acronym, known ? *known : full);
  }
  return out;
}

}  // namespace civic::indexer
