#include "query/internal/facet_table.h"

#include <algorithm>
#include <unordered_map>

#include "query/core/schema.h"

namespace civic::query {
namespace {

using namespace civic::schema;

using DocValues = std::vector<std::pair<Xapian::docid, std::string>>;

// Over a remote shard a value stream reads one document per round trip (1.4 has no remote value
// streams): 10 slots of 10k units took 30 s. One match of every document sorted by the slot
// brings all its values in one message per shard instead (MSet sort keys).
DocValues values_by_match(const Xapian::Database& db, Xapian::valueno slot) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(std::string()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(slot, false);
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  const Xapian::MSet mset = enquire.get_mset(0, all, all);
  DocValues out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    std::string value = it.get_sort_key();
    if (!value.empty()) out.emplace_back(*it, std::move(value));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::pair<Xapian::docid, std::string> docid_and_value(const Xapian::ValueIterator& it) {
  return {it.get_docid(), *it};
}
const std::pair<Xapian::docid, std::string>& docid_and_value(const DocValues::const_iterator& it) {
  return *it;
}

// Builds one column from (docid, value) pairs in docid order: a value stream or values_by_match().
class ColumnBuilder {
 public:
  ColumnBuilder(bool multi, Xapian::docid last) : multi_(multi), last_(last) {
    if (multi) {
      column_.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    } else {
      column_.ids.assign(static_cast<std::size_t>(last) + 1, 0);
    }
  }

  template <typename It, typename End = It>
  FacetTable::Column build(It begin, End end) {
    for (auto it = begin; it != end; ++it) {
      const auto& [docid, value] = docid_and_value(it);
      if (docid > last_) break;
      add(docid, value);
    }
    if (multi_) fill_offsets(last_ + 1);
    return std::move(column_);
  }

 private:
  std::uint32_t id_of(const std::string& value) {
    auto [it, is_new] =
        dictionary_.emplace(value, static_cast<std::uint32_t>(column_.names.size() + 1));
    if (is_new) {
      column_.names.push_back(value);
      column_.documents.push_back(0);
    }
    ++column_.documents[it->second - 1];
    return it->second;
  }

  void fill_offsets(Xapian::docid up_to) {
    for (; next_ <= up_to; ++next_) {
      column_.offsets[next_] = static_cast<std::uint32_t>(column_.values.size());
    }
  }

  void add(Xapian::docid docid, const std::string& value) {
    if (!multi_) {
      column_.ids[docid] = id_of(value);
      return;
    }
    fill_offsets(docid);
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(kMultiValueSeparator, start);
      if (end == std::string::npos) end = value.size();
      if (end > start) column_.values.push_back(id_of(value.substr(start, end - start)));
      start = end + 1;
    }
  }

  const bool multi_;
  const Xapian::docid last_;
  FacetTable::Column column_;
  std::unordered_map<std::string, std::uint32_t> dictionary_;
  Xapian::docid next_ = 0;  // multi: offsets filled up to here
};

FacetTable::Column load_column(const Xapian::Database& db, Xapian::valueno slot, bool multi,
                               Xapian::docid last, bool remote_values) {
  ColumnBuilder builder(multi, last);
  if (remote_values) {
    const DocValues values = values_by_match(db, slot);
    return builder.build(values.cbegin(), values.cend());
  }
  return builder.build(db.valuestream_begin(slot), db.valuestream_end(slot));
}

}  // namespace

std::shared_ptr<const FacetTable> FacetTable::load(const Xapian::Database& db,
                                                   std::string fingerprint, LoadOptions options) {
  auto table = std::make_shared<FacetTable>();
  table->fingerprint = std::move(fingerprint);
  const Xapian::docid last = table->last_docid = db.get_lastdocid();
  const bool remote = options.remote_values;
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    table->facets.push_back(load_column(db, kFields[f].slot, kFields[f].multi, last, remote));
  }
  table->talk = load_column(db, kTalkSlot, false, last, remote);
  table->post = load_column(db, kPostSlot, false, last, remote);
  table->date = load_column(db, kDateSlot, false, last, remote);
  if (options.with_sort_keys) table->position = load_column(db, kPositionSlot, false, last, remote);
  return table;
}

const std::string& FacetTable::value(const Column& column, Xapian::docid docid) {
  static const std::string kNone;
  const std::uint32_t id = docid < column.ids.size() ? column.ids[docid] : 0;
  return id ? column.names[id - 1] : kNone;
}

std::shared_ptr<const FacetTable> FacetTableCache::get(const std::filesystem::path& path,
                                                       const std::string& fingerprint,
                                                       const Xapian::Database& db,
                                                       FacetTable::LoadOptions options) {
  const std::lock_guard<std::mutex> lock(mutex_);
  auto& kept = tables_[path.string()];
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (kept[i]->fingerprint == fingerprint &&
        (!options.with_sort_keys || !kept[i]->position.ids.empty() || kept[i]->last_docid == 0)) {
      auto table = kept[i];
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
      kept.push_back(table);  // most recently used last
      return table;
    }
  }
  auto table = FacetTable::load(db, fingerprint, options);
  kept.push_back(table);
  if (kept.size() > kKeptPerPath) kept.erase(kept.begin());
  return table;
}

}  // namespace civic::query
