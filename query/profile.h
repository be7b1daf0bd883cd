// The pages of the archive's people, organisations and events: who a speaker is (roles and
// organisations at each event, talks, themes, when they spoke, the words they use more than the
// archive does, who they shared events with), who spoke for an organisation, and an event's
// programme. Searcher::profile_slug() resolves a URL's slug, Searcher::speaker_profile(),
// org_profile() and event_profile() build the pages (query/searcher.h). Everything is counted
// from the facet table in memory (query/internal/facet_table.h); documents are read only to name
// what a page lists (one per talk or post shown, capped), and the distinctive words run one
// Xapian expansion over a sample of the profile's units.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/explore.h"

namespace civic::query {

enum class ProfileKind { Speaker, Org, Event };

/// "speaker", "org", "event": the facet each profile is of (and back; nullopt for others).
std::string_view profile_kind_name(ProfileKind kind);
std::optional<ProfileKind> profile_kind_from_name(std::string_view name);

/// What a slug of a profile URL stands for (Searcher::profile_slug()).
struct ProfileSlug {
  ProfileKind kind = ProfileKind::Speaker;
  /// The canonical slug: text::slug() of the values. Differs from the slug asked for when that
  /// was an organisation's acronym (the initials of its significant words).
  std::string slug;
  /// Every facet value with that slug ("Siân Berry", "Sian Berry"): one page, filtered by all.
  /// Most frequent first, so values[0] is the name the page shows.
  std::vector<std::string> values;
  bool alias = false;  ///< the slug asked for was an acronym leading here
};

/// Which part of a profile's long list a page shows (its talks, people or events).
struct ListWindow {
  int page = 1;
  int per_page = 50;
};
inline constexpr int kMaxProfilePerPage = 200;
/// The short lists of a profile (themes, co-speakers, an event's organisations) keep this many.
inline constexpr std::size_t kMaxShortList = 50;
/// Distinctive words asked of the expansion, before those the archive uses as much are dropped.
inline constexpr std::size_t kDistinctiveCandidates = 20;
/// Units of a profile the expansion reads (evenly spaced when it has more). The expansion reads
/// each one's term list and looks up every term's frequency: at 1M units, 1,000 of them cost
/// ~50 ms of a speaker page's budget, 300 about a third of that.
inline constexpr std::size_t kDistinctiveSample = 300;

/// One talk as a profile lists it.
struct ProfileTalk {
  std::string id;     ///< Unit::talk
  std::string title;  ///< its post's title (the post's id when untitled)
  std::string post_id;
  std::string event;
  std::string date;        ///< YYYY-MM-DD, or empty
  std::string first_unit;  ///< the id of its first unit (its page starts there)
  std::size_t units = 0;   ///< units of the talk said by the profile's subject (all, for events)
  std::string speaker, role, org;  ///< who gave it, as its first unit says
};

/// A role and organisation a speaker held at an event.
struct Affiliation {
  std::string org;   ///< empty when the units name none
  std::string role;  ///< as the event's first such unit states it; empty when none
  std::string event;
  std::string first_date, last_date;  ///< YYYY-MM-DD, or empty
  std::size_t units = 0;
};

/// A word the profile's units use more than the archive does (in at least two of them).
struct DistinctiveTerm {
  std::string term;
  std::size_t units = 0;      ///< the profile's units holding it
  std::size_t all_units = 0;  ///< the archive's units holding it
  double share = 0;           ///< units ÷ the profile's units
  double archive_share = 0;   ///< all_units ÷ the archive's units
  double ratio() const { return archive_share > 0 ? share / archive_share : 0.0; }
};

/// Someone (or an organisation, or an event) with how much of the profile they account for.
struct ProfileEntry {
  std::string name;
  std::string slug;       ///< text::slug(name): where its page is
  std::size_t count = 0;  ///< units, or shared events for a co-speaker
  std::string first_date, last_date;
};

/// A page of a long list: its entries and how many there are in all.
template <typename T>
struct ProfileList {
  std::vector<T> items;
  std::size_t total = 0;
  int page = 1;
  int per_page = 0;
};

struct SpeakerProfile {
  ProfileSlug slug;
  std::size_t units = 0;
  std::string first_date, last_date;
  std::vector<Affiliation> affiliations;  ///< by first date
  ProfileList<ProfileTalk> talks;         ///< by date, then post, then position in it
  std::vector<ProfileEntry> themes;       ///< most units first
  Timeline timeline;                      ///< their units over time (Searcher::timeline())
  std::vector<DistinctiveTerm> terms;     ///< most distinctive first (Xapian's expansion order)
  /// Other speakers of the events they spoke at, with the number of events shared.
  std::vector<ProfileEntry> shared_events;
  std::vector<std::string> missing_shards;
  double took_ms = 0;
};

struct OrgProfile {
  ProfileSlug slug;
  std::size_t units = 0;
  std::string first_date, last_date;
  ProfileList<ProfileEntry> people;  ///< who spoke for it: units, first and last date; most first
  ProfileList<ProfileEntry> events;  ///< where: its units there, dates; by first date
  std::vector<ProfileEntry> themes;
  Timeline timeline;
  std::vector<DistinctiveTerm> terms;  ///< as a speaker's, leaving out its people's names too
  std::vector<std::string> missing_shards;
  double took_ms = 0;
};

/// A post that covers an event.
struct EventPost {
  std::string id, title, url, date;
  std::size_t units = 0;
};

struct EventProfile {
  ProfileSlug slug;
  std::size_t units = 0;
  std::vector<std::string> dates;      ///< YYYY-MM-DD, in order
  ProfileList<ProfileTalk> talks;      ///< the programme: post date, then position
  ProfileList<ProfileEntry> speakers;  ///< by units
  std::vector<ProfileEntry> orgs;      ///< by units
  std::size_t orgs_total = 0;
  std::vector<EventPost> posts;  ///< by date
  std::vector<std::string> missing_shards;
  double took_ms = 0;
};

/// JSON for GET /api/speakers/{slug}, /api/orgs/{slug}, /api/events/{slug}.
std::string to_json(const SpeakerProfile& profile);
std::string to_json(const OrgProfile& profile);
std::string to_json(const EventProfile& profile);

}  // namespace civic::query
