// The yaml-cpp adapter. yaml-cpp reports errors by exception and converts by exception, so every
// call into it stays inside a try block here and only plain strings leave this file.
#include "indexer/front_matter.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string at_line(std::string_view path, std::size_t line) {
  return std::string(path) + ":" + std::to_string(line) + ": ";
}

// Scalars as written, whitespace collapsed; null and anything else gives "".
std::string scalar_text(const YAML::Node& node) {
  return node.IsScalar() ? text::collapse_whitespace(node.Scalar()) : std::string();
}

// A person's name from a scalar or from a map with a `name` (or `full_name`) key.
std::string name_of(const YAML::Node& node) {
  if (node.IsScalar()) return scalar_text(node);
  if (node.IsMap()) {
    for (const char* key : {"name", "full_name", "display_name"}) {
      if (const YAML::Node value = node[key]; value && value.IsScalar()) return scalar_text(value);
    }
  }
  return {};
}

// Text of a field that should be a string. A list of scalars is joined rather than lost
// (some sites write `title: [A, B]`); maps give "" so a mistyped field cannot crash or leak
// markup into the index.
std::string text_of(const YAML::Node& node) {
  if (node.IsScalar()) return scalar_text(node);
  if (!node.IsSequence()) return {};
  std::string joined;
  for (const YAML::Node& item : node) {
    std::string part = scalar_text(item);
    if (part.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += part;
  }
  return joined;
}

// Items of a field that should be a list. A lone scalar is a one-element list, as Jekyll reads
// `tags: privacy`; maps inside the list contribute their `name`.
void append_list(const YAML::Node& node, std::vector<std::string>& out) {
  auto add = [&out](std::string value) {
    if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) {
      out.push_back(std::move(value));
    }
  };
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) add(name_of(item));
  } else {
    add(name_of(node));
  }
}

std::string org_of(const YAML::Node& map) {
  for (const char* key : {"org", "organisation", "organization", "affiliation", "company", "agency",
                          "agency_full_name"}) {
    if (const YAML::Node value = map[key]; value && value.IsScalar()) return scalar_text(value);
  }
  return {};
}

// Not `title`: on a speaker that is as often the talk's title as the person's.
std::string role_of(const YAML::Node& map) {
  for (const char* key : {"role", "position", "job_title", "jobtitle"}) {
    if (const YAML::Node value = map[key]; value && value.IsScalar()) return scalar_text(value);
  }
  return {};
}

void append_speakers(const YAML::Node& node, std::vector<Person>& out) {
  auto add = [&out](Person person) {
    if (person.name.empty()) return;
    // A person named twice is one speaker; a later mention may add the organisation or role.
    const std::string key = text::name_key(person.name);
    for (Person& known : out) {
      if (text::name_key(known.name) == key) {
        if (known.org.empty()) known.org = std::move(person.org);
        if (known.role.empty()) known.role = std::move(person.role);
        return;
      }
    }
    out.push_back(std::move(person));
  };
  auto add_node = [&](const YAML::Node& item) {
    if (item.IsScalar()) {
      for (std::string& name : split_names(item.Scalar())) add(Person{std::move(name), {}, {}, {}});
    } else if (item.IsMap()) {
      add(Person{name_of(item), org_of(item), role_of(item), {}});
    }
  };
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) add_node(item);
  } else {
    add_node(node);
  }
}

// Keys read into named fields; everything else with a text value goes to FrontMatter::extra.
constexpr std::array<std::string_view, 21> kNamedKeys = {
    "title",    "date",  "subtitle",   "summary",    "description", "excerpt", "event",
    "location", "venue", "venue_name", "url",        "permalink",   "slug",    "author",
    "authors",  "tags",  "tag",        "categories", "category",    "topics",  "speakers"};

FrontMatter read_map(const YAML::Node& root, std::size_t first_line) {
  FrontMatter out;
  auto field = [&root](const char* key) {
    const YAML::Node value = root[key];
    return value ? text_of(value) : std::string();
  };
  auto first_text = [&field](std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
      if (std::string value = field(key); !value.empty()) return value;
    }
    return std::string();
  };
  auto list = [&root](const char* key, std::vector<std::string>& into) {
    if (const YAML::Node value = root[key]) append_list(value, into);
  };

  out.title = field("title");
  out.date = field("date");
  if (const YAML::Node date = root["date"]; date && date.Mark().line >= 0) {
    out.date_line = first_line + static_cast<std::size_t>(date.Mark().line);
  }
  out.subtitle = field("subtitle");
  out.summary = first_text({"summary", "description", "excerpt"});
  out.event = field("event");
  out.location = first_text({"location", "venue", "venue_name"});
  out.url = first_text({"url", "permalink"});
  out.slug = field("slug");
  list("author", out.authors);
  list("authors", out.authors);
  list("tags", out.tags);
  list("tag", out.tags);
  list("categories", out.categories);
  list("category", out.categories);
  list("topics", out.topics);
  if (const YAML::Node speakers = root["speakers"]) append_speakers(speakers, out.speakers);

  for (const auto& entry : root) {
    if (!entry.first.IsScalar()) continue;
    const std::string& key = entry.first.Scalar();
    if (std::find(kNamedKeys.begin(), kNamedKeys.end(), key) != kNamedKeys.end()) continue;
    if (std::string value = text_of(entry.second); !value.empty())
      out.extra[key] = std::move(value);
  }
  return out;
}

bool is_fence(std::string_view line, std::string_view fence) {
  return ascii::trim_right(line) == fence;
}

}  // namespace

Result<FrontMatterSplit> split_front_matter(std::string_view bytes, std::string_view path) {
  FrontMatterSplit out;
  std::string_view rest = bytes;
  if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
  out.body = rest;

  std::size_t line = 1;
  std::size_t pos = 0;
  // Skip blank lines; Hugo and Jekyll accept them before the opening fence.
  while (pos < rest.size()) {
    const std::size_t end = std::min(rest.find('\n', pos), rest.size());
    const std::string_view text = rest.substr(pos, end - pos);
    if (!ascii::trim(text).empty()) break;
    pos = end + 1;
    ++line;
  }
  if (pos >= rest.size()) return out;
  std::size_t end = std::min(rest.find('\n', pos), rest.size());
  if (!is_fence(rest.substr(pos, end - pos), "---")) return out;

  const std::size_t open_line = line;
  const std::size_t yaml_begin = std::min(end + 1, rest.size());
  pos = yaml_begin;
  ++line;
  while (pos < rest.size()) {
    end = std::min(rest.find('\n', pos), rest.size());
    const std::string_view text = rest.substr(pos, end - pos);
    if (is_fence(text, "---") || is_fence(text, "...")) {
      out.has_front_matter = true;
      out.yaml = rest.substr(yaml_begin, pos - yaml_begin);
      out.yaml_line = open_line + 1;
      out.body = rest.substr(std::min(end + 1, rest.size()));
      out.body_line = line + 1;
      return out;
    }
    pos = end + 1;
    ++line;
  }
  return fail(ErrorCode::InvalidInput,
              at_line(path, open_line) + "front matter opened with '---' is never closed");
}

Result<FrontMatter> parse_front_matter(std::string_view yaml, std::size_t first_line,
                                       std::string_view path) {
  if (ascii::trim(yaml).empty()) return FrontMatter{};
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) return FrontMatter{};
    if (!root.IsMap()) {
      return fail(ErrorCode::InvalidInput,
                  at_line(path, first_line) + "front matter is not a mapping of keys to values");
    }
    return read_map(root, first_line);
  } catch (const YAML::Exception& error) {
    // Mark lines count from 0 within the YAML text; a null mark (-1) has no position.
    const std::size_t line =
        first_line + (error.mark.line > 0 ? static_cast<std::size_t>(error.mark.line) : 0);
    return fail(ErrorCode::InvalidInput,
                at_line(path, line) + "front matter is not valid YAML: " + error.msg);
  }
}

std::vector<std::string> split_names(std::string_view text) {
  // "&" and the word "and" separate names just like commas do.
  std::string flat;
  const std::string clean = text::collapse_whitespace(text);
  for (std::size_t i = 0; i < clean.size(); ++i) {
    const bool word_start = i == 0 || clean[i - 1] == ' ';
    if (clean[i] == '&' || clean[i] == ';') {
      flat += ',';
    } else if (word_start && clean.compare(i, 4, "and ") == 0) {
      flat += ',';
      i += 3;
    } else {
      flat += clean[i];
    }
  }

  static constexpr std::array<std::string_view, 8> kHonorifics = {
      "ms. ", "mr. ", "mrs. ", "mx. ", "dr. ", "prof. ", "dr ", "prof "};
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::size_t start = 0;
  while (start <= flat.size()) {
    const std::size_t comma = std::min(flat.find(',', start), flat.size());
    std::string_view name = ascii::trim(std::string_view(flat).substr(start, comma - start));
    for (std::string_view honorific : kHonorifics) {
      if (ascii::starts_with_ci(name, honorific)) {
        name = ascii::trim(name.substr(honorific.size()));
        break;
      }
    }
    if (!name.empty() && seen.insert(text::name_key(name)).second) out.emplace_back(name);
    start = comma + 1;
  }
  return out;
}

}  // namespace civic::indexer
