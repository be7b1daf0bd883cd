// Markdown posts (Jekyll, Hugo, Eleventy) → one post of units. The md4c adapter: md4c's
// callbacks drive a small renderer that turns blocks into units. Front matter is read by
// front_matter.cpp; template syntax ({{< … >}}, {{ … }}, {% … %}) is removed here before md4c
// sees the body, because md4c would otherwise index it as text.
#include <md4c.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <filesystem>
#include <optional>

#include "indexer/front_matter.h"
#include "indexer/reader.h"
#include "indexer/segment.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

// A template tag longer than this is taken for stray braces and left as text.
constexpr std::size_t kMaxTagBytes = 4000;
// Contexts built from a parent list item are cut to this many bytes.
constexpr std::size_t kMaxContextBytes = 300;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// --- Entities ----------------------------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct NamedEntity {
  std::string_view name;
  std::uint32_t code_point;
};

// The entities that occur in blog Markdown and HTML; md4c passes entities through undecoded
// and has no table of its own. Unknown names are kept as written.
constexpr std::array<NamedEntity, 42> kEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ensp", 0x2002},  {"emsp", 0x2003},   {"thinsp", 0x2009}, {"shy", 0xAD},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018},  {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB},    {"raquo", 0xBB},    {"larr", 0x2190},
    {"rarr", 0x2192},  {"uarr", 0x2191},  {"darr", 0x2193},   {"harr", 0x2194},   {"copy", 0xA9},
    {"reg", 0xAE},     {"trade", 0x2122}, {"middot", 0xB7},   {"bull", 0x2022},   {"deg", 0xB0},
    {"times", 0xD7},   {"pound", 0xA3},   {"euro", 0x20AC},   {"cent", 0xA2},     {"sect", 0xA7},
    {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},   {"oacute", 0xF3},   {"iacute", 0xED},
    {"ntilde", 0xF1},  {"uuml", 0xFC},
}};

// `entity` is "&name;", "&#123;" or "&#x1F;".
std::string decode_entity(std::string_view entity) {
  std::string out;
  if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';')
    return std::string(entity);
  const std::string_view body = entity.substr(1, entity.size() - 2);
  if (body.front() == '#') {
    const bool is_hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(is_hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return std::string(entity);
    std::uint32_t cp = 0;
    for (char c : digits) {
      const int digit = std::isdigit(static_cast<unsigned char>(c))
                            ? c - '0'
                            : (is_hex && std::isxdigit(static_cast<unsigned char>(c))
                                   ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                   : -1);
      if (digit < 0) return std::string(entity);
      cp = cp * (is_hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    }
    append_utf8(out, cp);
    return out;
  }
  for (const NamedEntity& named : kEntities) {
    if (named.name == body) {
      if (named.code_point != 0xAD) append_utf8(out, named.code_point);  // soft hyphen: drop
      return out;
    }
  }
  return std::string(entity);
}

// --- Templates ---------------------------------------------------------------------------

// Quoted and key="value" arguments of a shortcode or Liquid tag, in order.
struct TagArgs {
  std::string name;                                       // "img-right", "/accordion", "image"
  std::vector<std::pair<std::string, std::string>> args;  // key ("" when positional), value

  std::string get(std::string_view key) const {
    for (const auto& [k, v] : args) {
      if (k == key) return v;
    }
    return {};
  }
  std::string positional(std::size_t index) const {
    for (const auto& [k, v] : args) {
      if (k.empty() && index-- == 0) return v;
    }
    return {};
  }
};

TagArgs parse_tag(std::string_view inner) {
  TagArgs out;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < inner.size() && is_space(inner[i])) ++i;
  };
  skip_space();
  while (i < inner.size() && !is_space(inner[i]) && inner[i] != '"' && inner[i] != '\'') {
    out.name += inner[i++];
  }
  while (i < inner.size()) {
    skip_space();
    if (i >= inner.size()) break;
    std::string key;
    while (i < inner.size() && (std::isalnum(static_cast<unsigned char>(inner[i])) ||
                                inner[i] == '_' || inner[i] == '-')) {
      key += inner[i++];
    }
    skip_space();
    if (!key.empty() && i < inner.size() && inner[i] == '=') {
      ++i;
      skip_space();
    } else if (!key.empty()) {
      out.args.emplace_back(std::string(), key);  // a bare word such as a filter name
      continue;
    }
    if (i < inner.size() && (inner[i] == '"' || inner[i] == '\'' || inner[i] == '`')) {
      const char quote = inner[i++];
      std::string value;
      while (i < inner.size() && inner[i] != quote) {
        if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
        value += inner[i++];
      }
      ++i;
      out.args.emplace_back(std::move(key), std::move(value));
    } else if (key.empty()) {
      ++i;  // punctuation such as '|' or ':' between Liquid arguments
    }
  }
  return out;
}

// Markdown for an image whose alt text md4c will hand back as a caption.
std::string image_markdown(std::string_view alt) {
  std::string out = "![";
  for (char c : text::collapse_whitespace(alt)) {
    if (std::ispunct(static_cast<unsigned char>(c))) out += '\\';
    out += c;
  }
  out += "]()";
  return out;
}

// "nicole-fenton" → "Nicole Fenton": 18F's team_link filter prints the person's name.
std::string name_from_slug(std::string_view slug) {
  std::string out;
  bool word_start = true;
  for (char c : slug) {
    if (c == '-' || c == '_') {
      out += ' ';
      word_start = true;
    } else {
      out += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      word_start = false;
    }
  }
  return out;
}

// What a Hugo shortcode leaves in the Markdown. Caption-like arguments survive (an image's alt
// text, a pull quote and its source, an accordion's title); the rest is layout or links.
std::string replace_shortcode(const TagArgs& tag, bool stands_alone) {
  const std::string& name = tag.name;
  if (name.empty() || name.front() == '/') return {};
  if (name == "img" || name == "img-right" || name == "legacy-img" || name == "legacy-img-right" ||
      name == "figure") {
    std::string alt = tag.get("alt");
    if (alt.empty() && name == "figure") alt = tag.get("caption");
    return alt.empty() ? std::string() : image_markdown(alt);
  }
  if (name == "quote-block") {
    std::string quote = text::collapse_whitespace(tag.get("text"));
    if (quote.empty()) return {};
    if (std::string cite = text::collapse_whitespace(tag.get("cite")); !cite.empty()) {
      quote += " \xE2\x80\x94 " + cite;  // em dash
    }
    // On its own line it becomes a block quote; inside a sentence it stays text.
    return stands_alone ? "> " + quote + "\n" : quote;
  }
  if ((name == "accordion" || name == "ring") && stands_alone) {
    std::string title = text::collapse_whitespace(tag.get("title"));
    return title.empty() ? std::string() : "#### " + title + "\n";
  }
  return {};
}

// What a Liquid/Nunjucks tag ({% … %}) leaves: an image's alt text, else nothing.
std::string replace_liquid_tag(const TagArgs& tag) {
  if (tag.name == "image") return image_markdown(tag.positional(1));
  if (tag.name == "image_with_class") return image_markdown(tag.positional(2));
  return {};
}

// What a Liquid/Nunjucks/Hugo expression ({{ … }}) leaves: a team member's name, else nothing
// (URLs for link targets, photos, embeds).
std::string replace_expression(std::string_view inner) {
  const TagArgs tag = parse_tag(inner);
  bool is_team_link = false;
  for (const auto& [key, value] : tag.args) is_team_link |= key.empty() && value == "team_link";
  if (!is_team_link) return {};
  return name_from_slug(tag.positional(0));
}

// True when [begin, end) starts a line of `s` and only blanks follow it on its last line.
bool stands_alone(std::string_view s, std::size_t begin, std::size_t end) {
  // Indented, it may sit inside a list item, where a heading or quote line would end the list.
  if (begin > 0 && s[begin - 1] != '\n') return false;
  for (std::size_t i = end; i < s.size() && s[i] != '\n'; ++i) {
    if (!is_space(s[i])) return false;
  }
  return true;
}

// Removes Hugo shortcodes ({{< … >}}, {{% … %}}), template expressions ({{ … }}) and Liquid
// tags ({% … %}), keeping the human text of the few that carry some. {% raw %} sections are
// kept verbatim and {% comment %} sections dropped, as Jekyll does.
std::string strip_templates(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  std::size_t i = 0;
  // Searching a bounded window keeps a file full of stray braces linear.
  auto find_close = [&](std::size_t from, std::string_view close) -> std::size_t {
    return body.substr(0, from + kMaxTagBytes).find(close, from);
  };
  // Start of the next "{% name %}" tag at or after `from`, and its end.
  auto find_tag_named = [&](std::size_t from, std::string_view name) {
    // Look at each "{%" in turn: raw text may hold a "{%" that is not a tag at all.
    while ((from = body.find("{%", from)) != std::string_view::npos) {
      std::size_t at = from + 2;
      while (at < body.size() && (is_space(body[at]) || body[at] == '-')) ++at;
      if (body.substr(at, name.size()) == name) {
        const std::size_t close = find_close(at, "%}");
        if (close != std::string_view::npos) {
          return std::pair<std::size_t, std::size_t>(from, close + 2);
        }
      }
      from += 2;
    }
    return std::pair<std::size_t, std::size_t>(std::string_view::npos, std::string_view::npos);
  };

  while (i < body.size()) {
    const std::size_t open = body.find('{', i);
    if (open == std::string_view::npos || open + 1 >= body.size()) break;
    out.append(body.substr(i, open - i));
    i = open;
    const char second = body[open + 1];
    const char third = open + 2 < body.size() ? body[open + 2] : '\0';
    if (second == '{' && (third == '<' || third == '%')) {
      const std::string_view close = third == '<' ? ">}}" : "%}}";
      const std::size_t end = find_close(open + 3, close);
      if (end != std::string_view::npos) {
        const TagArgs tag = parse_tag(body.substr(open + 3, end - open - 3));
        out += replace_shortcode(tag, stands_alone(body, open, end + 3));
        i = end + 3;
        continue;
      }
    } else if (second == '{') {
      const std::size_t end = find_close(open + 2, "}}");
      if (end != std::string_view::npos) {
        out += replace_expression(body.substr(open + 2, end - open - 2));
        i = end + 2;
        continue;
      }
    } else if (second == '%') {
      const std::size_t end = find_close(open + 2, "%}");
      if (end != std::string_view::npos) {
        std::string_view inner = trim(body.substr(open + 2, end - open - 2));
        if (!inner.empty() && inner.front() == '-') inner = trim(inner.substr(1));
        if (!inner.empty() && inner.back() == '-') inner = trim(inner.substr(0, inner.size() - 1));
        const TagArgs tag = parse_tag(inner);
        i = end + 2;
        if (tag.name == "raw") {
          const auto [raw_end, after] = find_tag_named(i, "endraw");
          const std::size_t stop = raw_end == std::string_view::npos ? body.size() : raw_end;
          out.append(body.substr(i, stop - i));
          i = after == std::string_view::npos ? body.size() : after;
        } else if (tag.name == "comment") {
          const std::size_t after = find_tag_named(i, "endcomment").second;
          i = after == std::string_view::npos ? body.size() : after;
        } else {
          out += replace_liquid_tag(tag);
        }
        continue;
      }
    }
    out += '{';
    ++i;
  }
  if (i < body.size()) out.append(body.substr(i));
  return out;
}

// --- HTML --------------------------------------------------------------------------------

struct HtmlText {
  std::vector<std::string> paragraphs;
  std::vector<std::string> captions;  // alt text of <img>
};

bool is_block_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 30> kBlock = {
      "p",       "div",    "br",         "li",  "ul",   "ol",    "h1",         "h2",
      "h3",      "h4",     "h5",         "h6",  "tr",   "table", "blockquote", "section",
      "article", "figure", "figcaption", "hr",  "pre",  "dl",    "dt",         "dd",
      "header",  "footer", "aside",      "nav", "main", "iframe"};
  return std::find(kBlock.begin(), kBlock.end(), name) != kBlock.end();
}

// Value of attribute `name` in the text of a start tag, or "".
std::string attribute(std::string_view tag, std::string_view name) {
  const std::string low = lower(tag);
  std::size_t at = 0;
  while ((at = low.find(name, at)) != std::string::npos) {
    const bool word_start = at > 0 && is_space(low[at - 1]);
    std::size_t j = at + name.size();
    while (j < low.size() && is_space(low[j])) ++j;
    if (word_start && j < low.size() && low[j] == '=') {
      ++j;
      while (j < low.size() && is_space(low[j])) ++j;
      if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
        const std::size_t close = tag.find(tag[j], j + 1);
        if (close == std::string_view::npos) return {};
        return std::string(tag.substr(j + 1, close - j - 1));
      }
      std::size_t close = j;
      while (close < tag.size() && !is_space(tag[close]) && tag[close] != '>') ++close;
      return std::string(tag.substr(j, close - j));
    }
    at += name.size();
  }
  return {};
}

// Decodes the entities in `s`.
std::string decode_entities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      const std::size_t semi = s.substr(0, i + 33).find(';', i);  // entities are short
      if (semi != std::string_view::npos) {
        const std::string_view entity = s.substr(i, semi - i + 1);
        const bool plausible = std::all_of(entity.begin() + 1, entity.end() - 1, [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '#';
        });
        if (plausible) {
          out += decode_entity(entity);
          i = semi;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

// A deliberately small tag stripper for raw HTML blocks in Markdown (embeds, pull quotes,
// <div> wrappers): block-level tags end a paragraph, script/style content and comments go,
// everything else is text. Full HTML pages go to the HTML reader, not here.
HtmlText strip_html(std::string_view html) {
  HtmlText out;
  std::string current;
  auto flush = [&] {
    std::string clean = text::collapse_whitespace(decode_entities(current));
    if (!clean.empty()) out.paragraphs.push_back(std::move(clean));
    current.clear();
  };
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      current += html[i++];
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t name_begin = i + 1 + (i + 1 < html.size() && html[i + 1] == '/' ? 1 : 0);
    if (name_begin >= html.size() || !(std::isalpha(static_cast<unsigned char>(html[name_begin])) ||
                                       html[name_begin] == '!' || html[name_begin] == '?')) {
      current += html[i++];
      continue;
    }
    // Find the end of the tag, skipping quoted attribute values that may contain '>'.
    std::size_t end = name_begin;
    char quote = 0;
    while (end < html.size() && (quote != 0 || html[end] != '>')) {
      if (quote != 0 && html[end] == quote) {
        quote = 0;
      } else if (quote == 0 && (html[end] == '"' || html[end] == '\'')) {
        quote = html[end];
      }
      ++end;
    }
    const std::string_view tag = html.substr(i, std::min(end + 1, html.size()) - i);
    std::size_t name_end = name_begin;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) {
      ++name_end;
    }
    const std::string name = lower(html.substr(name_begin, name_end - name_begin));
    const bool is_closing = html[i + 1] == '/';
    i = std::min(end + 1, html.size());
    if (!is_closing && (name == "script" || name == "style" || name == "noscript")) {
      const std::size_t close = lower(html.substr(i)).find("</" + name);
      i = close == std::string::npos ? html.size() : i + close;
      continue;
    }
    if (name == "img") {
      if (std::string alt = text::collapse_whitespace(decode_entities(attribute(tag, "alt")));
          !alt.empty()) {
        out.captions.push_back(std::move(alt));
      }
    } else if (is_block_tag(name)) {
      flush();
    } else if (name == "td" || name == "th") {
      current += ' ';
    }
  }
  flush();
  return out;
}

// --- md4c renderer -----------------------------------------------------------------------

// Alt text worth a Caption unit: words, not a file name, a URL or a single generic word.
bool is_meaningful_alt(std::string_view alt) {
  const std::string clean = text::collapse_whitespace(alt);
  if (clean.find(' ') == std::string::npos) return false;
  const std::string low = lower(clean);
  if (low.rfind("http://", 0) == 0 || low.rfind("https://", 0) == 0) return false;
  for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}) {
    if (ends_with(low, ext)) return false;
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
      const std::string shown = std::string(trim(link.sink->substr(link.start)));
      if (!shown.empty() && (shown == link.href || "http://" + shown == link.href)) {
        const std::string low = lower(shown);
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
        const std::string tag = lower(data.substr(0, 4));
        if (tag.rfind("<br", 0) == 0) target->push_back(' ');
        break;
      }
    }
  }
};

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
  const std::string low = lower(clean) + " ";
  for (char c : low) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += c;
      continue;
    }
    for (std::string_view event_word : kEventWords) {
      if (ends_with(word, event_word)) return true;
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
      if (std::find(kNotNames.begin(), kNotNames.end(), lower(word)) != kNotNames.end()) {
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
  const std::string body = strip_templates(split->body);
  Renderer renderer;
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
  parser.enter_block = &Renderer::cb_enter_block;
  parser.leave_block = &Renderer::cb_leave_block;
  parser.enter_span = &Renderer::cb_enter_span;
  parser.leave_span = &Renderer::cb_leave_span;
  parser.text = &Renderer::cb_text;
  if (md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &renderer) != 0) {
    return fail(ErrorCode::Internal, source.path + ": the Markdown parser failed (out of memory)");
  }
  renderer.finish();

  const std::filesystem::path path(source.path);
  PostDoc doc;
  Post& post = doc.post;
  std::vector<Unit> units = std::move(renderer.units);

  // Title: front matter, else the first level-1 heading (which then is not a heading too),
  // else the file name. A heading repeating the front-matter title is dropped as well.
  post.title = meta.title;
  if (renderer.h1_unit) {
    const bool is_title =
        post.title.empty() || text::normalise(post.title) == text::normalise(renderer.first_h1);
    if (is_title) {
      if (post.title.empty()) post.title = renderer.first_h1;
      units.erase(units.begin() + static_cast<std::ptrdiff_t>(*renderer.h1_unit));
    }
  }
  if (post.title.empty()) post.title = stem_of(path);

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

  post.author = join(meta.authors, ", ");
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
  post.url = meta.url;

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

  post.id = post_id_for(meta.slug.empty() ? stem_of(path) : meta.slug, source.key);

  add_unit(doc.units, UnitKind::Title, post.title);
  for (Unit& unit : units) doc.units.push_back(std::move(unit));
  out.posts.push_back(std::move(doc));
  return out;
}

}  // namespace civic::indexer
