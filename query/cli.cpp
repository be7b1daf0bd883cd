// `civicsearch search`, `civicsearch facets` and `civicsearch stats`.
#include "query/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>

#include "query/core/text.h"
#include "query/export.h"
#include "query/searcher.h"

namespace civic::query {
namespace {

std::string join_words(const std::vector<std::string>& words) {
  std::string q;
  for (const auto& w : words) {
    if (!q.empty()) q += ' ';
    q += w;
  }
  return q;
}

// Plain results for a person: one block per hit.
void print_plain(const SearchResponse& r) {
  std::printf("%zu results", r.total);
  if (r.suggestion) std::printf(" (did you mean: %s?)", r.suggestion->c_str());
  if (r.partial()) {
    std::string missing;
    for (const auto& shard : r.missing_shards) missing += (missing.empty() ? "" : ", ") + shard;
    std::printf(" (partial: %s did not answer)", missing.c_str());
  }
  std::printf("\n\n");
  int n = (r.page - 1) * r.per_page;
  for (const auto& hit : r.hits) {
    const std::string who = who_line(hit.unit);
    std::printf("%d. [%s] %s%s%s\n", ++n, std::string(unit_kind_name(hit.unit.kind)).c_str(),
                hit.post.title.c_str(), hit.post.date.empty() ? "" : " — ", hit.post.date.c_str());
    if (!who.empty()) std::printf("   %s\n", who.c_str());
    // The event, and who wrote the text: a comment's commenter, else the post's author.
    std::string written = hit.post.event;
    const std::string& by = hit.unit.comment ? hit.unit.comment->author : hit.post.author;
    if (!by.empty()) written += (written.empty() ? "by " : " · by ") + by;
    if (!written.empty()) std::printf("   %s\n", written.c_str());
    if (!hit.unit.context.empty()) std::printf("   (%s)\n", hit.unit.context.c_str());
    std::printf("   %s\n", hit.unit.text.c_str());
    if (!hit.url.empty()) std::printf("   %s\n", hit.url.c_str());
    std::printf("   id %s%s\n\n", hit.unit.id.c_str(),
                hit.more ? (" (+" + std::to_string(hit.more) + " more)").c_str() : "");
  }
}

// The start of a unit's text on one line, cut at a word when it is longer than `max_bytes`.
std::string excerpt(const std::string& text, std::size_t max_bytes) {
  const std::string line = text::collapse_whitespace(text);
  if (line.size() <= max_bytes) return line;
  std::string cut(text::truncate_utf8(line, max_bytes));
  if (const std::size_t space = cut.rfind(' '); space != std::string::npos && space > max_bytes / 2)
    cut.erase(space);
  return cut + "\u2026";
}

constexpr std::size_t kExcerptBytes = 100;

// `search --export FORMAT [--base-url URL]`: GET /api/export's rows on standard output.
struct ExportArgs {
  std::string format;    // "csv" or "jsonl"; empty: no export
  std::string base_url;  // permalinks' base; empty: relative links (/units/ID)
};

constexpr std::size_t kExportBatchRows = 100;

// Adds --export and --base-url to `app`. An export lists every matching unit: the options that
// page, group or print a response do not go with it.
void add_export_options(CLI::App& app, ExportArgs& args, const std::vector<CLI::Option*>& others) {
  CLI::Option* format =
      app.add_option("--export", args.format,
                     "Print every matching unit (up to " + std::to_string(kMaxExportRows) +
                         ", in the --sort order) as csv or jsonl, the rows GET /api/export sends")
          ->check(CLI::IsMember({"csv", "jsonl"}));
  for (CLI::Option* other : others) format->excludes(other);
  app.add_option("--base-url", args.base_url,
                 "With --export: the server's URL for permalinks (https://search.example.org; "
                 "default: relative links, /units/ID)")
      ->needs(format);
}

// Prints the export of `request` in batches, as the server streams it. A note on standard error
// when the limit left matches out.
int print_export(Searcher& searcher, const SearchRequest& request, const ExportArgs& args) {
  auto fail_with = [](const Error& error) {
    std::cerr << "civicsearch search: " << error.message << "\n";
    return 2;
  };
  const ExportFormat format = *export_format_from_name(args.format);
  std::string base = args.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto rows = searcher.export_units(request, kMaxExportRows);
  if (!rows) return fail_with(rows.error());
  std::string out = export_header(format);
  for (;;) {
    auto batch = rows->next(kExportBatchRows);
    if (!batch) return fail_with(batch.error());
    for (const Hit& hit : *batch) append_export_row(out, format, hit, base);
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
    if (batch->empty()) break;
  }
  if (rows->truncated()) {
    std::fprintf(stderr, "civicsearch search: exported the first %zu of %zu matching units\n",
                 rows->size(), rows->total());
  }
  return std::fflush(stdout) == 0 ? 0 : fail_with({ErrorCode::Unavailable, "cannot write the export"});
}

}  // namespace

int search_main(int argc, char** argv) {
  CLI::App app{
      "Search the index. The query language: words, \"phrases\", AND/OR/NOT, -word, "
      "NEAR, prefix*, speaker: org: role: kind: theme: event: mentions: title:, "
      "2010-11-01..2010-11-30",
      "civicsearch search"};
  std::string db = "var/index";
  bool as_json = false;
  std::vector<std::string> words;
  SearchRequest request;
  std::string sort = "relevance", group = "unit";
  ShardOptions shard_options;
  app.add_option(
         "--db", db,
         "Index directory, or a stub file (or directory with a XAPIANDB stub) listing shards")
      ->capture_default_str();
  app.add_option("--shard-timeout-ms", shard_options.timeout_ms,
                 "How long to wait for a remote shard before answering without it (listed as "
                 "partial)")
      ->check(CLI::Range(1, 600000))
      ->capture_default_str();
  CLI::Option* json_flag =
      app.add_flag("--json", as_json, "Print the JSON document that GET /api/search serves");
  for (const auto& facet : facet_names()) {
    app.add_option("--" + facet, request.filters[facet], "Only hits with this " + facet + " (repeatable)");
  }
  app.add_option("--from", request.from, "Posts on or after this date (YYYY-MM-DD)");
  app.add_option("--to", request.to, "Posts on or before this date (YYYY-MM-DD)");
  app.add_option("--sort", sort, "relevance, newest or oldest")
      ->check([](const std::string& s) {
        return sort_from_name(s) ? std::string() : "must be relevance, newest or oldest";
      })
      ->capture_default_str();
  CLI::Option* group_option = app.add_option("--group", group, "unit, talk or post")
                                  ->check([](const std::string& g) {
                                    return group_from_name(g) ? std::string()
                                                              : "must be unit, talk or post";
                                  })
                                  ->capture_default_str();
  CLI::Option* page_option =
      app.add_option("--page", request.page, "Page of results, from 1")->capture_default_str();
  CLI::Option* per_page_option =
      app.add_option("--per-page", request.per_page,
                     "Hits per page, 1–" + std::to_string(kMaxPerPage))
          ->capture_default_str();
  app.add_option("--facet-limit", request.facet_limit,
                 "Values per facet, 0–" + std::to_string(kMaxFacetLimit))
      ->capture_default_str();
  ExportArgs export_args;
  add_export_options(app, export_args, {json_flag, group_option, page_option, per_page_option});
  app.add_option("QUERY", words, "The query (empty: browse everything, newest first)");
  CLI11_PARSE(app, argc, argv);

  std::erase_if(request.filters, [](const auto& entry) { return entry.second.empty(); });
  request.q = join_words(words);
  request.sort = *sort_from_name(sort);
  request.group = *group_from_name(group);

  auto searcher = Searcher::open(db, {shard_options, nullptr});
  if (!searcher) {
    std::cerr << "civicsearch search: " << searcher.error().message << "\n";
    return 2;
  }
  if (!export_args.format.empty()) return print_export(*searcher, request, export_args);
  auto response = searcher->search(request);
  if (!response) {
    std::cerr << "civicsearch search: " << response.error().message << "\n";
    return 2;
  }
  if (as_json) {
    std::cout << to_json(*response) << "\n";
  } else {
    print_plain(*response);
  }
  return 0;
}

int facets_main(int argc, char** argv) {
  CLI::App app{
      "List the values of a facet over the whole index, most frequent first, with the "
      "number of units holding each and one example unit (its id and the start of its "
      "text), to spot a value that is wrong",
      "civicsearch facets"};
  std::string db = "var/index";
  std::string facet;
  std::size_t limit = 50;
  bool as_json = false;
  app.add_option("--db", db,
                 "Index directory, or a stub file (or directory with a XAPIANDB stub) listing "
                 "shards")
      ->capture_default_str();
  app.add_option("--limit", limit, "How many values to list, the most frequent first")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->capture_default_str();
  app.add_flag("--json", as_json,
               "Print one JSON document: {facet, distinct, values: [{value, count, example: "
               "{id, excerpt, post: {id, title, date}}}]}");
  app.add_option("FACET", facet, "speaker, org or role (also kind, theme, event or year)")
      ->required()
      ->check(CLI::IsMember(listed_facet_names()));
  CLI11_PARSE(app, argc, argv);

  auto fail_with = [](const Error& error) {
    std::cerr << "civicsearch facets: " << error.message << "\n";
    return 2;
  };
  auto searcher = Searcher::open(db);
  if (!searcher) return fail_with(searcher.error());
  // All values, so that the listing can say how many there are; counting is the Searcher's.
  auto values = searcher->facet_values(facet, "", std::numeric_limits<std::size_t>::max());
  if (!values) return fail_with(values.error());
  const std::size_t distinct = values->size();
  if (values->size() > limit) values->resize(limit);

  nlohmann::json listed = nlohmann::json::array();
  if (!as_json) {
    if (distinct == 0) {
      std::printf("no unit has a %s\n", facet.c_str());
      return 0;
    }
    std::printf("%s: %zu of %zu values, most frequent first (units, value, example unit)\n",
                facet.c_str(), values->size(), distinct);
  }
  for (const FacetCount& value : *values) {
    auto example = searcher->example_unit(facet, value.value);
    if (!example) return fail_with(example.error());
    const std::string cut = excerpt(example->unit.text, kExcerptBytes);
    if (as_json) {
      nlohmann::json post = {
          {"id", example->post.id},
          {"title", example->post.title},
          {"date", example->post.date.empty() ? nlohmann::json(nullptr)
                                              : nlohmann::json(example->post.date)}};
      listed.push_back({{"value", value.value},
                        {"count", value.count},
                        {"example", {{"id", example->unit.id}, {"excerpt", cut}, {"post", post}}}});
      continue;
    }
    std::printf("%8zu  %s\n          %s: \u201c%s\u201d\n", value.count, value.value.c_str(),
                example->unit.id.c_str(), cut.c_str());
  }
  if (as_json) {
    const nlohmann::json out = {{"facet", facet}, {"distinct", distinct}, {"values", listed}};
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

int stats_main(int argc, char** argv) {
  CLI::App app{"Describe the index: units, posts, kinds, facets, dates, revision", "civicsearch stats"};
  std::string db = "var/index";
  bool as_json = false;
  app.add_option("--db", db, "Index directory")->capture_default_str();
  app.add_flag("--json", as_json, "Print as JSON");
  CLI11_PARSE(app, argc, argv);
  auto searcher = Searcher::open(db);
  if (!searcher) {
    std::cerr << "civicsearch stats: " << searcher.error().message << "\n";
    return 2;
  }
  auto stats = searcher->stats();
  if (!stats) {
    std::cerr << "civicsearch stats: " << stats.error().message << "\n";
    return 2;
  }
  if (as_json) {
    nlohmann::json j = {{"units", stats->units},       {"posts", stats->posts},
                        {"revision", stats->revision}, {"kinds", stats->kinds},
                        {"speakers", stats->speakers}, {"orgs", stats->orgs},
                        {"events", stats->events},     {"themes", stats->themes},
                        {"first_date", stats->first_date}, {"last_date", stats->last_date}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("index      %s (revision %s)\n", db.c_str(), stats->revision.c_str());
  std::printf("units      %zu in %zu posts\n", stats->units, stats->posts);
  std::printf("dates      %s … %s\n", stats->first_date.c_str(), stats->last_date.c_str());
  std::printf("speakers   %zu, organisations %zu, events %zu, themes %zu\n", stats->speakers,
              stats->orgs, stats->events, stats->themes);
  for (const auto& [kind, count] : stats->kinds) std::printf("  %-10s %zu\n", kind.c_str(), count);
  return 0;
}

}  // namespace civic::query
