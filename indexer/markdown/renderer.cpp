// The md4c renderer for the Markdown reader (see renderer.h): one class whose callbacks track
// the open blocks (quotes, lists and their items, the current leaf) and emit a unit as each
// block closes.
#include "indexer/markdown/renderer.h"

#include <md4c.h>

#include <exception>
#include <utility>

#include "indexer/markdown/entities.h"
#include "indexer/markdown/html_block.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer::markdown {
namespace {

// Contexts built from a parent list item are cut to this many bytes.
constexpr std::size_t kMaxContextBytes = 300;

// Alt text worth a Caption unit: words, not a file name, a URL or a single generic word.
bool is_meaningful_alt(std::string_view alt) {
  const std::string clean = text::collapse_whitespace(alt);
  if (clean.find(' ') == std::string::npos) return false;
  const std::string low = ascii::to_lower(clean);
  if (low.rfind("http://", 0) == 0 || low.rfind("https://", 0) == 0) return false;
  for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}) {
    if (low.ends_with(ext)) return false;
  }
  return true;
}

std::string cut_context(std::string_view text) {
  const std::string clean = text::collapse_whitespace(text);
  if (clean.size() <= kMaxContextBytes) return clean;
  return std::string(text::truncate_utf8(clean, kMaxContextBytes)) + "\xE2\x80\xA6";
}

class Renderer {
 public:
  std::vector<Unit> units;
  std::string first_h1;                // text of the first level-1 heading
  std::optional<std::size_t> h1_unit;  // its index in `units`

  // md4c is C: nothing may unwind through it. A failure (only std::bad_alloc can happen)
  // aborts the parse instead, and md_parse() returns non-zero.
  template <typename Call>
  static int guarded(void* self, Call&& call) {
    try {
      call(*static_cast<Renderer*>(self));
      return 0;
    } catch (const std::exception&) {
      return 1;
    }
  }
  static int cb_enter_block(MD_BLOCKTYPE type, void* detail, void* self) {
    return guarded(self, [&](Renderer& r) { r.on_enter_block(type, detail); });
  }
  static int cb_leave_block(MD_BLOCKTYPE type, void*, void* self) {
    return guarded(self, [&](Renderer& r) { r.on_leave_block(type); });
  }
  static int cb_enter_span(MD_SPANTYPE type, void* detail, void* self) {
    return guarded(self, [&](Renderer& r) { r.on_enter_span(type, detail); });
  }
  static int cb_leave_span(MD_SPANTYPE type, void*, void* self) {
    return guarded(self, [&](Renderer& r) { r.on_leave_span(type); });
  }
  static int cb_text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size, void* self) {
    return guarded(self, [&](Renderer& r) { r.on_text(type, std::string_view(data, size)); });
  }

  void finish() { flush_captions(); }

 private:
  enum class Leaf { None, Paragraph, Heading, Cell, Code, Html };

  struct Item {
    std::string text;     // text not yet emitted
    std::string first;    // the item's own text, context for a nested list
    std::string context;  // context of the list it belongs to
    int quote_depth = 0;  // quote depth when the item opened
  };

  struct Link {
    std::string* sink;
    std::size_t start;
    std::string href;
  };

  int quote_depth_ = 0;
  std::vector<std::string> list_contexts_;
  std::vector<Item> items_;
  Leaf leaf_ = Leaf::None;
  bool leaf_in_item_ = false;  // the current paragraph is a list item's text
  int heading_level_ = 0;
  std::string buffer_;  // text of the current paragraph, heading or HTML block
  std::string cell_;
  std::vector<std::string> row_;
  int image_depth_ = 0;
  std::string alt_;
  std::vector<std::string> pending_captions_;
  std::vector<Link> links_;
  std::string last_block_;  // text of the last paragraph or heading, for lead-ins
  bool last_block_valid_ = false;

  static std::string attribute_text(const MD_ATTRIBUTE& attribute) {
    return std::string(attribute.text, attribute.size);
  }

  UnitKind text_kind() const { return quote_depth_ > 0 ? UnitKind::Quote : UnitKind::Paragraph; }

  std::string* sink() {
    if (image_depth_ > 0) return &alt_;
    switch (leaf_) {
      case Leaf::Cell: return &cell_;
      case Leaf::Paragraph: return leaf_in_item_ ? &items_.back().text : &buffer_;
      case Leaf::Heading:
      case Leaf::Html: return &buffer_;
      case Leaf::Code: return nullptr;
      case Leaf::None: break;
    }
    // Tight list items carry their text directly, without a paragraph block.
    if (!items_.empty() && items_.back().quote_depth == quote_depth_) return &items_.back().text;
    return nullptr;
  }

  void emit(UnitKind kind, std::string_view text, std::string_view context = {}) {
    add_unit(units, kind, text, context);
  }

  void flush_captions() {
    for (const std::string& caption : pending_captions_) emit(UnitKind::Caption, caption);
    pending_captions_.clear();
  }

  // Emits what the innermost open item has gathered so far, so that it comes before whatever
  // block starts inside it (a nested list, a quote, a table).
  void flush_item() {
    if (items_.empty()) return;
    Item& item = items_.back();
    std::string clean = text::collapse_whitespace(item.text);
    if (!clean.empty()) {
      if (item.first.empty()) item.first = clean;
      emit(UnitKind::Bullet, clean, item.context);
    }
    item.text.clear();
    flush_captions();
  }

  void on_enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC: break;
      case MD_BLOCK_QUOTE:
        flush_item();
        ++quote_depth_;
        last_block_valid_ = false;
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL: {
        std::string context;
        if (!items_.empty()) {
          flush_item();
          const std::string& parent = items_.back().first;
          context = lead_in_of(parent);
          if (context.empty()) context = cut_context(parent);
        } else if (last_block_valid_) {
          context = lead_in_of(last_block_);
        }
        list_contexts_.push_back(std::move(context));
        break;
      }
      case MD_BLOCK_LI:
        items_.push_back(Item{
            {}, {}, list_contexts_.empty() ? std::string() : list_contexts_.back(), quote_depth_});
        break;
      case MD_BLOCK_HR: last_block_valid_ = false; break;
      case MD_BLOCK_H:
        flush_item();
        leaf_ = Leaf::Heading;
        heading_level_ = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        buffer_.clear();
        break;
      case MD_BLOCK_CODE:
        flush_item();
        leaf_ = Leaf::Code;
        break;
      case MD_BLOCK_HTML:
        flush_item();
        leaf_ = Leaf::Html;
        buffer_.clear();
        break;
      case MD_BLOCK_P:
        leaf_ = Leaf::Paragraph;
        leaf_in_item_ = !items_.empty() && items_.back().quote_depth == quote_depth_;
        if (leaf_in_item_ && !items_.back().text.empty()) items_.back().text += ' ';
        buffer_.clear();
        break;
      case MD_BLOCK_TABLE: flush_item(); break;
      case MD_BLOCK_THEAD: break;
      case MD_BLOCK_TBODY: break;
      case MD_BLOCK_TR: row_.clear(); break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        leaf_ = Leaf::Cell;
        cell_.clear();
        break;
    }
  }

  void on_leave_block(MD_BLOCKTYPE type) {
    switch (type) {
      case MD_BLOCK_DOC: break;
      case MD_BLOCK_QUOTE:
        --quote_depth_;
        last_block_valid_ = false;
        break;
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        list_contexts_.pop_back();
        last_block_valid_ = false;
        break;
      case MD_BLOCK_LI:
        flush_item();
        items_.pop_back();
        break;
      case MD_BLOCK_HR: break;
      case MD_BLOCK_H: {
        leaf_ = Leaf::None;
        const std::string clean = text::collapse_whitespace(buffer_);
        if (heading_level_ == 1 && first_h1.empty() && !clean.empty()) {
          first_h1 = clean;
          h1_unit = units.size();
        }
        emit(UnitKind::Heading, clean);
        flush_captions();
        last_block_ = clean;
        last_block_valid_ = true;
        break;
      }
      case MD_BLOCK_CODE:
        leaf_ = Leaf::None;
        last_block_valid_ = false;
        break;
      case MD_BLOCK_HTML: {
        leaf_ = Leaf::None;
        HtmlText html = strip_html(buffer_);
        for (const std::string& paragraph : html.paragraphs) emit(text_kind(), paragraph);
        for (std::string& caption : html.captions) {
          if (is_meaningful_alt(caption)) pending_captions_.push_back(std::move(caption));
        }
        flush_captions();
        last_block_valid_ = false;
        break;
      }
      case MD_BLOCK_P:
        leaf_ = Leaf::None;
        if (leaf_in_item_) {
          leaf_in_item_ = false;
          break;
        }
        emit(text_kind(), buffer_);
        flush_captions();
        last_block_ = buffer_;
        last_block_valid_ = !text::collapse_whitespace(buffer_).empty();
        break;
      case MD_BLOCK_TABLE: last_block_valid_ = false; break;
      case MD_BLOCK_THEAD: break;
      case MD_BLOCK_TBODY: break;
      case MD_BLOCK_TR: {
        std::string row;
        for (const std::string& cell : row_) {
          if (cell.empty()) continue;
          if (!row.empty()) row += " | ";
          row += cell;
        }
        // The header row is a row like the others: converted WordPress tables often put data
        // in it, so it is not used as the other rows' context.
        emit(text_kind(), row);
        flush_captions();
        break;
      }
      case MD_BLOCK_TH:
      case MD_BLOCK_TD:
        leaf_ = Leaf::None;
        row_.push_back(text::collapse_whitespace(cell_));
        break;
    }
  }

  void on_enter_span(MD_SPANTYPE type, void* detail) {
    if (type == MD_SPAN_IMG) {
      if (image_depth_++ == 0) alt_.clear();
    } else if (type == MD_SPAN_A) {
      if (std::string* target = sink()) {
        links_.push_back(Link{target, target->size(),
                              attribute_text(static_cast<MD_SPAN_A_DETAIL*>(detail)->href)});
      } else {
        links_.push_back(Link{nullptr, 0, {}});
      }
    }
  }

  void on_leave_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_IMG) {
      if (--image_depth_ == 0 && is_meaningful_alt(alt_)) {
        pending_captions_.push_back(text::collapse_whitespace(alt_));
      }
    } else if (type == MD_SPAN_A && !links_.empty()) {
      // A bare URL (an autolink) is an address, not words anyone said: drop it. Links written
      // as [words](url) keep their words.
      Link link = std::move(links_.back());
      links_.pop_back();
      if (link.sink == nullptr || link.sink->size() < link.start) return;
      const std::string shown = std::string(ascii::trim(link.sink->substr(link.start)));
      if (!shown.empty() && (shown == link.href || "http://" + shown == link.href)) {
        const std::string low = ascii::to_lower(shown);
        if (low.rfind("http", 0) == 0 || low.rfind("www.", 0) == 0) link.sink->resize(link.start);
      }
    }
  }

  void on_text(MD_TEXTTYPE type, std::string_view data) {
    if (leaf_ == Leaf::Html) {
      buffer_.append(data);
      return;
    }
    std::string* target = sink();
    if (target == nullptr) return;
    switch (type) {
      case MD_TEXT_NORMAL:
      case MD_TEXT_CODE:
      case MD_TEXT_LATEXMATH: target->append(data); break;
      case MD_TEXT_NULLCHAR: target->append("\xEF\xBF\xBD"); break;
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR: target->push_back(' '); break;
      case MD_TEXT_ENTITY: target->append(decode_entity(data)); break;
      case MD_TEXT_HTML: {
        // Inline tags are markup; a <br> still separates words.
        const std::string tag = ascii::to_lower(data.substr(0, 4));
        if (tag.rfind("<br", 0) == 0) target->push_back(' ');
        break;
      }
    }
  }
};

}  // namespace

Result<RenderedBody> render_markdown(std::string_view body, const std::string& path) {
  Renderer renderer;
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
  parser.enter_block = &Renderer::cb_enter_block;
  parser.leave_block = &Renderer::cb_leave_block;
  parser.enter_span = &Renderer::cb_enter_span;
  parser.leave_span = &Renderer::cb_leave_span;
  parser.text = &Renderer::cb_text;
  if (md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &renderer) != 0) {
    return fail(ErrorCode::Internal, path + ": the Markdown parser failed (out of memory)");
  }
  renderer.finish();
  return RenderedBody{std::move(renderer.units), std::move(renderer.first_h1), renderer.h1_unit};
}

}  // namespace civic::indexer::markdown
