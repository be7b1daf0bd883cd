// The node queries of dom.h.
#include "indexer/html/dom.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <climits>

#include "query/core/ascii.h"

namespace civic::indexer::html {
namespace {

// RECOVER: saved pages are rarely valid HTML. IGNORE_ENC: readers hand us UTF-8 (read_bytes has
// repaired it), so a stale <meta charset> must not make libxml2 re-decode it.
constexpr int kParseOptions = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC;

}  // namespace

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

std::string_view name_of(const xmlNode* node) {
  return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

bool is(const xmlNode* node, std::string_view name) {
  return is_element(node) && ascii::iequals(name_of(node), name);
}

const xmlAttr* find_attribute(const xmlNode* node, std::string_view name) {
  if (!is_element(node)) return nullptr;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && ascii::iequals(reinterpret_cast<const char*>(a->name), name)) {
      return a;
    }
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
  return any_token(attribute(node, "class"),
                   [&](std::string_view t) { return ascii::iequals(t, token); });
}

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

}  // namespace civic::indexer::html
