// The block walker behind segment_html() and HtmlPage: turns an HTML subtree into units.
#pragma once

#include <libxml/tree.h>

#include <vector>

#include "indexer/html_segmenter.h"
#include "query/core/unit.h"

namespace civic::indexer::html {

/// Appends the units of `root`'s subtree to `units`, as segment_html() describes them, leaving
/// out chrome (is_chrome()). `comment_root`: set when walking one reader comment, whose replies
/// (comment items as is_comment_item(…, `any_element`) finds them, and .children lists) are
/// skipped. Walks without recursion.
void segment_subtree(const xmlNode* root, const HtmlOptions& options, std::vector<Unit>& units,
                     const xmlNode* comment_root = nullptr, bool any_element = false);

}  // namespace civic::indexer::html
