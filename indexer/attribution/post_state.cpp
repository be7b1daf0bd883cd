#include "indexer/attribution/post_state.h"

#include "indexer/attribution/words.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {

Speakers::Id Speakers::add(Speaker sp) {
  list_.push_back(std::move(sp));
  return list_.size() - 1;
}

std::optional<Speakers::Id> Speakers::find_name(std::string_view name) const {
  for (Id i = 0; i < list_.size(); ++i) {
    if (list_[i].name == name) return i;
  }
  return std::nullopt;
}

std::optional<Speakers::Id> Speakers::find(const std::string& name,
                                           const Gazetteer& gazetteer) const {
  const std::string key = person_key(name);
  for (Id i = 0; i < list_.size(); ++i) {
    if (person_key(list_[i].name) == key) return i;
  }
  if (const PersonEntry* p = gazetteer.find_person(name)) {
    for (Id i = 0; i < list_.size(); ++i) {
      if (list_[i].name == p->name) return i;
    }
  }
  // A title and surname alone ("Mr Farraday") names the one speaker of the post with that
  // surname, gazetteer or not; with two such speakers it stays ambiguous.
  const auto parts = words_of(strip_titles(text::collapse_whitespace(name)));
  if (parts.size() != 1 || parts.front().text.size() < 3) return std::nullopt;
  std::optional<Id> match;
  for (Id i = 0; i < list_.size(); ++i) {
    const Speaker& sp = list_[i];
    if (sp.surname != parts.front().text || words_of(sp.name).size() < 2) continue;
    if (match) return std::nullopt;
    match = i;
  }
  return match;
}

std::string PostState::new_talk() { return doc.post.id + "~" + std::to_string(++talks); }

std::optional<std::string> PostState::override_org(std::string_view org) const {
  auto it = override_orgs.find(org_key(org));
  if (it == override_orgs.end()) return std::nullopt;
  return it->second;
}

std::string PostState::org_of(const std::string& written) {
  if (auto name = override_org(written)) return *name;
  return canonical_org(written, gazetteer, learnt);
}

Speaker PostState::make_speaker(const std::string& written, const std::string& org_written) {
  Speaker sp;
  const PersonEntry* person = gazetteer.find_person(written);
  sp.name = person ? person->name : strip_titles(text::collapse_whitespace(written));
  if (!org_written.empty()) sp.org = org_of(org_written);
  const bool org_known = !sp.org.empty() && gazetteer.find_org(sp.org).has_value();
  if (person && !person->org.empty() && !org_known) sp.org = person->org;
  auto parts = words_of(sp.name);
  if (!parts.empty()) {
    sp.first = parts.front().text;
    sp.surname = parts.back().text;
  }
  return sp;
}

void PostState::set(Unit& unit, const Speaker& sp, AttributionSource source, std::string why) {
  unit.speaker = sp.name;
  unit.org = sp.org;
  unit.talk = sp.talk;
  unit.source = source;
  unit.explanation = std::move(why);
}

}  // namespace civic::indexer::attribution
