// The libxml2 HTML adapter: HTML fragments (WordPress post bodies, GOV.UK govspeak, comment
// bodies) and saved pages → units. It knows HTML structure (headings, lists, quotes, captions,
// tables, <pre>) and site chrome (scripts, navigation, share widgets, comment forms), but not
// where a particular archive keeps its title or date: the readers decide that from what
// HtmlPage exposes. libxml2 types never appear here; nothing here knows Xapian.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// How loose text (text not in a <p>, <li>, heading…) is split into units.
struct HtmlOptions {
  /// WordPress's wpautop: a blank line in the text separates paragraphs, as in post and comment
  /// bodies stored without <p> tags. Default false: newlines are plain whitespace.
  bool blank_lines_split = false;
  /// Pad notes (Etherpad exports): every <br>-separated line is a unit of its own; "# " lines are
  /// headings, "- " / "* " / "• " / "1. " lines bullets (with the lead-in of the line before),
  /// lines of only "-", "*" or "_" are dropped. Default false: <br> is whitespace.
  bool line_markup = false;
};

/// The units of an HTML fragment or page, in document order, with text plain (entities
/// decoded, whitespace collapsed). h1–h6 → Heading; p, div and loose text → Paragraph; li →
/// Bullet whose context is the lead-in of the unit just before its list (for a nested list, of
/// its parent item); figcaption and .wp-caption-text → Caption; blockquote → Quote; a table row
/// → one Paragraph with cells joined by " | "; <pre> → paragraphs split at blank lines and at
/// lines indented past the paragraph's body (a turn: "  Mr. LOTT. …"), hard-wrapped lines
/// joined, centred capitals as headings, Congressional Record header and page lines dropped.
/// Scripts, styles, forms, navigation, header/footer/aside chrome, share/related widgets, comment
/// lists and forms and HTML comments (Gutenberg block markers) are left out. Never loads anything
/// from the network. Deeply nested input is walked without recursion. Units have only kind, text
/// and context set. Errors: InvalidInput when libxml2 cannot build a document at all (over 2 GiB).
/// Blank input gives no units. Thread-safe.
Result<std::vector<Unit>> segment_html(std::string_view html, const HtmlOptions& options = {});

/// Plain text of a short HTML string such as a WordPress title or comment author ("Ping 1
/// &laquo; Blog"): tags dropped, entities decoded, whitespace collapsed. Never fails: text that
/// cannot be parsed comes back with whitespace collapsed. Thread-safe.
std::string html_text(std::string_view html);

/// One reader comment found in a saved page's comment list.
struct HtmlComment {
  std::string author;        ///< .fn / cite text, or a pingback's site name; may be empty
  std::string date;          ///< time[datetime] value, or the text of the comment's date link
  bool is_pingback = false;  ///< li.pingback / li.trackback
  int parent = -1;           ///< index in HtmlPage::comments() of the comment replied to, or -1
  std::vector<Unit> units;   ///< the comment body's units (kinds as segment_html gives them)
};

/// A saved HTML page, parsed once and queried for the parts a reader needs. Movable, not
/// copyable; each instance owns its document. Instances are independent: different threads may
/// use different instances at the same time.
class HtmlPage {
 public:
  /// Parses a whole page (bytes are UTF-8; a declared charset is ignored).
  /// Errors: InvalidInput as for segment_html().
  static Result<HtmlPage> parse(std::string_view html);

  HtmlPage(HtmlPage&&) noexcept;
  HtmlPage& operator=(HtmlPage&&) noexcept;
  ~HtmlPage();

  /// Text of <title>, whitespace collapsed; empty when absent.
  std::string title() const;
  /// content of the first <meta> whose name, property or itemprop equals `key` (ASCII case
  /// ignored): "og:title", "article:published_time", "author", "generator"…; empty when absent.
  std::string meta(std::string_view key) const;
  /// href of <link rel="canonical">; empty when absent.
  std::string canonical_url() const;
  /// Text of the first h1 in the content (see content_units()), even inside the article's
  /// header; empty when none.
  std::string content_heading() const;
  /// datetime attribute of the first <time datetime> in the content; empty when none.
  std::string content_time() const;
  /// Units of the content: the first <article> outside the comments, else .entry-content,
  /// .post-content, <main>, else <body>; chrome and the comment list left out (segment_html).
  std::vector<Unit> content_units(const HtmlOptions& options = {}) const;
  /// Comments of .comment-list / .commentlist / #comments: each li.comment, li.pingback or
  /// li.trackback in document order, replies after their parents.
  std::vector<HtmlComment> comments() const;

 private:
  struct Impl;
  explicit HtmlPage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace civic::indexer
