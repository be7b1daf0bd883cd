#include "indexer/xml_parse.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <climits>

#include "query/core/text.h"

namespace civic::indexer {

void init_libxml2() {
  // xmlInitParser() must not race with itself; a function-local static runs it exactly once.
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

namespace {

struct ContextFree {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

}  // namespace

// Parses with a context of our own so that the error reported is this parse's (no global
// handler). The raw bytes go in: libxml2 honours the declared encoding (ISO-8859-1 or UTF-8).
// NONET and neither NOENT nor DTDLOAD: nothing is fetched; BIG_LINES: true lines past 65535.
Result<XmlDocPtr> parse_xml(std::string_view bytes, const Source& source) {
  init_libxml2();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(ErrorCode::InvalidInput, source.path + ": too large for the XML parser");
  }
  std::unique_ptr<xmlParserCtxt, ContextFree> context(xmlNewParserCtxt());
  if (!context) return fail(ErrorCode::Internal, source.path + ": cannot create an XML parser");
  XmlDocPtr doc(xmlCtxtReadMemory(
      context.get(), bytes.data(), static_cast<int>(bytes.size()), source.path.c_str(), nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES));
  if (!doc || !context->wellFormed) {
    const xmlError* error = xmlCtxtGetLastError(context.get());
    std::string message = error != nullptr && error->message != nullptr
                              ? text::collapse_whitespace(error->message)
                              : "not well-formed XML";
    const int line = error != nullptr ? error->line : 0;
    return fail(ErrorCode::InvalidInput,
                source.path + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message);
  }
  return doc;
}

// Text of an element (text and CDATA, any depth). Entity references are expanded from the
// document's own internal subset only, with a budget against "billion laughs" documents.
std::string xml_text(const xmlNode* element) {
  constexpr std::size_t kMaxBytes = 8u << 20;
  constexpr int kMaxExpansions = 10000;
  std::string out;
  int expansions = 0;
  std::vector<const xmlNode*> next;  // the next node to visit at each open level
  next.push_back(element->children);
  while (!next.empty() && out.size() <= kMaxBytes) {
    const xmlNode* node = next.back();
    if (node == nullptr) {
      next.pop_back();
      continue;
    }
    next.back() = node->next;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) out += reinterpret_cast<const char*>(node->content);
    } else if (node->type == XML_ELEMENT_NODE) {
      if (xmlStrEqual(node->name, BAD_CAST "br")) out += ' ';
      next.push_back(node->children);
    } else if (node->type == XML_ENTITY_REF_NODE && ++expansions <= kMaxExpansions) {
      const xmlEntity* entity = xmlGetDocEntity(node->doc, node->name);
      if (entity != nullptr && entity->etype == XML_INTERNAL_GENERAL_ENTITY) {
        next.push_back(entity->children);
      }
    }
  }
  return out;
}

}  // namespace civic::indexer
