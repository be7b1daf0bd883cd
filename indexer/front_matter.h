// Front matter of Markdown posts (Jekyll, Hugo, Eleventy): the YAML block between `---` lines
// at the top of a file, split from the body and read into a plain struct. This is the one
// adapter for yaml-cpp: no yaml-cpp type or exception appears in this header or leaves it.
// It knows nothing of Markdown, units or the index.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// A document cut in two. Views point into the bytes given to split_front_matter().
struct FrontMatterSplit {
  bool has_front_matter = false;  ///< an opening `---` line came first (after blanks and a BOM)
  std::string_view yaml;          ///< text between the fences, without them; empty when none
  std::size_t yaml_line = 0;      ///< 1-based file line of the first YAML line; 0 when none
  std::string_view body;          ///< everything after the closing fence (or the whole file)
  std::size_t body_line = 1;      ///< 1-based file line where `body` starts
};

/// Splits `bytes` into front matter and body. Front matter starts with a line that is exactly
/// `---` (trailing spaces allowed), which may follow a UTF-8 BOM and blank lines, and ends at
/// the next line that is `---` or `...`. Without an opening fence the whole input is the body.
/// Returns InvalidInput "path:line: front matter opened with '---' is never closed" when the
/// closing fence is missing, since the rest cannot be told apart from the metadata.
Result<FrontMatterSplit> split_front_matter(std::string_view bytes, std::string_view path);

/// What we read from front matter. Every field is empty when absent or of an unusable type (a
/// map where text was expected); text fields are whitespace-collapsed.
struct FrontMatter {
  std::string title;
  std::string date;           ///< as written ("2019-04-11 09:40"); parse_metadata_date() it
  std::size_t date_line = 0;  ///< file line of `date`, for messages; 0 when absent
  std::string subtitle;       ///< conference notes put the presenters here
  std::string summary;        ///< `summary`, else `description`, else `excerpt`
  std::string event;
  std::string location;  ///< `location`, else `venue`, else `venue_name`
  std::string url;       ///< `url`, else `permalink`
  std::string slug;
  std::vector<std::string> authors;  ///< `author` and `authors`, a scalar or a list
  std::vector<std::string> tags;     ///< a scalar counts as a one-element list
  std::vector<std::string> categories;
  std::vector<std::string> topics;
  /// `speakers:` as names, {name, org, role} maps or "A, B and C". The organisation is read from
  /// `org` (or organisation, affiliation, company, agency…), the role from `role` (or position,
  /// job_title).
  std::vector<Person> speakers;
  /// Every other top-level key whose value is text: scalars as written, lists of scalars
  /// joined with ", ". Maps are left out.
  std::map<std::string, std::string> extra;
};

/// Parses the YAML of a split document. `first_line` is FrontMatterSplit::yaml_line, so that
/// messages give lines of the file. Blank YAML gives an empty FrontMatter.
/// Errors (InvalidInput): "path:line: front matter is not valid YAML: <reason>" and
/// "path:line: front matter is not a mapping of keys to values".
Result<FrontMatter> parse_front_matter(std::string_view yaml, std::size_t first_line,
                                       std::string_view path);

/// Splits a list of people written as prose: "A, B, & C", "A and B", "Ms. A; B". Honorifics
/// (Ms., Dr., Prof.…) are dropped. Returns names only, in order, without duplicates.
std::vector<std::string> split_names(std::string_view text);

}  // namespace civic::indexer
