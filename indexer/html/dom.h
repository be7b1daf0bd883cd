// libxml2's HTML tree, read without recursion: parsing with no network and no error output,
// and the few node queries the segmenter, the chrome rules and HtmlPage share. HTML names and
// tokens are ASCII, so names, attribute names and class tokens compare ignoring ASCII case.
#pragma once

#include <libxml/tree.h>

#include <cctype>
#include <string>
#include <string_view>

#include "indexer/xml_parse.h"
#include "query/core/result.h"

namespace civic::indexer::html {

/// The document libxml2 builds from `html` (UTF-8; a declared charset is ignored), recovering
/// from invalid markup. Errors: InvalidInput over 2 GiB or when no document can be built.
Result<XmlDocPtr> parse_document(std::string_view html);

/// Calls `f` for each whitespace-separated token of `list` until it returns true; returns
/// whether one did.
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

inline bool is_element(const xmlNode* node) {
  return node != nullptr && node->type == XML_ELEMENT_NODE;
}

/// The element's name as written, "" when it has none.
std::string_view name_of(const xmlNode* node);

/// True when `node` is an element named `name`.
bool is(const xmlNode* node, std::string_view name);

/// The element's attribute `name`, or nullptr (also for a node that is not an element).
const xmlAttr* find_attribute(const xmlNode* node, std::string_view name);

/// The value of attribute `name`, "" when absent.
std::string attribute(const xmlNode* node, std::string_view name);

/// True when the class attribute holds the token `token`.
bool has_class(const xmlNode* node, std::string_view token);

/// What visit() does after a node: go into its children, skip them, or end the walk.
enum class Step { Descend, Prune, Stop };

/// Pre-order walk of `root`'s subtree following parent pointers: no recursion, no stack.
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

/// Plain text of a subtree; <br> becomes a newline, scripts, styles and templates are left out.
/// Whitespace is as written.
std::string text_of(const xmlNode* root);

}  // namespace civic::indexer::html
