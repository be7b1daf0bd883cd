// Citations of one unit (plain text, Markdown, BibTeX, RIS, CSL-JSON), its quote card (a small
// framable HTML page) and the oEmbed answer that embeds the card. Pure functions from a hit to
// bytes, so they are tested without sockets; the routes that serve them are web/cite_routes.cpp.
//
// Who is cited: a unit with a speaker (or only an organisation) is that speaker's remark at the
// event; a reader's comment is its commenter's; anything else is the blogger's narration, cited
// as the post by its author. A field the archive does not give is left out, never invented.
// Every archive string is escaped for its format (html::escape() for markup). Does not include
// httplib or Xapian.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "query/searcher.h"

namespace civic::web {

enum class CiteFormat {
  Text,      ///< the quote, who said it, where and when, the permalink; for pasting anywhere
  Markdown,  ///< the same as a blockquote, archive text escaped, the permalink a link
  Bibtex,    ///< one @unpublished (a remark), else @misc entry, for BibTeX and biblatex
  Ris,       ///< one RIS record (TY SLIDE for a remark, else BLOG), CRLF line ends
  CslJson,   ///< an array of one CSL-JSON item (type speech, post-weblog or post)
};

/// "text", "markdown", "bibtex", "ris" or "csl-json" → the format; nullopt for anything else.
std::optional<CiteFormat> cite_format_from_name(std::string_view name);
/// Inverse of cite_format_from_name().
std::string_view cite_format_name(CiteFormat format);
/// The Content-Type to serve a citation with (always UTF-8): text/plain, text/markdown
/// (RFC 7763), application/x-bibtex, application/x-research-info-systems and
/// application/vnd.citationstyles.csl+json (registered), the types DOI content negotiation
/// answers with and reference managers pick up.
std::string_view cite_content_type(CiteFormat format);
/// The usual file extension, without the dot: "txt", "md", "bib", "ris", "json".
std::string_view cite_file_extension(CiteFormat format);

struct CiteContext {
  std::string permalink;  ///< absolute URL of our /units/{id} page; left out when empty
  std::string accessed;   ///< YYYY-MM-DD the reader looked (today); left out unless a valid date
  std::string site_name = "Civic Search";  ///< who serves the archive: publisher, link text
};

/// The citation of `hit` (its unit and post) in `format`, ending in a newline. BibTeX and CSL
/// keys are stable: the cited name, the year and a hash of the unit id ("blackwood2013-1a2b3c").
/// Never fails; thread-safe.
std::string render_citation(const query::Hit& hit, CiteFormat format, const CiteContext& context);

/// The BibTeX key and CSL id render_citation() gives `hit`.
std::string citation_key(const query::Hit& hit);

/// Where the quote card and its oEmbed answer point, and the consumer's size limits.
struct OEmbedContext {
  std::string base_url;  ///< absolute origin of this server, no trailing slash
  std::string provider_name = "Civic Search";
  int max_width = 0;        ///< the consumer's maxwidth in px; 0 = no limit
  int max_height = 0;       ///< the consumer's maxheight in px; 0 = no limit
  int cache_age_s = 86400;  ///< suggested cache lifetime, seconds
};

/// Default size of the card's frame, in px, before the consumer's limits.
inline constexpr int kQuoteCardWidth = 500;
inline constexpr int kQuoteCardMinHeight = 160;
inline constexpr int kQuoteCardMaxHeight = 640;

/// The oEmbed 1.0 answer (JSON) for `hit`: type "rich" whose html is an <iframe> of
/// {base_url}/units/{id}/card with a title, plus title, author_name and author_url (the search
/// page for the speaker or organisation; both left out when nobody is named), provider_name,
/// provider_url, cache_age, width and height. width is kQuoteCardWidth and height an estimate
/// for the text at that width, both cut to max_width and max_height (the card scrolls inside
/// when it is cut). Never fails; thread-safe.
std::string render_oembed_json(const query::Hit& hit, const OEmbedContext& context);

struct CardContext {
  std::string permalink;   ///< absolute URL of our /units/{id} page, opened in the top window
  std::string stylesheet;  ///< path of web/static/card.css, versioned ("/static/card.css?v=…")
  std::string site_name = "Civic Search";
};

/// The Content-Security-Policy for a quote card: nothing inline, only the stylesheet from this
/// server, no forms or base. The route adds frame-ancestors: the card may be framed where the
/// embed may (web/cite_routes.cpp).
inline constexpr std::string_view kQuoteCardPolicy =
    "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'";

/// The quote card: an HTML document (lang, title, stylesheet; no script, no inline style) with
/// the quote in a <blockquote>, who said it, the event (a <cite>) and date, and a link to the
/// unit's page with target=_top. Framed, so it has no <h1>. Never fails; thread-safe.
std::string render_quote_card(const query::Hit& hit, const CardContext& context);

}  // namespace civic::web
