// The libxml2 plumbing shared by the XML readers (WXR, Hansard) and the HTML segmenter: one-time
// parser initialisation, an owning document pointer, and a safe XML parse that reports this
// parse's own error as "path:line: message". Internal to the indexer.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

#include "indexer/reader.h"

namespace civic::indexer {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

/// Runs xmlInitParser() exactly once per process (it must not race with itself). Thread-safe.
void init_libxml2();

/// Parses XML bytes as they are (libxml2 honours a declared ISO-8859-1 or UTF-8). Never fetches
/// anything and never substitutes entities (NONET, no NOENT, no DTDLOAD). InvalidInput
/// "path:line: message" for malformed XML. Thread-safe: errors come from this parse's context.
Result<XmlDocPtr> parse_xml(std::string_view bytes, const Source& source);

/// Text of an element (text and CDATA at any depth, <br> as a space). Entity references are
/// expanded from the document's own internal subset only, within a byte and expansion budget
/// against "billion laughs" documents. Never fetches anything.
std::string xml_text(const xmlNode* element);

}  // namespace civic::indexer
