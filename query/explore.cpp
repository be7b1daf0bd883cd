// Names of the timeline's and ranking's options, and their JSON (GET /api/timeline, /api/top).
#include "query/explore.h"

#include <nlohmann/json.hpp>

#include "query/core/text.h"

namespace civic::query {
namespace {

using json = nlohmann::json;

json series_json(const TimelineSeries& series) {
  json j(json::value_t::object);
  switch (series.kind) {
    case TimelineSeries::Kind::Value:
      j["kind"] = "value";
      j["value"] = series.label;
      j["slug"] = text::slug(series.label);
      break;
    case TimelineSeries::Kind::Other:
      j["kind"] = "other";
      j["value"] = nullptr;
      break;
    case TimelineSeries::Kind::Compare:
      j["kind"] = "compare";
      j["query"] = series.label;
      break;
  }
  j["units_total"] = series.units_total;
  j["talks_total"] = series.talks_total;
  j["units"] = series.units;
  j["talks"] = series.talks;
  return j;
}

void put_shards(const std::vector<std::string>& missing, json& j) {
  j["partial"] = !missing.empty();
  j["missing_shards"] = missing;
}

}  // namespace

std::string_view interval_name(Interval interval) {
  switch (interval) {
    case Interval::Month:
      return "month";
    case Interval::Year:
      return "year";
    case Interval::Auto:
      break;
  }
  return "auto";
}

std::optional<Interval> interval_from_name(std::string_view name) {
  for (Interval i : {Interval::Auto, Interval::Month, Interval::Year}) {
    if (interval_name(i) == name) return i;
  }
  return std::nullopt;
}

std::string_view measure_name(TopMeasure measure) {
  switch (measure) {
    case TopMeasure::Talks:
      return "talks";
    case TopMeasure::Share:
      return "share";
    case TopMeasure::Units:
      break;
  }
  return "units";
}

std::optional<TopMeasure> measure_from_name(std::string_view name) {
  for (TopMeasure m : {TopMeasure::Units, TopMeasure::Talks, TopMeasure::Share}) {
    if (measure_name(m) == name) return m;
  }
  return std::nullopt;
}

std::string to_json(const Timeline& timeline) {
  json j(json::value_t::object);
  j["query"] = timeline.query;
  j["interval"] = interval_name(timeline.interval);
  j["split"] = timeline.split.empty() ? json(nullptr) : json(timeline.split);
  j["total"] = timeline.total;
  j["talks"] = timeline.talks;
  j["undated"] = timeline.undated;
  json buckets = json::array();
  for (const TimelineBucket& b : timeline.buckets) {
    json item(json::value_t::object);
    item["key"] = b.key;
    item["from"] = b.start;
    item["to"] = b.end;
    item["units"] = b.units;
    item["talks"] = b.talks;
    item["all_units"] = b.all_units;
    item["share"] = b.share();
    buckets.push_back(std::move(item));
  }
  j["buckets"] = std::move(buckets);
  json series = json::array();
  for (const auto& s : timeline.series) series.push_back(series_json(s));
  j["series"] = std::move(series);
  json compared = json::array();
  for (const auto& s : timeline.compared) compared.push_back(series_json(s));
  j["compare"] = std::move(compared);
  put_shards(timeline.missing_shards, j);
  j["took_ms"] = timeline.took_ms;
  return j.dump();
}

std::string to_json(const TopList& top) {
  json j(json::value_t::object);
  j["query"] = top.query;
  j["by"] = top.by;
  j["measure"] = measure_name(top.measure);
  j["min"] = top.min_units;
  j["total"] = top.total;
  j["ranked"] = top.ranked;
  json entries = json::array();
  for (const TopEntry& e : top.entries) {
    json item(json::value_t::object);
    item["value"] = e.value;
    item["slug"] = text::slug(e.value);
    item["units"] = e.units;
    item["talks"] = e.talks;
    item["all_units"] = e.all_units;
    item["share"] = e.share();
    entries.push_back(std::move(item));
  }
  j["entries"] = std::move(entries);
  put_shards(top.missing_shards, j);
  j["took_ms"] = top.took_ms;
  return j.dump();
}

}  // namespace civic::query
