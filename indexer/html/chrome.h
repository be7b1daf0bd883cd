// What in a page is not content: site chrome (scripts, navigation, header/footer/aside, forms,
// share and related-post widgets, WordPress and Jetpack furniture), hidden parts, and the
// reader comments, which HtmlPage::comments() walks on their own.
#pragma once

#include <libxml/tree.h>

namespace civic::indexer::html {

/// The list or area holding a page's reader comments: #comments, .comment-list, .commentlist
/// or .comments-area.
bool is_comment_area(const xmlNode* node);

/// One comment of a comment list: li.comment, li.pingback or li.trackback (WordPress), and
/// with `any_element` also an article or div of those classes.
bool is_comment_item(const xmlNode* node, bool any_element);

/// Site chrome and invisible parts (hidden, aria-hidden, display:none, visibility:hidden), and
/// comment areas. `allow_header`: an article's own <header> holds its title and date, which
/// metadata lookups want even though its text is not content.
bool is_chrome(const xmlNode* node, bool allow_header = false);

}  // namespace civic::indexer::html
