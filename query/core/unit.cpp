#include "query/core/unit.h"

#include <array>
#include <cstdio>
#include <unordered_map>

#include "query/core/result.h"
#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic {
namespace {

constexpr std::array<std::string_view, 9> kKindNames = {
    "title", "heading", "paragraph", "bullet", "caption", "video", "quote", "comment", "pingback"};

// The basis of post ids and fingerprints: kFnv1aOffsetBasis with its last digit missing. Kept,
// since every post id and fingerprint in existing indexes was made with it; ids and
// fingerprints only need to be stable and well spread.
constexpr std::uint64_t kPostHashBasis = 1469598103934665603ULL;

// The basis of unit ids' hashes, its own ("unit-ids" in ASCII): unit ids are new, and sharing
// kPostHashBasis would gain nothing.
constexpr std::uint64_t kUnitHashBasis = 0x756e69742d696473ULL;

std::string hex(std::uint64_t value, int digits) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return std::string(buffer + 16 - digits, static_cast<std::size_t>(digits));
}

std::string unit_hash(std::string_view text) {
  // 64 bits folded to 32 (the halves xored), as FNV's authors suggest for a shorter hash.
  const std::uint64_t hash = fnv1a(text, kUnitHashBasis);
  return hex((hash ^ (hash >> 32)) & 0xffffffffULL, 8);
}

// Mixes a field and a separator into the running hash, so ("ab","c") ≠ ("a","bc").
std::uint64_t mix(std::uint64_t hash, std::string_view field) {
  hash = fnv1a(field, hash);
  return fnv1a(std::string_view("\x1e", 1), hash);
}

}  // namespace

std::uint64_t fnv1a(std::string_view data, std::uint64_t basis) {
  std::uint64_t hash = basis;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::InvalidInput: return "invalid_input";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

std::string_view unit_kind_name(UnitKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<UnitKind> unit_kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<UnitKind>(i);
  }
  return std::nullopt;
}

std::string_view attribution_source_name(AttributionSource source) {
  switch (source) {
    case AttributionSource::None: return "none";
    case AttributionSource::Metadata: return "metadata";
    case AttributionSource::TurnMarker: return "turn-marker";
    case AttributionSource::Introduction: return "introduction";
    case AttributionSource::Continuation: return "continuation";
    case AttributionSource::Gazetteer: return "gazetteer";
  }
  return "none";
}

std::string post_id_for(std::string_view stem, std::string_view source_key) {
  std::string slug;
  for (char c : text::normalise(stem)) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 48) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "post";
  return slug + "-" + hex(fnv1a(source_key, kPostHashBasis), 8);
}

void assign_unit_ids(PostDoc& doc) {
  // Suffixes count units whose hash is the same, not whose text is: two texts that happen to
  // share a hash get distinct ids too.
  std::unordered_map<std::string, int> seen;
  for (auto& unit : doc.units) {
    std::string hash = unit_hash(unit.text);
    const int n = ++seen[hash];
    unit.id = doc.post.id + "." + hash;
    if (n > 1) unit.id += "-" + std::to_string(n);
  }
}

namespace {

// Talk ids after the talk's first unit, so that a talk added earlier in the post renumbers
// nothing: "<post id>~<hash part of that unit's id>". Whatever the attribution passes named a
// talk ("<post id>~3"), its units keep sharing one id.
void name_talks(PostDoc& doc) {
  std::unordered_map<std::string, std::string> names;
  for (auto& unit : doc.units) {
    if (unit.talk.empty()) continue;
    auto [it, is_first] = names.try_emplace(unit.talk);
    if (is_first) it->second = doc.post.id + "~" + unit.id.substr(doc.post.id.size() + 1);
    unit.talk = it->second;
  }
}

// Replies name their parent's first unit by id: follow the ids that changed since the units
// were numbered last (`before`, empty for units that had none).
void follow_renamed_parents(PostDoc& doc, const std::vector<std::string>& before) {
  std::unordered_map<std::string, std::string> renamed;
  for (std::size_t i = 0; i < doc.units.size(); ++i) {
    if (!before[i].empty() && before[i] != doc.units[i].id)
      renamed.emplace(before[i], doc.units[i].id);
  }
  if (renamed.empty()) return;
  for (auto& unit : doc.units) {
    if (!unit.comment) continue;
    if (auto it = renamed.find(unit.comment->parent_id); it != renamed.end()) {
      unit.comment->parent_id = it->second;
    }
  }
}

std::string fingerprint(const PostDoc& doc) {
  std::uint64_t hash = kPostHashBasis;
  for (std::string_view field : {std::string_view(doc.post.title), std::string_view(doc.post.date),
                                 std::string_view(doc.post.url), std::string_view(doc.post.author),
                                 std::string_view(doc.post.event)}) {
    hash = mix(hash, field);
  }
  for (const auto& tag : doc.post.tags) hash = mix(hash, tag);
  for (const auto& person : doc.post.speakers) {
    hash = mix(hash, person.name);
    hash = mix(hash, person.org);
    hash = mix(hash, person.role);
  }
  for (const auto& unit : doc.units) {
    // The id too: an index whose ids were made another way (positions, before content ids) is
    // re-indexed, and its old ids redirected, on the next run.
    hash = mix(hash, unit.id);
    hash = mix(hash, unit_kind_name(unit.kind));
    hash = mix(hash, unit.text);
    hash = mix(hash, unit.context);
    hash = mix(hash, unit.speaker);
    hash = mix(hash, unit.org);
    hash = mix(hash, unit.role);
    hash = mix(hash, unit.talk);
    for (const auto& theme : unit.themes) hash = mix(hash, theme);
    for (const auto& mention : unit.mentions) hash = mix(hash, mention);
    if (unit.comment) {
      hash = mix(hash, unit.comment->author);
      hash = mix(hash, unit.comment->date);
      hash = mix(hash, unit.comment->parent_id);
    }
  }
  return hex(hash, 16);
}

}  // namespace

void finalise_post(PostDoc& doc) {
  std::vector<std::string> before;
  before.reserve(doc.units.size());
  for (const auto& unit : doc.units) before.push_back(unit.id);
  assign_unit_ids(doc);
  int position = 0;
  for (auto& unit : doc.units) {
    unit.position = ++position;
    unit.post_id = doc.post.id;
    if (unit.anchor.empty()) unit.anchor = "u" + std::to_string(position);
  }
  name_talks(doc);
  follow_renamed_parents(doc, before);
  doc.post.fingerprint = fingerprint(doc);
}

namespace schema {

std::string boolean_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  term += text::truncate_utf8(value, kMaxTermValueBytes);
  return term;
}

}  // namespace schema
}  // namespace civic
