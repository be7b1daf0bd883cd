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
#include "query/shards.h"

namespace civic::query {

/// The facets, in the order responses list them.
inline const std::vector<std::string>& facet_names() {
  static const std::vector<std::string> kNames = {"speaker", "org", "kind", "theme", "event", "year"};
  return kNames;
}

enum class Sort { Relevance, Newest, Oldest };
enum class Group { Unit, Talk, Post };

struct SearchRequest {
  std::string q;  ///< query text in our query language; empty browses everything (newest first)
  /// Facet filters: facet name → values. Values of one facet are ORed, facets ANDed.
  std::map<std::string, std::vector<std::string>> filters;
  std::string from;  ///< YYYY-MM-DD inclusive lower bound on the post date, or empty
  std::string to;    ///< YYYY-MM-DD inclusive upper bound, or empty
  Sort sort = Sort::Relevance;  ///< relevance (default; newest when q is empty)
  Group group = Group::Unit;    ///< fold hits of one talk or post into one (default: none)
  int page = 1;                 ///< 1-based
  int per_page = 10;            ///< 1–100
  int facet_limit = 50;         ///< values per facet, most frequent first
};

struct PostRef {
  std::string id, title, date, url;
};

struct Hit {
  Unit unit;          ///< the stored unit (id, kind, text, context, speaker, org, talk, themes)
  Post post;          ///< title, date, url, event of its post
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

struct IndexStats {
  std::size_t units = 0;
  std::size_t posts = 0;
  std::string revision;
  std::map<std::string, std::size_t> kinds;  ///< units per kind
  std::size_t speakers = 0, orgs = 0, events = 0, themes = 0;  ///< distinct values
  std::string first_date, last_date;
};

/// Checks a request's fields (page, per_page, dates, facet names); InvalidInput says which.
Status validate(const SearchRequest& request);

/// Searches one index. Not thread-safe: give each thread its own Searcher (see reopen()).
class Searcher {
 public:
  /// Opens the index read-only: a database, or a stub listing shards (query/shards.h). NotFound
  /// when there is no index at `path`. A remote shard that is down does not fail the open: it is
  /// left out (missing_shards()) and retried every `options.retry_interval_ms`.
  static Result<Searcher> open(const std::filesystem::path& path, const ShardOptions& options = {});

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  /// Runs a search. Errors: InvalidInput (see validate()), Unavailable/Internal on index trouble.
  /// A query with a syntax error never fails: it is retried as plain words.
  Result<SearchResponse> search(const SearchRequest& request);

  /// One unit with `radius` neighbours each side. NotFound for an unknown id.
  Result<UnitView> unit(const std::string& id, int radius = 2);

  /// Values of one facet over the whole index whose name starts with (or has a word starting
  /// with) `prefix`, case-insensitively; most frequent first. NotFound for an unknown facet.
  Result<std::vector<FacetCount>> facet_values(const std::string& facet, const std::string& prefix,
                                               std::size_t limit);

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

/// The API's JSON document for a response (the same for `civicsearch search --json`).
std::string to_json(const SearchResponse& response);
/// JSON for one unit view (GET /api/units/{id}).
std::string to_json(const UnitView& view);
/// JSON for a facet value list (GET /api/facets/{name}).
std::string to_json(const std::string& facet, const std::vector<FacetCount>& values);

}  // namespace civic::query
