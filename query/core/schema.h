// The index schema: every Xapian term prefix and value slot that the indexer writes and the
// query library reads. One place, so writer and reader cannot drift apart. Prefixes follow
// Omega's convention (docs/termprefixes.rst): single standard letters where one fits, our own
// as "X" + capitals. Boolean (filter) terms always put ':' between prefix and value, so a value
// starting with a capital letter can never be mistaken for a longer prefix.
// This header names strings, numbers and the readers of each field; it does not include Xapian.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/unit.h"

namespace civic::schema {

// --- Boolean terms: exact values, used for filters, deletion and look-up. -------------------
inline constexpr std::string_view kIdPrefix = "Q";       ///< Q<unit id>: unique per unit
inline constexpr std::string_view kPostPrefix = "XPOST:";  ///< every unit of a post
inline constexpr std::string_view kSpeakerPrefix = "XSPEAKER:";  ///< canonical speaker name
inline constexpr std::string_view kOrgPrefix = "XORG:";          ///< canonical organisation
/// The speaker's role at the event ("Chief Executive", schema 3). Listed and looked up like a
/// facet (Searcher::facet_values, example_unit), but not counted in search responses: no slot.
inline constexpr std::string_view kRolePrefix = "XROLE:";
inline constexpr std::string_view kKindPrefix = "XKIND:";        ///< unit_kind_name()
inline constexpr std::string_view kThemePrefix = "XTHEME:";      ///< one term per theme
inline constexpr std::string_view kEventPrefix = "XEVENT:";
inline constexpr std::string_view kYearPrefix = "XYEAR:";        ///< YYYY
// Schema 1 also wrote XTALK:<talk> and XMENTION:<name> terms, which nothing read (talks group by
// kTalkSlot; mentions are searched as words, kMentionText).

// --- Free-text prefixes: words of a field, for "speaker:longlands" style queries. ----------
// Indexed without positions (schema 2): a field query is an AND of the field's words, never a
// phrase (query/field_query.h). Only the body text has positions.
inline constexpr std::string_view kTitleText = "S";
inline constexpr std::string_view kSpeakerText = "XSPK";
inline constexpr std::string_view kOrgText = "XORGT";
inline constexpr std::string_view kRoleText = "XROLT";  ///< schema 3
inline constexpr std::string_view kEventText = "XEVT";
inline constexpr std::string_view kMentionText = "XMENT";
inline constexpr std::string_view kThemeText = "XTHM";
inline constexpr std::string_view kKindText = "XKND";

// --- Value slots. ----------------------------------------------------------------------------
enum Slot : unsigned {
  kDateSlot = 0,     ///< "YYYYMMDD" (string order = date order); empty when unknown
  kKindSlot = 1,     ///< unit_kind_name()
  kSpeakerSlot = 2,  ///< canonical speaker, or empty
  kOrgSlot = 3,      ///< canonical organisation, or empty
  kEventSlot = 4,    ///< event name, or empty
  kYearSlot = 5,     ///< "YYYY", or empty
  kThemesSlot = 6,   ///< themes joined with '\x1f' (multi-valued facet)
  kTalkSlot = 7,     ///< talk id: collapse key for group=talk
  kPostSlot = 8,     ///< post id: collapse key for group=post
  // 9: schema 1's rank value (talk text above comments); the Searcher derives it from the kind.
  kPositionSlot = 10,  ///< sortable_serialise(position in post): neighbours, stable order
};

inline constexpr char kMultiValueSeparator = '\x1f';

// --- The fields of a unit: the one list of facets and field queries. -------------------------
// The writer indexes each field from its reader: words under text_prefix (a `name:words` query),
// one boolean term per value under term_prefix (filters and listings), and the values in slot
// (counted in every response). The Searcher, field queries, the page and the API all read this
// table; adding a facet is one entry here plus its reader.

/// No value slot: the field is listed and filtered by its terms but not counted.
inline constexpr unsigned kNoSlot = ~0u;

/// Appends the values of one field of `unit` (of `post`) to `out`, as views into them (no copy:
/// the writer reads every field of every unit); empty values are skipped.
using FieldReader = void (*)(const Unit& unit, const Post& post,
                             std::vector<std::string_view>& out);

struct Field {
  std::string_view name;         ///< in the API, URLs and the query language ("org")
  std::string_view label;        ///< the page's heading for it ("Organisation")
  std::string_view plural;       ///< "organisations"
  std::string_view term_prefix;  ///< boolean terms; empty: not a facet (only `name:` words)
  std::string_view text_prefix;  ///< free-text words; empty: no `name:` query
  unsigned slot;                 ///< kNoSlot: not counted in responses, not a filter
  bool multi;                    ///< several values per unit (joined by kMultiValueSeparator)
  int page_order;                ///< position in the page's sidebar (counted facets only)
  FieldReader read;
};

namespace field_readers {
using Out = std::vector<std::string_view>;
inline void add(Out& out, std::string_view value) {
  if (!value.empty()) out.push_back(value);
}
inline void add_all(Out& out, const std::vector<std::string>& values) {
  for (const auto& value : values) add(out, value);
}
inline void speaker(const Unit& u, const Post&, Out& out) { add(out, u.speaker); }
inline void org(const Unit& u, const Post&, Out& out) { add(out, u.org); }
inline void role(const Unit& u, const Post&, Out& out) { add(out, u.role); }
inline void kind(const Unit& u, const Post&, Out& out) { out.push_back(unit_kind_name(u.kind)); }
inline void theme(const Unit& u, const Post&, Out& out) { add_all(out, u.themes); }
inline void event(const Unit&, const Post& p, Out& out) { add(out, p.event); }
/// The post's year, when its date is a YYYY-MM-DD date.
inline void year(const Unit&, const Post& p, Out& out) {
  if (p.date.size() == 10) out.push_back(std::string_view(p.date).substr(0, 4));
}
inline void title(const Unit&, const Post& p, Out& out) { add(out, p.title); }
inline void mentions(const Unit& u, const Post&, Out& out) { add_all(out, u.mentions); }
}  // namespace field_readers

/// Counted facets first, in the order responses list them; then "role" (listed and looked up
/// like a facet, Searcher::facet_values(), but not counted: no slot); then the fields that are
/// only words (`title:`, `mentions:`).
inline constexpr Field kFields[] = {
    {"speaker", "Speaker", "speakers", kSpeakerPrefix, kSpeakerText, kSpeakerSlot, false, 0,
     field_readers::speaker},
    {"org", "Organisation", "organisations", kOrgPrefix, kOrgText, kOrgSlot, false, 1,
     field_readers::org},
    {"kind", "Kind", "kinds", kKindPrefix, kKindText, kKindSlot, false, 4, field_readers::kind},
    {"theme", "Theme", "themes", kThemePrefix, kThemeText, kThemesSlot, true, 2,
     field_readers::theme},
    {"event", "Event", "events", kEventPrefix, kEventText, kEventSlot, false, 3,
     field_readers::event},
    {"year", "Year", "years", kYearPrefix, "", kYearSlot, false, 5, field_readers::year},
    {"role", "Role", "roles", kRolePrefix, kRoleText, kNoSlot, false, -1, field_readers::role},
    {"title", "Title", "titles", "", kTitleText, kNoSlot, false, -1, field_readers::title},
    {"mentions", "Mentions", "mentions", "", kMentionText, kNoSlot, true, -1,
     field_readers::mentions},
};

constexpr bool is_facet(const Field& field) { return !field.term_prefix.empty(); }
constexpr bool is_counted(const Field& field) { return field.slot != kNoSlot; }

/// The field called `name`, or nullptr.
constexpr const Field* find_field(std::string_view name) {
  for (const Field& field : kFields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

/// How many counted facets there are: kFields[0 .. kCountedFacets) (filters, response counts).
inline constexpr std::size_t kCountedFacets = [] {
  std::size_t n = 0;
  while (n < std::size(kFields) && is_counted(kFields[n])) ++n;
  return n;
}();
static_assert([] {
  for (std::size_t i = 0; i < std::size(kFields); ++i) {
    const bool counted = is_counted(kFields[i]);
    if (counted != (i < kCountedFacets) || (counted && !is_facet(kFields[i]))) return false;
  }
  return true;
}(), "counted facets (a slot and a boolean prefix) come first in kFields");

// --- Words. ------------------------------------------------------------------------------------
/// The stemmer's language, for the TermGenerator, the QueryParser and the highlighter alike.
inline constexpr const char* kStemLanguage = "english";

/// Body words are the only unprefixed terms: every field and boolean prefix starts with a capital
/// letter (and a stemmed body word is "Z" + stem).
constexpr bool is_body_term(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// --- Database metadata keys. -----------------------------------------------------------------
inline constexpr std::string_view kPostFingerprintKey = "post:";  ///< post:<id> → fingerprint
/// Permalinks that outlive edits (the indexer writes these keys in the database, or shard, that
/// holds the post, in the run's transaction; Searcher::resolve() reads them in every shard).
/// redirect:<old unit or talk id> → "<target id>\t<reason>": a re-indexed post no longer has
/// the id. A unit: kRedirectMoved when a unit of the post has the same text (a duplicate's "-2"
/// suffix shifted, or an id of an older scheme), the target being that unit; kRedirectChanged
/// when the text was edited or deleted, the target being the nearest unit around it in the old
/// order (previous, next, two before, two after…) that survived or moved, else the post's first
/// unit. A talk: the talk now holding the first of its units that survived or moved (else its
/// first unit's target), or that unit's id when it belongs to no talk; kRedirectMoved when its
/// first unit survived or moved. Erased when the id exists again; otherwise kept for good, so a
/// target that vanishes later has a redirect of its own (readers follow the chain).
inline constexpr std::string_view kRedirectKey = "redirect:";
inline constexpr std::string_view kRedirectMoved = "moved";
inline constexpr std::string_view kRedirectChanged = "changed";
/// gone:<post id> → the title of a post that `civicsearch index --prune` deleted (its id when it
/// had none); erased when the post is indexed again.
inline constexpr std::string_view kGoneKey = "gone:";
inline constexpr std::string_view kSchemaVersionKey = "civic:schema";
/// A copy of the synonym table, "key\tsynonym\n" lines: Xapian 1.4's remote protocol serves
/// metadata but not synonyms, so a Searcher over remote shards rebuilds them from this.
inline constexpr std::string_view kSynonymsKey = "civic:synonyms";
/// 2: field words without positions; no rank value, XTALK: or XMENTION: terms.
/// 3: the speaker's role, stored ("r") and indexed (kRolePrefix, kRoleText); a schema-2 index
/// has no role terms, so `role:` and the role listing would quietly find nothing in it.
inline constexpr std::string_view kSchemaVersion = "3";

// --- Layout on disk. -----------------------------------------------------------------------------
// An index directory is either one glass database, or (`civicsearch index --shards N`) the glass
// databases DIR/shard-00 … DIR/shard-<N-1> plus DIR/XAPIANDB, a Xapian stub file with one line
// "glass shard-NN" per shard (paths relative to DIR). Xapian::Database(DIR) opens both forms; with
// shards it is a multi-database over all of them. Every unit of a post lives in one shard.
inline constexpr std::string_view kStubFile = "XAPIANDB";
inline constexpr std::string_view kShardDirPrefix = "shard-";  ///< + two or more digits

/// Longest word the TermGenerator indexes (bytes); the query side drops longer words so both agree.
/// Xapian's default of 64 would lose real tokens ("Taumatawhakatangihanga…", "____" rules).
inline constexpr unsigned kMaxWordBytes = 200;

/// Longest value we put in a boolean term: Xapian's limit is 245 bytes for the whole term.
inline constexpr std::size_t kMaxTermValueBytes = 200;

/// prefix + value, the value cut at a UTF-8 boundary to fit kMaxTermValueBytes.
std::string boolean_term(std::string_view prefix, std::string_view value);

/// The value of a kRedirectKey entry.
struct Redirect {
  std::string target;  ///< unit or talk id
  std::string reason;  ///< kRedirectMoved or kRedirectChanged
};

inline std::string redirect_value(const Redirect& redirect) {
  return redirect.target + '\t' + redirect.reason;
}

/// Inverse of redirect_value(); nullopt for a value that is not one (empty: no key).
inline std::optional<Redirect> parse_redirect_value(std::string_view value) {
  const auto tab = value.find('\t');
  if (tab == std::string_view::npos || tab == 0) return std::nullopt;
  return Redirect{std::string(value.substr(0, tab)), std::string(value.substr(tab + 1))};
}

/// The post id in a unit id ("<post id>.<h>") or talk id ("<post id>~<h>"): post ids never hold
/// '.' or '~' (post_id_for()). A post id is its own post id.
inline std::string_view post_id_of(std::string_view id) {
  return id.substr(0, id.find_first_of(".~"));
}

}  // namespace civic::schema
