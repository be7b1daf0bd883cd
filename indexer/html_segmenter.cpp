// libxml2's HTML parser behind plain functions: parse with no network and no error output, then
// walk the tree without recursion (a hostile page may nest deeply) turning blocks into units.
#include "indexer/html_segmenter.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <cctype>
#include <climits>
#include <unordered_map>
#include <utility>

#include "indexer/segment.h"
#include "indexer/xml_parse.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

// RECOVER: saved pages are rarely valid HTML. IGNORE_ENC: readers hand us UTF-8 (read_bytes has
// repaired it), so a stale <meta charset> must not make libxml2 re-decode it.
constexpr int kParseOptions = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC;


Result<XmlDocPtr> parse_document(std::string_view html) {
  init_libxml2();
  if (html.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(ErrorCode::InvalidInput,
                "HTML of " + std::to_string(html.size()) + " bytes is too large for the parser");
  }
  htmlDocPtr doc =
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", kParseOptions);
  if (doc == nullptr) return fail(ErrorCode::InvalidInput, "no HTML document could be built");
  return XmlDocPtr(doc);
}

// --- Small string helpers (ASCII case rules: HTML names and tokens are ASCII). ---------------

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Calls `f` for each whitespace-separated token of `list` until it returns true.
template <typename F>
bool any_token(std::string_view list, F&& f) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    std::size_t start = i;
    while (i < list.size() && !std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    if (i > start && f(list.substr(start, i - start))) return true;
  }
  return false;
}

// --- Node helpers. ------------------------------------------------------------------------------

bool is_element(const xmlNode* node) { return node != nullptr && node->type == XML_ELEMENT_NODE; }

std::string_view name_of(const xmlNode* node) {
  return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

bool is(const xmlNode* node, std::string_view name) {
  return is_element(node) && iequals(name_of(node), name);
}

const xmlAttr* find_attribute(const xmlNode* node, std::string_view name) {
  if (!is_element(node)) return nullptr;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && iequals(reinterpret_cast<const char*>(a->name), name)) return a;
  }
  return nullptr;
}

std::string attribute(const xmlNode* node, std::string_view name) {
  std::string value;
  if (const xmlAttr* a = find_attribute(node, name)) {
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
      if (c->content != nullptr) value += reinterpret_cast<const char*>(c->content);
    }
  }
  return value;
}

bool has_class(const xmlNode* node, std::string_view token) {
  return any_token(attribute(node, "class"), [&](std::string_view t) { return iequals(t, token); });
}

enum class Step { Descend, Prune, Stop };

// Pre-order walk of `root`'s subtree following parent pointers: no recursion, no stack.
template <typename F>
void visit(const xmlNode* root, F&& f) {
  const xmlNode* node = root;
  while (node != nullptr) {
    const Step step = f(node);
    if (step == Step::Stop) return;
    if (step == Step::Descend && node->children != nullptr) {
      node = node->children;
      continue;
    }
    while (node != root && node->next == nullptr) node = node->parent;
    if (node == root) return;
    node = node->next;
  }
}

// Plain text of a subtree; <br> becomes a newline, scripts and styles are left out.
std::string text_of(const xmlNode* root) {
  std::string out;
  visit(root, [&](const xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) out += reinterpret_cast<const char*>(node->content);
      return Step::Prune;
    }
    if (!is_element(node)) return Step::Prune;
    if (is(node, "br")) out += '\n';
    if (is(node, "script") || is(node, "style") || is(node, "template")) return Step::Prune;
    return Step::Descend;
  });
  return out;
}

// --- What is chrome.
// ------------------------------------------------------------------------------

constexpr std::array<std::string_view, 32> kChromeTags = {
    "script", "style",  "noscript", "template", "nav",    "header",   "footer", "aside",
    "form",   "iframe", "frame",    "frameset", "object", "embed",    "applet", "svg",
    "math",   "canvas", "button",   "input",    "select", "textarea", "audio",  "video",
    "map",    "head",   "title",    "meta",     "link",   "base",     "dialog", "menu"};

// Class tokens of WordPress/Jetpack themes and common plugins that mark chrome, not content.
// clang-format off
constexpr std::array<std::string_view, 43> kChromeClasses = {
    // sharing, related posts, navigation
    "sharedaddy", "sharing", "share", "social-share", "social-links", "share-buttons",
    "related-posts", "wp-block-social-links", "post-navigation", "posts-navigation",
    "comment-navigation", "nav-links", "navigation", "wp-block-navigation", "breadcrumb",
    "breadcrumbs", "screen-reader-text", "skip-link",
    // site furniture
    "widget", "widget-area", "sidebar", "site-header", "site-footer", "site-branding",
    "cookie-notice", "cookie-banner", "advert", "advertisement",
    // bylines and post footers (the reader takes author and date from metadata)
    "entry-meta", "entry-footer", "post-meta", "edit-link", "comments-link",
    // the comment form, and a comment's own author, date and reply link
    "comment-respond", "comment-form", "comments-form", "reply", "comment-reply-link", "says",
    "comment-author", "comment-meta", "comment-metadata", "commentmetadata"};
// clang-format on

constexpr std::array<std::string_view, 14> kChromeClassPrefixes = {
    "share-",   "sharing-", "social-share", "related-", "sd-sharing", "sd-like", "jp-relatedposts",
    "addtoany", "a2a_",     "yarpp-",       "crp_",     "wpcnt",      "wpl-",    "jetpack-likes"};

constexpr std::array<std::string_view, 12> kChromeIds = {
    "respond",         "commentform", "sidebar",         "secondary",
    "masthead",        "colophon",    "site-navigation", "jp-post-flair",
    "jp-relatedposts", "wpadminbar",  "cookie-notice",   "disqus_thread"};

constexpr std::array<std::string_view, 8> kChromeRoles = {
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"};

bool in_list(std::string_view value, const auto& list) {
  for (std::string_view item : list) {
    if (iequals(value, item)) return true;
  }
  return false;
}

// The list or area holding a page's reader comments (walked on its own by comments()).
bool is_comment_area(const xmlNode* node) {
  if (!is_element(node)) return false;
  if (iequals(attribute(node, "id"), "comments")) return true;
  return any_token(attribute(node, "class"), [](std::string_view t) {
    return iequals(t, "comment-list") || iequals(t, "commentlist") || iequals(t, "comments-area");
  });
}

// One comment of a comment list (WordPress: li.comment, li.pingback, li.trackback).
bool is_comment_item(const xmlNode* node, bool any_element) {
  if (!is(node, "li") && !(any_element && (is(node, "article") || is(node, "div")))) return false;
  return any_token(attribute(node, "class"), [](std::string_view t) {
    return iequals(t, "comment") || iequals(t, "pingback") || iequals(t, "trackback");
  });
}

bool is_hidden(const xmlNode* node) {
  if (find_attribute(node, "hidden") != nullptr) return true;
  if (iequals(attribute(node, "aria-hidden"), "true")) return true;
  std::string style = lower(attribute(node, "style"));
  std::erase_if(style, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

// Site chrome and invisible parts. `allow_header`: an article's own <header> holds its title
// and date, which metadata lookups want even though its text is not content.
bool is_chrome(const xmlNode* node, bool allow_header = false) {
  if (!is_element(node)) return false;
  const std::string_view name = name_of(node);
  if (in_list(name, kChromeTags) && !(allow_header && iequals(name, "header"))) return true;
  if (is_comment_area(node) || is_hidden(node)) return true;
  if (in_list(attribute(node, "role"), kChromeRoles)) return true;
  if (in_list(attribute(node, "id"), kChromeIds)) return true;
  return any_token(attribute(node, "class"), [](std::string_view t) {
    if (in_list(t, kChromeClasses)) return true;
    for (std::string_view prefix : kChromeClassPrefixes) {
      if (istarts_with(t, prefix)) return true;
    }
    return false;
  });
}

// --- Preformatted text (<pre>), the Congressional Record's format. ---------------------------

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_bracketed(std::string_view t, std::string_view open, std::string_view close) {
  return t.size() > open.size() + close.size() && t.substr(0, open.size()) == open &&
         t.substr(t.size() - close.size()) == close;
}

// "[[Page S694]]": a page break that may fall in the middle of a sentence.
bool is_page_break(std::string_view t) {
  return is_bracketed(t, "[[Page ", "]]") || is_bracketed(t, "[[Pages ", "]]");
}

// Header lines GPO puts at the top of every granule; never content.
bool is_record_header(std::string_view t) {
  return is_bracketed(t, "[Congressional Record ", "]") || is_bracketed(t, "[Page ", "]") ||
         is_bracketed(t, "[Pages ", "]") || t == "[Senate]" || t == "[House]" ||
         t == "[House of Representatives]" || t == "[Extensions of Remarks]" ||
         t == "[Daily Digest]" || t.starts_with("From the Congressional Record Online");
}

// A line drawn with underscores or dashes ("______"): a separator.
bool is_rule(std::string_view t) {
  if (t.size() < 3) return false;
  for (char c : t) {
    if (c != '_' && c != '-' && c != '*' && c != '=' && c != ' ') return false;
  }
  return true;
}

std::size_t indent_of(std::string_view line) {
  std::size_t indent = 0;
  for (char c : line) {
    if (c == ' ') {
      ++indent;
    } else if (c == '\t') {
      indent += 4;
    } else {
      break;
    }
  }
  return indent;
}

// A centred line in capitals ("TRIBUTE TO SIM EDWARDS STOKES") is a heading.
bool is_centred_caps(std::string_view line) {
  if (indent_of(line) < 6) return false;
  bool letters = false;
  for (char c : line) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) letters = true;
  }
  return letters;
}

// Hard-wrapped text: a paragraph (or a speaker's turn, "  Mr. LOTT. Mr. President, …") starts
// after a blank line or at a line indented past the paragraph's body; its other lines continue
// it. Quoted documents are indented as a whole ("     text", paragraphs at "       "), so the
// body's indent is learnt from each paragraph's second line rather than assumed to be zero.
void add_preformatted(std::string_view text, std::vector<Unit>& units) {
  constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
  std::string paragraph;
  std::size_t paragraph_lines = 0;
  std::size_t first_indent = 0;
  std::size_t body_indent = kUnknown;
  bool first_line_centred_caps = false;
  bool pending_break = false;
  bool in_page_gap = false;
  auto flush = [&] {
    const bool heading = paragraph_lines == 1 && first_line_centred_caps;
    add_unit(units, heading ? UnitKind::Heading : UnitKind::Paragraph, paragraph);
    paragraph.clear();
    paragraph_lines = 0;
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view t = trim(line);
    if (t.empty()) {
      if (!in_page_gap) pending_break = true;
      continue;
    }
    if (is_page_break(t)) {
      // The blank lines around a page marker are layout, not a paragraph break.
      pending_break = false;
      in_page_gap = true;
      continue;
    }
    in_page_gap = false;
    if (is_record_header(t) || is_rule(t)) {
      flush();
      pending_break = false;
      continue;
    }
    const std::size_t indent = indent_of(line);
    bool starts = pending_break || paragraph.empty();
    if (!starts) {
      starts =
          body_indent == kUnknown ? indent >= 2 && indent >= first_indent : indent != body_indent;
    }
    if (starts) {
      flush();
      first_indent = indent;
      body_indent = kUnknown;
      first_line_centred_caps = is_centred_caps(line);
    } else {
      if (body_indent == kUnknown) body_indent = indent;
      paragraph += ' ';
    }
    pending_break = false;
    paragraph += t;
    ++paragraph_lines;
  }
  flush();
}

// --- The block walker. ----------------------------------------------------------------------

enum class Role { Inline, Block, Heading, Quote, Caption, List, Item, Pre, Row, Cell, Break };

Role role_of(const xmlNode* node) {
  static const std::unordered_map<std::string_view, Role> kRoles = {
      {"h1", Role::Heading},      {"h2", Role::Heading},       {"h3", Role::Heading},
      {"h4", Role::Heading},      {"h5", Role::Heading},       {"h6", Role::Heading},
      {"p", Role::Block},         {"div", Role::Block},        {"section", Role::Block},
      {"article", Role::Block},   {"main", Role::Block},       {"body", Role::Block},
      {"html", Role::Block},      {"center", Role::Block},     {"address", Role::Block},
      {"figure", Role::Block},    {"dl", Role::Block},         {"dt", Role::Block},
      {"dd", Role::Block},        {"details", Role::Block},    {"summary", Role::Block},
      {"fieldset", Role::Block},  {"hgroup", Role::Block},     {"hr", Role::Block},
      {"table", Role::Block},     {"thead", Role::Block},      {"tbody", Role::Block},
      {"tfoot", Role::Block},     {"blockquote", Role::Quote}, {"figcaption", Role::Caption},
      {"caption", Role::Caption}, {"ul", Role::List},          {"ol", Role::List},
      {"li", Role::Item},         {"pre", Role::Pre},          {"listing", Role::Pre},
      {"xmp", Role::Pre},         {"tr", Role::Row},           {"td", Role::Cell},
      {"th", Role::Cell},         {"br", Role::Break}};
  const std::string name = lower(name_of(node));
  auto found = kRoles.find(name);
  Role role = found == kRoles.end() ? Role::Inline : found->second;
  if ((role == Role::Block || role == Role::Inline) &&
      (has_class(node, "wp-caption-text") || has_class(node, "gallery-caption"))) {
    role = Role::Caption;
  }
  return role;
}

class Segmenter {
 public:
  // `comment_root`: set when walking one reader comment; its replies (comment items as
  // is_comment_item(…, `any_element`) finds them) are skipped.
  Segmenter(const HtmlOptions& options, std::vector<Unit>& units,
            const xmlNode* comment_root = nullptr, bool any_element = false)
      : options_(options), units_(units), comment_root_(comment_root), any_element_(any_element) {
    frames_.push_back(Frame{});
  }

  void run(const xmlNode* root) {
    const xmlNode* node = root;
    while (node != nullptr) {
      if (enter(node)) {
        if (node->children != nullptr) {
          node = node->children;
          continue;
        }
        leave();
      }
      while (node != root && node->next == nullptr) {
        node = node->parent;
        leave();
      }
      if (node == root) break;
      node = node->next;
    }
    flush(frames_.back());
  }

 private:
  struct Frame {
    Role role = Role::Block;
    UnitKind kind = UnitKind::Paragraph;  // kind of the text directly inside
    std::string context;                  // context of that text (a bullet's lead-in)
    std::string list_context;             // lead-in for the items of the nearest list
    Role atomic = Role::Inline;           // Heading/Caption/Item/Row: nested blocks join it
    bool owns_unit = false;               // flushed on entry, so flushes its text on exit
    int cells = 0;                        // Row: cells seen so far
  };

  bool skipped(const xmlNode* node) const {
    if (is_chrome(node)) return true;
    if (comment_root_ != nullptr && node != comment_root_) {
      return is_comment_item(node, any_element_) ||
             ((is(node, "ol") || is(node, "ul")) && has_class(node, "children"));
    }
    return false;
  }

  // Returns true to descend into the node's children (and later call leave()).
  bool enter(const xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) append(reinterpret_cast<const char*>(node->content));
      return false;
    }
    if (!is_element(node) || skipped(node)) return false;
    Frame& top = frames_.back();
    Frame frame = top;
    frame.role = role_of(node);
    frame.owns_unit = false;
    const bool atomic = top.atomic != Role::Inline;
    switch (frame.role) {
      case Role::Inline:
        break;
      case Role::Break:
        buffer_ += options_.line_markup ? '\n' : ' ';
        return false;
      case Role::Cell:
        for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
          if (it->role == Role::Row) {
            // The separator waits for the cell's text, so empty cells leave no "| |".
            if (it->cells++ > 0) separator_pending_ = true;
            break;
          }
        }
        break;
      case Role::Pre:
        if (atomic) {
          append(' ' + text_of(node) + ' ');
        } else {
          flush(top);
          add_preformatted(text_of(node), units_);
        }
        return false;
      case Role::List:
        if (atomic && top.atomic != Role::Item) {
          buffer_ += ' ';
          break;
        }
        frame.list_context = list_context(top);
        frame.kind = UnitKind::Paragraph;
        frame.context.clear();
        frame.atomic = Role::Inline;
        frame.owns_unit = true;
        break;
      case Role::Block:
      case Role::Heading:
      case Role::Quote:
      case Role::Caption:
      case Role::Item:
      case Role::Row:
        if (atomic) {
          buffer_ += ' ';
          break;
        }
        flush(top);
        frame.owns_unit = true;
        if (frame.role == Role::Heading) frame.kind = UnitKind::Heading;
        if (frame.role == Role::Quote) frame.kind = UnitKind::Quote;
        if (frame.role == Role::Caption) frame.kind = UnitKind::Caption;
        if (frame.role == Role::Item) {
          frame.kind = UnitKind::Bullet;
          frame.context = top.list_context;
        }
        if (frame.role == Role::Heading || frame.role == Role::Caption ||
            frame.role == Role::Item || frame.role == Role::Row) {
          frame.atomic = frame.role;
        }
        if (frame.role == Role::Row) frame.cells = 0;
        break;
    }
    frames_.push_back(std::move(frame));
    return true;
  }

  void leave() {
    // frames_[0] is the walk's base frame; every entered element pushed one above it.
    if (frames_.size() <= 1) return;
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.owns_unit) {
      flush(frame);
    } else if (frame.role != Role::Inline && frame.role != Role::Cell) {
      buffer_ += ' ';
    }
  }

  // The lead-in of a list about to start: for a nested list its parent item (flushed now), else
  // the unit just before it when that ends with ':'.
  std::string list_context(const Frame& top) {
    if (top.atomic == Role::Item) {
      const std::size_t before = units_.size();
      flush(top);
      if (units_.size() > before) {
        std::string lead = lead_in_of(units_.back().text);
        return lead.empty() ? units_.back().text : lead;
      }
      return top.context;
    }
    flush(top);
    return units_.empty() ? std::string() : lead_in_of(units_.back().text);
  }

  void append(std::string_view text) {
    if (separator_pending_ && !text::collapse_whitespace(text).empty()) {
      if (!text::collapse_whitespace(buffer_).empty()) buffer_ += " | ";
      separator_pending_ = false;
    }
    if (!options_.line_markup) {
      buffer_ += text;
      return;
    }
    // Pad exports mark lines with <br>; their source newlines are only layout.
    for (char c : text) buffer_ += (c == '\n' || c == '\r') ? ' ' : c;
  }

  void flush(const Frame& frame) {
    separator_pending_ = false;
    if (buffer_.empty()) return;
    std::string text = std::move(buffer_);
    buffer_.clear();
    const bool loose = frame.atomic == Role::Inline;
    if (loose && options_.line_markup) {
      add_lines(text, frame.kind);
    } else if (loose && options_.blank_lines_split) {
      add_blocks(text, frame.kind, frame.context);
    } else {
      add_unit(units_, frame.kind, text, frame.context);
    }
  }

  void add_blocks(std::string_view text, UnitKind kind, std::string_view context) {
    std::string block;
    std::size_t pos = 0;
    while (pos <= text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      if (trim(line).empty()) {
        add_unit(units_, kind, block, context);
        block.clear();
      } else {
        block += ' ';
        block += line;
      }
    }
    add_unit(units_, kind, block, context);
  }

  void add_lines(std::string_view text, UnitKind kind) {
    std::size_t pos = 0;
    while (pos <= text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      const std::string line = text::collapse_whitespace(text.substr(pos, end - pos));
      pos = end + 1;
      if (line.empty() || is_rule(line)) continue;
      std::size_t hashes = 0;
      while (hashes < line.size() && line[hashes] == '#') ++hashes;
      if (hashes >= 1 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ') {
        add_unit(units_, UnitKind::Heading, std::string_view(line).substr(hashes + 1));
        pad_lead_in_.clear();
        continue;
      }
      bool bullet = false;
      std::string_view rest = line;
      for (std::string_view marker : {"- ", "* ", "+ ", "\xE2\x80\xA2 "}) {  // • too
        if (rest.starts_with(marker)) {
          rest.remove_prefix(marker.size());
          bullet = true;
          break;
        }
      }
      // "1. item" / "2) item": a numbered list written by hand.
      std::size_t digits = 0;
      while (digits < rest.size() && digits < 3 &&
             std::isdigit(static_cast<unsigned char>(rest[digits]))) {
        ++digits;
      }
      if (!bullet && digits > 0 && digits + 1 < rest.size() &&
          (rest[digits] == '.' || rest[digits] == ')') && rest[digits + 1] == ' ') {
        rest.remove_prefix(digits + 2);
        bullet = true;
      }
      if (bullet) {
        add_unit(units_, UnitKind::Bullet, rest, pad_lead_in_);
        continue;
      }
      add_unit(units_, kind, line);
      pad_lead_in_ = lead_in_of(line);
    }
  }

  const HtmlOptions& options_;
  std::vector<Unit>& units_;
  const xmlNode* comment_root_;
  bool any_element_;
  std::vector<Frame> frames_;
  std::string buffer_;
  bool separator_pending_ = false;  // a table cell began; " | " goes before its first text
  std::string pad_lead_in_;
};

}  // namespace

Result<std::vector<Unit>> segment_html(std::string_view html, const HtmlOptions& options) {
  std::vector<Unit> units;
  if (trim(html).empty()) return units;
  auto doc = parse_document(html);
  if (!doc) return Unexpected{doc.error()};
  if (const xmlNode* root = xmlDocGetRootElement(doc->get())) {
    Segmenter(options, units).run(root);
  }
  return units;
}

std::string html_text(std::string_view html) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    return text::collapse_whitespace(html);
  }
  auto doc = parse_document(html);
  if (!doc) return text::collapse_whitespace(html);
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  return root != nullptr ? text::collapse_whitespace(text_of(root)) : std::string();
}

// --- HtmlPage. ----------------------------------------------------------------------------------

struct HtmlPage::Impl {
  XmlDocPtr doc;
  const xmlNode* root = nullptr;     // <html>
  const xmlNode* content = nullptr;  // see content_units()
  bool content_is_body = true;
  std::vector<std::pair<std::string, std::string>> metas;  // lower-cased key → content
  std::string title;
  std::string canonical;
};

HtmlPage::HtmlPage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HtmlPage::HtmlPage(HtmlPage&&) noexcept = default;
HtmlPage& HtmlPage::operator=(HtmlPage&&) noexcept = default;
HtmlPage::~HtmlPage() = default;

Result<HtmlPage> HtmlPage::parse(std::string_view html) {
  if (trim(html).empty()) return fail(ErrorCode::InvalidInput, "no HTML in the file");
  auto doc = parse_document(html);
  if (!doc) return Unexpected{doc.error()};
  auto impl = std::make_unique<Impl>();
  impl->doc = std::move(doc).value();
  impl->root = xmlDocGetRootElement(impl->doc.get());
  if (impl->root == nullptr) return fail(ErrorCode::InvalidInput, "no HTML element in the file");

  // One pass for head metadata and the candidates for the content root.
  const xmlNode* body = nullptr;
  const xmlNode* article = nullptr;
  const xmlNode* entry_content = nullptr;
  const xmlNode* post_content = nullptr;
  const xmlNode* main = nullptr;
  bool have_title = false;
  visit(impl->root, [&](const xmlNode* node) {
    if (!is_element(node)) return Step::Prune;
    if (is(node, "title")) {
      if (!have_title) impl->title = text::collapse_whitespace(text_of(node));
      have_title = true;
      return Step::Prune;
    }
    if (is(node, "meta")) {
      std::string content = attribute(node, "content");
      for (std::string_view key : {"name", "property", "itemprop"}) {
        if (std::string value = attribute(node, key); !value.empty()) {
          impl->metas.emplace_back(lower(trim(value)), content);
        }
      }
      return Step::Prune;
    }
    if (is(node, "link")) {
      if (impl->canonical.empty() && any_token(attribute(node, "rel"), [](std::string_view t) {
            return iequals(t, "canonical");
          })) {
        impl->canonical = std::string(trim(attribute(node, "href")));
      }
      return Step::Prune;
    }
    if (is(node, "head")) return Step::Descend;
    if (is(node, "body") && body == nullptr) body = node;
    if (is_chrome(node) || is_comment_item(node, true)) return Step::Prune;
    if (article == nullptr && is(node, "article")) article = node;
    if (entry_content == nullptr && has_class(node, "entry-content")) entry_content = node;
    if (post_content == nullptr && has_class(node, "post-content")) post_content = node;
    if (main == nullptr && (is(node, "main") || iequals(attribute(node, "role"), "main"))) {
      main = node;
    }
    return Step::Descend;
  });
  for (const xmlNode* candidate : {article, entry_content, post_content, main}) {
    if (candidate != nullptr) {
      impl->content = candidate;
      impl->content_is_body = false;
      break;
    }
  }
  if (impl->content == nullptr) impl->content = body != nullptr ? body : impl->root;
  return HtmlPage(std::move(impl));
}

std::string HtmlPage::title() const { return impl_->title; }

std::string HtmlPage::meta(std::string_view key) const {
  for (const auto& [name, content] : impl_->metas) {
    if (iequals(name, key)) return text::collapse_whitespace(content);
  }
  return {};
}

std::string HtmlPage::canonical_url() const { return impl_->canonical; }

std::string HtmlPage::content_heading() const {
  std::string heading;
  const bool allow_header = !impl_->content_is_body;
  visit(impl_->content, [&](const xmlNode* node) {
    if (!is_element(node) || is_chrome(node, allow_header)) return Step::Prune;
    if (is(node, "h1")) {
      heading = text::collapse_whitespace(text_of(node));
      if (!heading.empty()) return Step::Stop;
    }
    return Step::Descend;
  });
  return heading;
}

std::string HtmlPage::content_time() const {
  std::string time;
  const bool allow_header = !impl_->content_is_body;
  visit(impl_->content, [&](const xmlNode* node) {
    if (!is_element(node)) return Step::Prune;
    if (is(node, "time") && find_attribute(node, "datetime") != nullptr) {
      time = std::string(trim(attribute(node, "datetime")));
      if (!time.empty()) return Step::Stop;
    }
    // Bylines sit in entry-meta, which is chrome for text but right for the date.
    if (is_comment_area(node) || is_comment_item(node, true)) return Step::Prune;
    if (is_chrome(node, allow_header) && !has_class(node, "entry-meta") &&
        !has_class(node, "post-meta") && !has_class(node, "entry-footer")) {
      return Step::Prune;
    }
    return Step::Descend;
  });
  return time;
}

std::vector<Unit> HtmlPage::content_units(const HtmlOptions& options) const {
  std::vector<Unit> units;
  Segmenter(options, units).run(impl_->content);
  return units;
}

std::vector<HtmlComment> HtmlPage::comments() const {
  // The comment lists: .comment-list / .commentlist, else #comments / .comments-area.
  std::vector<const xmlNode*> lists;
  visit(impl_->root, [&](const xmlNode* node) {
    if (!is_element(node)) return Step::Prune;
    if (has_class(node, "comment-list") || has_class(node, "commentlist")) {
      lists.push_back(node);
      return Step::Prune;
    }
    return Step::Descend;
  });
  if (lists.empty()) {
    visit(impl_->root, [&](const xmlNode* node) {
      if (!is_element(node)) return Step::Prune;
      if (is_comment_area(node)) {
        lists.push_back(node);
        return Step::Prune;
      }
      return Step::Descend;
    });
  }

  std::vector<HtmlComment> comments;
  for (const xmlNode* list : lists) {
    // li.comment as WordPress writes them; article/div.comment only when there are none.
    std::vector<const xmlNode*> items;
    bool any_element = false;
    for (bool any : {false, true}) {
      any_element = any;
      visit(list, [&](const xmlNode* node) {
        if (!is_element(node)) return Step::Prune;
        if (is_comment_item(node, any_element)) items.push_back(node);
        return Step::Descend;
      });
      if (!items.empty()) break;
    }
    std::unordered_map<const xmlNode*, int> index_of;
    for (const xmlNode* item : items) {
      HtmlComment comment;
      comment.is_pingback = has_class(item, "pingback") || has_class(item, "trackback");
      for (const xmlNode* up = item->parent; up != nullptr && up != list; up = up->parent) {
        if (auto found = index_of.find(up); found != index_of.end()) {
          comment.parent = found->second;
          break;
        }
      }
      // Author, date and body, without descending into the replies nested in this item.
      const xmlNode* author = nullptr;
      const xmlNode* cite = nullptr;
      const xmlNode* date = nullptr;
      const xmlNode* date_text = nullptr;
      const xmlNode* body = nullptr;
      visit(item, [&](const xmlNode* node) {
        if (!is_element(node)) return Step::Prune;
        if (node != item && (is_comment_item(node, any_element) || has_class(node, "children"))) {
          return Step::Prune;
        }
        if (author == nullptr && has_class(node, "fn")) author = node;
        if (cite == nullptr && is(node, "cite")) cite = node;
        if (date == nullptr && is(node, "time") && find_attribute(node, "datetime") != nullptr) {
          date = node;
        }
        if (date_text == nullptr &&
            (has_class(node, "comment-metadata") || has_class(node, "commentmetadata") ||
             has_class(node, "comment-date"))) {
          date_text = node;
        }
        if (body == nullptr &&
            (has_class(node, "comment-content") || has_class(node, "comment-text"))) {
          body = node;
        }
        return Step::Descend;
      });
      if (author == nullptr) author = cite;
      if (author != nullptr) comment.author = text::collapse_whitespace(text_of(author));
      if (date != nullptr) {
        comment.date = std::string(trim(attribute(date, "datetime")));
      } else if (date_text != nullptr) {
        comment.date = text::collapse_whitespace(text_of(date_text));
      }
      Segmenter(HtmlOptions{}, comment.units, item, any_element).run(body != nullptr ? body : item);
      index_of[item] = static_cast<int>(comments.size());
      comments.push_back(std::move(comment));
    }
  }
  return comments;
}

}  // namespace civic::indexer
