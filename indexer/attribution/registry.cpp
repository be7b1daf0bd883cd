#include "indexer/attribution/registry.h"

#include "indexer/gazetteer.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {
namespace {

std::vector<std::string> words_of(std::string_view key) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < key.size()) {
    const std::size_t j = key.find(' ', i);
    out.emplace_back(key.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

}  // namespace

std::string person_name_key(std::string_view name) { return person_key(name); }

Registry::Index Registry::add(std::string_view name, std::string_view honorific,
                              std::string_view org, std::string_view role) {
  if (auto existing = find_full(name)) {
    PersonRecord& p = people_[*existing];
    if (!p.declared) {
      if (p.org.empty() && !org.empty()) p.org = std::string(org);
      if (p.role.empty() && !role.empty()) p.role = std::string(role);
    }
    if (p.honorific.empty() && !honorific.empty()) p.honorific = std::string(honorific);
    // Keep the longer spelling of a name ("Anwen Mair Price" over "Anwen Price").
    if (name.size() > p.name.size()) p.name = text::collapse_whitespace(name);
    return *existing;
  }
  PersonRecord p;
  p.name = text::collapse_whitespace(name);
  p.honorific = std::string(honorific);
  p.org = std::string(org);
  p.role = std::string(role);
  const auto words = words_of(person_name_key(p.name));
  if (!words.empty()) {
    p.first = words.front();
    p.surname = words.back();
  }
  people_.push_back(std::move(p));
  return people_.size() - 1;
}

std::optional<Registry::Index> Registry::find_full(std::string_view name) const {
  const std::string key = person_name_key(name);
  if (key.empty()) return std::nullopt;
  const auto words = words_of(key);
  for (Index i = 0; i < people_.size(); ++i) {
    if (person_name_key(people_[i].name) == key) return i;
  }
  if (words.size() < 2) return std::nullopt;
  // "Anwen Price" = "Anwen Mair Price": same first and last words.
  for (Index i = 0; i < people_.size(); ++i) {
    const auto other = words_of(person_name_key(people_[i].name));
    if (other.size() >= 2 && other.front() == words.front() && other.back() == words.back()) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<Registry::Index> Registry::find_word(std::string_view word) const {
  const std::string key = person_name_key(word);
  if (key.size() < 2 || key.find(' ') != std::string::npos) return std::nullopt;
  std::optional<Index> found;
  for (Index i = 0; i < people_.size(); ++i) {
    const PersonRecord& p = people_[i];
    if (p.first == p.surname) continue;  // a one-word name refers to nobody else
    if (p.first == key || p.surname == key) {
      if (found) return std::nullopt;
      found = i;
    }
  }
  return found;
}

std::optional<Registry::Index> Registry::find_surname(std::string_view surname) const {
  const std::string key = person_name_key(surname);
  if (key.size() < 2) return std::nullopt;
  std::optional<Index> found;
  for (Index i = 0; i < people_.size(); ++i) {
    const PersonRecord& p = people_[i];
    if (p.surname == key && p.first != p.surname) {
      if (found) return std::nullopt;
      found = i;
    }
  }
  return found;
}

}  // namespace civic::indexer::attribution
