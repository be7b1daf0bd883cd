// Format detection and the checks every file gets before its reader sees it: size, NUL bytes,
// UTF-8, unit length. Readers themselves only parse.
#include "indexer/reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "query/core/text.h"

namespace civic::indexer {
namespace {

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

Format sniff_xml(std::string_view head) {
  if (contains(head, "<rss") && contains(head, "wordpress.org/export/")) return Format::Wxr;
  // parlparse/members/*.xml (people, aliases, ministers, peers…) share the <publicwhip> root.
  if (contains(head, "<publicwhip") && !contains(head, "<member") && !contains(head, "<alias") &&
      !contains(head, "<person") && !contains(head, "<constituency") &&
      !contains(head, "peeragetype") && !contains(head, "<moffice") &&
      !contains(head, "<chgpageupdates") && !contains(head, "<lordnametoofname")) {
    return Format::Hansard;
  }
  return Format::Unknown;
}

// Line number (1-based) of byte `offset`.
std::size_t line_of(std::string_view bytes, std::size_t offset) {
  return 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

std::string megabytes(std::size_t bytes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buffer;
}

bool is_xml_format(Format format) {
  return format == Format::Wxr || format == Format::Hansard;
}

}  // namespace

std::string_view format_name(Format format) {
  switch (format) {
    case Format::Unknown: return "unknown";
    case Format::PlainText: return "text";
    case Format::Wxr: return "wxr";
    case Format::Html: return "html";
    case Format::Markdown: return "markdown";
    case Format::Jsonl: return "jsonl";
    case Format::GovukJson: return "govuk-json";
    case Format::Hansard: return "hansard";
  }
  return "unknown";
}

Format detect_format(const std::filesystem::path& path, std::string_view head) {
  const std::string ext = lower_extension(path);
  if (ext == ".txt" || ext == ".text") return Format::PlainText;
  if (ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd") return Format::Markdown;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::Html;
  if (ext == ".jsonl" || ext == ".ndjson") return Format::Jsonl;
  if (ext == ".xml" || ext == ".wxr" || ext == ".rss") return sniff_xml(head);
  if (ext == ".json") {
    return contains(head, "\"base_path\"") && contains(head, "\"document_type\"") ? Format::GovukJson
                                                                                   : Format::Unknown;
  }
  if (ext.empty()) {
    if (head.substr(0, 5) == "<?xml") return sniff_xml(head);
    if (contains(head.substr(0, 512), "<html") || contains(head.substr(0, 512), "<!DOCTYPE html")) {
      return Format::Html;
    }
  }
  return Format::Unknown;
}

Result<ReadOutput> read_bytes(Format format, std::string_view bytes, const Source& source,
                              const ReadLimits& limits) {
  if (format == Format::Unknown) return ReadOutput{};
  if (bytes.empty()) return fail(ErrorCode::InvalidInput, source.path + ": empty file");
  if (bytes.size() > limits.max_file_bytes) {
    return fail(ErrorCode::InvalidInput, source.path + ": file is " + megabytes(bytes.size()) +
                                             ", over the " + megabytes(limits.max_file_bytes) +
                                             " limit");
  }
  if (auto nul = bytes.find('\0'); nul != std::string_view::npos) {
    return fail(ErrorCode::InvalidInput, source.path + ":" + std::to_string(line_of(bytes, nul)) +
                                             ": NUL byte at offset " + std::to_string(nul) +
                                             ": binary or corrupt, not a text file");
  }

  std::vector<Error> warnings;
  std::string repaired;
  std::string_view input = bytes;
  if (!is_xml_format(format) && !text::is_valid_utf8(bytes)) {
    repaired = text::to_valid_utf8(bytes);
    std::size_t bad = 0;
    while (bad < bytes.size() && bad < repaired.size() && bytes[bad] == repaired[bad]) ++bad;
    warnings.push_back({ErrorCode::InvalidInput,
                        source.path + ":" + std::to_string(line_of(bytes, bad)) +
                            ": invalid UTF-8 replaced with U+FFFD"});
    input = repaired;
  }

  Result<ReadOutput> read = [&]() -> Result<ReadOutput> {
    switch (format) {
      case Format::PlainText: return read_plain_text(input, source);
      case Format::Wxr: return read_wxr(input, source);
      case Format::Html: return read_html(input, source);
      case Format::Markdown: return read_markdown(input, source);
      case Format::Jsonl: return read_jsonl(input, source);
      case Format::GovukJson: return read_govuk_json(input, source);
      case Format::Hansard: return read_hansard(input, source);
      case Format::Unknown: break;
    }
    return ReadOutput{};
  }();
  if (!read) return read;

  ReadOutput out = std::move(read).value();
  out.format = format;
  for (std::size_t i = 0; i < out.posts.size(); ++i) {
    PostDoc& doc = out.posts[i];
    for (const Unit& unit : doc.units) {
      if (unit.text.size() > limits.max_unit_bytes) {
        return fail(ErrorCode::InvalidInput,
                    source.path + ": a " + std::string(unit_kind_name(unit.kind)) + " of " +
                        megabytes(unit.text.size()) + " is over the " +
                        megabytes(limits.max_unit_bytes) + " limit for one unit");
      }
    }
    if (doc.post.id.empty()) {
      std::string key = source.key;
      if (out.posts.size() > 1) key += "#" + std::to_string(i + 1);
      doc.post.id = post_id_for(std::filesystem::path(source.path).stem().string(), key);
    }
    if (doc.post.source.empty()) doc.post.source = source.path;
    finalise_post(doc);
  }
  // Drop posts with nothing to index (e.g. an HTML page that is all navigation).
  std::erase_if(out.posts, [](const PostDoc& doc) { return doc.units.empty(); });
  warnings.insert(warnings.end(), out.warnings.begin(), out.warnings.end());
  out.warnings = std::move(warnings);
  return out;
}

Result<ReadOutput> read_file(const std::filesystem::path& file, const Source& source,
                             const ReadLimits& limits) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return fail(ErrorCode::InvalidInput, source.path + ": cannot read: " + ec.message());

  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::InvalidInput,
                source.path + ": cannot open: " + std::strerror(errno));
  }
  // Detect from the head first, so that unknown files (images, tables) are never read whole.
  std::string head(std::min<std::uintmax_t>(size, 4096), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  const Format format = detect_format(file, head);
  if (format == Format::Unknown) return ReadOutput{};
  if (size > limits.max_file_bytes) {
    return fail(ErrorCode::InvalidInput, source.path + ": file is " + megabytes(size) +
                                             ", over the " + megabytes(limits.max_file_bytes) +
                                             " limit");
  }
  std::string bytes = std::move(head);
  bytes.resize(static_cast<std::size_t>(size));
  const std::size_t have = static_cast<std::size_t>(in.gcount());
  in.read(bytes.data() + have, static_cast<std::streamsize>(bytes.size() - have));
  // The file shrank, grew or failed while we read it (a blog export rewritten in place):
  // refuse rather than index a fragment; the next run reads it whole.
  const bool short_read = static_cast<std::size_t>(in.gcount()) != bytes.size() - have;
  const bool grew = !short_read && in.peek() != std::char_traits<char>::eof();
  std::error_code after_ec;
  const bool resized = std::filesystem::file_size(file, after_ec) != size || after_ec;
  if (short_read || grew || resized) {
    return fail(ErrorCode::InvalidInput, source.path + ": changed or failed while being read");
  }
  return read_bytes(format, bytes, source, limits);
}

}  // namespace civic::indexer
