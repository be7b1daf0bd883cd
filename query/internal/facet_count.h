// INTERNAL to civic_query. Exact, multi-select facet counts from a FacetTable: the match spy
// that counts, the decider that applies selected facets' filters in the same match run, the
// split of a request's facets into selected and unselected, and the rank keys (talk text above
// readers' comments) that read the same table.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "query/internal/facet_table.h"
#include "query/request.h"
#include "query/searcher.h"

namespace civic::query {

/// Facet values by count, then name; the first `limit` of them.
void order_facet_counts(std::vector<FacetCount>& out, std::size_t limit);

/// The request's counted facets (indexes into schema::kFields) split by whether it selects values
/// of them: multi-select counts a selected facet with every filter but its own.
struct FacetSplit {
  explicit FacetSplit(const SearchRequest& request);
  std::vector<std::size_t> unselected, selected;
};

/// Counts facet values over every matching document (exact: the Enquire is run with
/// checkatleast = doccount, see docs/facets.rst), from the FacetTable's ids: per match only its
/// docid is read. With grouping it counts distinct groups, and each value once per group.
class FacetSpy : public Xapian::MatchSpy {
 public:
  /// `facets`: which of the table's facets to count (indexes into table.facets).
  FacetSpy(const FacetTable& table, std::vector<std::size_t> facets, Group group);

  void operator()(const Xapian::Document& doc, double) override { add(doc.get_docid()); }

  /// One matching document (also called directly with the docids of an MSet: remote shards run
  /// match spies themselves, and can run only the ones registered with xapian-tcpsrv).
  void add(Xapian::docid docid);

  std::string name() const override { return "civic::FacetSpy"; }

  /// Also appends every docid added to `docids` (in the order added), so that the timeline and
  /// the ranking of the same search need no match of their own (query/internal/explore.h).
  void record_into(std::vector<Xapian::docid>* docids) { recorded_ = docids; }

  std::size_t total() const { return group_ ? groups_.size() : documents_; }
  std::size_t units() const { return documents_; }  ///< matching units, grouped or not

  /// The values of the `f`-th counted facet (in the constructor's `facets` order).
  std::vector<FacetCount> counts(std::size_t f, std::size_t limit) const;

 private:
  void add_grouped(Xapian::docid docid);

  const FacetTable& table_;
  std::vector<std::size_t> facets_;  // indexes into table_.facets
  const FacetTable::Column* group_ = nullptr;
  std::vector<std::vector<std::size_t>> counts_;  // [facet][value id]
  std::unordered_map<std::size_t, std::unordered_set<std::uint64_t>> seen_;
  std::unordered_set<std::uint64_t> groups_;
  std::size_t documents_ = 0;
  std::vector<Xapian::docid>* recorded_ = nullptr;
};

/// Multi-select in one match run. The query runs without its facet filters; this decider applies
/// them from the FacetTable's ids and accepts only documents that pass all of them (the hits, the
/// total and the other facets' counts, via the Enquire's FacetSpy). A document failing exactly
/// one selected facet's filter is counted for that facet alone: each selected facet is counted
/// with every filter but its own, as a second run per selected facet did before. A filter value
/// matches a document value when their boolean terms are equal (schema::boolean_term()).
class SelectionDecider : public Xapian::MatchDecider {
 public:
  struct Selection {
    std::size_t facet;          // index into table.facets
    std::vector<char> allowed;  // by value id
    FacetSpy* counts;           // this facet's counts
  };

  SelectionDecider(const FacetTable& table, std::vector<Selection> selections)
      : table_(table), selections_(std::move(selections)) {}

  /// Which value ids of `column` are among `values`.
  static std::vector<char> allowed_ids(const FacetTable::Column& column,
                                       const std::vector<std::string>& values);

  bool operator()(const Xapian::Document& doc) const override;

 private:
  bool passes(const Selection& selection, Xapian::docid docid) const;

  const FacetTable& table_;
  std::vector<Selection> selections_;
};

/// Readers' comments and pingbacks, which rank below talk text (KindRankKey, RankKey).
bool is_reader_kind(std::string_view kind_name);

/// RankKey's order from the kind value of each document: over several local databases a
/// KeyMaker is given documents whose get_docid() is not the combined docid, but their values are
/// read from the right shard.
class KindRankKey : public Xapian::KeyMaker {
 public:
  std::string operator()(const Xapian::Document& doc) const override;
};

/// The relevance sort's first key, talk text above readers' comments, from the kind ids in memory
/// (no value is read per match; the index stores no rank value since schema 2).
class RankKey : public Xapian::KeyMaker {
 public:
  explicit RankKey(const FacetTable& table);
  std::string operator()(const Xapian::Document& doc) const override;

  /// Whether a document of the table (by its docid there) is a reader's comment or pingback.
  bool is_reader(Xapian::docid docid) const {
    const std::uint32_t id = kinds_.ids[docid];
    return id && is_reader_[id - 1];
  }

 private:
  const FacetTable::Column& kinds_;
  std::vector<bool> is_reader_;
};

}  // namespace civic::query
