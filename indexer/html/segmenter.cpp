// The block walker of segmenter.h: a stack of frames, one per open element, that knows which
// unit kind the text directly inside has, and whether nested blocks start units of their own or
// join the enclosing one (a heading, caption, list item or table row is one unit).
#include "indexer/html/segmenter.h"

#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "indexer/html/chrome.h"
#include "indexer/html/dom.h"
#include "indexer/html/preformatted.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer::html {
namespace {

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
  const std::string name = ascii::to_lower(name_of(node));
  auto found = kRoles.find(name);
  Role role = found == kRoles.end() ? Role::Inline : found->second;
  if ((role == Role::Block || role == Role::Inline) &&
      (has_class(node, "wp-caption-text") || has_class(node, "gallery-caption"))) {
    role = Role::Caption;
  }
  return role;
}

// The text of a line written as a list item ("- item", "* item", "+ item", "• item", or a
// numbered list written by hand: "1. item", "2) item"), or nullopt.
std::optional<std::string_view> bullet_text(std::string_view line) {
  for (std::string_view marker : {"- ", "* ", "+ ", "\xE2\x80\xA2 "}) {  // • too
    if (line.starts_with(marker)) return line.substr(marker.size());
  }
  std::size_t digits = 0;
  while (digits < line.size() && digits < 3 &&
         std::isdigit(static_cast<unsigned char>(line[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
      line[digits + 1] == ' ') {
    return line.substr(digits + 2);
  }
  return std::nullopt;
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
    for_each_line(text, [&](std::string_view line) {
      if (ascii::trim(line).empty()) {
        add_unit(units_, kind, block, context);
        block.clear();
      } else {
        block += ' ';
        block += line;
      }
    });
    add_unit(units_, kind, block, context);
  }

  // Pad notes: each line a unit; "# " lines headings, "- " and numbered lines bullets.
  void add_lines(std::string_view text, UnitKind kind) {
    for_each_line(text, [&](std::string_view raw) {
      const std::string line = text::collapse_whitespace(raw);
      if (line.empty() || is_rule(line)) return;
      std::size_t hashes = 0;
      while (hashes < line.size() && line[hashes] == '#') ++hashes;
      if (hashes >= 1 && hashes <= 6 && hashes < line.size() && line[hashes] == ' ') {
        add_unit(units_, UnitKind::Heading, std::string_view(line).substr(hashes + 1));
        pad_lead_in_.clear();
        return;
      }
      if (std::optional<std::string_view> item = bullet_text(line)) {
        add_unit(units_, UnitKind::Bullet, *item, pad_lead_in_);
        return;
      }
      add_unit(units_, kind, line);
      pad_lead_in_ = lead_in_of(line);
    });
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

void segment_subtree(const xmlNode* root, const HtmlOptions& options, std::vector<Unit>& units,
                     const xmlNode* comment_root, bool any_element) {
  Segmenter(options, units, comment_root, any_element).run(root);
}

}  // namespace civic::indexer::html
