// The reading pages (see reading_pages.h): a unit in its context, a talk, a whole post. Their
// markup shares the search page's masthead, colours and footer (web/static/app.css); they load
// no script.
#include "web/reading_pages.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "query/core/html.h"
#include "query/core/text.h"
#include "web/html.h"
#include "web/page_parts.h"

namespace civic::web {
namespace {

using query::Hit;

constexpr std::size_t kHeadingBytes = 160;      // a longer unit is cut in its page's h1
constexpr std::size_t kTitleBytes = 80;         // … and in the page's <title>
constexpr std::size_t kDescriptionBytes = 300;  // og:description and the description meta
constexpr std::size_t kExcerptBytes = 60;       // a link to a neighbouring unit quotes this much
constexpr std::size_t kTalkWindow = 8;          // units of a long talk shown each side of a unit

// `text` cut to at most `max_bytes` at a word boundary where one is near, "…" when cut.
std::string excerpt(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::string_view cut = text::truncate_utf8(text, max_bytes);
  const auto space = cut.find_last_of(' ');
  if (space != std::string_view::npos && space > max_bytes / 2) cut = cut.substr(0, space);
  while (!cut.empty() && (cut.back() == ' ' || cut.back() == ',')) cut.remove_suffix(1);
  return std::string(cut) + "\u2026";
}

std::string quoted(const std::string& text, std::size_t max_bytes) {
  return "\u201c" + excerpt(text, max_bytes) + "\u201d";
}

const std::string& title_of(const Post& post) { return post.title.empty() ? post.id : post.title; }

std::string link(const std::string& href, const std::string& text, const std::string& attrs = {}) {
  return "<a href=\"" + html::escape(href) + "\"" + attrs + ">" + html::escape(text) + "</a>";
}

std::string span(const char* cls, const std::string& text) {
  return std::string("<span class=\"") + cls + "\">" + html::escape(text) + "</span>";
}

std::string date_html(const std::string& date) {
  return "<time class=\"hit-date\" datetime=\"" + html::escape(date) + "\">" + html::escape(date) +
         "</time>";
}

// Parts of a meta line, the empty ones left out, between separators.
std::string meta_line(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += kSeparator;
    out += part;
  }
  return out.empty() ? out : "<p class=\"reading-meta\">" + out + "</p>";
}

// The link to a unit's place on its post's page.
std::string in_post(const Hit& hit) { return post_path(hit.post.id) + "#" + unit_anchor(hit.unit); }

// The source: the paragraph in the archive's own post, when it has an address.
std::string source_link(const Hit& hit) {
  return hit.url.empty() ? std::string() : link(hit.url, "original post", " class=\"hit-source\"");
}

// The speaker of a talk: that of its first unit that names one.
const Unit* talk_speaker(const query::TalkView& talk) {
  for (const auto& hit : talk.units) {
    if (!hit.unit.speaker.empty()) return &hit.unit;
  }
  return nullptr;
}

// Who gives the talk a unit starts, linking to the talk's page.
std::string talk_label(const Hit& hit) {
  const std::string who = render_who(hit.unit, WhoLinks::None);
  return "<p class=\"talk-label\"><a href=\"" + html::escape(talk_path(hit.unit.talk)) + "\">" +
         (who.empty() ? std::string("A talk") : who) + "</a></p>";
}

// "Comment by …" where a reader's comment starts (`previous`: the unit before, or null).
std::string comment_label(const Hit& hit, const Hit* previous) {
  if (!hit.unit.comment) return {};
  const Comment& comment = *hit.unit.comment;
  if (previous && previous->unit.comment && previous->unit.comment->author == comment.author &&
      previous->unit.comment->date == comment.date)
    return {};
  std::string out = "<p class=\"comment-label\">" +
                    html::escape(hit.unit.kind == UnitKind::Pingback ? "Pingback" : "Comment");
  if (!comment.author.empty()) out += " by " + span("hit-author", comment.author);
  if (!comment.date.empty()) out += std::string(kSeparator) + date_html(comment.date);
  return out + "</p>";
}

// The link from a unit in a list to its own page; its name quotes the unit's first words.
std::string permalink(const Hit& hit) {
  return "<a class=\"unit-link\" href=\"" + html::escape(unit_path(hit.unit.id)) +
         "\">Permalink<span class=\"visually-hidden\">: " +
         html::escape(quoted(hit.unit.text, kExcerptBytes)) + "</span></a>";
}

struct ListOptions {
  const std::string* current = nullptr;  // the unit marked (aria-current), or null
  bool with_anchors = false;             // each item gets its unit_anchor() as id
  bool label_talks = false;              // a talk_label() where a talk starts
  const Unit* speaker = nullptr;         // a talk's speaker: units said by others name theirs
};

// Units as an ordered list, each with a link to its page; the current one marked instead.
std::string unit_list(const std::vector<const Hit*>& units, const ListOptions& options) {
  std::string out = "<ol class=\"reading-units\">";
  const Hit* previous = nullptr;
  for (const Hit* hit : units) {
    const bool is_current = options.current && hit->unit.id == *options.current;
    out += "<li class=\"reading-unit kind-" + std::string(unit_kind_name(hit->unit.kind)) +
           (is_current ? " is-current\" aria-current=\"true\"" : "\"");
    if (options.with_anchors) out += " id=\"" + html::escape(unit_anchor(hit->unit)) + "\"";
    out += ">";
    if (options.label_talks && !hit->unit.talk.empty() &&
        (!previous || previous->unit.talk != hit->unit.talk))
      out += talk_label(*hit);
    if (options.speaker && query::who_line(hit->unit) != query::who_line(*options.speaker)) {
      const std::string who = render_who(hit->unit);
      if (!who.empty()) out += "<p class=\"talk-label\">" + who + "</p>";
    }
    out += comment_label(*hit, previous);
    const std::string text = html::escape(hit->unit.text);
    out += is_current ? "<p class=\"unit-text\"><mark>" + text + "</mark></p>"
                      : "<p class=\"unit-text\">" + text + "</p>" + permalink(*hit);
    out += "</li>";
    previous = hit;
  }
  return out + "</ol>";
}

// The Open Graph and Twitter card tags of a unit's page, and its description.
std::string unit_meta_tags(const Hit& hit, const std::string& canonical) {
  const std::string description = quoted(hit.unit.text, kDescriptionBytes);
  std::string title = title_of(hit.post);
  if (!hit.unit.speaker.empty()) {
    title = hit.unit.speaker + " \u2013 " + (hit.post.event.empty() ? title : hit.post.event);
  }
  std::string out = meta_tag("name", "description", description);
  out += meta_tag("property", "og:type", "article");
  out += meta_tag("property", "og:site_name", "Civic Search");
  out += meta_tag("property", "og:title", title);
  out += meta_tag("property", "og:description", description);
  out += meta_tag("property", "og:url", canonical);
  if (!hit.post.date.empty()) out += meta_tag("property", "article:published_time", hit.post.date);
  out += meta_tag("name", "twitter:card", "summary");
  out += meta_tag("name", "twitter:title", title);
  out += meta_tag("name", "twitter:description", description);
  return out;
}

// The unit page's Cite control: a disclosure holding every format, each as its text in a
// focusable <pre>, a copy button that web/static/reading.js reveals and a download link.
std::string cite_section(const UnitPageExtras& extras) {
  if (extras.citations.empty()) return {};
  std::string out =
      "<section id=\"cite\" class=\"cite\" aria-label=\"Cite this\"><details>"
      "<summary>Cite this</summary>";
  for (const PageCitation& c : extras.citations) {
    const std::string id = "cite-" + html::escape(c.format);
    out += "<div class=\"cite-format\"><h2 id=\"" + id + "-label\">" + html::escape(c.label) +
           "</h2><pre id=\"" + id + "\" tabindex=\"0\" aria-labelledby=\"" + id + "-label\">" +
           html::escape(c.text) +
           "</pre><p class=\"cite-actions\"><button type=\"button\" class=\"copy\" "
           "data-copy=\"" +
           id + "\" hidden>Copy</button> <a href=\"" + html::escape(c.href) +
           "\">Download</a></p></div>";
  }
  return out +
         "<p id=\"cite-status\" class=\"visually-hidden\" role=\"status\"></p>"
         "</details></section>";
}

// The unit's context: its talk (up to kTalkWindow units each side, with links to the rest) or,
// without one, the units around it.
std::string unit_context(const query::UnitView& view, const query::TalkView* talk) {
  std::vector<const Hit*> units;
  std::size_t earlier = 0, later = 0;
  const std::string& id = view.unit.unit.id;
  const auto at = talk ? std::find_if(talk->units.begin(), talk->units.end(),
                                      [&](const Hit& h) { return h.unit.id == id; })
                       : std::vector<Hit>::const_iterator();
  if (talk && at != talk->units.end()) {
    const std::size_t i = static_cast<std::size_t>(at - talk->units.begin());
    earlier = i > kTalkWindow ? i - kTalkWindow : 0;
    const std::size_t end = std::min(talk->units.size(), i + kTalkWindow + 1);
    later = talk->units.size() - end;
    for (std::size_t k = earlier; k < end; ++k) units.push_back(&talk->units[k]);
  } else {
    talk = nullptr;
    for (const auto& hit : view.before) units.push_back(&hit);
    units.push_back(&view.unit);
    for (const auto& hit : view.after) units.push_back(&hit);
  }
  std::string out =
      "<section class=\"reading-context\" aria-labelledby=\"context-heading\">"
      "<h2 id=\"context-heading\">" +
      std::string(talk ? "In the talk" : "In context") + "</h2>";
  auto more = [&](std::size_t n, const char* where) {
    return "<p class=\"context-more\">" +
           link(talk_path(talk->id), std::to_string(n) + " " + (n == 1 ? "unit" : "units") + " " +
                                         where + " in the talk") +
           "</p>";
  };
  if (earlier) out += more(earlier, "earlier");
  out += unit_list(units, {&id, false, talk == nullptr, talk ? talk_speaker(*talk) : nullptr});
  if (later) out += more(later, "later");
  return out + "</section>";
}

// Links to the units before and after this one in its post.
std::string neighbour_links(const query::UnitView& view) {
  if (view.before.empty() && view.after.empty()) return {};
  std::string out = "<nav class=\"pager\" aria-label=\"Neighbouring units\"><ul>";
  auto item = [](const Hit& hit, const char* rel, const char* direction) {
    return "<li class=\"pager-" + std::string(rel) + "\"><a rel=\"" + rel + "\" href=\"" +
           html::escape(unit_path(hit.unit.id)) + "\"><span class=\"pager-direction\">" +
           direction + "</span> <span class=\"pager-text\">" +
           html::escape(quoted(hit.unit.text, kExcerptBytes)) + "</span></a></li>";
  };
  if (!view.before.empty()) out += item(view.before.back(), "prev", "\u2190 Previous");
  if (!view.after.empty()) out += item(view.after.front(), "next", "Next \u2192");
  return out + "</ul></nav>";
}

// The head of a unit's page: the quote as h1, its lead-in, who, and where it was said.
std::string unit_header(const Hit& hit) {
  const Unit& unit = hit.unit;
  std::string out = "<header class=\"reading-head\"><h1 class=\"quote-heading\">" +
                    html::escape(quoted(unit.text, kHeadingBytes)) + "</h1>";
  if (!unit.context.empty()) {
    out += "<p class=\"hit-context\">" + html::escape(unit.context) + "</p>";
  }
  if (const std::string who = render_who(unit); !who.empty()) {
    out += "<p class=\"reading-who\">" + who + "</p>";
  }
  out += comment_label(hit, nullptr);
  out += meta_line({render_event(hit.post.event),
                    hit.post.date.empty() ? "" : date_html(hit.post.date),
                    "in " + link(in_post(hit), title_of(hit.post)),
                    span("hit-kind", std::string(unit_kind_name(unit.kind)))});
  return out + "</header>";
}

}  // namespace

std::string unit_anchor(const Unit& unit) {
  const std::string prefix = unit.post_id + ".";
  const bool in_post = !unit.post_id.empty() && unit.id.size() > prefix.size() &&
                       unit.id.compare(0, prefix.size(), prefix) == 0;
  return "u" + url_encode(in_post ? unit.id.substr(prefix.size()) : unit.id);
}

std::string render_unit_page(const query::UnitView& view, const query::TalkView* talk,
                             const PageAssets& assets, const UnitPageExtras& extras) {
  const Hit& hit = view.unit;
  const std::string canonical = assets.base_url + unit_path(hit.unit.id);
  std::string title = quoted(hit.unit.text, kTitleBytes);
  if (!hit.unit.speaker.empty()) title += " \u2013 " + hit.unit.speaker;
  std::string head = unit_meta_tags(hit, canonical);
  if (!extras.oembed_url.empty()) {
    head += "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"" +
            html::escape(extras.oembed_url) + "\" title=\"" + html::escape(title) + "\">";
  }
  if (!extras.citations.empty() && !assets.reading_js.empty())
    head += "<script src=\"" + html::escape(assets.reading_js) + "\" defer></script>";
  std::string out = page_start(title, canonical, head, assets);
  std::vector<std::pair<std::string, std::string>> trail = {
      {post_path(hit.post.id), title_of(hit.post)}};
  if (talk)
    trail.emplace_back(talk_path(talk->id), hit.unit.speaker.empty() ? "Talk" : hit.unit.speaker);
  trail.emplace_back("", "Quote");
  out += crumbs(trail) + "<article class=\"unit-page\">" + unit_header(hit) + cite_section(extras);
  out += "<nav class=\"reading-links\" aria-label=\"Read on\"><ul>";
  if (talk) out += "<li>" + link(talk_path(talk->id), "The whole talk") + "</li>";
  out += "<li>" + link(in_post(hit), "The whole post") + "</li>";
  if (!hit.url.empty()) out += "<li>" + source_link(hit) + "</li>";
  out += "</ul></nav>" + unit_context(view, talk) + neighbour_links(view) + "</article>";
  return out + page_end();
}

std::string render_talk_page(const query::TalkView& talk, const PageAssets& assets) {
  const Hit& first = talk.units.front();
  const Unit* speaker = talk_speaker(talk);
  const std::string heading =
      speaker ? speaker->speaker
              : "A talk at " + (talk.post.event.empty() ? title_of(talk.post) : talk.post.event);
  const std::string canonical = assets.base_url + talk_path(talk.id);
  std::string out = page_start(
      heading + " \u2013 " + title_of(talk.post), canonical,
      meta_tag("name", "description", quoted(first.unit.text, kDescriptionBytes)), assets);
  out += crumbs({{post_path(talk.post.id), title_of(talk.post)}, {"", heading}});
  const std::string speaker_page = speaker ? speaker_path(speaker->speaker) : std::string();
  out +=
      "<article class=\"talk-page\"><header class=\"reading-head\">"
      "<p class=\"eyebrow\">Talk</p><h1>" +
      (speaker_page.empty() ? html::escape(heading) : link(speaker_page, heading)) + "</h1>";
  if (speaker && (!speaker->role.empty() || !speaker->org.empty())) {
    const std::string org_page = org_path(speaker->org);
    std::string org;
    if (!speaker->org.empty()) {
      org = org_page.empty() ? span("hit-org", speaker->org)
                             : "<span class=\"hit-org\">" + link(org_page, speaker->org) + "</span>";
    }
    out += "<p class=\"reading-who\">" +
           (speaker->role.empty() ? "" : span("hit-role", speaker->role)) +
           (!speaker->role.empty() && !speaker->org.empty() ? ", " : "") + org + "</p>";
  }
  out += meta_line({render_event(talk.post.event),
                    talk.post.date.empty() ? "" : date_html(talk.post.date),
                    "in " + link(in_post(first), title_of(talk.post)), source_link(first)});
  out += "</header>";
  std::vector<const Hit*> units;
  for (const auto& hit : talk.units) units.push_back(&hit);
  out += unit_list(units, {nullptr, true, false, speaker});
  if (talk.previous || talk.next) {
    out += "<nav class=\"pager\" aria-label=\"Talks\"><ul>";
    auto item = [](const Hit& hit, const char* rel, const char* direction) {
      const std::string who = query::who_line(hit.unit);
      return "<li class=\"pager-" + std::string(rel) + "\"><a rel=\"" + rel + "\" href=\"" +
             html::escape(talk_path(hit.unit.talk)) + "\"><span class=\"pager-direction\">" +
             direction + "</span> <span class=\"pager-text\">" +
             html::escape(who.empty() ? std::string("A talk") : who) + "</span></a></li>";
    };
    if (talk.previous) out += item(*talk.previous, "prev", "\u2190 Previous talk");
    if (talk.next) out += item(*talk.next, "next", "Next talk \u2192");
    out += "</ul></nav>";
  }
  return out + "</article>" + page_end();
}

std::string render_post_page(const query::PostView& view, const PageAssets& assets) {
  const Post& post = view.post;
  const std::string& title = title_of(post);
  const std::string canonical = assets.base_url + post_path(post.id);
  std::string out = page_start(title, canonical, "", assets);
  out += crumbs({{"", title}}) + "<article class=\"post-page\"><header class=\"reading-head\">";
  // The post's title unit, when it opens the post, is the h1 itself (and keeps its anchor).
  const bool title_first =
      view.units.front().unit.kind == UnitKind::Title && view.units.front().unit.text == post.title;
  out += "<h1";
  if (title_first) out += " id=\"" + html::escape(unit_anchor(view.units.front().unit)) + "\"";
  out += ">" + html::escape(title) + "</h1>";
  out +=
      meta_line({render_event(post.event),
                 post.date.empty() ? "" : date_html(post.date),
                 post.author.empty() ? "" : span("hit-author", "by " + post.author),
                 post.url.empty() ? "" : link(post.url, "original post", " class=\"hit-source\"")});
  out += "</header><div class=\"post-body\">";
  std::string talk;
  const Hit* previous = nullptr;
  for (std::size_t i = title_first ? 1 : 0; i < view.units.size(); ++i) {
    const Hit& hit = view.units[i];
    if (hit.unit.talk != talk && !hit.unit.talk.empty()) out += talk_label(hit);
    talk = hit.unit.talk;
    out += comment_label(hit, previous);
    const std::string kind(unit_kind_name(hit.unit.kind));
    const char* tag = hit.unit.kind == UnitKind::Heading ? "h2" : "p";
    out += "<div class=\"reading-unit kind-" + kind + (talk.empty() ? "" : " in-talk") +
           "\" id=\"" + html::escape(unit_anchor(hit.unit)) + "\"><" + tag +
           " class=\"unit-text\">" + html::escape(hit.unit.text) + "</" + tag + ">" +
           permalink(hit) + "</div>";
    previous = &hit;
  }
  return out + "</div></article>" + page_end();
}

std::string render_reading_error_page(const std::string& heading, const std::string& message,
                                      const PageAssets& assets) {
  std::string out = page_start(heading, "", meta_tag("name", "robots", "noindex"), assets);
  out += "<article class=\"reading-error\"><h1>" + html::escape(heading) + "</h1><p>" +
         html::escape(message) + "</p><p>" + link("/", "Search the archive") + "</p></article>";
  return out + page_end();
}

}  // namespace civic::web
