// The quote card and its oEmbed answer (see cite.h). The card's look is web/static/card.css;
// the height estimate below follows that stylesheet's sizes, so change them together.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "query/core/html.h"
#include "web/cite.h"
#include "web/cite_work.h"
#include "web/html.h"

namespace civic::web {
namespace {

using cite::Voice;
using cite::Work;

// card.css: body padding 16px 20px and a 1px border; the quote 17px/1.5 behind a 3px rule and
// 14px of padding; the caption and link 14px/1.45, the caption 10px below the quote. Measured in
// Chromium with DejaVu Sans (what system-ui is on Debian): a glyph is 0.5 em on average and
// wrapping at word ends loses about four characters a line.
constexpr int kSideChrome = 2 * 20 + 2 + 3 + 14;
constexpr double kQuoteLine = 17 * 1.5, kQuoteGlyph = 17 * 0.5;
constexpr double kSmallLine = 14 * 1.45, kSmallGlyph = 14 * 0.5;
constexpr int kFixedChrome = 2 * 16 + 2 + 10 + 8 + 6;  // + a few pixels to spare

int lines_for(std::size_t chars, int width, double glyph) {
  const double per_line = std::max(8.0, (width - kSideChrome) / glyph - 4);
  return std::max(1, static_cast<int>(std::ceil((chars + 2) / per_line)));  // + the quote marks
}

// The caption's lines as the card shows them: who (or whose comment or post), then where.
struct Caption {
  std::string who;          // "Naomi Blackwood", a commenter, or the blogger
  std::string affiliation;  // a remark's role and organisation
  std::string source;       // the event or, without one, the post's title (a <cite>)
  std::string source_lead;  // text before it: "", "Comment on ", "From "
};

Caption caption_of(const Work& work) {
  Caption c;
  switch (work.voice) {
    case Voice::Remark:
      c.who = work.author ? work.author->as_written : "";
      c.affiliation = work.affiliation;
      c.source = work.event.empty() ? work.post_title : work.event;
      break;
    case Voice::Comment:
      c.who = work.author ? work.author->as_written : "";
      c.source = work.post_title;
      c.source_lead = c.source.empty() ? "" : "Comment on ";
      break;
    case Voice::Narration:
      c.who = work.blogger;
      c.source = work.post_title;
      c.source_lead = c.source.empty() ? "" : "From ";
      break;
  }
  return c;
}

int estimated_height(const Work& work, int width) {
  const Caption c = caption_of(work);
  double height = kFixedChrome;
  height += kQuoteLine * lines_for(cite::utf8_length(work.text), width, kQuoteGlyph);
  for (const std::string* line : {&c.who, &c.affiliation}) {
    if (!line->empty())
      height += kSmallLine * lines_for(cite::utf8_length(*line), width, kSmallGlyph);
  }
  const std::size_t where = cite::utf8_length(c.source_lead + c.source) + 16;  // " · 16 May 2013"
  height += kSmallLine * (lines_for(where, width, kSmallGlyph) + 1);           // + the link
  return std::clamp(static_cast<int>(height + 0.5), kQuoteCardMinHeight, kQuoteCardMaxHeight);
}

std::string card_url(const query::Hit& hit, const std::string& base_url) {
  return base_url + "/units/" + url_encode(hit.unit.id) + "/card";
}

// "Naomi Blackwood: “We are not a cheap way…”", naming the quote for a frame or a tab.
std::string card_title(const Work& work) {
  const Caption c = caption_of(work);
  const std::string quote =
      work.voice == Voice::Narration ? cite::quote_title(work.text) : work.title;
  std::string out = c.who;
  if (!quote.empty()) out += (out.empty() ? "\u201c" : ": \u201c") + quote + "\u201d";
  return out.empty() ? std::string("Quote") : out;
}

}  // namespace

std::string render_oembed_json(const query::Hit& hit, const OEmbedContext& context) {
  const Work work = cite::work_of(hit);
  int width = kQuoteCardWidth;
  if (context.max_width > 0) width = std::min(width, context.max_width);
  int height = estimated_height(work, width);
  if (context.max_height > 0) height = std::min(height, context.max_height);

  const std::string frame_title = card_title(work) + " (" + context.provider_name + ")";
  // No padding or margins (oEmbed 2.3.4.4); the border is the card's own.
  const std::string html = "<iframe src=\"" + html::escape(card_url(hit, context.base_url)) +
                           "\" width=\"" + std::to_string(width) + "\" height=\"" +
                           std::to_string(height) + "\" title=\"" + html::escape(frame_title) +
                           "\" loading=\"lazy\" style=\"border:0;max-width:100%\"></iframe>";
  nlohmann::ordered_json out;
  out["version"] = "1.0";
  out["type"] = "rich";
  if (!work.title.empty()) out["title"] = work.title;
  if (work.author || (work.voice == Voice::Narration && !work.blogger.empty())) {
    out["author_name"] = work.author ? work.author->as_written : work.blogger;
  }
  // A speaker's or organisation's other remarks: the search page filtered to them.
  if (work.voice == Voice::Remark) {
    const bool by_speaker = !hit.unit.speaker.empty();
    out["author_url"] = context.base_url + "/search?" +
                        query_string({{by_speaker ? "speaker" : "org",
                                       by_speaker ? hit.unit.speaker : hit.unit.org}});
  }
  out["provider_name"] = context.provider_name;
  out["provider_url"] = context.base_url + "/";
  out["cache_age"] = context.cache_age_s;
  out["html"] = html;
  out["width"] = width;
  out["height"] = height;
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string render_quote_card(const query::Hit& hit, const CardContext& context) {
  const Work work = cite::work_of(hit);
  const Caption c = caption_of(work);
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"robots\" "
      "content=\"noindex\"><title>" +
      html::escape(card_title(work) + (context.site_name.empty() ? "" : " \u2013 ") +
                   context.site_name) +
      "</title>";
  if (!context.permalink.empty())
    out += "<link rel=\"canonical\" href=\"" + html::escape(context.permalink) + "\">";
  out += "<link rel=\"stylesheet\" href=\"" + html::escape(context.stylesheet) + "\"></head>";
  // A framed card has no page heading: its frame's title names it, the quote is its content.
  out += "<body class=\"card\"><main class=\"card-main\"><figure class=\"card-figure\">";
  const std::string& source_url = !hit.url.empty() ? hit.url : context.permalink;
  out += "<blockquote class=\"card-quote\"";
  if (!source_url.empty()) out += " cite=\"" + html::escape(source_url) + "\"";
  out += "><p>" + html::escape(work.text) + "</p></blockquote>";
  std::string caption;
  if (!c.who.empty()) {
    caption += "<span class=\"card-who\">\u2014 " + html::escape(c.who) + "</span>";
  }
  if (!c.affiliation.empty()) {
    caption += "<span class=\"card-affiliation\">" + html::escape(c.affiliation) + "</span>";
  }
  // <cite> holds the title of a work (the event, the post), never a person's name.
  std::string where;
  if (!c.source.empty()) {
    where += html::escape(c.source_lead) + "<cite class=\"card-source\">" + html::escape(c.source) +
             "</cite>";
  }
  if (const std::string day = cite::readable_date(work.date); !day.empty()) {
    if (!where.empty()) where += "<span aria-hidden=\"true\"> \u00b7 </span>";
    where += "<time datetime=\"" + html::escape(work.date) + "\">" + html::escape(day) + "</time>";
  }
  if (!where.empty()) caption += "<span class=\"card-where\">" + where + "</span>";
  if (!caption.empty()) out += "<figcaption class=\"card-caption\">" + caption + "</figcaption>";
  out += "</figure>";
  if (!context.permalink.empty()) {
    out += "<p class=\"card-link\"><a href=\"" + html::escape(context.permalink) +
           "\" target=\"_top\">Read it in context" +
           (context.site_name.empty() ? "" : " on " + html::escape(context.site_name)) + "</a></p>";
  }
  return out + "</main></body></html>\n";
}

}  // namespace civic::web
