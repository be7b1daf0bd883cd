// GET /api/export. The handler matches before answering, so a refused or failed request gets
// the same JSON error as /api/search and the headers can state the total; the rows then follow
// in a chunked body, a batch per call of httplib's content provider (on the request's thread,
// whose Searcher stays leased until the response is written). An error after the first bytes
// cannot become a status any more: the connection is closed without the final chunk, so the
// client sees an incomplete download, never a silently short one, and the server logs a line.
#include "web/export_routes.h"

#include <cstdio>
#include <memory>

#include "query/core/text.h"
#include "query/export.h"
#include "web/html.h"
#include "web/params.h"

namespace civic::web {
namespace {

// Documents read per call of the content provider, and the bytes written per chunk: what the
// server holds of an export at any time, besides the match's docids.
constexpr std::size_t kBatchRows = 100;
constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kMaxFormatBytes = 16;
constexpr std::size_t kMaxFileStemBytes = 40;

Unexpected invalid(std::string message) {
  return fail(ErrorCode::InvalidInput, std::move(message));
}

// page and per_page would ask for a part of the rows: refused rather than ignored, so that a
// client paging through exports does not download every row once per page.
Status refuse_paging(const Params& params, std::size_t limit) {
  for (const char* name : {"page", "per_page"}) {
    if (params.count(name)) {
      return invalid(std::string(name) +
                     " does not apply to an export, which sends every matching unit (up to " +
                     thousands(limit) + ") in one response; leave it out");
    }
  }
  return {};
}

Result<query::ExportFormat> format_param(const Params& params) {
  auto name = text_param(params, "format", kMaxFormatBytes);
  if (!name) return Unexpected{name.error()};
  if (name->empty()) return query::ExportFormat::Csv;
  auto format = query::export_format_from_name(*name);
  if (!format) return invalid("format must be csv or jsonl, not " + text::quoted_excerpt(*name));
  return *format;
}

// "civic-search-local-economy.csv": the query's ASCII letters and digits, lower-cased, other
// runs as one '-'; "civic-search-export.csv" without a query. Plain ASCII, so the header needs
// no escaping.
std::string file_name(const std::string& q, query::ExportFormat format) {
  std::string stem;
  for (char c : q) {
    const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      if (stem.size() >= kMaxFileStemBytes) break;
      stem += lower;
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return "civic-search-" + (stem.empty() ? std::string("export") : stem) + "." +
         std::string(query::export_format_name(format));
}

const char* content_type(query::ExportFormat format) {
  return format == query::ExportFormat::Csv ? "text/csv; charset=utf-8; header=present"
                                            : "application/x-ndjson; charset=utf-8";
}

// What the content provider pulls from: the export, its encoding and the link base.
struct ExportStream {
  ExportStream(query::UnitExport r, query::ExportFormat f, std::string base)
      : rows(std::move(r)), format(f), base_url(std::move(base)) {}

  query::UnitExport rows;
  query::ExportFormat format;
  std::string base_url;
  std::size_t sent = 0;  // rows written
  bool started = false;  // header written
  std::string buffer;

  // One batch into `sink`, a chunk per kChunkBytes; false cuts the response off (see the file
  // comment).
  bool write_batch(httplib::DataSink& sink) {
    buffer.clear();
    if (!started) buffer = query::export_header(format);
    started = true;
    auto batch = rows.next(kBatchRows);
    if (!batch) {
      std::fprintf(stderr, "civicsearch serve: GET /api/export cut off after %zu of %zu rows: %s\n",
                   sent, rows.size(), batch.error().message.c_str());
      return false;
    }
    for (const auto& hit : *batch) {
      query::append_export_row(buffer, format, hit, base_url);
      if (buffer.size() >= kChunkBytes && !flush(sink)) return false;
    }
    sent += batch->size();
    if (!flush(sink)) return false;
    if (batch->empty()) sink.done();
    return true;
  }

  bool flush(httplib::DataSink& sink) {
    // An empty write would end httplib's chunk loop without the final chunk.
    if (buffer.empty()) return true;
    const bool ok = sink.write(buffer.data(), buffer.size());
    buffer.clear();
    return ok;
  }
};

void set_export_headers(const query::UnitExport& rows, const std::string& file,
                        httplib::Response& res) {
  res.set_header("X-Total-Count", std::to_string(rows.total()));
  res.set_header("X-Export-Limit", std::to_string(rows.limit()));
  res.set_header("X-Export-Truncated", rows.truncated() ? "true" : "false");
  std::string missing;
  for (const auto& shard : rows.missing_shards()) missing += (missing.empty() ? "" : ", ") + shard;
  if (!missing.empty()) res.set_header("X-Missing-Shards", missing);
  // Readable by the scripts of the origins allowed to call the API.
  res.set_header("Access-Control-Expose-Headers",
                 "X-Total-Count, X-Export-Limit, X-Export-Truncated, X-Missing-Shards, "
                 "Content-Disposition");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file + "\"");
  res.set_header("Cache-Control", "no-store");
}

void handle_export(RouteContext& context, std::size_t limit, const httplib::Request& req,
                   httplib::Response& res) {
  auto request = parse_search_params(req.params);
  if (!request) return send_error(res, request.error());
  if (auto ok = refuse_paging(req.params, limit); !ok) return send_error(res, ok.error());
  auto format = format_param(req.params);
  if (!format) return send_error(res, format.error());
  auto searcher = context.searcher();
  if (!searcher) return send_error(res, searcher.error());
  auto rows = (*searcher)->export_units(*request, limit);
  if (!rows) return send_error(res, rows.error());
  set_export_headers(*rows, file_name(request->q, *format), res);
  auto stream = std::make_shared<ExportStream>(std::move(*rows), *format, context.base_url(req));
  res.set_chunked_content_provider(
      content_type(*format),
      [stream](std::size_t, httplib::DataSink& sink) { return stream->write_batch(sink); });
}

}  // namespace

void add_export_routes(httplib::Server& http, RouteContext& context, std::size_t limit) {
  http.Get("/api/export", [&context, limit](const httplib::Request& req, httplib::Response& res) {
    handle_export(context, limit, req, res);
  });
}

}  // namespace civic::web
