// The search page's timeline chart and "who said it most" panel (see explore_parts.h). The chart
// is laid out here in SVG user units at its natural size (text is never scaled down: a narrow
// screen scrolls the plot sideways instead), so the page reserves its box before it paints.
#include "web/explore_parts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "query/core/html.h"
#include "query/core/schema.h"
#include "query/core/text.h"
#include "web/html.h"
#include "web/params.h"

namespace civic::web {
namespace {

using query::Timeline;
using query::TimelineBucket;
using query::TimelineSeries;
using query::TopEntry;
using query::TopList;
using query::TopMeasure;

// --- Numbers -------------------------------------------------------------------------------------

std::string fixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// A share as a percentage with as many decimals as tell small shares apart: "12%", "4.1%",
// "0.35%".
std::string percent(double share) {
  const double p = share * 100;
  if (p == 0) return "0%";
  return fixed(p, p >= 10 ? 0 : p >= 1 ? 1 : 2) + "%";
}

// An SVG coordinate: one decimal at most ("12", "12.5").
std::string num(double value) {
  std::string out = fixed(value, 1);
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
  return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return thousands(n) + " " + (n == 1 ? one : many);
}

// The step of an axis from 0 to `max` with about three gridlines: 1, 2 or 5 × 10^k.
double nice_step(double max, double smallest) {
  const double rough = std::max(max / 3, smallest);
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  for (double f : {1.0, 2.0, 5.0, 10.0}) {
    if (f * magnitude >= rough) return f * magnitude;
  }
  return 10 * magnitude;
}

// --- Parameters ----------------------------------------------------------------------------------

std::string first_value(const Params& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

template <std::size_t N>
bool is_one_of(const std::string& value, const std::string_view (&names)[N]) {
  return std::find(std::begin(names), std::end(names), value) != std::end(names);
}

// `search` with `from`/`to` narrowed to [start, end] (within the search's own range), then
// `view`.
LinkParams narrowed_to(const LinkParams& search, const std::string& start, const std::string& end,
                       const LinkParams& view) {
  std::string from = start, to = end;
  LinkParams out;
  for (const auto& pair : search) {
    if (pair.first == "from") {
      from = std::max(from, pair.second);
    } else if (pair.first == "to") {
      to = std::min(to, pair.second);
    } else {
      out.push_back(pair);
    }
  }
  out.emplace_back("from", from);
  out.emplace_back("to", to);
  out.insert(out.end(), view.begin(), view.end());
  return out;
}

// `search` with the filter `facet`=`value` added (once), then `view`.
LinkParams filtered_by(const LinkParams& search, const std::string& facet, const std::string& value,
                       const LinkParams& view) {
  LinkParams out = search;
  if (std::find(out.begin(), out.end(), std::pair{facet, value}) == out.end()) {
    out.emplace_back(facet, value);
  }
  out.insert(out.end(), view.begin(), view.end());
  return out;
}

// How a row of choices shows its label: beside them, or to screen readers only (when the row
// speaks for itself).
enum class Label { Shown, Hidden };

// A row of links choosing one of `choices` (value, label) for the view; the chosen one is
// aria-current. `make` gives the view of a choice.
template <typename Make>
std::string link_switch(const std::string& id, const std::string& label, Label shown,
                        const std::vector<std::pair<std::string, std::string>>& choices,
                        const std::string& chosen, const LinkParams& search, Make make) {
  const char* css = shown == Label::Shown ? "link-switch-label" : "visually-hidden";
  std::string out = "<div class=\"link-switch\" role=\"group\" aria-labelledby=\"" + id +
                    "\"><span class=\"" + css + "\" id=\"" + id + "\">" + label + "</span>";
  for (const auto& [value, text] : choices) {
    LinkParams pairs = search;
    const LinkParams view = explore_link_params(make(value));
    pairs.insert(pairs.end(), view.begin(), view.end());
    out += "<a href=\"" + html::escape(link("/search", pairs)) + "\"" +
           (value == chosen ? " aria-current=\"true\"" : "") + ">" + text + "</a>";
  }
  return out + "</div>";
}

// --- The chart's layout ------------------------------------------------------------------------

constexpr double kLeft = 48;  // the y axis' labels
constexpr double kRight = 8;
constexpr double kTop = 8;
constexpr double kPlotHeight = 132;
constexpr double kAxisHeight = 34;  // two lines of x labels (month, then year)
constexpr double kMaxPlotWidth = 600;
// A chart at most this wide may be shrunk to fit a narrower column (app.css: .timeline-svg.fits);
// a wider one (a long month timeline asked for) keeps its size and scrolls.
constexpr double kFitWidth = 720;
constexpr double kMinSlot = 10, kMaxSlot = 56;
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// One stacked part of a bar: its series' class and its height in the chart's measure.
struct Segment {
  std::string css_class;
  double value = 0;
};

// `units` of `bucket` in the chart's measure: units, or their share of the interval's units.
double measure(const TimelineBucket& bucket, std::size_t units, bool share) {
  if (!share) return static_cast<double>(units);
  return bucket.all_units ? static_cast<double>(units) / static_cast<double>(bucket.all_units) : 0;
}

std::size_t at(const std::vector<std::size_t>& counts, std::size_t b) {
  return b < counts.size() ? counts[b] : 0;
}

// What one bar shows, in the chart's measure.
std::vector<Segment> segments(const Timeline& timeline, std::size_t b, bool share) {
  const TimelineBucket& bucket = timeline.buckets[b];
  auto measure = [&](std::size_t units) { return civic::web::measure(bucket, units, share); };
  if (timeline.series.empty()) return {{"s-all", measure(bucket.units)}};
  std::vector<Segment> out;
  int value_index = 0;
  for (const TimelineSeries& series : timeline.series) {
    const std::size_t units = b < series.units.size() ? series.units[b] : 0;
    const std::string css = series.kind == TimelineSeries::Kind::Other
                                ? std::string("s-other")
                                : "s" + std::to_string(value_index++);
    out.push_back({css, measure(units)});
  }
  return out;
}

int bucket_year(const TimelineBucket& bucket) { return std::atoi(bucket.key.substr(0, 4).c_str()); }
int bucket_month(const TimelineBucket& bucket) {  // 1–12; 0 for a year bucket
  return bucket.key.size() == 7 ? std::atoi(bucket.key.substr(5, 2).c_str()) : 0;
}

// "2012" or "May 2012".
std::string bucket_name(const TimelineBucket& bucket) {
  const int month = bucket_month(bucket);
  if (month < 1 || month > 12) return bucket.key;
  return std::string(kMonths[static_cast<std::size_t>(month - 1)]) + " " + bucket.key.substr(0, 4);
}

std::string series_name(const TimelineSeries& series) {
  switch (series.kind) {
    case TimelineSeries::Kind::Other:
      return "other";
    case TimelineSeries::Kind::Compare:
      return "\u201c" + series.label + "\u201d";
    case TimelineSeries::Kind::Value:
      break;
  }
  return series.label;
}

// "2012: 23 units" (or the share), then the split's parts: what a bar's link is called.
std::string bar_label(const Timeline& timeline, std::size_t b, bool share) {
  const TimelineBucket& bucket = timeline.buckets[b];
  std::string out = bucket_name(bucket) + ": ";
  if (share) {
    out += percent(bucket.share()) + " of what was said (" + thousands(bucket.units) + " of " +
           plural(bucket.all_units, "unit", "units") + ")";
  } else {
    out += plural(bucket.units, "unit", "units");
  }
  std::string parts;
  for (const TimelineSeries& series : timeline.series) {
    const std::size_t units = at(series.units, b);
    if (units == 0) continue;
    parts += (parts.empty() ? "" : ", ") + series_name(series) + " " + thousands(units);
  }
  if (!parts.empty()) out += "; " + parts;
  std::string compared;
  for (const TimelineSeries& series : timeline.compared) {
    const std::size_t units = at(series.units, b);
    compared += (compared.empty() ? "" : ", ") + series_name(series) + " " +
                (share ? percent(measure(bucket, units, true)) : thousands(units));
  }
  return compared.empty() ? out : out + "; compared: " + compared;
}

// The x axis' labels under bucket `b`: the first line (a year, or a month) and the second (the
// year under a month), empty when that bucket is not labelled.
std::pair<std::string, std::string> x_labels(const Timeline& timeline, std::size_t b, double slot) {
  const TimelineBucket& bucket = timeline.buckets[b];
  const int month = bucket_month(bucket);
  if (month == 0) {
    const int every = static_cast<int>(std::ceil(36 / slot));
    const bool shown = timeline.buckets.size() == 1 || bucket_year(bucket) % every == 0;
    return {shown ? bucket.key : std::string(), ""};
  }
  int every = 12;
  for (int k : {1, 2, 3, 6}) {
    if (k * slot >= 30) {
      every = k;
      break;
    }
  }
  std::string first = (month - 1) % every == 0 || timeline.buckets.size() == 1
                          ? std::string(kMonths[static_cast<std::size_t>(month - 1)])
                          : std::string();
  // The year under each January, and under the first bar when the next January is far enough.
  const bool year = month == 1 || (b == 0 && (13 - month) * slot >= 40);
  return {first, year ? bucket.key.substr(0, 4) : std::string()};
}

std::string axis_value(double value, bool share, double step) {
  if (!share) return thousands(static_cast<std::size_t>(std::llround(value)));
  const double p = value * 100, step_p = step * 100;
  return fixed(p, step_p >= 1 ? 0 : step_p >= 0.1 ? 1 : 2) + "%";
}

// The y axis and its gridlines (decorative: the bars' links and the table carry the numbers).
std::string y_axis(double top, double step, bool share, double plot_width) {
  std::string out;
  for (int i = 0; i * step <= top * 1.0001; ++i) {
    const double value = i * step;
    const double y = kTop + kPlotHeight - value / top * kPlotHeight;
    out += "<line class=\"" + std::string(i == 0 ? "axis" : "grid") + "\" x1=\"" + num(kLeft) +
           "\" x2=\"" + num(kLeft + plot_width) + "\" y1=\"" + num(y) + "\" y2=\"" + num(y) +
           "\"/><text class=\"tick\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\">" + axis_value(value, share, step) + "</text>";
  }
  return out;
}

// One bar: a link over the bucket's whole column (so that a short bar is easy to hit) holding its
// stacked segments. A bucket with no match has no link: nothing would be found there.
std::string bar(const Timeline& timeline, std::size_t b, double x, double slot, double top,
                bool share, const std::string& href) {
  const std::vector<Segment> parts = segments(timeline, b, share);
  if (timeline.buckets[b].units == 0) return "";
  const double width = std::max(4.0, slot * 0.72);
  const double left = x + (slot - width) / 2;
  const std::string label = html::escape(bar_label(timeline, b, share));
  // The <title> names the link (and is its tooltip); an aria-label as well would be read twice.
  std::string out = "<a class=\"bar\" href=\"" + html::escape(href) + "\"><title>" + label +
                    "</title><rect class=\"bar-hit\" x=\"" + num(x) + "\" y=\"" + num(kTop) +
                    "\" width=\"" + num(slot) + "\" height=\"" + num(kPlotHeight) + "\"/>";
  double y = kTop + kPlotHeight;
  for (const Segment& part : parts) {
    if (part.value <= 0) continue;
    const double height = std::max(1.0, part.value / top * kPlotHeight);
    y -= height;
    out += "<rect class=\"" + part.css_class + "\" x=\"" + num(left) + "\" y=\"" + num(y) +
           "\" width=\"" + num(width) + "\" height=\"" + num(height) + "\"/>";
  }
  return out + "</a>";
}

// The compared queries as lines over the bars, a dot per interval (decorative: each bar's name
// and the table carry their numbers).
std::string compare_lines(const Timeline& timeline, double slot, double top, bool share) {
  if (timeline.compared.empty()) return "";
  std::string out = "<g class=\"compare\" aria-hidden=\"true\">";
  for (std::size_t c = 0; c < timeline.compared.size(); ++c) {
    const std::string css = "c" + std::to_string(c);
    std::string points, dots;
    for (std::size_t b = 0; b < timeline.buckets.size(); ++b) {
      const double x = kLeft + slot * (static_cast<double>(b) + 0.5);
      const double value = measure(timeline.buckets[b], at(timeline.compared[c].units, b), share);
      const double y = kTop + kPlotHeight - value / top * kPlotHeight;
      points += (points.empty() ? "" : " ") + num(x) + "," + num(y);
      dots +=
          "<circle class=\"" + css + "\" cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"2.5\"/>";
    }
    out += "<polyline class=\"" + css + "\" points=\"" + points + "\" fill=\"none\"/>" + dots;
  }
  return out + "</g>";
}

std::string chart_svg(const Timeline& timeline, const LinkParams& search, const LinkParams& view,
                      bool share, const std::string& label) {
  const std::size_t n = timeline.buckets.size();
  const double slot = std::clamp(kMaxPlotWidth / static_cast<double>(n), kMinSlot, kMaxSlot);
  const double plot_width = slot * static_cast<double>(n);
  const double width = kLeft + plot_width + kRight, height = kTop + kPlotHeight + kAxisHeight;
  double highest = 0;
  for (std::size_t b = 0; b < n; ++b) {
    double sum = 0;
    for (const Segment& part : segments(timeline, b, share)) sum += part.value;
    highest = std::max(highest, sum);
    for (const TimelineSeries& series : timeline.compared) {
      highest = std::max(highest, measure(timeline.buckets[b], at(series.units, b), share));
    }
  }
  const double step = nice_step(highest, share ? 0.0001 : 1);
  const double top = std::max(step, std::ceil(highest / step - 1e-9) * step);

  std::string out = std::string("<svg class=\"timeline-svg") + (width <= kFitWidth ? " fits" : "") +
                    "\" role=\"group\" aria-label=\"" + html::escape(label) + "\" width=\"" +
                    num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) +
                    " " + num(height) + "\"><g aria-hidden=\"true\">" +
                    y_axis(top, step, share, plot_width);
  for (std::size_t b = 0; b < n; ++b) {
    const auto [first, second] = x_labels(timeline, b, slot);
    const double centre = kLeft + slot * (static_cast<double>(b) + 0.5);
    const double y = kTop + kPlotHeight + 14;
    if (!first.empty()) {
      out += "<text class=\"tick\" x=\"" + num(centre) + "\" y=\"" + num(y) +
             "\" text-anchor=\"middle\">" + html::escape(first) + "</text>";
    }
    if (!second.empty()) {
      out += "<text class=\"tick tick-year\" x=\"" + num(centre) + "\" y=\"" + num(y + 14) +
             "\" text-anchor=\"middle\">" + html::escape(second) + "</text>";
    }
  }
  out += "</g>";
  for (std::size_t b = 0; b < n; ++b) {
    const TimelineBucket& bucket = timeline.buckets[b];
    const std::string href = link("/search", narrowed_to(search, bucket.start, bucket.end, view));
    out += bar(timeline, b, kLeft + slot * static_cast<double>(b), slot, top, share, href);
  }
  return out + compare_lines(timeline, slot, top, share) + "</svg>";
}

// --- The chart's other parts ---------------------------------------------------------------------

const schema::Field* field_named(const std::string& name) {
  for (const schema::Field& field : schema::kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

// `view`'s pairs without compare=`q`.
LinkParams without_compare(const LinkParams& view, const std::string& q) {
  LinkParams out;
  for (const auto& pair : view) {
    if (pair != std::pair<std::string, std::string>{"compare", q}) out.push_back(pair);
  }
  return out;
}

// The compared queries' legend: each a search of its own (the same filters) and a way to drop it.
std::string compare_legend(const Timeline& timeline, const LinkParams& search,
                           const LinkParams& view) {
  std::string out;
  for (std::size_t c = 0; c < timeline.compared.size(); ++c) {
    const TimelineSeries& series = timeline.compared[c];
    LinkParams own = {{"q", series.label}};
    for (const auto& pair : search) {
      if (pair.first != "q") own.push_back(pair);
    }
    LinkParams dropped = search;
    const LinkParams kept = without_compare(view, series.label);
    dropped.insert(dropped.end(), kept.begin(), kept.end());
    const std::string name = html::escape(series_name(series));
    out += "<li><span class=\"swatch line c" + std::to_string(c) +
           "\" aria-hidden=\"true\"></span><a class=\"legend-name\" href=\"" +
           html::escape(link("/search", own)) + "\">" + name +
           "</a> <span class=\"legend-count\">" + thousands(series.units_total) +
           "</span> <a class=\"legend-drop\" href=\"" + html::escape(link("/search", dropped)) +
           "\">remove<span class=\"visually-hidden\"> " + name + "</span></a></li>";
  }
  return out;
}

std::string legend(const Timeline& timeline, const LinkParams& search, const LinkParams& view) {
  if (timeline.series.empty() && timeline.compared.empty()) return "";
  std::string out = "<ul class=\"timeline-legend\">";
  if (timeline.series.empty()) {
    out +=
        "<li><span class=\"swatch s-all\" aria-hidden=\"true\"></span><span "
        "class=\"legend-name\">" +
        html::escape(timeline.query.empty() ? std::string("Everything")
                                            : "\u201c" + timeline.query + "\u201d") +
        "</span> <span class=\"legend-count\">" + thousands(timeline.total) + "</span></li>";
  }
  int value_index = 0;
  for (const TimelineSeries& series : timeline.series) {
    const bool other = series.kind == TimelineSeries::Kind::Other;
    const std::string css = other ? std::string("s-other") : "s" + std::to_string(value_index++);
    out += "<li><span class=\"swatch " + css + "\" aria-hidden=\"true\"></span>";
    if (other) {
      out += "<span class=\"legend-name\">Other</span>";
    } else {
      out +=
          "<a class=\"legend-name\" href=\"" +
          html::escape(link("/search", filtered_by(search, timeline.split, series.label, view))) +
          "\">" + html::escape(series.label) + "</a>";
    }
    out += " <span class=\"legend-count\">" + thousands(series.units_total) + "</span></li>";
  }
  out += compare_legend(timeline, search, view) + "</ul>";
  const schema::Field* field = field_named(timeline.split);
  if (field && field->multi) {
    out += "<p class=\"timeline-note\">A unit with several " + std::string(field->plural) +
           " counts once for each.</p>";
  }
  return out;
}

std::string table(const Timeline& timeline) {
  const bool by_month = timeline.interval == query::Interval::Month;
  std::string out =
      "<details class=\"timeline-table\"><summary>The numbers as a table</summary>"
      "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"The timeline's "
      "numbers\"><table><thead><tr><th scope=\"col\">" +
      std::string(by_month ? "Month" : "Year") +
      "</th><th scope=\"col\">Units</th><th scope=\"col\">Talks</th><th scope=\"col\">All "
      "units</th><th scope=\"col\">Share</th>";
  for (const auto* group : {&timeline.series, &timeline.compared}) {
    for (const TimelineSeries& series : *group) {
      out += "<th scope=\"col\">" + html::escape(series_name(series)) + "</th>";
    }
  }
  out += "</tr></thead><tbody>";
  for (std::size_t b = 0; b < timeline.buckets.size(); ++b) {
    const TimelineBucket& bucket = timeline.buckets[b];
    out += "<tr><th scope=\"row\">" + html::escape(bucket_name(bucket)) + "</th><td>" +
           thousands(bucket.units) + "</td><td>" + thousands(bucket.talks) + "</td><td>" +
           thousands(bucket.all_units) + "</td><td>" + percent(bucket.share()) + "</td>";
    for (const auto* group : {&timeline.series, &timeline.compared}) {
      for (const TimelineSeries& series : *group)
        out += "<td>" + thousands(at(series.units, b)) + "</td>";
    }
    out += "</tr>";
  }
  return out + "</tbody></table></div></details>";
}

// "Compare with": a GET form adding a query to compare, with the same filters (the search and the
// view ride in hidden fields); gone once kMaxCompare queries are compared.
std::string compare_form(const LinkParams& search, const ExploreView& view) {
  if (view.timeline.compare.size() >= static_cast<std::size_t>(query::kMaxCompare)) return "";
  std::string out = "<form class=\"timeline-compare\" action=\"/search\" method=\"get\">";
  LinkParams fields = search;
  const LinkParams view_params = explore_link_params(view);
  fields.insert(fields.end(), view_params.begin(), view_params.end());
  for (const auto& [name, value] : fields) {
    out += "<input type=\"hidden\" name=\"" + html::escape(name) + "\" value=\"" +
           html::escape(value) + "\">";
  }
  return out +
         "<label for=\"compare-q\">Compare with</label><input id=\"compare-q\" name=\"compare\" "
         "type=\"search\" placeholder=\"another query\" autocomplete=\"off\" "
         "spellcheck=\"false\"><button type=\"submit\">Add</button></form>";
}

std::string chart_controls(const LinkParams& search, const ExploreView& view) {
  auto with_share = [&view](const std::string& value) {
    ExploreView v = view;
    v.share = value == "share";
    return v;
  };
  auto with_split = [&view](const std::string& value) {
    ExploreView v = view;
    v.timeline.split = value == "none" ? std::string() : value;
    return v;
  };
  const std::string split = view.timeline.split.empty() ? "none" : view.timeline.split;
  return "<div class=\"timeline-controls\">" +
         link_switch("timeline-show", "Show", Label::Shown,
                     {{"units", "Units"}, {"share", "Share of all that was said"}},
                     view.share ? "share" : "units", search, with_share) +
         link_switch("timeline-split", "Split by", Label::Shown,
                     {{"none", "Nothing"},
                      {"speaker", "Speaker"},
                      {"org", "Organisation"},
                      {"theme", "Theme"}},
                     split, search, with_split) +
         compare_form(search, view) + "</div>";
}

}  // namespace

ExploreView explore_view(const Params& params) {
  ExploreView view;
  view.timeline.top = kChartSeries;
  view.top.limit = kPanelEntries;
  if (const std::string split = first_value(params, "split"); is_one_of(split, query::kSplitFacets))
    view.timeline.split = split;
  if (auto interval = query::interval_from_name(first_value(params, "interval")))
    view.timeline.interval = *interval;
  view.share = first_value(params, "chart") == "share";
  if (const std::string by = first_value(params, "by"); is_one_of(by, query::kRankedFacets))
    view.top.by = by;
  if (auto measure = query::measure_from_name(first_value(params, "measure")))
    view.top.measure = *measure;
  if (auto min = int_param(params, "min", view.top.min_units, 0, 1000000))
    view.top.min_units = *min;
  // Other queries to compare, as GET /api/timeline takes them; an empty field is no query.
  auto [first, last] = params.equal_range("compare");
  for (auto it = first; it != last; ++it) {
    if (view.timeline.compare.size() == static_cast<std::size_t>(query::kMaxCompare)) break;
    if (!text::is_valid_utf8(it->second) || it->second.size() > query::kMaxQueryBytes) continue;
    const std::string q = text::collapse_whitespace(it->second);
    auto& compare = view.timeline.compare;
    if (!q.empty() && std::find(compare.begin(), compare.end(), q) == compare.end())
      compare.push_back(q);
  }
  return view;
}

LinkParams explore_link_params(const ExploreView& view) {
  const query::TopOptions defaults;
  LinkParams out;
  if (view.share) out.emplace_back("chart", "share");
  if (!view.timeline.split.empty()) out.emplace_back("split", view.timeline.split);
  if (view.timeline.interval != query::Interval::Auto)
    out.emplace_back("interval", std::string(query::interval_name(view.timeline.interval)));
  for (const std::string& q : view.timeline.compare) out.emplace_back("compare", q);
  if (view.top.by != defaults.by) out.emplace_back("by", view.top.by);
  if (view.top.measure != defaults.measure)
    out.emplace_back("measure", std::string(query::measure_name(view.top.measure)));
  if (view.top.min_units != defaults.min_units)
    out.emplace_back("min", std::to_string(view.top.min_units));
  return out;
}

std::string render_timeline(const Timeline* timeline, const LinkParams& search,
                            const ExploreView& view) {
  if (!timeline || timeline->buckets.empty()) {
    return "<section class=\"timeline\" id=\"timeline\" hidden></section>";
  }
  const Timeline& t = *timeline;
  const bool by_month = t.interval == query::Interval::Month;
  const LinkParams view_params = explore_link_params(view);
  std::string span = bucket_name(t.buckets.front());
  if (t.buckets.size() > 1) span += "\u2013" + bucket_name(t.buckets.back());
  std::string summary =
      plural(t.total, "unit", "units") + " by " + (by_month ? "month" : "year") + ", " + span;
  if (view.share) summary += ", as a share of all that was said then";
  if (t.undated > 0) summary += " (" + thousands(t.undated) + " undated, not shown)";
  std::string out =
      "<section class=\"timeline\" id=\"timeline\" aria-labelledby=\"timeline-heading\">"
      "<div class=\"timeline-head\"><h2 id=\"timeline-heading\">When it was said</h2>"
      "<p class=\"timeline-summary\">" +
      html::escape(summary) + "</p></div>" + chart_controls(search, view);
  out += "<div class=\"timeline-plot\">" +
         chart_svg(t, search, view_params, view.share,
                   "Matches by " + std::string(by_month ? "month" : "year") +
                       "; each bar narrows the search to its " + (by_month ? "month" : "year")) +
         "</div>";
  return out + legend(t, search, view_params) + table(t) + "</section>";
}

std::string render_activity(const Timeline& timeline, const LinkParams& search,
                            const std::string& who) {
  if (timeline.buckets.empty()) return {};
  const bool by_month = timeline.interval == query::Interval::Month;
  const std::string unit = by_month ? "month" : "year";
  // div.timeline: the chart's colours and table styles are those of the search page's.
  return "<div class=\"timeline profile-activity\"><div class=\"timeline-plot\">" +
         chart_svg(timeline, search, {}, false,
                   "Units of " + who + " by " + unit + "; each bar opens the search of what " +
                       who + " said that " + unit) +
         "</div>" + table(timeline) + "</div>";
}

std::string value_page_path(const std::string& facet, const std::string& value) {
  const std::string slug = text::slug(value);
  if (slug.empty()) return "";
  return (facet == "org" ? "/orgs/" : "/speakers/") + url_encode(slug);
}

namespace {

double entry_measure(const TopEntry& entry, TopMeasure measure) {
  switch (measure) {
    case TopMeasure::Talks:
      return static_cast<double>(entry.talks);
    case TopMeasure::Share:
      return entry.share();
    case TopMeasure::Units:
      break;
  }
  return static_cast<double>(entry.units);
}

std::string entry_count(const TopEntry& entry, TopMeasure measure) {
  switch (measure) {
    case TopMeasure::Talks:
      return plural(entry.talks, "talk", "talks");
    case TopMeasure::Share:
      return percent(entry.share()) + " \u00b7 " + thousands(entry.units) + " of " +
             thousands(entry.all_units);
    case TopMeasure::Units:
      break;
  }
  return plural(entry.units, "unit", "units");
}

std::string who_controls(const LinkParams& search, const ExploreView& view) {
  auto with_by = [&view](const std::string& value) {
    ExploreView v = view;
    v.top.by = value;
    return v;
  };
  auto with_measure = [&view](const std::string& value) {
    ExploreView v = view;
    v.top.measure = query::measure_from_name(value).value_or(TopMeasure::Units);
    return v;
  };
  return link_switch("who-by", "Rank", Label::Hidden,
                     {{"speaker", "Speakers"}, {"org", "Organisations"}}, view.top.by, search,
                     with_by) +
         link_switch("who-measure", "By", Label::Shown,
                     {{"units", "Units"}, {"talks", "Talks"}, {"share", "Share"}},
                     std::string(query::measure_name(view.top.measure)), search, with_measure);
}

std::string who_entry(const TopEntry& entry, const TopList& top, double highest,
                      const LinkParams& search, const LinkParams& view) {
  const std::string name = html::escape(entry.value);
  std::string out = "<li class=\"who-entry\"><a class=\"who-name\" href=\"" +
                    html::escape(link("/search", filtered_by(search, top.by, entry.value, view))) +
                    "\">" + name + "</a><span class=\"who-count\">" +
                    html::escape(entry_count(entry, top.measure)) + "</span>";
  const double fraction = highest > 0 ? entry_measure(entry, top.measure) / highest : 0;
  out +=
      "<svg class=\"who-bar\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 100 6\" "
      "preserveAspectRatio=\"none\"><rect class=\"who-bar-track\" width=\"100\" height=\"6\"/>"
      "<rect class=\"who-bar-fill\" width=\"" +
      num(std::max(1.0, fraction * 100)) + "\" height=\"6\"/></svg>";
  if (const std::string path = value_page_path(top.by, entry.value); !path.empty()) {
    out += "<a class=\"who-page\" href=\"" + html::escape(path) +
           "\">page<span class=\"visually-hidden\"> of " + name + "</span></a>";
  }
  return out + "</li>";
}

}  // namespace

std::string render_who_said(const TopList* top, const LinkParams& search, const ExploreView& view) {
  if (!top) return "<details class=\"who-said\" id=\"who-said\" hidden></details>";
  const LinkParams view_params = explore_link_params(view);
  const bool orgs = top->by == "org";
  std::string out =
      "<details class=\"who-said\" id=\"who-said\" open><summary><h2 id=\"who-said-heading\">"
      "Who said it most</h2></summary>" +
      who_controls(search, view);
  if (top->entries.empty()) {
    return out + "<p class=\"who-empty\">" +
           (orgs ? "No organisation is named" : "No speaker is named") +
           (top->measure == TopMeasure::Share ? " often enough" : "") +
           " in these matches.</p></details>";
  }
  double highest = 0;
  for (const TopEntry& entry : top->entries)
    highest = std::max(highest, entry_measure(entry, top->measure));
  out += "<ol class=\"who-list\">";
  for (const TopEntry& entry : top->entries)
    out += who_entry(entry, *top, highest, search, view_params);
  out += "</ol><p class=\"who-note\">";
  if (top->measure == TopMeasure::Share) {
    out += std::string("Share: matching units of all each ") + (orgs ? "organisation" : "speaker") +
           " said, among those with at least " +
           plural(static_cast<std::size_t>(top->min_units), "unit", "units") + " in the archive.";
  } else {
    out += "The top " + thousands(top->entries.size()) + " of " +
           plural(top->ranked, orgs ? "organisation" : "speaker",
                  orgs ? "organisations" : "speakers") +
           " in these matches.";
  }
  return out + "</p></details>";
}

}  // namespace civic::web
