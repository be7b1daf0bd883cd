// Searcher: the public methods of the query library over the rooms in query/internal/: the
// shard set (and its retries), the query parser, the facet tables and the three match
// strategies. Xapian exceptions are caught here (ShardSet::with_retry) and become Errors; nothing
// from Xapian leaves the library.
#include "query/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>

#include "query/core/html.h"
#include "query/core/schema.h"
#include "query/core/text.h"
#include "query/export.h"
#include "query/internal/explore.h"
#include "query/internal/export.h"
#include "query/internal/facet_count.h"
#include "query/internal/facet_table.h"
#include "query/internal/hits.h"
#include "query/internal/match.h"
#include "query/internal/permalinks.h"
#include "query/internal/profile.h"
#include "query/internal/query_parser.h"
#include "query/internal/reading.h"
#include "query/internal/search_cache.h"
#include "query/internal/shard_set.h"

namespace civic::query {
namespace {

using namespace civic::schema;

// The field of a facet that facet_values() and example_unit() list (one with boolean terms), or
// nullptr.
const Field* listed_field(std::string_view name) {
  const Field* field = find_field(name);
  return field && is_facet(*field) ? field : nullptr;
}

// The names of kFields[0, n) that have boolean terms.
std::vector<std::string> facet_names_among(std::size_t n) {
  std::vector<std::string> names;
  for (std::size_t f = 0; f < n; ++f) {
    if (is_facet(kFields[f])) names.emplace_back(kFields[f].name);
  }
  return names;
}

}  // namespace

const std::vector<std::string>& facet_names() {
  static const std::vector<std::string> kNames = facet_names_among(kCountedFacets);
  return kNames;
}

const std::vector<std::string>& listed_facet_names() {
  static const std::vector<std::string> kNames = facet_names_among(std::size(kFields));
  return kNames;
}

SearchCache::SearchCache() : parts_(std::make_unique<Parts>()) {}
SearchCache::~SearchCache() = default;

struct Searcher::Impl {
  std::shared_ptr<SearchCache> cache;
  ShardSet shards;
  // The combined database's table (its facets; also sort keys with a remote shard), or, over
  // local shards, a stand-in holding only the fingerprint, with each shard's own table in
  // shard_tables (nullptr while missing).
  std::shared_ptr<const FacetTable> facet_table;
  std::vector<std::shared_ptr<const FacetTable>> shard_tables;
  std::size_t tables_generation = 0;  // shards.generation() the tables were taken at
  std::shared_ptr<const ProfileSlugs> slugs;  // of the tables' revision, built on first use
  std::size_t slugs_generation = 0;
  Xapian::Stem stemmer{kStemLanguage};

  Impl(std::shared_ptr<SearchCache> c, ShardSet s) : cache(std::move(c)), shards(std::move(s)) {}

  // Takes the facet tables of the revision the shards have open from the cache (loading them
  // there only when no Searcher has yet), and the lexicon to match, when either changed.
  const FacetTable& refresh_tables() {
    const std::string current = shards.fingerprint();
    if (facet_table && facet_table->fingerprint == current &&
        tables_generation == shards.generation()) {
      return *facet_table;
    }
    FacetTableCache& tables = cache->parts().tables;
    shard_tables.clear();
    if (shards.layout() == Layout::LocalShards) {
      auto stand_in = std::make_shared<FacetTable>();
      stand_in->fingerprint = current;
      facet_table = stand_in;
      shard_tables.resize(shards.size());
      for (std::size_t i = 0; i < shards.size(); ++i) {
        const Xapian::Database* shard = shards.shard(i);
        if (!shard) continue;
        shard_tables[i] =
            tables.get(shards.spec(i).path,
                       shard->get_uuid() + "@" + std::to_string(shard->get_revision()), *shard, {});
      }
    } else {
      const bool remote = shards.any_remote();
      facet_table = tables.get(shards.path(), current, shards.db(), {remote, remote});
    }
    tables_generation = shards.generation();
    shards.update_lexicon();
    return *facet_table;
  }

  SearchResponse run(const SearchRequest& request) {
    SearchResponse response;
    response.query = request.q;
    response.page = request.page;
    response.per_page = request.per_page;
    if (shards.layout() == Layout::None) {  // every shard is missing: an empty (partial) answer
      for (const auto& name : facet_names()) response.facets[name] = {};
      return response;
    }
    const FacetTable& table = refresh_tables();
    const bool has_query = !text::collapse_whitespace(request.q).empty();
    // A query whose words all occur in the archive is corrected only if it finds nothing
    // (suggest_correction), so its spelling correction waits until then.
    const bool is_known = has_query && all_words_known(normalise_query(request.q), shards.db());
    ParsedQuery parsed = parse_query(has_query ? request.q : std::string(), shards.lexicon(),
                                     stemmer, is_known ? Correction::Skip : Correction::Compute);
    // Over one database the search's own match spy records every match, so that the page's
    // timeline and ranking of this search (the next calls, on this Searcher) match nothing.
    std::shared_ptr<Matches> recorded;
    if (shards.layout() == Layout::OneDatabase) {
      recorded = std::make_shared<Matches>();
      recorded->per_table.push_back({facet_table.get(), {}});
      recorded->tables.push_back(facet_table);
    }
    const MatchPlan plan{request,
                         parsed,
                         has_query,
                         effective_sort(request, has_query),
                         std::max<Xapian::doccount>(shards.db().get_doccount(), 1),
                         recorded ? &recorded->per_table.front().docids : nullptr};
    Xapian::doccount matched = 0;
    switch (shards.layout()) {
      case Layout::LocalShards:
        matched = match_local_shards(plan, shards, shard_tables, response);
        break;
      case Layout::RemoteShards:
        matched = match_remote_shards(plan, shards.db(), table, response);
        break;
      case Layout::OneDatabase:
      case Layout::None:
        matched = match_one_database(plan, shards.db(), table, response);
        break;
    }
    suggest_correction(request, parsed, is_known, matched, response);
    if (recorded) keep_matches(matches_key(request, request.q), std::move(recorded));
    return response;
  }

  // An export's match (query/internal/export.h): the query as run() parses it, without the
  // spelling correction an export does not show.
  UnitExport start_export(const SearchRequest& request, std::size_t limit) {
    if (shards.layout() == Layout::None) return empty_export(shards, limit);
    const FacetTable& table = refresh_tables();
    const bool has_query = !text::collapse_whitespace(request.q).empty();
    const ParsedQuery parsed = parse_query(has_query ? request.q : std::string(), shards.lexicon(),
                                           stemmer, Correction::Skip);
    const MatchPlan plan{request, parsed, has_query, effective_sort(request, has_query),
                         std::max<Xapian::doccount>(shards.db().get_doccount(), 1)};
    return match_export(plan, shards, table, limit);
  }

  // The request's filters over `q` parsed as a search parses it (no spelling correction).
  Xapian::Query filtered_query(const SearchRequest& request, const std::string& q) {
    const bool has_query = !text::collapse_whitespace(q).empty();
    const ParsedQuery parsed =
        parse_query(has_query ? q : std::string(), shards.lexicon(), stemmer, Correction::Skip);
    return filtered(parsed.query, filter_query(request));
  }

  // The matches timeline() and top() counted last (a page asks for both of one search, and
  // for a timeline the compared queries too), by the query and the tables' revision: docids
  // only, 4 bytes a match.
  static constexpr std::size_t kKeptMatches = 6;
  static constexpr std::size_t kKeptDocids = 2'000'000;
  struct KeptMatches {
    std::string key;
    std::shared_ptr<const Matches> matches;
  };
  std::vector<KeptMatches> kept_matches;  // most recently used last

  // What a search's matches depend on: its words, filters and dates, and the tables' revision.
  std::string matches_key(const SearchRequest& request, const std::string& q) const {
    std::string key = q + '\0' + request.from + '\0' + request.to;
    for (const auto& [facet, values] : request.filters) {
      key += '\0' + facet;
      for (const auto& value : values) key += '\x1f' + value;
    }
    return key + '\0' + facet_table->fingerprint + '\0' + std::to_string(tables_generation);
  }

  void keep_matches(std::string key, std::shared_ptr<const Matches> matches) {
    kept_matches.push_back({std::move(key), std::move(matches)});
    // At most kKeptMatches, holding at most kKeptDocids docids in all (8 MB: every unit of a
    // 2M-unit archive), oldest dropped first; a server has a Searcher per thread.
    std::size_t docids = 0;
    for (const KeptMatches& kept : kept_matches) docids += kept.matches->size();
    while (!kept_matches.empty() && (kept_matches.size() > kKeptMatches || docids > kKeptDocids)) {
      docids -= kept_matches.front().matches->size();
      kept_matches.erase(kept_matches.begin());
    }
  }

  // The matches of `request` with `q` for its words: kept from a search or an earlier count of
  // the same, else matched now (and kept).
  std::shared_ptr<const Matches> matches_of(const SearchRequest& request, const std::string& q) {
    std::string key = matches_key(request, q);
    for (std::size_t i = 0; i < kept_matches.size(); ++i) {
      if (kept_matches[i].key != key) continue;
      KeptMatches hit = std::move(kept_matches[i]);
      kept_matches.erase(kept_matches.begin() + static_cast<std::ptrdiff_t>(i));
      kept_matches.push_back(std::move(hit));
      return kept_matches.back().matches;
    }
    auto matches = std::make_shared<Matches>(
        collect_matches(shards, {*facet_table, shard_tables}, filtered_query(request, q)));
    matches->tables = shard_tables;
    matches->tables.push_back(facet_table);
    keep_matches(std::move(key), matches);
    return matches;
  }

  // Every shard missing: no table was loaded, and nothing matches (a partial answer).
  void ensure_tables() {
    if (shards.layout() != Layout::None) {
      refresh_tables();
    } else if (!facet_table) {
      facet_table = std::make_shared<FacetTable>();
    }
  }

  Result<Timeline> run_timeline(const SearchRequest& request, const TimelineOptions& options) {
    ensure_tables();
    const auto matches = matches_of(request, request.q);
    std::vector<std::shared_ptr<const Matches>> held;
    std::vector<const Matches*> compared;
    for (const std::string& q : options.compare) {
      held.push_back(matches_of(request, q));
      compared.push_back(held.back().get());
    }
    auto timeline =
        count_timeline(shards, {*facet_table, shard_tables}, *matches, compared, options);
    if (timeline) timeline->query = request.q;
    return timeline;
  }

  // The slugs of the tables now open, built once per revision (and set of shards).
  const ProfileSlugs& profile_slugs() {
    if (shards.layout() != Layout::None) refresh_tables();
    if (!slugs || slugs->fingerprint != facet_table->fingerprint ||
        slugs_generation != tables_generation) {
      slugs = ProfileSlugs::build(shards, {*facet_table, shard_tables});
      slugs_generation = tables_generation;
    }
    return *slugs;
  }

  // A profile built by `build(shards, tables, slug, window)`, timed, with its missing shards.
  template <typename Profile, typename Build>
  Result<Profile> run_profile(const ProfileSlug& slug, const ListWindow& window, Build build) {
    if (window.page < 1 || window.page > 100000) {
      return fail(ErrorCode::InvalidInput, "page must be 1–100000");
    }
    if (window.per_page < 1 || window.per_page > kMaxProfilePerPage) {
      return fail(ErrorCode::InvalidInput,
                  "per_page must be 1–" + std::to_string(kMaxProfilePerPage));
    }
    const auto start = std::chrono::steady_clock::now();
    auto result = shards.with_retry([&]() -> Result<Profile> {
      if (shards.layout() != Layout::None) refresh_tables();
      return build(shards, TableSet{*facet_table, shard_tables}, slug, window);
    });
    if (result) {
      result->missing_shards = shards.missing_labels();
      result->took_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
    }
    return result;
  }

  TopList run_top(const SearchRequest& request, const TopOptions& options) {
    ensure_tables();
    const auto matches = matches_of(request, request.q);
    TopList top = count_top(shards, {*facet_table, shard_tables}, *matches, options);
    top.query = request.q;
    return top;
  }

  // "Did you mean": only when the corrected query finds more than the one asked (`matched`
  // units). A query whose words all occur in the archive (`is_known`) and that finds something
  // is not corrected: an acronym ("cles") must not turn into a commoner word ("clerk").
  void suggest_correction(const SearchRequest& request, ParsedQuery& parsed, bool is_known,
                          Xapian::doccount matched, SearchResponse& response) {
    if (is_known && response.total == 0) {
      parsed.corrected =
          parse_query(request.q, shards.lexicon(), stemmer, Correction::Compute).corrected;
    }
    if (parsed.corrected.empty() || parsed.corrected == normalise_query(request.q) ||
        (response.total > 0 && is_known)) {
      return;
    }
    const ParsedQuery corrected =
        parse_query(parsed.corrected, shards.lexicon(), stemmer, Correction::Compute);
    Xapian::Enquire check(shards.db());
    check.set_query(filtered(corrected.query, filter_query(request)));
    const Xapian::doccount all = std::max<Xapian::doccount>(shards.db().get_doccount(), 1);
    if (check.get_mset(0, 0, all).get_matches_estimated() > matched) {
      response.suggestion = parsed.corrected;
    }
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::open(const std::filesystem::path& path, const SearcherOptions& options) {
  auto cache = options.cache ? options.cache : std::make_shared<SearchCache>();
  auto shards = ShardSet::open(path, options.shards, cache->parts().spelling);
  if (!shards) return Unexpected{shards.error()};
  auto impl = std::make_unique<Impl>(std::move(cache), std::move(*shards));
  try {
    if (impl->shards.layout() != Layout::None)
      impl->refresh_tables();  // now, not on the first search
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal,
                path.string() + ": cannot read facet values: " + e.get_description());
  }
  return Searcher(std::move(impl));
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  if (auto ok = validate(request); !ok) return Unexpected{ok.error()};
  const auto start = std::chrono::steady_clock::now();
  auto result =
      impl_->shards.with_retry([&]() -> Result<SearchResponse> { return impl_->run(request); });
  if (result) {
    result->missing_shards = impl_->shards.missing_labels();
    result->took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

Result<UnitExport> Searcher::export_units(const SearchRequest& request, std::size_t limit) {
  if (request.group != Group::Unit) {
    return fail(ErrorCode::InvalidInput,
                "group does not apply to an export, which lists every matching unit; leave it out");
  }
  SearchRequest checked = request;  // what an export does not use is not judged
  checked.page = 1;
  checked.per_page = SearchRequest{}.per_page;
  checked.facet_limit = 0;
  if (auto ok = validate(checked); !ok) return Unexpected{ok.error()};
  return impl_->shards.with_retry(
      [&]() -> Result<UnitExport> { return impl_->start_export(request, limit); });
}

namespace {

// What timeline() and top() take of a request is judged as search() judges it; its page,
// per_page, sort, group and facet_limit are not used and not judged.
Status validate_counted(const SearchRequest& request) {
  SearchRequest checked = request;
  checked.page = 1;
  checked.per_page = SearchRequest{}.per_page;
  checked.facet_limit = 0;
  return validate(checked);
}

template <typename T>
double elapsed_ms(T start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

Result<Timeline> Searcher::timeline(const SearchRequest& request, const TimelineOptions& options) {
  if (auto ok = validate_counted(request); !ok) return Unexpected{ok.error()};
  if (!options.split.empty() && std::find(std::begin(kSplitFacets), std::end(kSplitFacets),
                                          options.split) == std::end(kSplitFacets)) {
    return fail(ErrorCode::InvalidInput, "split " + text::quoted_excerpt(options.split) +
                                             " is not one of none, speaker, org, theme, event");
  }
  if (options.top < 1 || options.top > kMaxTimelineTop) {
    return fail(ErrorCode::InvalidInput,
                "top must be 1–" + std::to_string(kMaxTimelineTop) + " series");
  }
  if (options.compare.size() > static_cast<std::size_t>(kMaxCompare)) {
    return fail(ErrorCode::InvalidInput,
                "at most " + std::to_string(kMaxCompare) + " compare queries; leave some out");
  }
  for (const std::string& q : options.compare) {
    SearchRequest other = request;
    other.q = q;
    if (auto ok = validate_counted(other); !ok) {
      return fail(ErrorCode::InvalidInput, "compare: " + ok.error().message);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  auto result = impl_->shards.with_retry(
      [&]() -> Result<Timeline> { return impl_->run_timeline(request, options); });
  if (result) {
    result->missing_shards = impl_->shards.missing_labels();
    result->took_ms = elapsed_ms(start);
  }
  return result;
}

Result<TopList> Searcher::top(const SearchRequest& request, const TopOptions& options) {
  if (auto ok = validate_counted(request); !ok) return Unexpected{ok.error()};
  if (std::find(std::begin(kRankedFacets), std::end(kRankedFacets), options.by) ==
      std::end(kRankedFacets)) {
    return fail(ErrorCode::InvalidInput,
                "by " + text::quoted_excerpt(options.by) + " is not one of speaker, org");
  }
  if (options.limit < 1 || options.limit > kMaxTopLimit) {
    return fail(ErrorCode::InvalidInput,
                "limit must be 1–" + std::to_string(kMaxTopLimit) + " entries");
  }
  if (options.min_units < 0) {
    return fail(ErrorCode::InvalidInput, "min must be 0 or more units");
  }
  const auto start = std::chrono::steady_clock::now();
  auto result = impl_->shards.with_retry(
      [&]() -> Result<TopList> { return impl_->run_top(request, options); });
  if (result) {
    result->missing_shards = impl_->shards.missing_labels();
    result->took_ms = elapsed_ms(start);
  }
  return result;
}

Result<ProfileSlug> Searcher::profile_slug(ProfileKind kind, const std::string& slug) {
  return impl_->shards.with_retry(
      [&]() -> Result<ProfileSlug> { return impl_->profile_slugs().find(kind, slug); });
}

Result<SpeakerProfile> Searcher::speaker_profile(const ProfileSlug& slug,
                                                 const ListWindow& window) {
  return impl_->run_profile<SpeakerProfile>(slug, window, build_speaker_profile);
}

Result<OrgProfile> Searcher::org_profile(const ProfileSlug& slug, const ListWindow& window) {
  return impl_->run_profile<OrgProfile>(slug, window, build_org_profile);
}

Result<EventProfile> Searcher::event_profile(const ProfileSlug& slug, const ListWindow& window) {
  return impl_->run_profile<EventProfile>(slug, window, build_event_profile);
}

Result<UnitView> Searcher::unit(const std::string& id, int radius) {
  return impl_->shards.with_retry([&]() -> Result<UnitView> {
    Xapian::Database& db = impl_->shards.db();
    const std::string term = boolean_term(kIdPrefix, id);
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term))
      return fail(ErrorCode::NotFound, "no unit with id '" + id + "'");
    const Xapian::Document doc = db.get_document(*p);
    auto stored = decode_stored_unit(doc.get_data());
    if (!stored) return Unexpected{stored.error()};
    const int pos = stored->unit.position;
    const std::string post_id = stored->unit.post_id;
    UnitView view;
    view.unit = stored_hit(std::move(*stored), nullptr, 0);
    Xapian::Enquire enquire(db);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(boolean_term(kPostPrefix, post_id)),
                      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kPositionSlot,
                                    Xapian::sortable_serialise(std::max(1, pos - radius)),
                                    Xapian::sortable_serialise(pos + radius))));
    enquire.set_sort_by_value(kPositionSlot, false);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(2 * radius + 1));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto neighbour = decode_stored_unit(it.get_document().get_data());
      if (!neighbour || neighbour->unit.position == pos) continue;
      Hit hit = stored_hit(std::move(*neighbour), nullptr, 0);
      (hit.unit.position < pos ? view.before : view.after).push_back(std::move(hit));
    }
    return view;
  });
}

Result<TalkView> Searcher::talk(const std::string& talk_id) {
  return impl_->shards.with_retry(
      [&]() -> Result<TalkView> { return read_talk(impl_->shards.db(), talk_id); });
}

Result<PostView> Searcher::post(const std::string& post_id) {
  return impl_->shards.with_retry(
      [&]() -> Result<PostView> { return read_post(impl_->shards.db(), post_id); });
}

Result<Resolution> Searcher::resolve(const std::string& id) {
  return impl_->shards.with_retry(
      [&]() -> Result<Resolution> { return resolve_permalink(impl_->shards, id); });
}

Result<std::vector<FacetCount>> Searcher::facet_values(const std::string& facet,
                                                       const std::string& prefix,
                                                       std::size_t limit) {
  const Field* field = listed_field(facet);
  if (!field) return fail(ErrorCode::NotFound, "unknown facet '" + facet + "'");
  const std::string wanted = text::name_key(prefix);
  return impl_->shards.with_retry([&]() -> Result<std::vector<FacetCount>> {
    std::vector<FacetCount> out;
    const std::string term_prefix(field->term_prefix);
    Xapian::Database& db = impl_->shards.db();
    for (auto it = db.allterms_begin(term_prefix); it != db.allterms_end(term_prefix); ++it) {
      std::string value = (*it).substr(term_prefix.size());
      if (!wanted.empty()) {
        // Match the start of the name or of any word in it: "long" finds "Sarah Longlands".
        std::string key = text::name_key(value);
        std::size_t at = key.find(wanted);
        if (at == std::string::npos || (at > 0 && key[at - 1] != ' ')) continue;
      }
      out.push_back({std::move(value), it.get_termfreq()});
    }
    order_facet_counts(out, limit);
    return out;
  });
}

Result<Hit> Searcher::example_unit(const std::string& facet, const std::string& value) {
  const Field* field = listed_field(facet);
  if (!field) return fail(ErrorCode::NotFound, "unknown facet '" + facet + "'");
  return impl_->shards.with_retry([&]() -> Result<Hit> {
    Xapian::Enquire enquire(impl_->shards.db());
    enquire.set_query(Xapian::Query(boolean_term(field->term_prefix, value)));
    // By position, then docid: one value slot, a sort that remote shards can run too (they
    // cannot run our KeyMakers). A post's units are added in order, so among equal positions
    // the lower docid is the post indexed first.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(kPositionSlot, false);
    Xapian::MSet mset = enquire.get_mset(0, 1);
    if (mset.empty()) {
      return fail(ErrorCode::NotFound, "no unit has " + facet + " '" + value + "'");
    }
    auto stored = decode_stored_unit(mset.begin().get_document().get_data());
    if (!stored) return Unexpected{stored.error()};
    return stored_hit(std::move(*stored), nullptr, kSnippetBytes);
  });
}

Result<std::vector<std::string>> Searcher::suggest(const std::string& q, std::size_t limit) {
  const std::string normalised = text::normalise(q);
  std::size_t cut = normalised.find_last_of(' ');
  const std::string head = cut == std::string::npos ? std::string() : normalised.substr(0, cut + 1);
  const std::string last = cut == std::string::npos ? normalised : normalised.substr(cut + 1);
  if (last.empty()) return std::vector<std::string>{};
  std::vector<std::string> out;
  for (const char* facet : {"speaker", "org"}) {
    auto names = facet_values(facet, last, limit);
    if (!names) return Unexpected{names.error()};
    for (auto& name : *names) {
      if (out.size() < limit) out.push_back(std::move(name.value));
    }
  }
  return impl_->shards.with_retry([&]() -> Result<std::vector<std::string>> {
    // Frequent words that complete the last word typed (unprefixed terms are lowercase words).
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    Xapian::Database& db = impl_->shards.db();
    for (auto it = db.allterms_begin(last); it != db.allterms_end(last); ++it) {
      const std::string term = *it;
      if (term.empty() || !(term[0] >= 'a' && term[0] <= 'z')) continue;
      words.emplace_back(it.get_termfreq(), term);
    }
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> result = out;
    for (const auto& [freq, word] : words) {
      if (result.size() >= limit) break;
      result.push_back(head + word);
    }
    return result;
  });
}

namespace {

std::size_t distinct_terms(const Xapian::Database& db, std::string_view prefix) {
  std::size_t n = 0;
  const std::string p(prefix);
  for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) ++n;
  return n;
}

// YYYYMMDD (the date slot) → YYYY-MM-DD.
std::string iso_date(const std::string& d) {
  return d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : d;
}

}  // namespace

Result<IndexStats> Searcher::stats() {
  return impl_->shards.with_retry([&]() -> Result<IndexStats> {
    ShardSet& shards = impl_->shards;
    Xapian::Database& db = shards.db();
    IndexStats stats;
    stats.units = db.get_doccount();
    const std::string post_key(kPostFingerprintKey);
    // Metadata of a combined database is the first shard's only: count each shard's posts.
    for (std::size_t i = 0; i < shards.size(); ++i) {
      const Xapian::Database* shard = shards.shard(i);
      if (!shard) continue;
      for (auto it = shard->metadata_keys_begin(post_key); it != shard->metadata_keys_end(post_key);
           ++it)
        ++stats.posts;
    }
    stats.revision = shards.revision();
    const std::string kind_prefix(kKindPrefix);
    for (auto it = db.allterms_begin(kind_prefix); it != db.allterms_end(kind_prefix); ++it) {
      stats.kinds[(*it).substr(kind_prefix.size())] = it.get_termfreq();
    }
    stats.speakers = distinct_terms(db, kSpeakerPrefix);
    stats.orgs = distinct_terms(db, kOrgPrefix);
    stats.events = distinct_terms(db, kEventPrefix);
    stats.themes = distinct_terms(db, kThemePrefix);
    if (stats.units) {
      stats.first_date = iso_date(db.get_value_lower_bound(kDateSlot));
      stats.last_date = iso_date(db.get_value_upper_bound(kDateSlot));
    }
    return stats;
  });
}

Result<bool> Searcher::reopen() {
  ShardSet& shards = impl_->shards;
  try {
    bool changed = shards.retry_missing();
    try {
      changed = shards.db().reopen() || changed;
    } catch (const Xapian::NetworkError&) {
      shards.reconnect_remotes();  // drops the shards that no longer answer
      changed = true;
    }
    const auto before = impl_->facet_table;
    if (shards.layout() != Layout::None) impl_->refresh_tables();
    return changed || before != impl_->facet_table;
  } catch (const Xapian::NetworkError&) {
    shards.reconnect_remotes();
    return true;
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Unavailable,
                shards.path().string() + ": cannot reopen: " + e.get_description());
  }
}

std::size_t Searcher::shard_count() const { return impl_->shards.size(); }

std::vector<std::string> Searcher::missing_shards() const { return impl_->shards.missing_labels(); }

}  // namespace civic::query
