// The public face of the HTML adapter (html_segmenter.h): segment_html(), html_text() and
// HtmlPage, which finds a saved page's metadata, content root and reader comments. The DOM
// queries are in html/dom.h, the chrome rules in html/chrome.h, the block walker in
// html/segmenter.h.
#include "indexer/html_segmenter.h"

#include <libxml/tree.h>

#include <unordered_map>
#include <utility>

#include "indexer/html/chrome.h"
#include "indexer/html/dom.h"
#include "indexer/html/segmenter.h"
#include "indexer/xml_parse.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {

using html::any_token;
using html::attribute;
using html::find_attribute;
using html::has_class;
using html::is;
using html::is_chrome;
using html::is_comment_area;
using html::is_comment_item;
using html::is_element;
using html::parse_document;
using html::Step;
using html::text_of;
using html::visit;

Result<std::vector<Unit>> segment_html(std::string_view html, const HtmlOptions& options) {
  std::vector<Unit> units;
  if (ascii::trim(html).empty()) return units;
  auto doc = parse_document(html);
  if (!doc) return Unexpected{doc.error()};
  if (const xmlNode* root = xmlDocGetRootElement(doc->get())) {
    html::segment_subtree(root, options, units);
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

namespace {

// The comment lists: .comment-list / .commentlist, else #comments / .comments-area.
std::vector<const xmlNode*> comment_lists(const xmlNode* root) {
  std::vector<const xmlNode*> lists;
  visit(root, [&](const xmlNode* node) {
    if (!is_element(node)) return Step::Prune;
    if (has_class(node, "comment-list") || has_class(node, "commentlist")) {
      lists.push_back(node);
      return Step::Prune;
    }
    return Step::Descend;
  });
  if (lists.empty()) {
    visit(root, [&](const xmlNode* node) {
      if (!is_element(node)) return Step::Prune;
      if (is_comment_area(node)) {
        lists.push_back(node);
        return Step::Prune;
      }
      return Step::Descend;
    });
  }
  return lists;
}

// The comments of `list`: li.comment as WordPress writes them; article/div.comment only when
// there are none, in which case `any_element` is set.
std::vector<const xmlNode*> comment_items(const xmlNode* list, bool& any_element) {
  std::vector<const xmlNode*> items;
  for (bool any : {false, true}) {
    any_element = any;
    visit(list, [&](const xmlNode* node) {
      if (!is_element(node)) return Step::Prune;
      if (is_comment_item(node, any_element)) items.push_back(node);
      return Step::Descend;
    });
    if (!items.empty()) break;
  }
  return items;
}

// The parts of one comment that hold its author, date and body.
struct CommentParts {
  const xmlNode* author = nullptr;
  const xmlNode* cite = nullptr;
  const xmlNode* date = nullptr;
  const xmlNode* date_text = nullptr;
  const xmlNode* body = nullptr;
};

// Author, date and body of `item`, without descending into the replies nested in it.
CommentParts find_comment_parts(const xmlNode* item, bool any_element) {
  CommentParts parts;
  visit(item, [&](const xmlNode* node) {
    if (!is_element(node)) return Step::Prune;
    if (node != item && (is_comment_item(node, any_element) || has_class(node, "children"))) {
      return Step::Prune;
    }
    if (parts.author == nullptr && has_class(node, "fn")) parts.author = node;
    if (parts.cite == nullptr && is(node, "cite")) parts.cite = node;
    if (parts.date == nullptr && is(node, "time") && find_attribute(node, "datetime") != nullptr) {
      parts.date = node;
    }
    if (parts.date_text == nullptr &&
        (has_class(node, "comment-metadata") || has_class(node, "commentmetadata") ||
         has_class(node, "comment-date"))) {
      parts.date_text = node;
    }
    if (parts.body == nullptr &&
        (has_class(node, "comment-content") || has_class(node, "comment-text"))) {
      parts.body = node;
    }
    return Step::Descend;
  });
  return parts;
}

// One comment of `list`; `index_of` maps the comments read so far to their index, to find the
// one this replies to.
HtmlComment read_comment(const xmlNode* item, const xmlNode* list, bool any_element,
                         const std::unordered_map<const xmlNode*, int>& index_of) {
  HtmlComment comment;
  comment.is_pingback = has_class(item, "pingback") || has_class(item, "trackback");
  for (const xmlNode* up = item->parent; up != nullptr && up != list; up = up->parent) {
    if (auto found = index_of.find(up); found != index_of.end()) {
      comment.parent = found->second;
      break;
    }
  }
  const CommentParts parts = find_comment_parts(item, any_element);
  const xmlNode* author = parts.author != nullptr ? parts.author : parts.cite;
  if (author != nullptr) comment.author = text::collapse_whitespace(text_of(author));
  if (parts.date != nullptr) {
    comment.date = std::string(ascii::trim(attribute(parts.date, "datetime")));
  } else if (parts.date_text != nullptr) {
    comment.date = text::collapse_whitespace(text_of(parts.date_text));
  }
  html::segment_subtree(parts.body != nullptr ? parts.body : item, HtmlOptions{}, comment.units,
                        item, any_element);
  return comment;
}

}  // namespace

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
  if (ascii::trim(html).empty()) return fail(ErrorCode::InvalidInput, "no HTML in the file");
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
          impl->metas.emplace_back(ascii::to_lower(ascii::trim(value)), content);
        }
      }
      return Step::Prune;
    }
    if (is(node, "link")) {
      if (impl->canonical.empty() && any_token(attribute(node, "rel"), [](std::string_view t) {
            return ascii::iequals(t, "canonical");
          })) {
        impl->canonical = std::string(ascii::trim(attribute(node, "href")));
      }
      return Step::Prune;
    }
    if (is(node, "head")) return Step::Descend;
    if (is(node, "body") && body == nullptr) body = node;
    if (is_chrome(node) || is_comment_item(node, true)) return Step::Prune;
    if (article == nullptr && is(node, "article")) article = node;
    if (entry_content == nullptr && has_class(node, "entry-content")) entry_content = node;
    if (post_content == nullptr && has_class(node, "post-content")) post_content = node;
    if (main == nullptr && (is(node, "main") || ascii::iequals(attribute(node, "role"), "main"))) {
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
    if (ascii::iequals(name, key)) return text::collapse_whitespace(content);
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
      time = std::string(ascii::trim(attribute(node, "datetime")));
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
  html::segment_subtree(impl_->content, options, units);
  return units;
}

std::vector<HtmlComment> HtmlPage::comments() const {
  std::vector<HtmlComment> comments;
  for (const xmlNode* list : comment_lists(impl_->root)) {
    bool any_element = false;
    const std::vector<const xmlNode*> items = comment_items(list, any_element);
    std::unordered_map<const xmlNode*, int> index_of;
    for (const xmlNode* item : items) {
      comments.push_back(read_comment(item, list, any_element, index_of));
      index_of[item] = static_cast<int>(comments.size()) - 1;
    }
  }
  return comments;
}

}  // namespace civic::indexer
