// The match of an export and the cursor over its rows. One match with the export's limit as the
// MSet's size and checkatleast = every document, so the total is exact (Xapian's
// docs/facets.rst) and the order is search()'s past its result window; the MSet is dropped once
// its docids are copied: its items (a weight, keys and strings each) cost tens of bytes more per
// row, and documents fetched through it stay cached in it. Documents are then read with
// Database::get_document(), one batch per next(), and dropped after decoding.
#include "query/internal/export.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "query/core/stored_unit.h"
#include "query/internal/facet_count.h"
#include "query/internal/hits.h"
#include "query/internal/query_parser.h"

namespace civic::query {
namespace {

Xapian::doccount as_doccount(std::size_t n) {
  return static_cast<Xapian::doccount>(
      std::min<std::size_t>(n, std::numeric_limits<Xapian::doccount>::max()));
}

// One database or local shards: Xapian sorts (RankKey needs the one database's docids; over
// local shards KindRankKey reads each document's kind value from its shard).
void match_sorted(const MatchPlan& plan, const Xapian::Database& db, Xapian::KeyMaker& rank,
                  UnitExport::Impl& out) {
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(plan.parsed.query, filter_query(plan.request)));
  Xapian::MultiValueKeyMaker by_date;
  set_order(enquire, plan.sort, rank, by_date);
  const Xapian::MSet mset = enquire.get_mset(0, as_doccount(out.limit), plan.all);
  assert(mset.get_matches_lower_bound() == mset.get_matches_upper_bound());
  out.total = mset.get_matches_estimated();
  out.docids.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.docids.push_back(*it);
}

// Remote shards run neither our KeyMakers nor match spies: the whole match set is fetched and
// sorted from the table's keys, as match_remote_shards() does, and the first `limit` kept.
void match_unsorted(const MatchPlan& plan, const Xapian::Database& db, const FacetTable& table,
                    UnitExport::Impl& out) {
  Xapian::Enquire enquire(db);
  enquire.set_query(filtered(plan.parsed.query, filter_query(plan.request)));
  std::vector<MatchEntry> entries;
  {
    const Xapian::MSet mset = enquire.get_mset(0, plan.all, plan.all);
    entries.reserve(mset.size());
    for (Xapian::doccount i = 0; i < mset.size(); ++i) {
      const auto it = mset[i];
      if (*it > table.last_docid) continue;  // committed after the table was loaded
      entries.push_back({*it, it.get_weight(), i});
    }
  }
  out.total = entries.size();
  sort_entries(plan.sort, table, entries);
  entries.resize(std::min(entries.size(), out.limit));
  out.docids.reserve(entries.size());
  for (const MatchEntry& entry : entries) out.docids.push_back(entry.docid);
}

Hit export_hit(StoredUnit stored) {
  Hit hit;
  hit.unit = std::move(stored.unit);
  hit.post = std::move(stored.post);
  hit.url = unit_url(hit.unit, hit.post);
  return hit;
}

}  // namespace

UnitExport empty_export(ShardSet& shards, std::size_t limit) {
  auto impl = std::make_unique<UnitExport::Impl>();
  impl->shards = &shards;
  impl->limit = limit;
  impl->missing_shards = shards.missing_labels();
  return UnitExport(std::move(impl));
}

UnitExport match_export(const MatchPlan& plan, ShardSet& shards, const FacetTable& table,
                        std::size_t limit) {
  assert(plan.request.group == Group::Unit);
  auto impl = std::make_unique<UnitExport::Impl>();
  impl->shards = &shards;
  impl->limit = limit;
  switch (shards.layout()) {
    case Layout::OneDatabase: {
      RankKey rank(table);
      match_sorted(plan, shards.db(), rank, *impl);
      break;
    }
    case Layout::LocalShards: {
      KindRankKey rank;
      match_sorted(plan, shards.db(), rank, *impl);
      break;
    }
    case Layout::RemoteShards:
      match_unsorted(plan, shards.db(), table, *impl);
      break;
    case Layout::None:  // empty_export()
      assert(false);
      break;
  }
  impl->missing_shards = shards.missing_labels();
  return UnitExport(std::move(impl));
}

UnitExport::UnitExport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
UnitExport::UnitExport(UnitExport&&) noexcept = default;
UnitExport& UnitExport::operator=(UnitExport&&) noexcept = default;
UnitExport::~UnitExport() = default;

std::size_t UnitExport::total() const { return impl_->total; }
std::size_t UnitExport::size() const { return impl_->docids.size(); }
std::size_t UnitExport::limit() const { return impl_->limit; }
const std::vector<std::string>& UnitExport::missing_shards() const { return impl_->missing_shards; }

Result<std::vector<Hit>> UnitExport::next(std::size_t n) {
  Impl& at = *impl_;
  std::vector<Hit> batch;
  const std::size_t end = at.next + std::min(n, at.docids.size() - at.next);
  batch.reserve(end - at.next);
  // Where it failed, for the message; the export is over after an error.
  auto stop = [&at](ErrorCode code, const std::string& why) {
    const std::string where =
        "export row " + std::to_string(at.next + 1) + " of " + std::to_string(at.docids.size());
    at.next = at.docids.size();
    return fail(code, where + ": " + why);
  };
  try {
    Xapian::Database& db = at.shards->db();
    for (; at.next < end; ++at.next) {
      auto stored = decode_stored_unit(db.get_document(at.docids[at.next]).get_data());
      if (!stored) return stop(ErrorCode::Internal, stored.error().message);
      batch.push_back(export_hit(std::move(*stored)));
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    return stop(ErrorCode::Unavailable, "the index was replaced during the export; run it again");
  } catch (const Xapian::Error& e) {
    return stop(ErrorCode::Unavailable, "cannot read the unit: " + e.get_description());
  }
  return batch;
}

}  // namespace civic::query
