// The rows of an export: CSV (RFC 4180: a header row, every field quoted, CRLF) and JSON Lines
// (one object per line, keys in column order). Pure: from a Hit to bytes.
#include <nlohmann/json.hpp>

#include "query/core/text.h"
#include "query/export.h"

namespace civic::query {
namespace {

// A unit's fields in export_columns() order; themes apart (a list).
std::vector<std::string_view> text_fields(const Hit& hit, const std::string& permalink) {
  return {hit.post.date,
          hit.unit.speaker,
          hit.unit.role,
          hit.unit.org,
          hit.post.event,
          hit.post.title,
          unit_kind_name(hit.unit.kind),
          hit.unit.text,
          permalink,
          hit.unit.id,
          hit.url};
}

std::string joined_themes(const std::vector<std::string>& themes) {
  std::string out;
  for (const auto& theme : themes) out += (out.empty() ? "" : "; ") + theme;
  return out;
}

}  // namespace

std::string_view export_format_name(ExportFormat format) {
  return format == ExportFormat::Csv ? "csv" : "jsonl";
}

std::optional<ExportFormat> export_format_from_name(std::string_view name) {
  if (name == "csv") return ExportFormat::Csv;
  if (name == "jsonl") return ExportFormat::Jsonl;
  return std::nullopt;
}

const std::vector<std::string>& export_columns() {
  static const std::vector<std::string> kColumns = {
      "date", "speaker", "role",      "org", "event",      "post_title",
      "kind", "text",    "permalink", "id",  "source_url", "themes"};
  return kColumns;
}

std::string unit_permalink(std::string_view base_url, std::string_view id) {
  return std::string(base_url) + "/units/" + text::percent_encode(id);
}

void append_csv_field(std::string& out, std::string_view value) {
  out += '"';
  if (!value.empty()) {
    const char first = value.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r')
      out += '\'';
  }
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string export_header(ExportFormat format) {
  if (format == ExportFormat::Jsonl) return {};
  std::string out;
  for (const auto& column : export_columns()) {
    if (!out.empty()) out += ',';
    append_csv_field(out, column);
  }
  return out + "\r\n";
}

void append_export_row(std::string& out, ExportFormat format, const Hit& hit,
                       std::string_view base_url) {
  const std::string permalink = unit_permalink(base_url, hit.unit.id);
  const std::vector<std::string_view> fields = text_fields(hit, permalink);
  const auto& columns = export_columns();
  if (format == ExportFormat::Csv) {
    for (const std::string_view field : fields) {
      append_csv_field(out, field);
      out += ',';
    }
    append_csv_field(out, joined_themes(hit.unit.themes));
    out += "\r\n";
    return;
  }
  // Keys in column order (ordered_json), so a line reads like the CSV row.
  nlohmann::ordered_json row(nlohmann::ordered_json::value_t::object);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    row[columns[i]] = fields[i].empty() ? nlohmann::ordered_json(nullptr)
                                        : nlohmann::ordered_json(std::string(fields[i]));
  }
  row[columns[fields.size()]] = hit.unit.themes;
  out += row.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  out += '\n';
}

}  // namespace civic::query
