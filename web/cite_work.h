// What the citation formats and the quote card (web/cite.h) all say about a unit, worked out once
// from a hit: who is cited and how their name splits, the title, the date and the note. Plain
// text, not yet escaped for any format. Internal to civic_web; does not include httplib or Xapian.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "query/searcher.h"

namespace civic::web::cite {

/// Whose words a unit is.
enum class Voice {
  Remark,     ///< a speaker's (or an organisation's) at the event: a speech
  Comment,    ///< a reader's comment on the post
  Narration,  ///< the blogger's own text: the post is cited
};

/// A cited name: a person split into parts, or one literal (an organisation, a single word).
struct Name {
  std::string as_written;  ///< whitespace collapsed, titles kept ("Cllr Fiona McBride")
  std::string family;      ///< a person's surname with its particles ("Ó Briain", "van der Berg")
  std::string given;       ///< a person's given names, leading titles dropped ("Fiona")
  std::string suffix;      ///< "Jr.", "III", or empty
  std::string literal;     ///< set (and the parts empty) for an organisation or a single word
  bool is_person() const { return literal.empty(); }
};

struct Work {
  Voice voice = Voice::Narration;
  std::optional<Name> author;  ///< speaker or organisation, commenter, or the post's author
  std::string text;            ///< the unit's text, whitespace collapsed
  std::string who;             ///< query::who_line() for a remark, else empty
  std::string affiliation;     ///< a remark's role and organisation, unless the organisation speaks
  /// A remark's or comment's quote title (quote_title() of the text, "Remarks at <event>" when
  /// there is no text); for narration the post's title, else the quote title.
  std::string title;
  std::string event;       ///< the post's event
  std::string post_title;  ///< the post's title
  std::string blogger;     ///< the post's author
  std::string date;        ///< YYYY-MM-DD (a comment's own date first), or empty
  /// Where the words were written down: "Reported by Helen Garbutt in “Budget day”" (a remark),
  /// "Comment on “Budget day”", "From “Budget day” by Helen Garbutt" (narration); empty when
  /// the post names neither title nor author (or, for a comment, no title).
  std::string source;
  /// What the structured formats add to author, title and event: a remark's affiliation and
  /// source ("Chief Executive, Kirkhope Borough Council. Reported by Helen Garbutt in “Budget
  /// day”"), a comment's source; empty for narration (whose post is the title).
  std::string note;
};

/// Everything the formats need from `hit`; every string collapsed to one line.
Work work_of(const query::Hit& hit);

/// True when a speaker's name reads as an organisation's: the same as the unit's organisation,
/// an acronym, "&" or " and " in it, or a word such as Council, Trust, Partnership or "for".
bool looks_like_organisation(std::string_view name, std::string_view org);

/// `name` split for a bibliography: the last word is the family name, with any particles before
/// it ("van", "de", "Ó", "Ní"); leading titles (Cllr, Dr, Sir…) and trailing honours (MP, OBE…)
/// are dropped and a trailing "Jr."/"III" is the suffix. An organisation or a single word stays
/// one literal.
Name split_name(std::string_view name, bool is_organisation);

/// A short title for a quote: its first sentence when that is short enough (without a final
/// full stop), else the text cut at a word boundary before kQuoteTitleChars characters with "…".
std::string quote_title(std::string_view text);
inline constexpr std::size_t kQuoteTitleChars = 80;

/// "16 May 2013" for "2013-05-16"; empty when `iso` is not a real date.
std::string readable_date(std::string_view iso);

/// `s` in curly double quotes.
std::string quoted(const std::string& s);

/// The number of characters (code points) in valid UTF-8.
std::size_t utf8_length(std::string_view utf8);

}  // namespace civic::web::cite
