// The tag stripper for raw HTML blocks in Markdown (see html_block.h).
#include "indexer/markdown/html_block.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "indexer/markdown/entities.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer::markdown {
namespace {

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
  const std::string low = ascii::to_lower(tag);
  std::size_t at = 0;
  while ((at = low.find(name, at)) != std::string::npos) {
    const bool word_start = at > 0 && ascii::is_space(low[at - 1]);
    std::size_t j = at + name.size();
    while (j < low.size() && ascii::is_space(low[j])) ++j;
    if (word_start && j < low.size() && low[j] == '=') {
      ++j;
      while (j < low.size() && ascii::is_space(low[j])) ++j;
      if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
        const std::size_t close = tag.find(tag[j], j + 1);
        if (close == std::string_view::npos) return {};
        return std::string(tag.substr(j + 1, close - j - 1));
      }
      std::size_t close = j;
      while (close < tag.size() && !ascii::is_space(tag[close]) && tag[close] != '>') ++close;
      return std::string(tag.substr(j, close - j));
    }
    at += name.size();
  }
  return {};
}

}  // namespace

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
    const std::string name = ascii::to_lower(html.substr(name_begin, name_end - name_begin));
    const bool is_closing = html[i + 1] == '/';
    i = std::min(end + 1, html.size());
    if (!is_closing && (name == "script" || name == "style" || name == "noscript")) {
      const std::size_t close = ascii::to_lower(html.substr(i)).find("</" + name);
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

}  // namespace civic::indexer::markdown
