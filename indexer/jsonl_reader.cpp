// JSON Lines of pre-segmented units → posts. One object per line; lines are grouped into posts by
// their "post" value, so a post may be spread over a file in any order. The nlohmann/json adapter
// for this format: its exceptions are caught here and become per-line warnings.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "indexer/reader.h"
#include "indexer/segment.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

using nlohmann::json;

// A line that cannot be read; its message becomes "path:LINE: <message>".
struct BadLine {
  std::string message;
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: …" → "parse error at …".
std::string without_prefix(const char* what) {
  std::string_view message(what);
  if (!message.empty() && message.front() == '[') {
    if (const std::size_t end = message.find("] "); end != std::string_view::npos) {
      message.remove_prefix(end + 2);
    }
  }
  return std::string(message);
}

std::string quoted(std::string_view key) { return "\"" + std::string(key) + "\""; }

std::string required_string(const json& object, const char* key) {
  const json* value = nullptr;
  try {
    value = &object.at(key);
  } catch (const json::out_of_range&) {
    throw BadLine{"missing " + quoted(key)};
  }
  if (!value->is_string()) {
    throw BadLine{quoted(key) + " must be a string, not " + value->type_name()};
  }
  return value->get<std::string>();
}

std::string optional_string(const json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return {};
  if (!found->is_string()) {
    throw BadLine{quoted(key) + " must be a string, not " + found->type_name()};
  }
  return found->get<std::string>();
}

std::vector<std::string> optional_strings(const json& object, const char* key) {
  std::vector<std::string> out;
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return out;
  if (!found->is_array()) {
    throw BadLine{quoted(key) + " must be an array of strings, not " + found->type_name()};
  }
  for (const json& item : *found) {
    if (!item.is_string()) {
      throw BadLine{quoted(key) + " must be an array of strings, but holds " + item.type_name()};
    }
    if (std::string value = text::collapse_whitespace(item.get<std::string>()); !value.empty()) {
      out.push_back(std::move(value));
    }
  }
  return out;
}

// What one good line gives.
struct Line {
  std::string post_key;
  std::string title, date, url, author, event;
  std::vector<std::string> tags;
  Unit unit;
  std::optional<std::string> unknown_kind;
  std::string bad_date;
};

// Reads one line. Throws BadLine or nlohmann::json::exception, which read_jsonl turns into a
// warning; nothing escapes this file.
Line read_line(std::string_view raw) {
  const json object = json::parse(raw);
  if (!object.is_object())
    throw BadLine{std::string("expected an object, not ") + object.type_name()};

  Line line;
  line.post_key = required_string(object, "post");
  if (text::collapse_whitespace(line.post_key).empty()) throw BadLine{"\"post\" is empty"};
  const std::string text = required_string(object, "text");
  if (text::collapse_whitespace(text).empty()) throw BadLine{"\"text\" is empty"};

  line.title = text::collapse_whitespace(optional_string(object, "title"));
  if (std::string date = optional_string(object, "date"); !date.empty()) {
    if (auto parsed = parse_metadata_date(date)) {
      line.date = *parsed;
    } else {
      line.bad_date = date;
    }
  }
  line.url = text::collapse_whitespace(optional_string(object, "url"));
  line.author = text::collapse_whitespace(optional_string(object, "author"));
  line.event = text::collapse_whitespace(optional_string(object, "event"));
  line.tags = optional_strings(object, "tags");

  UnitKind kind = UnitKind::Paragraph;
  if (std::string name = optional_string(object, "kind"); !name.empty()) {
    if (auto known = unit_kind_from_name(name)) {
      kind = *known;
    } else {
      line.unknown_kind = name;
    }
  }
  std::vector<Unit> one;
  add_unit(one, kind, text, optional_string(object, "context"));
  line.unit = std::move(one.front());

  line.unit.speaker = text::collapse_whitespace(optional_string(object, "speaker"));
  line.unit.org = text::collapse_whitespace(optional_string(object, "org"));
  line.unit.role = text::collapse_whitespace(optional_string(object, "role"));
  if (!line.unit.speaker.empty() || !line.unit.org.empty() || !line.unit.role.empty()) {
    line.unit.source = AttributionSource::Metadata;
    line.unit.explanation = "JSONL field";
  }
  line.unit.themes = optional_strings(object, "themes");
  if (kind == UnitKind::Comment || kind == UnitKind::Pingback) {
    // On a comment line, "author" names the commenter, not the blogger.
    line.unit.comment = Comment{line.author, line.date, {}};
    line.author.clear();
  }
  return line;
}

void add_speaker(Post& post, const Unit& unit) {
  if (unit.speaker.empty()) return;
  const std::string key = text::name_key(unit.speaker);
  for (const Person& known : post.speakers) {
    if (text::name_key(known.name) == key) return;
  }
  post.speakers.push_back(Person{unit.speaker, unit.org, unit.role, {}});
}

// Fills the post's fields that are still empty from a line: the first line that gives one wins.
void merge_post_fields(Post& post, const Line& line) {
  auto fill = [](std::string& field, const std::string& value) {
    if (field.empty()) field = value;
  };
  fill(post.title, line.title);
  fill(post.date, line.date);
  fill(post.url, line.url);
  fill(post.author, line.author);
  fill(post.event, line.event);
  for (const std::string& tag : line.tags) {
    if (std::find(post.tags.begin(), post.tags.end(), tag) == post.tags.end()) {
      post.tags.push_back(tag);
    }
  }
}

}  // namespace

Result<ReadOutput> read_jsonl(std::string_view bytes, const Source& source) {
  ReadOutput out;
  std::map<std::string, std::size_t> post_index;  // "post" value → index in out.posts
  std::vector<std::string> post_keys;             // "post" value of each of out.posts
  std::size_t good = 0;
  std::size_t bad = 0;
  std::size_t line_number = 0;
  auto warn = [&](std::size_t line, const std::string& message) {
    out.warnings.push_back(
        {ErrorCode::InvalidInput, source.path + ":" + std::to_string(line) + ": " + message});
  };

  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t end = std::min(bytes.find('\n', pos), bytes.size());
    std::string_view raw = bytes.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line_number == 1 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    if (text::collapse_whitespace(raw).empty()) continue;

    Line line;
    try {
      line = read_line(raw);
    } catch (const BadLine& error) {
      ++bad;
      warn(line_number, error.message);
      continue;
    } catch (const json::parse_error& error) {
      ++bad;
      warn(line_number, "not JSON: " + without_prefix(error.what()));
      continue;
    } catch (const json::exception& error) {
      ++bad;
      warn(line_number, without_prefix(error.what()));
      continue;
    }
    ++good;
    if (line.unknown_kind) {
      warn(line_number, "unknown kind \"" + *line.unknown_kind + "\", read as a paragraph");
    }
    if (!line.bad_date.empty()) warn(line_number, "date \"" + line.bad_date + "\" is not a date");

    auto [slot, is_new] = post_index.emplace(line.post_key, out.posts.size());
    if (is_new) {
      PostDoc doc;
      // Keyed by the "post" value alone, so a later file with the same post replaces it.
      doc.post.id = post_id_for(line.post_key, "jsonl:" + line.post_key);
      out.posts.push_back(std::move(doc));
      post_keys.push_back(line.post_key);
    }
    PostDoc& doc = out.posts[slot->second];
    merge_post_fields(doc.post, line);
    add_speaker(doc.post, line.unit);
    doc.units.push_back(std::move(line.unit));
  }

  if (good == 0) {
    if (bad == 0) return fail(ErrorCode::InvalidInput, source.path + ": no JSON lines");
    return fail(ErrorCode::InvalidInput,
                source.path + ": none of its " + std::to_string(bad) +
                    " lines could be read; first: " + out.warnings.front().message);
  }
  // A post without a "title" is named by its title unit, else by its "post" value.
  for (std::size_t i = 0; i < out.posts.size(); ++i) {
    Post& post = out.posts[i].post;
    if (!post.title.empty()) continue;
    const auto& units = out.posts[i].units;
    const auto found = std::find_if(units.begin(), units.end(),
                                    [](const Unit& u) { return u.kind == UnitKind::Title; });
    post.title = found != units.end() ? found->text : post_keys[i];
  }
  return out;
}

}  // namespace civic::indexer
