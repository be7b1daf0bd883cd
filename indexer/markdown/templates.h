// Template syntax in Markdown posts. Jekyll, Hugo and Eleventy sources hold shortcodes and tags
// that the site generator expands at build time; md4c would index them as text, so the reader
// removes them before md4c sees the body, keeping the few human words some of them carry.
#pragma once

#include <string>
#include <string_view>

namespace civic::indexer::markdown {

/// `body` without Hugo shortcodes ({{< … >}}, {{% … %}}), template expressions ({{ … }}) and
/// Liquid/Nunjucks tags ({% … %}). What survives, as Markdown: an image shortcode's or tag's alt
/// text (as an image md4c reports as a caption), a pull quote and its source (a block quote on
/// a line of its own, else text), an accordion's title standing alone (a level-4 heading), and
/// the name a `team_link` expression prints. {% raw %} sections are kept verbatim and
/// {% comment %} sections dropped, as Jekyll does. A tag not closed within 4000 bytes is taken
/// for stray braces and left as text. Linear in the size of `body`.
std::string strip_templates(std::string_view body);

}  // namespace civic::indexer::markdown
