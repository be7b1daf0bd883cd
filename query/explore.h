// Seeing the archive rather than searching it: how often a search matched over time (a timeline,
// split by a facet or compared with other queries) and who matched it most (speakers or
// organisations ranked by units, talks or share). Both take a SearchRequest, so every filter
// of a search applies, and both count every match exactly, from the facet table in memory
// (query/internal/explore.h): nothing is scored and no document is read.
// Searcher::timeline() and Searcher::top() (query/searcher.h) compute them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civic::query {

enum class Interval {
  Auto,   ///< months when the dated matches span at most kAutoMonths months, else years
  Month,  ///< "YYYY-MM"
  Year,   ///< "YYYY"
};
inline constexpr int kAutoMonths = 36;

/// "auto", "month", "year" (and back; nullopt for any other name).
std::string_view interval_name(Interval interval);
std::optional<Interval> interval_from_name(std::string_view name);

/// The facets a timeline may be split by and a ranking may rank.
inline constexpr std::string_view kSplitFacets[] = {"speaker", "org", "theme", "event"};
inline constexpr std::string_view kRankedFacets[] = {"speaker", "org"};

inline constexpr int kMaxTimelineTop = 20;  ///< series of a split
inline constexpr int kMaxCompare = 4;       ///< compared queries
inline constexpr int kMaxTopLimit = 100;    ///< entries of a ranking
/// Most buckets a timeline gives: a month timeline over a longer span is refused (ask for years).
inline constexpr std::size_t kMaxBuckets = 600;

struct TimelineOptions {
  Interval interval = Interval::Auto;
  std::string split;  ///< "" (none) or one of kSplitFacets
  int top = 5;        ///< series of the split (1–kMaxTimelineTop), the most frequent values
  std::vector<std::string> compare;  ///< other queries, each with the request's filters
};

/// One interval. Its start and end are the inclusive dates a search narrowed to it would take
/// as `from` and `to`.
struct TimelineBucket {
  std::string key;            ///< "2010" or "2010-05"
  std::string start, end;     ///< YYYY-MM-DD
  std::size_t units = 0;      ///< matching units of the interval
  std::size_t talks = 0;      ///< distinct talks with a matching unit in the interval
  std::size_t all_units = 0;  ///< every unit of the archive in the interval, matching or not
  /// units ÷ all_units: the share of what was said then (0 when the interval has none).
  double share() const {
    return all_units ? static_cast<double>(units) / static_cast<double>(all_units) : 0.0;
  }
};

/// Counts of one series, aligned with Timeline::buckets.
struct TimelineSeries {
  enum class Kind {
    Value,    ///< units whose split facet has `label`: the search with that filter added
    Other,    ///< matching units with none of the series' values (or no value at all)
    Compare,  ///< the compared query `label` with the request's filters
  };
  Kind kind = Kind::Value;
  std::string label;
  std::size_t units_total = 0;     ///< every unit of the series, dated or not
  std::size_t talks_total = 0;     ///< distinct talks of the series, dated or not
  std::vector<std::size_t> units;  ///< per bucket
  std::vector<std::size_t> talks;  ///< per bucket
};

struct Timeline {
  std::string query;
  Interval interval = Interval::Year;  ///< never Auto: what Auto chose
  std::string split;
  std::size_t total = 0;    ///< matching units, as a search counts them ungrouped
  std::size_t talks = 0;    ///< distinct talks among them
  std::size_t undated = 0;  ///< matching units whose post has no date: in no bucket
  /// From the first to the last interval holding a dated match of the query or of a compared
  /// query, every interval between included (empty ones too); none when nothing dated matched.
  std::vector<TimelineBucket> buckets;
  std::vector<TimelineSeries> series;    ///< the split's top values by units, then Other
  std::vector<TimelineSeries> compared;  ///< one per compared query, in the order asked
  std::vector<std::string> missing_shards;
  double took_ms = 0;
};

enum class TopMeasure {
  Units,  ///< matching units
  Talks,  ///< distinct talks with a matching unit
  Share,  ///< matching units ÷ all of the value's units (only values with at least min_units)
};
/// "units", "talks", "share" (and back).
std::string_view measure_name(TopMeasure measure);
std::optional<TopMeasure> measure_from_name(std::string_view name);

struct TopOptions {
  std::string by = "speaker";  ///< one of kRankedFacets
  TopMeasure measure = TopMeasure::Units;
  int limit = 10;  ///< entries (1–kMaxTopLimit)
  /// A value is ranked by share only when the whole archive has at least this many of its units
  /// (one remark of someone who said one thing is 100% of what they said).
  int min_units = 5;
};

struct TopEntry {
  std::string value;
  std::size_t units = 0;      ///< matching units with this value
  std::size_t talks = 0;      ///< distinct talks among them
  std::size_t all_units = 0;  ///< every unit of the archive with this value
  double share() const {
    return all_units ? static_cast<double>(units) / static_cast<double>(all_units) : 0.0;
  }
};

struct TopList {
  std::string query;
  std::string by;
  TopMeasure measure = TopMeasure::Units;
  int min_units = 0;
  std::size_t total = 0;   ///< matching units
  std::size_t ranked = 0;  ///< values that could be ranked (before the limit)
  /// By the measure, most first; ties by units, then by value.
  std::vector<TopEntry> entries;
  std::vector<std::string> missing_shards;
  double took_ms = 0;
};

/// JSON for GET /api/timeline and GET /api/top.
std::string to_json(const Timeline& timeline);
std::string to_json(const TopList& top);

}  // namespace civic::query
