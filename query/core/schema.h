// The index schema: every Xapian term prefix and value slot that the indexer writes and the
// query library reads. One place, so writer and reader cannot drift apart. Prefixes follow
// Omega's convention (docs/termprefixes.rst): single standard letters where one fits, our own
// as "X" + capitals. Boolean (filter) terms always put ':' between prefix and value, so a value
// starting with a capital letter can never be mistaken for a longer prefix.
// This header names strings and numbers only; it does not include Xapian.
#pragma once

#include <string>
#include <string_view>

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

// --- Database metadata keys. -----------------------------------------------------------------
inline constexpr std::string_view kPostFingerprintKey = "post:";  ///< post:<id> → fingerprint
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

}  // namespace civic::schema
