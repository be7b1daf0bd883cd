#include "query/internal/reading.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "query/core/schema.h"
#include "query/core/stored_unit.h"
#include "query/internal/hits.h"

namespace civic::query {
namespace {

using namespace civic::schema;

// A post's documents in position order: a boolean query on its term, sorted by the position
// slot (a sort that remote shards run too, unlike a KeyMaker), all of them in one MSet.
Xapian::MSet post_documents(Xapian::Database& db, const std::string& post_id) {
  const std::string term = boolean_term(kPostPrefix, post_id);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(term));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(kPositionSlot, false);
  return enquire.get_mset(0, std::max<Xapian::doccount>(db.get_termfreq(term), 1));
}

// The hit of a stored document, its whole text escaped as the snippet.
Result<Hit> document_hit(const Xapian::Document& doc) {
  auto stored = decode_stored_unit(doc.get_data());
  if (!stored) return Unexpected{stored.error()};
  return stored_hit(std::move(*stored), nullptr, 0);
}

// The post a talk belongs to: a talk id is "<post id>~<n>" (Unit::talk, given by attribution);
// empty when `talk_id` is not one.
std::string post_of_talk(const std::string& talk_id) {
  const auto cut = talk_id.rfind('~');
  return cut == std::string::npos ? std::string() : talk_id.substr(0, cut);
}

Error no_talk(const std::string& talk_id) {
  return {ErrorCode::NotFound, "no talk with id '" + talk_id + "'"};
}

}  // namespace

Result<TalkView> read_talk(Xapian::Database& db, const std::string& talk_id) {
  const std::string post_id = post_of_talk(talk_id);
  if (post_id.empty()) return Unexpected{no_talk(talk_id)};
  TalkView view;
  view.id = talk_id;
  // The post's talks in the order they start, with the document each starts at. A talk need not
  // be one stretch (a panel's later answers rejoin the first speaker's talk), so it is placed by
  // its first unit.
  std::vector<std::pair<std::string, Xapian::Document>> starts;
  const Xapian::MSet mset = post_documents(db, post_id);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    std::string talk = doc.get_value(kTalkSlot);
    if (talk.empty()) continue;
    if (talk == talk_id) {
      auto hit = document_hit(doc);
      if (!hit) return Unexpected{hit.error()};
      view.units.push_back(std::move(*hit));
    }
    if (std::none_of(starts.begin(), starts.end(), [&](const auto& s) { return s.first == talk; }))
      starts.emplace_back(std::move(talk), doc);
  }
  if (view.units.empty()) return Unexpected{no_talk(talk_id)};
  view.post = view.units.front().post;
  const auto at =
      std::find_if(starts.begin(), starts.end(), [&](const auto& s) { return s.first == talk_id; });
  if (at != starts.begin()) {
    auto previous = document_hit(std::prev(at)->second);
    if (!previous) return Unexpected{previous.error()};
    view.previous = std::move(*previous);
  }
  if (std::next(at) != starts.end()) {
    auto next = document_hit(std::next(at)->second);
    if (!next) return Unexpected{next.error()};
    view.next = std::move(*next);
  }
  return view;
}

Result<PostView> read_post(Xapian::Database& db, const std::string& post_id) {
  PostView view;
  const Xapian::MSet mset = post_documents(db, post_id);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto hit = document_hit(it.get_document());
    if (!hit) return Unexpected{hit.error()};
    view.units.push_back(std::move(*hit));
  }
  if (view.units.empty()) {
    return fail(ErrorCode::NotFound, "no post with id '" + post_id + "'");
  }
  view.post = view.units.front().post;
  return view;
}

}  // namespace civic::query
