// The override file of a post (gazetteer.h, PostOverride): written by hand for a post the
// heuristics get wrong, so it beats everything the other passes would find.
#include <algorithm>

#include "indexer/attribution/names.h"
#include "indexer/attribution/passes.h"
#include "indexer/attribution/post_state.h"
#include "indexer/attribution/words.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {
namespace {

// Index of the first unit (not title, comment or pingback) at `position` or containing `text`;
// npos when none.
std::size_t find_unit(const PostDoc& doc, const std::string& text, int position) {
  const std::string wanted = lower(straight_quotes(text::collapse_whitespace(text)));
  for (std::size_t i = 0; i < doc.units.size(); ++i) {
    const Unit& unit = doc.units[i];
    if (position > 0) {
      if (unit.position == position) return i;
      continue;
    }
    if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
        unit.kind == UnitKind::Pingback) {
      continue;
    }
    if (!wanted.empty() &&
        lower(straight_quotes(text::collapse_whitespace(unit.text))).find(wanted) !=
            std::string::npos) {
      return i;
    }
  }
  return std::string::npos;
}

}  // namespace

void apply_override(PostState& state, const PostOverride& override_file) {
  PostDoc& doc = state.doc;
  const std::string file = override_file.file.filename().string();
  for (const auto& org : override_file.organisations) {
    state.override_orgs[org_key(org.name)] = org.name;
    for (const auto& alias : org.aliases) state.override_orgs[org_key(alias)] = org.name;
  }
  // The override's name of an organisation, else the organisation as the file writes it.
  auto org_of = [&](const std::string& org) { return state.override_org(org).value_or(org); };
  struct Start {
    std::size_t index;
    std::size_t speaker;  // in override_file.speakers
  };
  std::vector<Start> starts;
  std::vector<Person> declared;
  for (std::size_t s = 0; s < override_file.speakers.size(); ++s) {
    const OverrideSpeaker& sp = override_file.speakers[s];
    const std::size_t at = sp.starts.empty() && sp.starts_at == 0
                               ? std::string::npos
                               : find_unit(doc, sp.starts, sp.starts_at);
    if (at != std::string::npos) starts.push_back({at, s});
    declared.push_back({strip_titles(sp.name), org_of(sp.org), {}, {}});
  }
  if (!declared.empty()) doc.post.speakers = declared;
  std::sort(starts.begin(), starts.end(),
            [](const Start& a, const Start& b) { return a.index < b.index; });
  std::size_t ends = doc.units.size();
  if (!override_file.ends.empty() || override_file.ends_at > 0) {
    ends = std::min(ends, find_unit(doc, override_file.ends, override_file.ends_at));
  }
  for (std::size_t t = 0; t < starts.size(); ++t) {
    const std::size_t to = std::min(ends, t + 1 < starts.size() ? starts[t + 1].index : ends);
    const OverrideSpeaker& sp = override_file.speakers[starts[t].speaker];
    for (std::size_t i = starts[t].index; i < to; ++i) {
      Unit& unit = doc.units[i];
      if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
          unit.kind == UnitKind::Pingback) {
        continue;
      }
      unit.speaker = strip_titles(sp.name);
      unit.org = org_of(sp.org);
      unit.talk.clear();
      unit.source = AttributionSource::Metadata;
      unit.explanation = "override file " + file + ": talk of " + sp.name + " starts at unit " +
                         std::to_string(doc.units[starts[t].index].position);
    }
  }
}

}  // namespace civic::indexer::attribution
