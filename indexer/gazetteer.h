// The gazetteer: known organisations and people with their aliases (data/gazetteer.yaml), the
// phrases that are never either (its `never:` list), the
// theme taxonomy (data/themes.yaml), and the acronyms and organisation spellings learnt from the
// archive's own text while indexing. Everything here compares names by org_key()/person_key(),
// so "Dept. of Communities & Local Government" and "Department for Communities and Local
// Government" are one organisation. yaml-cpp stays inside gazetteer.cpp; no Xapian here.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/core/result.h"

namespace civic::indexer {

struct OrgEntry {
  std::string name;                  ///< canonical name shown in facets
  std::vector<std::string> aliases;  ///< acronyms, old names, variant spellings
};

struct PersonEntry {
  std::string name;                  ///< canonical name, without titles
  std::vector<std::string> aliases;  ///< titled forms, short forms, misspellings
  std::string org;                   ///< canonical organisation, or empty
};

struct Theme {
  std::string name;
  std::vector<std::string> terms;  ///< lowercase words or short phrases
};

/// Comparison key of an organisation name: name_key() plus "dept" → "department",
/// "department for" → "department of", "of the" → "of", "services" → "service",
/// "X Department" → "department of X", and no leading "the".
std::string org_key(std::string_view name);

/// Comparison key of a person's name: name_key() without titles (Dr, Cllr, Councillor, Mr, …)
/// or a leading "the" ("The Earl of Stanbridge").
std::string person_key(std::string_view name);

/// `name` without leading titles ("Dr", "Cllr", "Councillor", "Mr", "Ms", "Professor", …).
std::string strip_titles(std::string_view name);

/// Configured organisations, people and themes. Immutable after loading; safe to share
/// between threads for reading.
class Gazetteer {
 public:
  /// Loads organisations, people and the `never:` list. Errors: InvalidInput "path:line: why"
  /// for unreadable or malformed YAML, an entry without a name, or a `never:` that is not a list
  /// of non-empty names.
  static Result<Gazetteer> load(const std::filesystem::path& gazetteer_file);

  /// Loads the theme taxonomy into this gazetteer. Errors as for load().
  Status load_themes(const std::filesystem::path& themes_file);

  void add_org(OrgEntry org);
  void add_person(PersonEntry person);
  void add_theme(Theme theme);
  /// Adds a phrase that is never a person or an organisation (the file's `never:` list).
  void add_never(std::string_view name);

  /// Adds a person known by a site's author slug (Hugo front matter `authors: [slug]`). The
  /// first profile of a slug wins.
  void add_profile(const std::string& slug, PersonEntry person);
  /// The person an author slug names; nullptr when unknown.
  const PersonEntry* find_profile(std::string_view slug) const;
  std::size_t profile_count() const { return profiles_.size(); }

  /// Canonical organisation name for any configured name or alias; nullopt when unknown.
  std::optional<std::string> find_org(std::string_view name) const;
  /// The configured person for a name or alias (titles ignored); nullptr when unknown.
  const PersonEntry* find_person(std::string_view name) const;
  /// True when `name` is on the `never:` list: compared by text::name_key(), so case,
  /// punctuation, spacing, accents and "&"/"and" do not matter ("As Jeannie" = "as jeannie,").
  bool is_never(std::string_view name) const;

  const std::vector<OrgEntry>& orgs() const { return orgs_; }
  const std::vector<PersonEntry>& people() const { return people_; }
  const std::vector<Theme>& themes() const { return themes_; }

 private:
  std::vector<OrgEntry> orgs_;
  std::vector<PersonEntry> people_;
  std::vector<Theme> themes_;
  std::map<std::string, std::size_t> org_by_key_;
  std::map<std::string, std::size_t> person_by_key_;
  std::set<std::string, std::less<>> never_;     // name_key() of each `never:` entry
  std::map<std::string, PersonEntry> profiles_;  // by author slug
};

/// Reads the author profiles of a Hugo site: every `<dir>/<slug>/_index.md` whose front matter
/// has a `display_name` (and optionally `agency_full_name`, the person's organisation) becomes
/// a profile of `gazetteer` under `<slug>`. Returns how many were added. A profile that cannot
/// be read is reported in `problems` ("path:line: why") and skipped.
std::size_t add_author_profiles(const std::filesystem::path& authors_dir, Gazetteer& gazetteer,
                                std::vector<Error>& problems);

/// Author-profile folders for a set of inputs: `authors` folders inside an input folder, and
/// an `authors` folder beside an input or one of its (up to three) parent folders, so that
/// indexing `content/events` finds `content/authors`. Sorted, without duplicates.
std::vector<std::filesystem::path> find_author_dirs(const std::vector<std::string>& inputs);

/// A talk in a per-post override file.
struct OverrideSpeaker {
  std::string name;    ///< as it should appear (canonicalised through the gazetteer)
  std::string org;     ///< organisation at this event, or empty
  std::string starts;  ///< text of the unit where the talk starts, or empty
  int starts_at = 0;   ///< 1-based unit position where the talk starts, or 0
};

/// A user-written file beside a post (`<post file>.speakers.yaml`) that overrides inference:
///   speakers: [{name, org, starts | starts_at}]   # a talk runs until the next one starts
///   ends: "text of the unit where the talks end"  # optional; narration from there on
///   organisations: [{name, aliases: [...]}]       # extra canonical names for this post
/// `starts`/`ends` are text found in the unit (case-insensitive) or a unit position. With a
/// located start the file describes the whole post: units outside its talks are narration and
/// nothing is inferred. Speakers without a start replace the post's declared speakers (with
/// their organisations), and inference places them.
struct PostOverride {
  std::filesystem::path file;
  std::vector<OverrideSpeaker> speakers;
  std::string ends;
  int ends_at = 0;
  std::vector<OrgEntry> organisations;
};

/// The override file for a post file: `<post file>.speakers.yaml`. nullopt when there is none.
/// Errors: InvalidInput "path:line: why" for malformed YAML or a speaker without a name.
Result<std::optional<PostOverride>> load_override(const std::filesystem::path& post_file);

/// Acronyms and organisation spellings learnt from the archive while indexing ("Centre for
/// Local Economic Strategies (CLES)"). Grows over a run; one per indexing run, not thread-safe.
class AcronymTable {
 public:
  /// Records that `acronym` stands for `full_name` (first definition wins).
  void learn(const std::string& acronym, const std::string& full_name);
  /// The full name an acronym stands for, as first written; nullopt when unknown.
  std::optional<std::string> expand(std::string_view acronym) const;
  /// The first spelling seen of an organisation with the same org_key() as `name`; records
  /// `name` as that spelling when it is new.
  std::string spelling(const std::string& name);

  /// The recorded spelling with the same org_key() as `name`, without recording anything.
  std::optional<std::string> known_spelling(std::string_view name) const;
  /// The one recorded spelling of three or more words whose initials (of words other than
  /// "of", "for", "and", "the") are `acronym` ("RVCU" → "Ryburn Valley Credit Union");
  /// nullopt when none or several.
  std::optional<std::string> spelling_with_initials(std::string_view acronym) const;

  /// The first spelling seen of a person's name with the same name_key() less its spaces:
  /// case, punctuation and spacing are ignored, titles are not ("Mr. Speaker" is an office,
  /// "Speaker" may be a surname). Records `name` as that spelling when it is new. Keeps the
  /// speaker facet free of near-duplicates.
  std::string person_spelling(const std::string& name);

  /// Every learnt (acronym, full name) pair, sorted by acronym.
  std::vector<std::pair<std::string, std::string>> pairs() const;

 private:
  std::map<std::string, std::string> full_by_acronym_;
  std::map<std::string, std::string> spelling_by_key_;
  std::map<std::string, std::string> person_by_key_;
};

/// Scans `text` for "Full Name (ACR)" definitions and records them in `table`.
void learn_acronyms(std::string_view text, AcronymTable& table);

/// Canonical organisation for a name as written: gazetteer name, else the expansion of a
/// learnt acronym, else the first spelling seen of it in this run.
std::string canonical_org(std::string_view name, const Gazetteer& gazetteer, AcronymTable& learnt);

/// Acronym ↔ full-name pairs to store as index synonyms: every gazetteer alias that is an
/// acronym, and everything learnt.
std::vector<std::pair<std::string, std::string>> synonym_pairs(const Gazetteer& gazetteer,
                                                               const AcronymTable& learnt);

}  // namespace civic::indexer
