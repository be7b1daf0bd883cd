// The chrome rules of chrome.h: tag names, class tokens and prefixes, ids and ARIA roles.
#include "indexer/html/chrome.h"

#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "indexer/html/dom.h"
#include "query/core/ascii.h"

namespace civic::indexer::html {
namespace {

constexpr std::array<std::string_view, 32> kChromeTags = {
    "script", "style",  "noscript", "template", "nav",    "header",   "footer", "aside",
    "form",   "iframe", "frame",    "frameset", "object", "embed",    "applet", "svg",
    "math",   "canvas", "button",   "input",    "select", "textarea", "audio",  "video",
    "map",    "head",   "title",    "meta",     "link",   "base",     "dialog", "menu"};

// Class tokens of WordPress/Jetpack themes and common plugins that mark chrome, not content.
// clang-format off
constexpr std::array<std::string_view, 43> kChromeClasses = {
    // sharing, related posts, navigation
    "sharedaddy", "sharing", "share", "social-share", "social-links", "share-buttons",
    "related-posts", "wp-block-social-links", "post-navigation", "posts-navigation",
    "comment-navigation", "nav-links", "navigation", "wp-block-navigation", "breadcrumb",
    "breadcrumbs", "screen-reader-text", "skip-link",
    // site furniture
    "widget", "widget-area", "sidebar", "site-header", "site-footer", "site-branding",
    "cookie-notice", "cookie-banner", "advert", "advertisement",
    // bylines and post footers (the reader takes author and date from metadata)
    "entry-meta", "entry-footer", "post-meta", "edit-link", "comments-link",
    // the comment form, and a comment's own author, date and reply link
    "comment-respond", "comment-form", "comments-form", "reply", "comment-reply-link", "says",
    "comment-author", "comment-meta", "comment-metadata", "commentmetadata"};
// clang-format on

constexpr std::array<std::string_view, 14> kChromeClassPrefixes = {
    "share-",   "sharing-", "social-share", "related-", "sd-sharing", "sd-like", "jp-relatedposts",
    "addtoany", "a2a_",     "yarpp-",       "crp_",     "wpcnt",      "wpl-",    "jetpack-likes"};

constexpr std::array<std::string_view, 12> kChromeIds = {
    "respond",         "commentform", "sidebar",         "secondary",
    "masthead",        "colophon",    "site-navigation", "jp-post-flair",
    "jp-relatedposts", "wpadminbar",  "cookie-notice",   "disqus_thread"};

constexpr std::array<std::string_view, 8> kChromeRoles = {
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"};

bool in_list(std::string_view value, const auto& list) {
  for (std::string_view item : list) {
    if (ascii::iequals(value, item)) return true;
  }
  return false;
}

bool is_hidden(const xmlNode* node) {
  if (find_attribute(node, "hidden") != nullptr) return true;
  if (ascii::iequals(attribute(node, "aria-hidden"), "true")) return true;
  std::string style = ascii::to_lower(attribute(node, "style"));
  std::erase_if(style, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

}  // namespace

bool is_comment_area(const xmlNode* node) {
  if (!is_element(node)) return false;
  if (ascii::iequals(attribute(node, "id"), "comments")) return true;
  return any_token(attribute(node, "class"), [](std::string_view t) {
    return ascii::iequals(t, "comment-list") || ascii::iequals(t, "commentlist") ||
           ascii::iequals(t, "comments-area");
  });
}

// One comment of a comment list (WordPress: li.comment, li.pingback, li.trackback).
bool is_comment_item(const xmlNode* node, bool any_element) {
  if (!is(node, "li") && !(any_element && (is(node, "article") || is(node, "div")))) return false;
  return any_token(attribute(node, "class"), [](std::string_view t) {
    return ascii::iequals(t, "comment") || ascii::iequals(t, "pingback") ||
           ascii::iequals(t, "trackback");
  });
}

bool is_chrome(const xmlNode* node, bool allow_header) {
  if (!is_element(node)) return false;
  const std::string_view name = name_of(node);
  if (in_list(name, kChromeTags) && !(allow_header && ascii::iequals(name, "header"))) return true;
  if (is_comment_area(node) || is_hidden(node)) return true;
  if (in_list(attribute(node, "role"), kChromeRoles)) return true;
  if (in_list(attribute(node, "id"), kChromeIds)) return true;
  return any_token(attribute(node, "class"), [](std::string_view t) {
    if (in_list(t, kChromeClasses)) return true;
    for (std::string_view prefix : kChromeClassPrefixes) {
      if (ascii::starts_with_ci(t, prefix)) return true;
    }
    return false;
  });
}

}  // namespace civic::indexer::html
