// The query library: a SearchRequest (query text + filters) → Xapian query → hits with
// highlighted snippets and exact, multi-select facet counts. Used by `civicsearch search` and
// by every route of the web server. Does not expose Xapian: the Searcher is pimpl.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/core/result.h"
#include "query/core/stored_unit.h"
#include "query/explore.h"
#include "query/profile.h"
#include "query/request.h"
#include "query/shards.h"

namespace civic::query {

/// The counted facets' names, in schema::kFields order: filters and response counts.
const std::vector<std::string>& facet_names();
/// The facets Searcher::facet_values() and example_unit() list: facet_names() and "role" (the
/// speaker's role at the event), which is shown and searchable (`role:`) but has no counts in a
/// SearchResponse and is not a filter.
const std::vector<std::string>& listed_facet_names();

struct Hit {
  Unit unit;  ///< the stored unit (id, kind, text, context, speaker, org, role, talk, themes,
              ///< mentions, comment)
  Post post;  ///< id, title, date, url, author, event and tags of its post
  std::string url;    ///< permalink of the post with a fragment locating the unit, or empty
  std::string snippet;  ///< HTML-escaped text with <mark>…</mark> around matches
  double score = 0;     ///< relevance, 0–1 (1 = best hit of this query)
  int more = 0;         ///< units folded into this hit when grouped
};

struct FacetCount {
  std::string value;
  std::size_t count = 0;
};

struct SearchResponse {
  std::string query;  ///< q as received
  std::size_t total = 0;  ///< matching units, or talks/posts when grouped (exact)
  int page = 1;
  int per_page = 10;
  double took_ms = 0;
  std::optional<std::string> suggestion;  ///< "did you mean", when it finds more
  std::vector<Hit> hits;
  std::map<std::string, std::vector<FacetCount>> facets;  ///< every facet, even when empty
  /// Shards that could not answer (down or too slow): the answer covers the others only.
  std::vector<std::string> missing_shards;  ///< ShardSpec::label(), e.g. "remote 10.0.0.2:7000"
  bool partial() const { return !missing_shards.empty(); }
};

/// One unit with the units around it in its post.
struct UnitView {
  Hit unit;
  std::vector<Hit> before;  ///< up to `radius` preceding units, in order
  std::vector<Hit> after;   ///< up to `radius` following units, in order
};

/// One talk: its units in position order, and where it sits among its post's talks.
struct TalkView {
  std::string id;          ///< Unit::talk, "<post id>~<h>" (query/core/unit.h)
  Post post;               ///< the post it was given in
  std::vector<Hit> units;  ///< every unit of the talk, in position order; never empty
  /// The first unit of the talk that starts before this one in the post, and of the one that
  /// starts after it (their Unit::talk is the talk's id, their speaker its speaker), when any.
  std::optional<Hit> previous, next;
};

/// One post as the archive holds it.
struct PostView {
  Post post;
  std::vector<Hit> units;  ///< every unit, in position order; never empty
};

/// Where an id of a unit, a talk or a post leads now (Searcher::resolve()).
struct Resolution {
  enum class Kind {
    Found,  ///< the id is in the index as it is: `id` is the id asked for
    Moved,  ///< its post was re-indexed without it: `id` is where it leads now
    Gone,   ///< its post was deleted (`civicsearch index --prune`): `id` is the post's id
  };
  Kind kind = Kind::Found;
  /// Found: the id asked for. Moved: the final target, which exists: a unit id for a unit id;
  /// for a talk id a talk id, or the unit id of the talk's first unit when that unit now
  /// belongs to no talk. Gone: the deleted post's id.
  std::string id;
  /// Moved: "moved" when every redirect followed led to a unit with the same text (a repeated
  /// text's "-2" suffix shifted, an id of an index built before content ids), "changed" when
  /// the text was edited or deleted and the target is its nearest surviving neighbour in the
  /// post (or the post's first unit). Otherwise empty.
  std::string reason;
  /// Gone: the deleted post's title (its id when it had none). Otherwise empty.
  std::string title;
};

struct IndexStats {
  std::size_t units = 0;
  std::size_t posts = 0;
  std::string revision;
  std::map<std::string, std::size_t> kinds;  ///< units per kind
  std::size_t speakers = 0, orgs = 0, events = 0, themes = 0;  ///< distinct values
  std::string first_date, last_date;
};

/// Memory shared by the Searchers of one process that serve the same indexes: each revision's
/// facet table (every document's facet values as ids, loaded once per revision) and, over remote
/// shards, their spelling lexicons (small databases in the system's temp directory, removed with
/// the cache). Whoever serves owns one and hands it to every Searcher it opens
/// (SearcherOptions::cache), so that a server's threads load a revision's table once; a Searcher
/// given none keeps its own. Thread-safe.
class SearchCache {
 public:
  SearchCache();
  ~SearchCache();
  SearchCache(const SearchCache&) = delete;
  SearchCache& operator=(const SearchCache&) = delete;

  struct Parts;  ///< internal (query/internal/search_cache.h)
  Parts& parts() { return *parts_; }

 private:
  std::unique_ptr<Parts> parts_;
};

class UnitExport;  // query/export.h

struct SearcherOptions {
  ShardOptions shards;                 ///< remote shards' timeouts and retries
  std::shared_ptr<SearchCache> cache;  ///< shared with other Searchers; nullptr: a private one
};

/// Searches one index. Not thread-safe: give each thread its own Searcher (see reopen()).
class Searcher {
 public:
  /// Opens the index read-only: a database, or a stub listing shards (query/shards.h). NotFound
  /// when there is no index at `path`. A remote shard that is down does not fail the open: it is
  /// left out (missing_shards()) and retried every `options.shards.retry_interval_ms`.
  static Result<Searcher> open(const std::filesystem::path& path,
                               const SearcherOptions& options = {});

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  /// Runs a search. Errors: InvalidInput (validate(), query/request.h), Unavailable/Internal on
  /// index trouble.
  /// A query with a syntax error never fails: it is retried as plain words.
  Result<SearchResponse> search(const SearchRequest& request);

  /// Matches `request` once for an export (query/export.h): every matching unit in the request's
  /// order (sort, as search() orders them), of which the first `limit` are given, past the
  /// result window. page, per_page and facet_limit do not apply and are not checked; the rest
  /// is checked as search() checks it. Errors: InvalidInput (validate(), or a group other than
  /// unit: an export lists units), Unavailable/Internal on index trouble. The export reads
  /// through this Searcher: use neither for anything else until it is done.
  Result<UnitExport> export_units(const SearchRequest& request, std::size_t limit);

  /// How many units matched `request` in each interval, split by a facet's top values and
  /// compared with other queries (query/explore.h). Every filter of the request applies; its
  /// sort, group, page, per_page and facet_limit do not, and are not checked. Errors:
  /// InvalidInput (validate(), a compared query that fails it as q would, more than kMaxCompare
  /// of them, a split that is not one of kSplitFacets, top outside 1–kMaxTimelineTop, a month
  /// timeline of more than kMaxBuckets months), Unavailable/Internal on index trouble.
  Result<Timeline> timeline(const SearchRequest& request, const TimelineOptions& options);

  /// Who matched `request` most: speakers or organisations by matching units, talks or share
  /// (query/explore.h). Filters apply as for timeline(). Errors: InvalidInput (validate(), `by`
  /// not one of kRankedFacets, limit outside 1–kMaxTopLimit, a negative min_units),
  /// Unavailable/Internal.
  Result<TopList> top(const SearchRequest& request, const TopOptions& options);

  /// The speaker, organisation or event that `slug` names (query/profile.h): the facet values
  /// whose text::slug() it is, or, for an organisation, whose acronym it is when only one
  /// organisation has that acronym (then the result is an alias: its slug is the canonical one).
  /// NotFound when none. Errors: Unavailable/Internal on index trouble.
  Result<ProfileSlug> profile_slug(ProfileKind kind, const std::string& slug);

  /// The pages of query/profile.h for what profile_slug() found (its values filter every
  /// count). `window` pages the long lists (a speaker's and an event's talks, an
  /// organisation's people and events, an event's speakers). Errors: InvalidInput (a page below
  /// 1 or past 100000, per_page outside 1–kMaxProfilePerPage), Unavailable/Internal.
  Result<SpeakerProfile> speaker_profile(const ProfileSlug& slug, const ListWindow& window = {});
  Result<OrgProfile> org_profile(const ProfileSlug& slug, const ListWindow& window = {});
  Result<EventProfile> event_profile(const ProfileSlug& slug, const ListWindow& window = {});

  /// One unit with `radius` neighbours each side. NotFound for an unknown id.
  Result<UnitView> unit(const std::string& id, int radius = 2);

  /// The talk `talk_id` (a Unit::talk). NotFound when no unit belongs to it.
  Result<TalkView> talk(const std::string& talk_id);

  /// Every unit of the post `post_id` (a Post::id). NotFound when the index has no such post.
  Result<PostView> post(const std::string& post_id);

  /// Where `id` leads: a unit id ("<post id>.<h>", query/core/unit.h), a talk id
  /// ("<post id>~<h>") or a post id. Found when the index has it; else Moved after the
  /// redirects the indexer left when the id's post was re-indexed without it (followed one after
  /// another, at most 16, stopping at a loop); else Gone when the post of the id (or of the last
  /// redirect's target) was deleted. Looks the keys up in every shard, whichever holds the post.
  /// Talk ids are recognised in the form this build writes; a talk id of an index built before
  /// content ids ("<post id>~3") is not Found until it is re-indexed, and then it redirects.
  /// Errors: NotFound when the index never had the id (or lost track of it); Unavailable when a
  /// shard that might know is missing, or on index trouble; Internal.
  Result<Resolution> resolve(const std::string& id);

  /// Values of one facet (any of listed_facet_names()) over the whole index whose name starts
  /// with (or has a word starting with) `prefix`, case-insensitively; most frequent first, each
  /// with its number of units. NotFound for an unknown facet.
  Result<std::vector<FacetCount>> facet_values(const std::string& facet, const std::string& prefix,
                                               std::size_t limit);

  /// One unit whose `facet` (any of listed_facet_names()) is exactly `value`, to show what the
  /// value stands for: the one earliest in its post (often where the value was introduced), the
  /// first indexed on a tie. NotFound for an unknown facet or when no unit has the value.
  Result<Hit> example_unit(const std::string& facet, const std::string& value);

  /// Autocomplete: speakers, organisations and frequent words starting with the last word of `q`.
  Result<std::vector<std::string>> suggest(const std::string& q, std::size_t limit = 10);

  Result<IndexStats> stats();

  /// Picks up the newest committed revision; cheap when nothing changed. true if it changed.
  /// Also retries missing shards (at most every ShardOptions::retry_interval_ms).
  Result<bool> reopen();

  /// Shards listed at the path, and the labels of those left out of the last answer.
  std::size_t shard_count() const;
  std::vector<std::string> missing_shards() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// One part of who said a unit, as every hit shows it.
struct WhoPart {
  const char* field;        ///< "speaker", "role" or "org"
  const char* separator;    ///< text before it: "", " · " or ", "
  const std::string* text;  ///< the unit's field; never empty
};

/// Who said a unit, "Dorothy Aske · Mayor, Kirkhope Borough Council": speaker, then
/// " · ", then role and organisation joined by ", "; empty fields and their separators are left
/// out. The one definition of that line (web/static/app.js and embed.js mirror it). The parts
/// point into `unit`, which must outlive them.
inline std::vector<WhoPart> who_parts(const Unit& unit) {
  std::vector<WhoPart> parts;
  if (!unit.speaker.empty()) parts.push_back({"speaker", "", &unit.speaker});
  if (!unit.role.empty()) parts.push_back({"role", parts.empty() ? "" : " \u00b7 ", &unit.role});
  if (!unit.org.empty()) {
    const char* separator = unit.role.empty() ? (parts.empty() ? "" : " \u00b7 ") : ", ";
    parts.push_back({"org", separator, &unit.org});
  }
  return parts;
}

/// who_parts() as one line of text ("" when the unit has none of them).
inline std::string who_line(const Unit& unit) {
  std::string out;
  for (const WhoPart& part : who_parts(unit)) out += part.separator + *part.text;
  return out;
}

/// The API's JSON document for a response (the same for `civicsearch search --json`).
std::string to_json(const SearchResponse& response);
/// JSON for one unit view (GET /api/units/{id}).
std::string to_json(const UnitView& view);
/// JSON for one talk (GET /api/talks/{id}).
std::string to_json(const TalkView& view);
/// JSON for one post (GET /api/posts/{id}).
std::string to_json(const PostView& view);
/// JSON for a facet value list (GET /api/facets/{name}).
std::string to_json(const std::string& facet, const std::vector<FacetCount>& values);

}  // namespace civic::query
