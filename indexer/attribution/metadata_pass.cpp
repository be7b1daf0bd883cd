// Posts whose speakers the source's metadata gives: units a reader already attributed, an
// event page of a Hugo site whose front-matter authors are the event's speakers, and declared
// speakers the text never names.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "indexer/attribution/names.h"
#include "indexer/attribution/passes.h"
#include "indexer/attribution/post_state.h"
#include "indexer/attribution/words.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {
namespace {

// An event page of a Hugo site lives in an `events` (or `event`) section; its front-matter
// `authors` are the event's speakers, while a news post's authors are its bloggers.
bool is_event_page(const Post& post) {
  for (const auto& part : std::filesystem::path(post.source)) {
    if (part == "events" || part == "event") return true;
  }
  return false;
}

std::vector<std::string> split_list(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    std::string item = text::collapse_whitespace(joined.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

bool word_equals(const Word& w, const std::string& s) { return !s.empty() && w.text == s; }

// Index of the first word of the earliest reference to `sp` in `words`, or npos.
std::size_t find_reference(const std::vector<Word>& words, const Speaker& sp) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (word_equals(words[i], sp.first)) return i;
    if (word_equals(words[i], sp.surname) && sp.surname.size() > 2) {
      if (i > 0 && title_set().count(words[i - 1].text)) return i - 1;
      return i;
    }
  }
  return std::string::npos;
}

}  // namespace

bool declare_profile_speakers(PostState& state) {
  Post& post = state.doc.post;
  bool from_profiles = false;
  if (post.speakers.empty() && is_event_page(post)) {
    for (const auto& slug : split_list(post.author)) {
      if (const PersonEntry* p = state.gazetteer.find_profile(slug)) {
        post.speakers.push_back({p->name, p->org, {}, {}});
        from_profiles = true;
      }
    }
  }
  return from_profiles;
}

void event_pass(PostState& state) {
  using Id = Speakers::Id;
  PostDoc& doc = state.doc;
  Speakers& speakers = state.speakers;
  // The declared speakers each unit names, earliest first.
  std::vector<std::vector<Id>> named(doc.units.size());
  std::map<Id, int> named_first;  // units in which a speaker is named first
  for (std::size_t i = 0; i < doc.units.size(); ++i) {
    const Unit& unit = doc.units[i];
    if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
        unit.kind == UnitKind::Pingback) {
      continue;
    }
    const auto words = words_of(straight_quotes(unit.text));
    std::vector<std::pair<std::size_t, Id>> refs;
    for (Id id = 0; id < speakers.size(); ++id) {
      const std::size_t at = find_reference(words, speakers.at(id));
      if (at != std::string::npos) refs.emplace_back(at, id);
    }
    std::sort(refs.begin(), refs.end());
    for (const auto& [at, id] : refs) named[i].push_back(id);
    if (!refs.empty()) ++named_first[refs.front().second];
  }
  std::optional<Id> current;
  if (speakers.size() == 1) {
    current = 0;
    speakers.at(*current).talk = state.new_talk();
  }
  for (std::size_t i = 0; i < doc.units.size(); ++i) {
    Unit& unit = doc.units[i];
    if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
        unit.kind == UnitKind::Pingback) {
      continue;
    }
    std::optional<Id> ref;
    if (!named[i].empty()) ref = named[i].front();
    // A unit naming several speakers ("with A and B") goes to one that no unit names first, so
    // that each named speaker keeps a unit of their own.
    for (Id id : named[i]) {
      if (named_first[id] == 0) {
        --named_first[*ref];
        ++named_first[id];
        ref = id;
        break;
      }
    }
    if (ref) {
      Speaker& sp = speakers.at(*ref);
      if (ref != current) sp.talk = state.new_talk();
      current = ref;
      PostState::set(unit, sp, AttributionSource::Metadata,
                     "names " + sp.name + ", a speaker the event's metadata declares");
    } else if (current) {
      const Speaker& sp = speakers.at(*current);
      PostState::set(unit, sp, AttributionSource::Metadata,
                     speakers.size() == 1 ? "the event's one declared speaker is " + sp.name
                                          : "continues the part of " + sp.name);
    }
  }
}

void metadata_pass(PostState& state) {
  std::string last_speaker;
  std::string talk;
  for (auto& unit : state.doc.units) {
    if (unit.speaker.empty()) {
      last_speaker.clear();
      continue;
    }
    if (const PersonEntry* p = state.gazetteer.find_person(unit.speaker)) {
      if (unit.org.empty()) unit.org = p->org;
      unit.speaker = p->name;
    }
    if (!unit.org.empty()) unit.org = state.org_of(unit.org);
    if (unit.speaker != last_speaker) talk = state.new_talk();
    last_speaker = unit.speaker;
    if (unit.talk.empty()) unit.talk = talk;
    if (unit.source == AttributionSource::None) unit.source = AttributionSource::Metadata;
    if (unit.explanation.empty()) unit.explanation = "speaker given by the source's metadata";
  }
}

void add_declared_speaker_units(PostState& state) {
  PostDoc& doc = state.doc;
  std::set<std::string> attributed;
  for (const auto& unit : doc.units) {
    if (!unit.speaker.empty()) attributed.insert(text::name_key(unit.speaker));
  }
  for (Speakers::Id id = 0; id < state.speakers.size(); ++id) {
    const Speaker& sp = state.speakers.at(id);
    if (!sp.from_metadata || sp.name.empty() || attributed.count(text::name_key(sp.name))) continue;
    attributed.insert(text::name_key(sp.name));
    Unit unit;
    unit.kind = UnitKind::Caption;
    unit.text = sp.org.empty() ? sp.name : sp.name + ", " + sp.org;
    unit.speaker = sp.name;
    unit.org = sp.org;
    unit.talk = state.new_talk();
    unit.source = AttributionSource::Metadata;
    unit.explanation = "declared by the post's metadata; the text does not name them";
    doc.units.push_back(std::move(unit));
  }
}

}  // namespace civic::indexer::attribution
