// The shared data model: a Post (one blog post, page, transcript or speech) and the Units it is
// split into (paragraph, bullet, comment…). Readers produce these, attribution fills in who said
// what, the IndexWriter stores them and the Searcher returns them. Plain data: no Xapian, no ICU.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civic {

/// What a unit is. The order is the on-disk order of nothing: names are stored, not numbers.
enum class UnitKind {
  Title,      ///< the post's title
  Heading,    ///< a heading inside the post
  Paragraph,  ///< narrative text, or one speaker turn of a transcript
  Bullet,     ///< one list item; its lead-in sentence is kept in Unit::context
  Caption,    ///< a photo caption or a short line standing alone
  Video,      ///< one entry of a list of session videos
  Quote,      ///< a block quotation
  Comment,    ///< one paragraph of a reader comment
  Pingback,   ///< a pingback or trackback
};

/// "paragraph", "bullet", … as used in the index, the API and the CLI.
std::string_view unit_kind_name(UnitKind kind);
/// Inverse of unit_kind_name(); nullopt for an unknown name.
std::optional<UnitKind> unit_kind_from_name(std::string_view name);

/// Where an attribution came from, strongest first.
enum class AttributionSource {
  None,          ///< nobody: the blogger's narration, or not yet attributed
  Metadata,      ///< front matter, WXR, JSONL or an override file said so
  TurnMarker,    ///< "NAME:" or "Mr. LOTT." at the start of the unit
  Introduction,  ///< the unit introduces the speaker ("The second speaker was …")
  Continuation,  ///< carried on from an introduction through the talk
  Gazetteer,     ///< matched a name in data/gazetteer.yaml
};

std::string_view attribution_source_name(AttributionSource source);

struct Comment {
  std::string author;     ///< display name; may be empty when the export has none
  std::string date;       ///< YYYY-MM-DD or empty
  std::string parent_id;  ///< id of the comment's first unit it replies to, or empty
};

/// A person named by a post's metadata (front matter `speakers:`, presenters, GOV.UK speaker).
struct Person {
  std::string name;
  std::string org;   ///< organisation at that event, or empty
  std::string role;  ///< role or office at that event ("Chief Executive"), or empty
  std::vector<std::string> aliases;  ///< other forms the source prints ("Mr. HOLLINGS")
};

/// How a post's text is laid out, as its reader knows it: attribution picks its passes by this,
/// never by the title. Prose is a live-blog or article; a transcript speaks in turns
/// ("NAME:", "Mr. LOTT."), even in a part that happens to have none.
enum class TextForm {
  Prose,
  Transcript,
};

/// One post as read from an archive; its units refer back to it by id.
struct Post {
  std::string id;           ///< stable: slug + hash of the source key (see post_id_for())
  std::string title;
  std::string date;         ///< YYYY-MM-DD, or empty when the source has none
  std::string url;          ///< permalink, or empty
  std::string author;       ///< the blogger
  std::vector<std::string> tags;  ///< categories and tags as written
  std::string event;        ///< event name when the source gives one
  std::vector<Person> speakers;   ///< speakers the metadata declares (explicit beats inferred)
  /// People the source lists as present or entitled to speak (a Congressional Record day's
  /// members from its MODS), used to resolve the forms the text prints; not declared speakers.
  std::vector<Person> roster;
  TextForm form = TextForm::Prose;
  std::string source;       ///< file path (and item) it came from, for messages
  std::string fingerprint;  ///< hash of everything indexed for this post: unchanged ⇒ skip
};

struct Unit {
  /// "<post id>.<h>": h is 8 lowercase hex digits of a hash of the unit's text alone, so an
  /// edit elsewhere in the post (a paragraph inserted, changed or deleted) leaves the id as it
  /// was. The 2nd, 3rd… unit of a post whose text hashes alike ("Thank you.") get "-2", "-3" in
  /// post order. The kind is left out: a reader that now sees a caption where it saw a
  /// paragraph shows the same words, and the link to them should hold. An id that vanishes on
  /// re-indexing is redirected (query/core/schema.h, kRedirectKey).
  std::string id;
  std::string post_id;
  int position = 0;    ///< 1-based order within the post
  UnitKind kind = UnitKind::Paragraph;
  std::string text;    ///< plain text as written (valid UTF-8, no markup)
  std::string context; ///< a bullet's lead-in sentence, a reply's parent excerpt; may be empty
  std::string anchor;  ///< fragment that locates the unit in its post ("u12"; or the page's id)
  std::optional<Comment> comment;  ///< set for Comment and Pingback units

  // Attribution (filled by the indexer's attribution pass; empty = unknown).
  std::string speaker;  ///< canonical person name
  std::string org;      ///< canonical organisation name
  std::string role;     ///< the speaker's role as of this event ("Chief Executive"), or empty
  /// Talk id: "<post id>~<h>", where <h> is the part after the '.' of the id of the talk's
  /// first unit (finalise_post() names talks so), or empty.
  std::string talk;
  std::vector<std::string> themes;
  std::vector<std::string> mentions;  ///< people and organisations named but not speaking
  AttributionSource source = AttributionSource::None;
  std::string explanation;  ///< why: "introduction at unit 7: 'The second speaker was …'"
};

/// A post with its units, the unit of work of the indexer: replaced or deleted together.
struct PostDoc {
  Post post;
  std::vector<Unit> units;
};

/// The standard offset basis of 64-bit FNV-1a.
inline constexpr std::uint64_t kFnv1aOffsetBasis = 14695981039346656037ULL;

/// FNV-1a, 64-bit, of `data`, starting from `basis`: an offset basis, or an earlier result to
/// chain fields. Stable across runs, platforms and builds (unlike std::hash), which shard
/// numbers, post ids, fingerprints and asset versions rely on; well spread, not secret. Each
/// caller keeps the basis it has always used, since changing it changes every stored value.
std::uint64_t fnv1a(std::string_view data, std::uint64_t basis);

/// Builds a stable post id from a human-readable stem and a source key (URL, or path + item).
std::string post_id_for(std::string_view stem, std::string_view source_key);

/// Gives every unit its id (see Unit::id) from its text and the units before it. finalise_post()
/// calls it; a reader that must name a unit before then (a reply's parent) may call it first.
void assign_unit_ids(PostDoc& doc);

/// Assigns ids, positions and anchors to units in order, names talks after their first unit
/// (Unit::talk), points replies at their parent's new id when ids changed since the last call,
/// and sets the post's fingerprint. Calling it again after units were added or changed is safe.
void finalise_post(PostDoc& doc);

}  // namespace civic
