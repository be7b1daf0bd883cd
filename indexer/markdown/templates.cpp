// Template removal for the Markdown reader (see templates.h).
#include "indexer/markdown/templates.h"

#include <cctype>
#include <utility>
#include <vector>

#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer::markdown {
namespace {

// A template tag longer than this is taken for stray braces and left as text.
constexpr std::size_t kMaxTagBytes = 4000;

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
    while (i < inner.size() && ascii::is_space(inner[i])) ++i;
  };
  skip_space();
  while (i < inner.size() && !ascii::is_space(inner[i]) && inner[i] != '"' && inner[i] != '\'') {
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
    if (!ascii::is_space(s[i])) return false;
  }
  return true;
}

}  // namespace

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
      while (at < body.size() && (ascii::is_space(body[at]) || body[at] == '-')) ++at;
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
        std::string_view inner = ascii::trim(body.substr(open + 2, end - open - 2));
        if (!inner.empty() && inner.front() == '-') inner = ascii::trim(inner.substr(1));
        if (!inner.empty() && inner.back() == '-') {
          inner = ascii::trim(inner.substr(0, inner.size() - 1));
        }
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

}  // namespace civic::indexer::markdown
