#include "query/internal/facet_count.h"

#include <algorithm>
#include <cassert>

#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic::query {
namespace {

using namespace civic::schema;

// The index in kFields (and FacetTable::facets) of the kind facet.
std::size_t kind_facet() {
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    if (kFields[f].slot == kKindSlot) return f;
  }
  assert(false && "schema::kFields has a kind facet");
  return 0;
}

}  // namespace

void order_facet_counts(std::vector<FacetCount>& out, std::size_t limit) {
  auto order = [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(),
                      order);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), order);
  }
}

FacetSplit::FacetSplit(const SearchRequest& request) {
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    auto it = request.filters.find(std::string(kFields[f].name));
    (it == request.filters.end() || it->second.empty() ? unselected : selected).push_back(f);
  }
}

FacetSpy::FacetSpy(const FacetTable& table, std::vector<std::size_t> facets, Group group)
    : table_(table), facets_(std::move(facets)), counts_(facets_.size()) {
  if (group == Group::Talk) group_ = &table_.talk;
  if (group == Group::Post) group_ = &table_.post;
  for (std::size_t f = 0; f < facets_.size(); ++f) {
    counts_[f].assign(table_.facets[facets_[f]].names.size() + 1, 0);
  }
}

void FacetSpy::add(Xapian::docid docid) {
  assert(docid <= table_.last_docid);  // the table is of the revision being searched
  ++documents_;
  if (recorded_) recorded_->push_back(docid);
  if (group_) return add_grouped(docid);
  for (std::size_t f = 0; f < facets_.size(); ++f) {
    const FacetTable::Column& column = table_.facets[facets_[f]];
    if (column.ids.empty()) {
      for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) {
        ++counts_[f][column.values[i]];
      }
    } else {
      ++counts_[f][column.ids[docid]];
    }
  }
}

void FacetSpy::add_grouped(Xapian::docid docid) {
  // A document without a group key is a group of its own (ids above every real key).
  const std::uint32_t key = group_->ids[docid];
  const std::uint64_t group =
      key ? key : group_->names.size() + 1 + static_cast<std::uint64_t>(docid);
  groups_.insert(group);
  for (std::size_t f = 0; f < facets_.size(); ++f) {
    const FacetTable::Column& column = table_.facets[facets_[f]];
    // Values can differ inside a group (a talk's units share a speaker, not a kind), so count
    // (value, group) pairs.
    const std::uint64_t stride = column.names.size() + 1;
    auto count_one = [&](std::uint32_t id) {
      if (id && seen_[f].insert(group * stride + id).second) ++counts_[f][id];
    };
    if (column.ids.empty()) {
      for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) {
        count_one(column.values[i]);
      }
    } else {
      count_one(column.ids[docid]);
    }
  }
}

std::vector<FacetCount> FacetSpy::counts(std::size_t f, std::size_t limit) const {
  const FacetTable::Column& column = table_.facets[facets_[f]];
  std::vector<FacetCount> out;
  for (std::size_t id = 1; id < counts_[f].size(); ++id) {
    if (counts_[f][id] && !column.names[id - 1].empty()) {
      out.push_back({column.names[id - 1], counts_[f][id]});
    }
  }
  order_facet_counts(out, limit);
  return out;
}

std::vector<char> SelectionDecider::allowed_ids(const FacetTable::Column& column,
                                                const std::vector<std::string>& values) {
  std::vector<char> allowed(column.names.size() + 1, 0);
  for (const auto& value : values) {
    const std::string_view wanted = text::truncate_utf8(value, kMaxTermValueBytes);
    for (std::size_t id = 1; id <= column.names.size(); ++id) {
      if (text::truncate_utf8(column.names[id - 1], kMaxTermValueBytes) == wanted) allowed[id] = 1;
    }
  }
  return allowed;
}

bool SelectionDecider::operator()(const Xapian::Document& doc) const {
  const Xapian::docid docid = doc.get_docid();
  assert(docid <= table_.last_docid);
  std::size_t failed = 0, failing = 0;
  for (std::size_t s = 0; s < selections_.size(); ++s) {
    if (passes(selections_[s], docid)) continue;
    if (++failed > 1) return false;
    failing = s;
  }
  if (failed == 1) {
    selections_[failing].counts->add(docid);
    return false;
  }
  for (const Selection& selection : selections_) selection.counts->add(docid);
  return true;
}

bool SelectionDecider::passes(const Selection& selection, Xapian::docid docid) const {
  const FacetTable::Column& column = table_.facets[selection.facet];
  if (!column.ids.empty()) return selection.allowed[column.ids[docid]];
  for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) {
    if (selection.allowed[column.values[i]]) return true;
  }
  return false;
}

bool is_reader_kind(std::string_view kind_name) {
  const auto kind = unit_kind_from_name(kind_name);
  return kind == UnitKind::Comment || kind == UnitKind::Pingback;
}

std::string KindRankKey::operator()(const Xapian::Document& doc) const {
  return std::string(1, is_reader_kind(doc.get_value(kKindSlot)) ? '0' : '1');
}

RankKey::RankKey(const FacetTable& table) : kinds_(table.facets[kind_facet()]) {
  for (const auto& name : kinds_.names) is_reader_.push_back(is_reader_kind(name));
}

std::string RankKey::operator()(const Xapian::Document& doc) const {
  return is_reader(doc.get_docid()) ? std::string(1, '0') : std::string(1, '1');
}

}  // namespace civic::query
