// Timelines and rankings from the facet table. Every match's docid is collected first (4 bytes
// each, per table), then counted in plain loops over the table's columns: a split's top values
// are known only once every match has been seen, and "other" needs each match again.
#include "query/internal/explore.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "query/core/result.h"
#include "query/core/schema.h"

namespace civic::query {
namespace {

class VisitSpy : public Xapian::MatchSpy {
 public:
  VisitSpy(const FacetTable& table, const MatchVisitor& visit) : table_(table), visit_(visit) {}
  void operator()(const Xapian::Document& doc, double) override {
    const Xapian::docid docid = doc.get_docid();
    if (docid <= table_.last_docid) visit_(table_, docid);
  }

 private:
  const FacetTable& table_;
  const MatchVisitor& visit_;
};

void spy_on(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& query,
            const MatchVisitor& visit) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  VisitSpy spy(table, visit);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
}

// A month as one number (year × 12 + month − 1); kUndated for no date.
constexpr int kUndated = -1;

int month_number(const std::string& yyyymmdd) {
  if (yyyymmdd.size() != 8) return kUndated;
  int year = 0, month = 0;
  for (int i = 0; i < 4; ++i) {
    if (yyyymmdd[i] < '0' || yyyymmdd[i] > '9') return kUndated;
    year = year * 10 + (yyyymmdd[i] - '0');
  }
  for (int i = 4; i < 6; ++i) {
    if (yyyymmdd[i] < '0' || yyyymmdd[i] > '9') return kUndated;
    month = month * 10 + (yyyymmdd[i] - '0');
  }
  if (month < 1 || month > 12) return kUndated;
  return year * 12 + month - 1;
}

// Month numbers of a table's date ids (index: date id; 0 is "no date").
std::vector<int> months_of(const FacetTable& table) {
  std::vector<int> out(table.date.names.size() + 1, kUndated);
  for (std::size_t id = 1; id <= table.date.names.size(); ++id) {
    out[id] = month_number(table.date.names[id - 1]);
  }
  return out;
}

std::uint32_t talk_of(const FacetTable& table, Xapian::docid docid) {
  return docid < table.talk.ids.size() ? table.talk.ids[docid] : 0;
}

// The value ids of a column for a docid (single- or multi-valued), appended to `out`.
void value_ids(const FacetTable::Column& column, Xapian::docid docid,
               std::vector<std::uint32_t>& out) {
  out.clear();
  if (!column.offsets.empty()) {
    if (docid + 1 >= column.offsets.size()) return;
    for (std::uint32_t i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) {
      out.push_back(column.values[i]);
    }
    return;
  }
  const std::uint32_t id = docid < column.ids.size() ? column.ids[docid] : 0;
  if (id) out.push_back(id);
}

// Units and distinct talks by month, and overall.
struct SeriesTally {
  std::map<int, std::pair<std::size_t, std::size_t>> by_month;  // month → (units, talks)
  std::size_t units = 0, talks = 0;
};

// Counts of one series over one table, by date id: folded into months once per table, so that
// a match costs array increments, not a map look-up.
struct DateCounts {
  std::vector<std::uint32_t> units, talks;  // by date id
  std::vector<char> seen;                   // by talk id

  explicit DateCounts(const FacetTable& table)
      : units(table.date.names.size() + 1, 0), talks(table.date.names.size() + 1, 0) {}

  void add(const FacetTable& table, Xapian::docid docid) {
    const std::uint32_t date = docid < table.date.ids.size() ? table.date.ids[docid] : 0;
    ++units[date];
    const std::uint32_t talk = talk_of(table, docid);
    if (!talk) return;
    if (seen.empty()) seen.assign(table.talk.names.size() + 1, 0);
    if (!seen[talk]) {
      seen[talk] = 1;
      ++talks[date];
    }
  }

  void fold_into(const std::vector<int>& months, SeriesTally& tally) const {
    for (std::size_t id = 0; id < units.size(); ++id) {
      if (!units[id]) continue;
      auto& [units_then, talks_then] = tally.by_month[months[id]];
      units_then += units[id];
      talks_then += talks[id];
      tally.units += units[id];
      tally.talks += talks[id];
    }
  }
};

// Counts every match of `matches` into one series.
SeriesTally tally_all(const Matches& matches) {
  SeriesTally tally;
  for (const auto& part : matches.per_table) {
    const FacetTable& table = *part.table;
    DateCounts counts(table);
    for (Xapian::docid docid : part.docids) counts.add(table, docid);
    counts.fold_into(months_of(table), tally);
  }
  return tally;
}

std::size_t facet_index(std::string_view name) {
  for (std::size_t f = 0; f < schema::kCountedFacets; ++f) {
    if (schema::kFields[f].name == name) return f;
  }
  return schema::kCountedFacets;
}

// The split's top values by units, then by name, and a tally of each and of "other".
struct SplitTally {
  std::vector<std::string> values;
  std::vector<SeriesTally> series;  // values.size() + 1: the last is "other"
};

SplitTally tally_split(const Matches& matches, std::size_t f, std::size_t top) {
  std::map<std::string, std::size_t> units;
  std::vector<std::uint32_t> ids;
  for (const auto& part : matches.per_table) {
    const FacetTable::Column& column = part.table->facets[f];
    std::vector<std::size_t> counts(column.names.size() + 1, 0);
    for (Xapian::docid docid : part.docids) {
      value_ids(column, docid, ids);
      for (std::uint32_t id : ids) ++counts[id];
    }
    for (std::size_t id = 1; id < counts.size(); ++id) {
      if (counts[id]) units[column.names[id - 1]] += counts[id];
    }
  }
  std::vector<std::pair<std::string, std::size_t>> ranked(units.begin(), units.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > top) ranked.resize(top);

  SplitTally out;
  std::map<std::string, std::size_t> series_of;
  for (const auto& [value, n] : ranked) {
    series_of[value] = out.values.size();
    out.values.push_back(value);
  }
  const std::size_t other = out.values.size();
  out.series.resize(other + 1);
  for (const auto& part : matches.per_table) {
    const FacetTable& table = *part.table;
    const FacetTable::Column& column = table.facets[f];
    std::vector<std::size_t> index(column.names.size() + 1, other);  // value id → series
    for (std::size_t id = 1; id <= column.names.size(); ++id) {
      auto it = series_of.find(column.names[id - 1]);
      if (it != series_of.end()) index[id] = it->second;
    }
    std::vector<DateCounts> counts(other + 1, DateCounts(table));
    for (Xapian::docid docid : part.docids) {
      value_ids(column, docid, ids);
      bool any = false;
      for (std::uint32_t id : ids) {
        if (index[id] == other) continue;
        counts[index[id]].add(table, docid);
        any = true;
      }
      if (!any) counts[other].add(table, docid);
    }
    const std::vector<int> months = months_of(table);
    for (std::size_t s = 0; s <= other; ++s) counts[s].fold_into(months, out.series[s]);
  }
  return out;
}

// Every unit of the archive by month.
std::map<int, std::size_t> all_by_month(ShardSet& shards, const TableSet& tables) {
  std::map<int, std::size_t> out;
  auto add = [&](const FacetTable& table) {
    for (std::size_t id = 1; id <= table.date.names.size(); ++id) {
      const int month = month_number(table.date.names[id - 1]);
      if (month != kUndated) out[month] += table.date.documents[id - 1];
    }
  };
  if (shards.layout() == Layout::LocalShards) {
    for (const auto& table : tables.shards) {
      if (table) add(*table);
    }
  } else if (shards.layout() != Layout::None) {
    add(tables.combined);
  }
  return out;
}

std::string two_digits(int n) { return std::string(1, char('0' + n / 10)) + char('0' + n % 10); }

std::string four_digits(int n) {
  std::string out = std::to_string(n);
  return std::string(out.size() < 4 ? 4 - out.size() : 0, '0') + out;
}

int days_in_month(int year, int month) {  // month 1–12
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// A bucket's number from a month number: the month itself, or its year.
int bucket_of(Interval interval, int month) {
  return interval == Interval::Year ? month / 12 : month;
}

TimelineBucket make_bucket(Interval interval, int number) {
  TimelineBucket bucket;
  if (interval == Interval::Year) {
    const std::string year = four_digits(number);
    bucket.key = year;
    bucket.start = year + "-01-01";
    bucket.end = year + "-12-31";
  } else {
    const int year = number / 12, month = number % 12 + 1;
    bucket.key = four_digits(year) + "-" + two_digits(month);
    bucket.start = bucket.key + "-01";
    bucket.end = bucket.key + "-" + two_digits(days_in_month(year, month));
  }
  return bucket;
}

// A series' counts over the buckets [first, first + n).
TimelineSeries make_series(TimelineSeries::Kind kind, std::string label, const SeriesTally& tally,
                           Interval interval, int first, std::size_t n) {
  TimelineSeries series;
  series.kind = kind;
  series.label = std::move(label);
  series.units_total = tally.units;
  series.talks_total = tally.talks;
  series.units.assign(n, 0);
  series.talks.assign(n, 0);
  for (const auto& [month, counts] : tally.by_month) {
    if (month == kUndated) continue;
    const auto at = static_cast<std::size_t>(bucket_of(interval, month) - first);
    series.units[at] += counts.first;
    series.talks[at] += counts.second;
  }
  return series;
}

}  // namespace

void visit_matches(ShardSet& shards, const TableSet& tables, const Xapian::Query& query,
                   const MatchVisitor& visit) {
  switch (shards.layout()) {
    case Layout::None:
      return;
    case Layout::OneDatabase:
      spy_on(shards.db(), tables.combined, query, visit);
      return;
    case Layout::LocalShards:
      for (std::size_t i = 0; i < shards.size(); ++i) {
        const Xapian::Database* shard = shards.shard(i);
        if (shard && i < tables.shards.size() && tables.shards[i]) {
          spy_on(*shard, *tables.shards[i], query, visit);
        }
      }
      return;
    case Layout::RemoteShards: {
      Xapian::Enquire enquire(shards.db());
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      const Xapian::doccount all = std::max<Xapian::doccount>(shards.db().get_doccount(), 1);
      const Xapian::MSet mset = enquire.get_mset(0, all, all);
      std::vector<Xapian::docid> docids;
      docids.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) docids.push_back(*it);
      std::sort(docids.begin(), docids.end());  // the table's order, as a spy would see them
      for (Xapian::docid docid : docids) {
        if (docid <= tables.combined.last_docid) visit(tables.combined, docid);
      }
      return;
    }
  }
}

Matches collect_matches(ShardSet& shards, const TableSet& tables, const Xapian::Query& query) {
  Matches out;
  const FacetTable* current = nullptr;
  visit_matches(shards, tables, query, [&](const FacetTable& table, Xapian::docid docid) {
    if (&table != current) {
      current = &table;
      out.per_table.push_back({current, {}});
    }
    out.per_table.back().docids.push_back(docid);
  });
  return out;
}

Result<Timeline> count_timeline(ShardSet& shards, const TableSet& tables, const Matches& matches,
                                const std::vector<const Matches*>& compared,
                                const TimelineOptions& options) {
  Timeline timeline;
  timeline.split = options.split;
  const SeriesTally main = tally_all(matches);
  std::vector<SeriesTally> others;
  for (const Matches* other : compared) others.push_back(tally_all(*other));
  SplitTally split;
  if (!options.split.empty()) {
    split = tally_split(matches, facet_index(options.split),
                        static_cast<std::size_t>(std::max(options.top, 1)));
  }
  timeline.total = main.units;
  timeline.talks = main.talks;
  if (auto it = main.by_month.find(kUndated); it != main.by_month.end()) {
    timeline.undated = it->second.first;
  }

  // The span of every dated match, of the query and of the compared ones.
  int first_month = 0, last_month = -1;
  auto widen = [&](const SeriesTally& tally) {
    for (const auto& [month, counts] : tally.by_month) {
      if (month == kUndated) continue;
      if (last_month < first_month) {
        first_month = last_month = month;
      } else {
        first_month = std::min(first_month, month);
        last_month = std::max(last_month, month);
      }
    }
  };
  widen(main);
  for (const auto& other : others) widen(other);
  Interval interval = options.interval;
  if (interval == Interval::Auto) {
    interval = last_month < first_month || last_month - first_month + 1 <= kAutoMonths
                   ? Interval::Month
                   : Interval::Year;
  }
  timeline.interval = interval;
  // No bucket when nothing dated matched; the series still give their (undated) totals.
  const bool dated = last_month >= first_month;
  const int first = dated ? bucket_of(interval, first_month) : 0;
  const int last = dated ? bucket_of(interval, last_month) : -1;
  const auto n = static_cast<std::size_t>(last - first + 1);
  if (n > kMaxBuckets) {
    return fail(ErrorCode::InvalidInput, "interval=month would give " + std::to_string(n) +
                                             " buckets (at most " + std::to_string(kMaxBuckets) +
                                             "): ask for interval=year or narrow from/to");
  }
  for (int b = first; b <= last; ++b) timeline.buckets.push_back(make_bucket(interval, b));
  const TimelineSeries all = make_series(TimelineSeries::Kind::Value, "", main, interval, first, n);
  for (std::size_t i = 0; i < n; ++i) {
    timeline.buckets[i].units = all.units[i];
    timeline.buckets[i].talks = all.talks[i];
  }
  for (const auto& [month, units] : all_by_month(shards, tables)) {
    const int b = bucket_of(interval, month);
    if (b >= first && b <= last)
      timeline.buckets[static_cast<std::size_t>(b - first)].all_units += units;
  }
  for (std::size_t s = 0; s < split.values.size(); ++s) {
    timeline.series.push_back(make_series(TimelineSeries::Kind::Value, split.values[s],
                                          split.series[s], interval, first, n));
  }
  if (!options.split.empty()) {
    timeline.series.push_back(
        make_series(TimelineSeries::Kind::Other, "other", split.series.back(), interval, first, n));
  }
  for (std::size_t c = 0; c < others.size(); ++c) {
    const std::string label = c < options.compare.size() ? options.compare[c] : std::string();
    timeline.compared.push_back(
        make_series(TimelineSeries::Kind::Compare, label, others[c], interval, first, n));
  }
  return timeline;
}

TopList count_top(ShardSet& shards, const TableSet& tables, const Matches& matches,
                  const TopOptions& options) {
  TopList top;
  top.by = options.by;
  top.measure = options.measure;
  top.min_units = options.min_units;
  const std::size_t f = facet_index(options.by);
  top.total = matches.size();
  std::map<std::string, TopEntry> by_value;
  std::vector<std::uint32_t> ids;
  for (const auto& part : matches.per_table) {
    const FacetTable::Column& column = part.table->facets[f];
    std::vector<std::size_t> units(column.names.size() + 1, 0), talks(column.names.size() + 1, 0);
    // A talk's first value (most talks have one speaker and one organisation), and the pairs
    // (value id, talk id) of the talks that have more than one.
    std::vector<std::uint32_t> first_value(part.table->talk.names.size() + 1, 0);
    std::unordered_set<std::uint64_t> more;
    for (Xapian::docid docid : part.docids) {
      value_ids(column, docid, ids);
      const std::uint32_t talk = talk_of(*part.table, docid);
      for (std::uint32_t id : ids) {
        ++units[id];
        if (!talk || first_value[talk] == id) continue;
        if (!first_value[talk]) {
          first_value[talk] = id;
          ++talks[id];
        } else if (more.insert((std::uint64_t{id} << 32) | talk).second) {
          ++talks[id];
        }
      }
    }
    for (std::size_t id = 1; id < units.size(); ++id) {
      if (!units[id]) continue;
      TopEntry& entry = by_value[column.names[id - 1]];
      entry.units += units[id];
      entry.talks += talks[id];
    }
  }
  // Every unit of each ranked value, in the whole archive (every table, matching or not).
  auto add_all_units = [&](const FacetTable& table) {
    const FacetTable::Column& column = table.facets[f];
    for (std::size_t id = 1; id <= column.names.size(); ++id) {
      auto it = by_value.find(column.names[id - 1]);
      if (it != by_value.end()) it->second.all_units += column.documents[id - 1];
    }
  };
  if (shards.layout() == Layout::LocalShards) {
    for (const auto& table : tables.shards) {
      if (table) add_all_units(*table);
    }
  } else if (shards.layout() != Layout::None) {
    add_all_units(tables.combined);
  }

  for (auto& [value, entry] : by_value) {
    if (options.measure == TopMeasure::Share &&
        entry.all_units < static_cast<std::size_t>(std::max(options.min_units, 0))) {
      continue;
    }
    entry.value = value;
    top.entries.push_back(std::move(entry));
  }
  top.ranked = top.entries.size();
  auto measure = [&](const TopEntry& e) {
    switch (options.measure) {
      case TopMeasure::Talks:
        return static_cast<double>(e.talks);
      case TopMeasure::Share:
        return e.share();
      case TopMeasure::Units:
        break;
    }
    return static_cast<double>(e.units);
  };
  std::sort(top.entries.begin(), top.entries.end(), [&](const TopEntry& a, const TopEntry& b) {
    if (options.measure == TopMeasure::Share) {  // exactly: a.units/a.all vs b.units/b.all
      const std::uint64_t sa = std::uint64_t{a.units} * b.all_units;
      const std::uint64_t sb = std::uint64_t{b.units} * a.all_units;
      if (sa != sb) return sa > sb;
    }
    const double ma = measure(a), mb = measure(b);
    if (ma != mb) return ma > mb;
    if (a.units != b.units) return a.units > b.units;
    return a.value < b.value;
  });
  if (top.entries.size() > static_cast<std::size_t>(options.limit)) {
    top.entries.resize(static_cast<std::size_t>(options.limit));
  }
  return top;
}

}  // namespace civic::query
