// INTERNAL to civic_query. The profiles of query/profile.h counted from the facet tables: the
// slugs of every speaker, organisation and event (built once per revision), and the three pages.
// Matches are visited with visit_matches() (query/internal/explore.h), so one database, local and
// remote shards all answer alike.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>

#include "query/core/result.h"
#include "query/internal/explore.h"
#include "query/profile.h"

namespace civic::query {

/// The English stopwords that distinctive words leave out (scripts/stopwords.sh derives them into
/// var/stopwords/en.txt): $CIVIC_STOPWORDS, else var/stopwords/en.txt from the working directory
/// or above the executable. Empty when there is none; loaded once, thread-safe.
const std::unordered_set<std::string>& stopwords();

/// Every profile's slug in one revision's tables.
class ProfileSlugs {
 public:
  static std::shared_ptr<const ProfileSlugs> build(ShardSet& shards, const TableSet& tables);

  /// The profile `slug` names. NotFound when none does.
  Result<ProfileSlug> find(ProfileKind kind, const std::string& slug) const;

  std::string fingerprint;  // of the tables it was built from

 private:
  // slug → value → units, per kind.
  std::map<std::string, std::map<std::string, std::size_t>> values_[3];
  // An organisation's acronym → the canonical slugs that claim it.
  std::map<std::string, std::set<std::string>> acronyms_;
};

/// The initials of `name`'s significant words (those not stopwords), when it has two or more:
/// "Centre for Local Economic Strategies" → "cles". Empty otherwise.
std::string acronym_of(const std::string& name);

SpeakerProfile build_speaker_profile(ShardSet& shards, const TableSet& tables,
                                     const ProfileSlug& slug, const ListWindow& window);
OrgProfile build_org_profile(ShardSet& shards, const TableSet& tables, const ProfileSlug& slug,
                             const ListWindow& window);
EventProfile build_event_profile(ShardSet& shards, const TableSet& tables, const ProfileSlug& slug,
                                 const ListWindow& window);

}  // namespace civic::query
