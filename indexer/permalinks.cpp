#include "indexer/permalinks.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "query/core/stored_unit.h"

namespace civic::indexer {
namespace {

using namespace civic::schema;

// Where each old unit went: its own id when it survived, the unit with its text when it moved,
// and for a changed (or deleted) one the nearest old neighbour that did either.
struct Fates {
  std::vector<std::string> target;  // per old unit; empty: changed and not yet placed
  std::vector<bool> is_settled;     // survived or moved
  std::vector<bool> is_moved;
};

Fates settle(const std::vector<OldUnit>& old_units, const PostDoc& doc) {
  std::unordered_set<std::string_view> new_ids;
  std::unordered_map<std::string_view, std::vector<std::string_view>> ids_by_text;
  for (const Unit& unit : doc.units) {
    new_ids.insert(unit.id);
    ids_by_text[unit.text].push_back(unit.id);
  }
  Fates fates{std::vector<std::string>(old_units.size()), std::vector<bool>(old_units.size()),
              std::vector<bool>(old_units.size())};
  // The k-th old unit with a text moves to the k-th new one with it (or the last): "Thank you."
  // repeated keeps its order when one of them goes.
  std::unordered_map<std::string_view, std::size_t> occurrence;
  for (std::size_t i = 0; i < old_units.size(); ++i) {
    const OldUnit& old = old_units[i];
    const std::size_t k = occurrence[old.text]++;
    if (new_ids.count(old.id)) {
      fates.target[i] = old.id;
    } else if (auto it = ids_by_text.find(old.text); it != ids_by_text.end()) {
      fates.target[i] = std::string(it->second[std::min(k, it->second.size() - 1)]);
      fates.is_moved[i] = true;
    } else {
      continue;
    }
    fates.is_settled[i] = true;
  }
  const std::string& first = doc.units.front().id;
  const std::size_t n = old_units.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (fates.is_settled[i]) continue;
    // Outward in the old order: the previous unit, the next, two before, two after…
    std::optional<std::size_t> near;
    for (std::size_t d = 1; !near && (d <= i || i + d < n); ++d) {
      if (d <= i && fates.is_settled[i - d]) {
        near = i - d;
      } else if (i + d < n && fates.is_settled[i + d]) {
        near = i + d;
      }
    }
    fates.target[i] = near ? fates.target[*near] : first;
  }
  return fates;
}

void add_talk_redirects(const std::vector<OldUnit>& old_units, const PostDoc& doc,
                        const Fates& fates, Redirects& out) {
  std::unordered_set<std::string_view> new_talks;
  std::unordered_map<std::string_view, std::string_view> talk_of;
  for (const Unit& unit : doc.units) {
    if (!unit.talk.empty()) new_talks.insert(unit.talk);
    talk_of.emplace(unit.id, unit.talk);
  }
  // Each old talk that no longer exists, by its first unit, and the first of its units that
  // survived or moved: the talk leads where that one went (a talk whose opening paragraph was
  // edited stays with its speaker), else where its first unit's redirect leads.
  std::vector<std::string_view> talks;
  std::unordered_map<std::string_view, std::pair<std::size_t, std::optional<std::size_t>>> units;
  for (std::size_t i = 0; i < old_units.size(); ++i) {
    const std::string& talk = old_units[i].talk;
    if (talk.empty() || new_talks.count(talk)) continue;
    auto [it, is_first] = units.try_emplace(talk, i, std::nullopt);
    if (is_first) talks.push_back(talk);
    if (!it->second.second && fates.is_settled[i]) it->second.second = i;
  }
  for (std::string_view talk : talks) {
    const auto [first, settled] = units.at(talk);
    const std::string& unit = fates.target[settled.value_or(first)];
    const auto it = talk_of.find(unit);
    const std::string target =
        it != talk_of.end() && !it->second.empty() ? std::string(it->second) : unit;
    const bool is_moved = fates.is_settled[first];
    out.emplace_back(std::string(talk),
                     Redirect{target, std::string(is_moved ? kRedirectMoved : kRedirectChanged)});
  }
}

std::string redirect_key(std::string_view id) {
  return std::string(kRedirectKey) + std::string(id);
}

// Erases redirect:<id> for every id of `doc` (units and talks) that has one: the id exists again.
void erase_revived(Xapian::WritableDatabase& db, const PostDoc& doc) {
  std::unordered_set<std::string> ids;
  for (const Unit& unit : doc.units) {
    ids.insert(unit.id);
    if (!unit.talk.empty()) ids.insert(unit.talk);
  }
  // One range of keys per post and kind of id, usually empty: cheaper than a look-up per unit.
  std::vector<std::string> revived;
  for (const char separator : {'.', '~'}) {
    const std::string prefix = redirect_key(doc.post.id) + separator;
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      if (ids.count((*it).substr(kRedirectKey.size()))) revived.push_back(*it);
    }
  }
  for (const auto& key : revived) db.set_metadata(key, "");  // an empty value deletes the key
}

}  // namespace

Redirects plan_redirects(const std::vector<OldUnit>& old_units, const PostDoc& doc) {
  Redirects out;
  if (doc.units.empty() || old_units.empty()) return out;
  const Fates fates = settle(old_units, doc);
  for (std::size_t i = 0; i < old_units.size(); ++i) {
    if (fates.target[i] == old_units[i].id) continue;  // survived
    out.emplace_back(old_units[i].id,
                     Redirect{fates.target[i],
                              std::string(fates.is_moved[i] ? kRedirectMoved : kRedirectChanged)});
  }
  add_talk_redirects(old_units, doc, fates, out);
  return out;
}

std::vector<OldUnit> read_post_units(const Xapian::Database& db, const std::string& post_id) {
  std::vector<std::pair<int, OldUnit>> units;
  const std::string term = boolean_term(kPostPrefix, post_id);
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    auto stored = decode_stored_unit(db.get_document(*it).get_data());
    if (!stored) continue;
    Unit& unit = stored->unit;
    units.emplace_back(unit.position,
                       OldUnit{std::move(unit.id), std::move(unit.text), std::move(unit.talk)});
  }
  // Postings come in docid order, which is the order put() added them; position says for sure.
  std::stable_sort(units.begin(), units.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<OldUnit> out;
  out.reserve(units.size());
  for (auto& [position, unit] : units) out.push_back(std::move(unit));
  return out;
}

void update_permalinks(Xapian::WritableDatabase& db, const std::vector<OldUnit>& old_units,
                       const PostDoc& doc) {
  erase_revived(db, doc);
  for (const auto& [from, redirect] : plan_redirects(old_units, doc)) {
    db.set_metadata(redirect_key(from), redirect_value(redirect));
  }
  const std::string gone = std::string(kGoneKey) + doc.post.id;
  if (!db.get_metadata(gone).empty()) db.set_metadata(gone, "");
}

void mark_gone(Xapian::WritableDatabase& db, const std::string& post_id) {
  std::string title;
  const std::string term = boolean_term(kPostPrefix, post_id);
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && title.empty(); ++it) {
    if (auto stored = decode_stored_unit(db.get_document(*it).get_data()))
      title = stored->post.title;
  }
  db.set_metadata(std::string(kGoneKey) + post_id, title.empty() ? post_id : title);
}

}  // namespace civic::indexer
