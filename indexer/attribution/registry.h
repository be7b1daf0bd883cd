// The people of one post, each at a stable index: declared by metadata, named in full by the
// text (speakers, people in lists and attendance lines, people merely mentioned), or the
// post's author. Later references resolve to them: a full name, a first name or a surname
// alone, a title and surname ("Dr Haddad"), each only when exactly one person fits.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civic::indexer::attribution {

struct PersonRecord {
  std::string name;       ///< canonical full name, titles dropped
  std::string honorific;  ///< as first written ("Dr"), or empty
  std::string org;        ///< organisation at this event, or empty
  std::string role;       ///< role at this event, or empty
  std::string first;      ///< first word of the name (a given name or an initial)
  std::string surname;    ///< last word of the name
  bool declared = false;  ///< from the post's metadata
  bool author = false;    ///< the post's byline
  bool spoke = false;     ///< has been a unit's speaker
  std::string talk;       ///< the talk id of their latest run of units
  std::string first_talk; ///< the talk id of their first run
  int intro_unit = 0;     ///< position of the unit that introduced them
};

class Registry {
 public:
  using Index = std::size_t;

  /// Adds a person by full name, or returns the one already there with the same key (case,
  /// punctuation and titles ignored). An empty org or role never overwrites a known one; a
  /// declared person's org and role are never overwritten.
  Index add(std::string_view name, std::string_view honorific = {}, std::string_view org = {},
            std::string_view role = {});

  /// The person a full name names (key equality, or first and last words equal).
  std::optional<Index> find_full(std::string_view name) const;
  /// The one person whose first name or surname is `word`; nullopt when none or several.
  std::optional<Index> find_word(std::string_view word) const;
  /// The one person with this surname (for "Dr Haddad", "Mr. Pryce").
  std::optional<Index> find_surname(std::string_view surname) const;

  PersonRecord& at(Index i) { return people_[i]; }
  const PersonRecord& at(Index i) const { return people_[i]; }
  std::size_t size() const { return people_.size(); }
  const std::vector<PersonRecord>& people() const { return people_; }

 private:
  std::vector<PersonRecord> people_;
};

/// Comparison key of a person's name: lower case, letters and digits only, single spaces.
std::string person_name_key(std::string_view name);

}  // namespace civic::indexer::attribution
