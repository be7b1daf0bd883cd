// Exports: every unit a search matches, in the search's order, read from the index a batch at a
// time (UnitExport, from Searcher::export_units()), and the two encodings of its rows, CSV
// (RFC 4180) and JSON Lines, shared by GET /api/export and `civicsearch search --export`.
// Does not include Xapian: the cursor is pimpl.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"
#include "query/searcher.h"

namespace civic::query {

/// The units of one search, matched once: their docids (at most the export's limit of them, a
/// few bytes each) are held, their documents read only when next() asks for them, so that an
/// export of any size needs the memory of one batch. No snippets, no scores.
///
/// Reads through the Searcher that made it, which must outlive it and must not be used for
/// anything else until the export is done: a search(), reopen() or another call may recombine
/// shards or move to a new revision, and the docids would no longer name these units. Not
/// thread-safe (use it on the Searcher's thread). Holds no Xapian object, so destroying it does
/// not touch the Searcher.
class UnitExport {
 public:
  struct Impl;  ///< internal (query/internal/export.h)
  explicit UnitExport(std::unique_ptr<Impl> impl);
  UnitExport(UnitExport&&) noexcept;
  UnitExport& operator=(UnitExport&&) noexcept;
  ~UnitExport();

  /// Matching units (exact), as SearchResponse::total for the same request ungrouped.
  std::size_t total() const;
  /// Rows the export gives: min(total(), limit).
  std::size_t size() const;
  /// The limit it was made with.
  std::size_t limit() const;
  /// Whether matches were left out by the limit (size() < total()).
  bool truncated() const { return size() < total(); }
  /// Shards that could not answer (ShardSpec::label()): the rows cover the others only.
  const std::vector<std::string>& missing_shards() const;

  /// The next up to `n` units in order, each with its unit, post and url (no snippet, score 0);
  /// empty once all size() rows have been given. Errors: Unavailable when the index changed
  /// underneath beyond what Xapian can still read, or a remote shard was lost (an export cannot
  /// be resumed on another revision: run it again); Internal for a document that does not
  /// decode. After an error the export is over.
  Result<std::vector<Hit>> next(std::size_t n);

 private:
  std::unique_ptr<Impl> impl_;
};

enum class ExportFormat { Csv, Jsonl };

/// "csv", "jsonl" (and back; nullopt for any other name).
std::string_view export_format_name(ExportFormat format);
std::optional<ExportFormat> export_format_from_name(std::string_view name);

/// The columns of every export, in order: the CSV header row and the JSONL keys. date, speaker,
/// role, org, event, post_title, kind, text, permalink, id, source_url, themes.
const std::vector<std::string>& export_columns();

/// A unit's permalink on a server reachable at `base_url` (no trailing slash; "" gives a
/// relative link): base_url + "/units/" + the id, percent-encoded as a path segment.
std::string unit_permalink(std::string_view base_url, std::string_view id);

/// One CSV field (RFC 4180): always quoted, quotes doubled, line breaks kept inside the quotes.
/// A value starting with =, +, -, @, a tab or a carriage return gets a leading ' so that a
/// spreadsheet shows it as text instead of running it as a formula (OWASP "CSV injection");
/// JSONL rows carry every value unchanged.
void append_csv_field(std::string& out, std::string_view value);

/// What an export starts with: the CSV header row (CRLF-terminated), or nothing for JSONL.
std::string export_header(ExportFormat format);

/// Appends one row for `hit`: a CSV record ending in CRLF, or a JSON object on one line ending in
/// LF. Empty fields are empty cells in CSV and null in JSONL (themes: "; "-joined in CSV, an
/// array in JSONL); permalinks are built on `base_url` (unit_permalink()). Never fails.
void append_export_row(std::string& out, ExportFormat format, const Hit& hit,
                       std::string_view base_url);

}  // namespace civic::query
