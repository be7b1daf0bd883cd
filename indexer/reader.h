// Archive readers: bytes of one file → posts split into units. Each format has its own reader
// (and its own third-party library behind it, one adapter file each); read_file() picks one by
// extension and content. Readers never throw and never touch the index; they do not know Xapian.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

enum class Format {
  Unknown,    ///< not an archive we read (data tables, images…): skipped, not an error
  PlainText,  ///< a post exported as text, like the seed: title line, "  •" bullets, comments
  Wxr,        ///< WordPress eXtended RSS export
  Html,       ///< a saved HTML page of a post (also Congressional Record <pre> granules)
  Markdown,   ///< Markdown, optionally with YAML front matter (Jekyll, Hugo)
  Jsonl,      ///< one pre-segmented unit per line
  GovukJson,  ///< a GOV.UK content item (speech, news, event)
  Hansard,    ///< ParlParse / TheyWorkForYou debate XML
};

std::string_view format_name(Format format);

/// Where the bytes came from: used for ids (stable across runs) and for messages.
struct Source {
  std::string path;  ///< as shown in messages: the path the user gave, joined with the file's
  std::string key;   ///< stable identity: the canonical absolute path
};

/// What reading one file gave.
struct ReadOutput {
  Format format = Format::Unknown;
  std::vector<PostDoc> posts;     ///< finalised: ids, positions, anchors, fingerprints set
  std::vector<Error> warnings;    ///< recoverable problems ("path:line: …"); the posts stand
};

struct ReadLimits {
  std::size_t max_file_bytes = 64u << 20;  ///< larger files are refused (default 64 MiB)
  std::size_t max_unit_bytes = 1u << 20;   ///< a longer paragraph refuses its file (1 MiB)
};

/// Picks a reader from the extension and the first bytes. Unknown for anything we do not read.
Format detect_format(const std::filesystem::path& path, std::string_view head);

/// Reads one file. Errors (InvalidInput) say "path[:line]: what is wrong" and mean the file was
/// refused as a whole: unreadable, binary (NUL bytes), malformed beyond repair, over a limit.
/// Unknown formats are not an error: the output has format Unknown and no posts.
Result<ReadOutput> read_file(const std::filesystem::path& file, const Source& source,
                             const ReadLimits& limits = {});

/// Reads bytes already in memory with a known format (for tests and fuzzing).
Result<ReadOutput> read_bytes(Format format, std::string_view bytes, const Source& source,
                              const ReadLimits& limits = {});

// --- The individual readers. Each returns unfinalised posts (read_bytes finalises them). ----
// `bytes` is valid UTF-8 with no NUL (read_bytes has checked) except for XML readers, which
// get the raw bytes so that a declared encoding (ISO-8859-1) is honoured.

Result<ReadOutput> read_plain_text(std::string_view bytes, const Source& source);
Result<ReadOutput> read_wxr(std::string_view bytes, const Source& source);
Result<ReadOutput> read_html(std::string_view bytes, const Source& source);
Result<ReadOutput> read_markdown(std::string_view bytes, const Source& source);
Result<ReadOutput> read_jsonl(std::string_view bytes, const Source& source);
Result<ReadOutput> read_govuk_json(std::string_view bytes, const Source& source);
Result<ReadOutput> read_hansard(std::string_view bytes, const Source& source);

}  // namespace civic::indexer
