// Saved HTML pages of one post: metadata from the head (Open Graph, article:*, canonical link)
// or the article itself, the body from the article (or .entry-content, .post-content, <main>,
// <body>) without site chrome, and the reader comments of a WordPress-style comment list.
// Two page families get their own touches: US Congressional Record granules (a <pre> body whose
// date is in the <title>, and the day's members from the MODS beside them) and Etherpad exports
// (pad notes as lines; the pad's service footer is not content). The HTML itself is handled by
// html_segmenter (libxml2); nothing here parses; congressional_record reads the MODS.
#include <cctype>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "indexer/congressional_record.h"
#include "indexer/html_segmenter.h"
#include "indexer/reader.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

bool icontains(std::string_view s, std::string_view needle) {
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (ascii::starts_with_ci(s.substr(i), needle)) return true;
  }
  return false;
}

// Etherpad's <title> is the pad's name; "-keep" / "-tmp" only tell the service how long to keep it.
std::string pad_title(std::string title) {
  for (std::string_view suffix : {"-keep", "-tmp"}) {
    if (title.size() > suffix.size() && title.ends_with(suffix)) {
      title.resize(title.size() - suffix.size());
      break;
    }
  }
  return title;
}

// The pad service's own text ("Welcome to pad.riseup.net!", "Welcome to Etherpad!" and its
// warnings) ends every export: drop it and everything after it.
void cut_pad_footer(std::vector<Unit>& units) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    const std::string& t = units[i].text;
    if (ascii::starts_with_ci(t, "welcome to ") && icontains(t.substr(0, 60), "pad")) {
      units.erase(units.begin() + static_cast<std::ptrdiff_t>(i), units.end());
      return;
    }
  }
}

std::string first_date(std::initializer_list<std::string> candidates) {
  for (const std::string& candidate : candidates) {
    if (candidate.empty()) continue;
    if (auto date = parse_metadata_date(candidate)) return *date;
  }
  return {};
}

bool is_url(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

// Reader comments → Comment units (one per paragraph) and Pingback units (one each).
void add_comments(PostDoc& doc, const std::vector<HtmlComment>& comments) {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> first_unit(comments.size(), kNone);
  std::vector<std::pair<std::size_t, std::size_t>> replies;  // (unit, its parent's first unit)
  for (std::size_t k = 0; k < comments.size(); ++k) {
    const HtmlComment& c = comments[k];
    const std::string date = parse_metadata_date(c.date).value_or("");
    const std::size_t start = doc.units.size();
    if (c.is_pingback) {
      std::string text;
      for (const Unit& unit : c.units) text += (text.empty() ? "" : " ") + unit.text;
      std::string_view body = ascii::trim(text);
      for (std::string_view label : {"pingback:", "trackback:"}) {
        if (ascii::starts_with_ci(body, label)) body = ascii::trim(body.substr(label.size()));
      }
      // "Post title « Blog name": the linking blog is the pingback's author.
      std::string author = c.author;
      if (auto mark = body.rfind("\xC2\xAB"); author.empty() && mark != std::string_view::npos) {
        author = std::string(ascii::trim(body.substr(mark + 2)));
      }
      if (Unit* unit = add_unit(doc.units, UnitKind::Pingback, body.empty() ? author : body)) {
        unit->comment = Comment{author, date, {}};
      }
    } else {
      std::size_t parent = kNone;
      std::string context;
      if (c.parent >= 0 && first_unit[static_cast<std::size_t>(c.parent)] != kNone) {
        parent = first_unit[static_cast<std::size_t>(c.parent)];
        const std::string& parent_author = comments[static_cast<std::size_t>(c.parent)].author;
        if (!parent_author.empty()) context = "reply to " + parent_author;
      }
      for (const Unit& part : c.units) {
        if (Unit* unit = add_unit(doc.units, UnitKind::Comment, part.text, context)) {
          unit->comment = Comment{c.author, date, {}};
          if (parent != kNone) replies.emplace_back(doc.units.size() - 1, parent);
        }
      }
    }
    if (doc.units.size() > start) first_unit[k] = start;
  }
  if (replies.empty()) return;
  // A parent's id comes from its text (and finalise_post() follows it if it changes).
  assign_unit_ids(doc);
  for (const auto& [unit, parent] : replies)
    doc.units[unit].comment->parent_id = doc.units[parent].id;
}

}  // namespace

Result<ReadOutput> read_html(std::string_view bytes, const Source& source) {
  auto page = HtmlPage::parse(bytes);
  if (!page) return fail(ErrorCode::InvalidInput, source.path + ": " + page.error().message);

  PostDoc doc;
  Post& post = doc.post;
  // The id read_bytes() would give a one-post file; needed now for comments' parent ids.
  post.id = post_id_for(std::filesystem::path(source.path).stem().string(), source.key);

  const std::string head_title = page->title();
  const bool is_record = head_title.starts_with("Congressional Record");
  const bool is_pad = ascii::starts_with_ci(page->meta("generator"), "etherpad");
  // A Record granule is a transcript, also one without turn markers (Daily Digest, bill text),
  // where the live-blog heuristics would find only noise.
  if (is_record) post.form = TextForm::Transcript;
  std::vector<Error> warnings;
  if (is_record) {
    // The day's members from its MODS, so that "Mr. HARLAN" becomes Hugh T. Harlan.
    auto roster = record_roster(source.key.empty() ? source.path : source.key);
    post.roster = std::move(roster.members);
    if (roster.warning) warnings.push_back(std::move(*roster.warning));
  }

  post.title = page->meta("og:title");
  if (post.title.empty()) post.title = page->content_heading();
  if (post.title.empty()) post.title = is_pad ? pad_title(head_title) : head_title;

  post.date = first_date({page->meta("article:published_time"), page->meta("datepublished"),
                          page->content_time(), page->meta("date"), page->meta("dc.date"),
                          page->meta("dc.date.issued"), page->meta("dcterms.date")});
  if (post.date.empty() && is_record) {
    // "Congressional Record, Volume 151 Issue 68 (Friday, May 20, 2005)"
    post.date = find_date(head_title).value_or("");
  }

  if (!is_pad) {  // an Etherpad export names the software as its author
    post.author = page->meta("author");
    if (post.author.empty() && !is_url(page->meta("article:author"))) {
      post.author = page->meta("article:author");
    }
  }
  post.url = page->meta("og:url");
  if (post.url.empty()) post.url = page->canonical_url();

  add_unit(doc.units, UnitKind::Title, post.title);
  HtmlOptions options;
  options.line_markup = is_pad;
  std::vector<Unit> body = page->content_units(options);
  if (is_pad) cut_pad_footer(body);
  bool title_repeated = false;
  for (Unit& unit : body) {
    // The article's own <h1> is the title we already have.
    if (!title_repeated && unit.kind == UnitKind::Heading &&
        text::normalise(unit.text) == text::normalise(post.title)) {
      title_repeated = true;
      continue;
    }
    doc.units.push_back(std::move(unit));
  }
  add_comments(doc, page->comments());

  ReadOutput out;
  out.posts.push_back(std::move(doc));
  out.warnings = std::move(warnings);
  return out;
}

}  // namespace civic::indexer
