// Speaker attribution of one post, in order: the acronyms its text defines are learnt, an
// override file is applied, the declared speakers are gathered (on an event page from its
// authors' profiles), then one pass attributes the units (metadata when a reader or the
// override attributed units, an event page's declared speakers, transcript turns, or else the
// live-blog pass), declared speakers the text never names get a unit of their own, and finish()
// makes every facet value canonical. The passes live in indexer/attribution/ (passes.h,
// live_blog.h) and share one PostState.
#include "indexer/attribution.h"

#include <algorithm>

#include "indexer/attribution/lexicon.h"
#include "indexer/attribution/live_blog.h"
#include "indexer/attribution/names.h"
#include "indexer/attribution/passes.h"
#include "indexer/attribution/post_state.h"
#include "indexer/attribution/registry.h"

namespace civic::indexer {

void attribute(PostDoc& doc, const Gazetteer& gazetteer, AcronymTable& learnt,
               const PostOverride* override_file) {
  using namespace attribution;
  for (const auto& unit : doc.units) learn_acronyms(straight_quotes(unit.text), learnt);
  PostState state(doc, gazetteer, learnt);
  if (override_file) apply_override(state, *override_file);
  const bool from_profiles = declare_profile_speakers(state);
  for (const auto& p : doc.post.speakers) {
    Speaker sp = state.make_speaker(p.name, p.org);
    sp.from_metadata = true;
    state.speakers.add(std::move(sp));
  }
  const bool has_metadata_units =
      std::any_of(doc.units.begin(), doc.units.end(), [](const Unit& unit) {
        return unit.source == AttributionSource::Metadata && !unit.speaker.empty();
      });
  if (has_metadata_units) {
    metadata_pass(state);
  } else if (from_profiles) {
    event_pass(state);
  } else if (count_turns(state) >= 2 || doc.post.form == TextForm::Transcript) {
    // A Record granule without turn markers (Daily Digest, bill text) has no speakers; the
    // live-blog heuristics would only find noise in it.
    transcript_pass(state);
  } else {
    Registry registry;
    for (const auto& p : doc.post.speakers) {
      const auto i = registry.add(p.name, {}, p.org, p.role);
      registry.at(i).declared = true;
    }
    attribute_live_blog(doc, gazetteer, learnt, Lexicon::standard(), registry);
  }
  add_declared_speaker_units(state);
  finish(state);
  // Numbers any unit added above and folds the attribution into the fingerprint, so that a
  // gazetteer or taxonomy edit re-indexes the posts it changes. Existing ids do not move.
  finalise_post(doc);
}

}  // namespace civic::indexer
