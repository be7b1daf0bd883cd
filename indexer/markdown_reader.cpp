// Markdown posts (Jekyll, Hugo, Eleventy) → one post of units. Front matter is read by
// front_matter.cpp; template syntax ({{< … >}}, {{ … }}, {% … %}) is removed by
// markdown/templates.cpp before md4c sees the body, because md4c would otherwise index it as
// text; markdown/renderer.cpp turns the body into units. This file decides the post's
// metadata: title, date, authors, tags, event and speakers.
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <optional>

#include "indexer/front_matter.h"
#include "indexer/markdown/renderer.h"
#include "indexer/markdown/templates.h"
#include "indexer/reader.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

// --- Post metadata -----------------------------------------------------------------------

// A category that names an event: "ACRL 2019", "Idaho Libraries Futures Camp". Slugs such as
// "support-events" or "ukgovcamp" are site sections, not event names.
bool looks_like_event(std::string_view category) {
  const std::string clean = text::collapse_whitespace(category);
  const bool has_capital =
      std::any_of(clean.begin(), clean.end(), [](unsigned char c) { return std::isupper(c); });
  if (clean.find(' ') == std::string::npos && !has_capital) return false;
  for (std::size_t i = 0; i + 4 <= clean.size(); ++i) {
    const bool digits = std::all_of(clean.begin() + static_cast<std::ptrdiff_t>(i),
                                    clean.begin() + static_cast<std::ptrdiff_t>(i + 4),
                                    [](unsigned char c) { return std::isdigit(c); });
    const bool bounded =
        (i == 0 || !std::isdigit(static_cast<unsigned char>(clean[i - 1]))) &&
        (i + 4 == clean.size() || !std::isdigit(static_cast<unsigned char>(clean[i + 4])));
    if (digits && bounded && (clean.compare(i, 2, "19") == 0 || clean.compare(i, 2, "20") == 0)) {
      return true;
    }
  }
  static constexpr std::array<std::string_view, 16> kEventWords = {
      "conference", "convention",   "camp",      "summit", "symposium", "forum",
      "festival",   "workshop",     "hackathon", "meetup", "congress",  "expo",
      "colloquium", "unconference", "jam",       "plenary"};
  std::string word;
  const std::string low = ascii::to_lower(clean) + " ";
  for (char c : low) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += c;
      continue;
    }
    for (std::string_view event_word : kEventWords) {
      if (word.ends_with(event_word)) return true;
    }
    word.clear();
  }
  return false;
}

// A presenter list as conference notes write it in `subtitle`: every part a name of two to five
// capitalised words. "Other Collective Notes" and other real subtitles fail.
bool looks_like_names(const std::vector<std::string>& names) {
  static constexpr std::array<std::string_view, 14> kNotNames = {
      "notes", "note",         "other",    "collective", "session", "panel",    "keynote",
      "talk",  "presentation", "workshop", "discussion", "various", "speakers", "presenters"};
  if (names.empty()) return false;
  for (const std::string& name : names) {
    std::size_t words = 0;
    std::size_t start = 0;
    while (start < name.size()) {
      std::size_t end = std::min(name.find(' ', start), name.size());
      const std::string_view word = std::string_view(name).substr(start, end - start);
      start = end + 1;
      if (word.empty()) continue;
      ++words;
      const unsigned char first = static_cast<unsigned char>(word.front());
      if (!(std::isupper(first) || first >= 0x80)) return false;
      if (std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); })) {
        return false;
      }
      if (std::find(kNotNames.begin(), kNotNames.end(), ascii::to_lower(word)) != kNotNames.end()) {
        return false;
      }
    }
    if (words < 2 || words > 5) return false;
  }
  return true;
}

// YYYY-MM-DD at the start of a file name, as Jekyll names posts.
std::optional<std::string> date_from_file_name(std::string_view name) {
  if (name.size() < 10) return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return std::nullopt;
  }
  if (name[4] != '-' || name[7] != '-') return std::nullopt;
  if (name.size() > 10 && std::isdigit(static_cast<unsigned char>(name[10]))) return std::nullopt;
  return parse_metadata_date(name.substr(0, 10));
}

// The file's stem, or its folder's name for Hugo's `_index.md` and bundles' `index.md`.
std::string stem_of(const std::filesystem::path& path) {
  std::string stem = path.stem().string();
  if ((stem == "_index" || stem == "index") && path.has_parent_path() &&
      !path.parent_path().filename().empty()) {
    stem = path.parent_path().filename().string();
  }
  return stem;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// Title: front matter, else the first level-1 heading (which then is not a heading too),
// else the file name. A heading repeating the front-matter title is dropped as well.
void set_title(Post& post, const FrontMatter& meta, markdown::RenderedBody& body,
               const std::filesystem::path& path) {
  post.title = meta.title;
  if (body.h1_unit) {
    const bool is_title =
        post.title.empty() || text::normalise(post.title) == text::normalise(body.first_h1);
    if (is_title) {
      if (post.title.empty()) post.title = body.first_h1;
      body.units.erase(body.units.begin() + static_cast<std::ptrdiff_t>(*body.h1_unit));
    }
  }
  if (post.title.empty()) post.title = stem_of(path);
}

// The front matter's date, else the one in a Jekyll file name; a front-matter date that is not
// a date is a warning.
void set_date(Post& post, const FrontMatter& meta, const Source& source,
              const std::filesystem::path& path, ReadOutput& out) {
  if (!meta.date.empty()) {
    if (auto date = parse_metadata_date(meta.date)) {
      post.date = *date;
    } else {
      out.warnings.push_back(
          {ErrorCode::InvalidInput, source.path + ":" + std::to_string(meta.date_line) +
                                        ": front matter date '" + meta.date + "' is not a date"});
    }
  }
  if (post.date.empty()) post.date = date_from_file_name(path.filename().string()).value_or("");
}

// Tags, categories and topics as one list without repeats; the event from the front matter,
// else a first category that names one.
void set_tags_and_event(Post& post, const FrontMatter& meta) {
  for (const auto* list : {&meta.tags, &meta.categories, &meta.topics}) {
    for (const std::string& tag : *list) {
      if (std::find(post.tags.begin(), post.tags.end(), tag) == post.tags.end()) {
        post.tags.push_back(tag);
      }
    }
  }
  post.event = meta.event;
  if (post.event.empty() && !meta.categories.empty() && looks_like_event(meta.categories.front())) {
    post.event = meta.categories.front();
  }
}

// The front matter's speakers, and the presenters a conference note lists in its subtitle.
void set_speakers(Post& post, const FrontMatter& meta) {
  post.speakers = meta.speakers;
  if (const std::vector<std::string> names = split_names(meta.subtitle); looks_like_names(names)) {
    for (const std::string& name : names) {
      const std::string key = text::name_key(name);
      const bool known =
          std::any_of(post.speakers.begin(), post.speakers.end(),
                      [&](const Person& p) { return text::name_key(p.name) == key; });
      if (!known) post.speakers.push_back(Person{name, {}, {}, {}});
    }
  }
}

}  // namespace

Result<ReadOutput> read_markdown(std::string_view bytes, const Source& source) {
  auto split = split_front_matter(bytes, source.path);
  if (!split) return Unexpected{split.error()};
  FrontMatter meta;
  if (split->has_front_matter) {
    auto parsed = parse_front_matter(split->yaml, split->yaml_line, source.path);
    if (!parsed) return Unexpected{parsed.error()};
    meta = std::move(parsed).value();
  }

  ReadOutput out;
  auto body = markdown::render_markdown(markdown::strip_templates(split->body), source.path);
  if (!body) return Unexpected{body.error()};

  const std::filesystem::path path(source.path);
  PostDoc doc;
  Post& post = doc.post;
  set_title(post, meta, *body, path);
  set_date(post, meta, source, path, out);
  post.author = join(meta.authors, ", ");
  set_tags_and_event(post, meta);
  post.url = meta.url;
  set_speakers(post, meta);
  post.id = post_id_for(meta.slug.empty() ? stem_of(path) : meta.slug, source.key);

  add_unit(doc.units, UnitKind::Title, post.title);
  for (Unit& unit : body->units) doc.units.push_back(std::move(unit));
  out.posts.push_back(std::move(doc));
  return out;
}

}  // namespace civic::indexer
