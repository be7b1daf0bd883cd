// The cue around a name in a live-blog sentence: whether the sentence reports the person
// speaking ("Nadia Okonjo presented", "says Tamsin", "Jane Corrigan, of the Trust, explained")
// or introduces them ("chaired by Professor Alan Rudd", "a keynote from Priya Nair", "First
// up, Sam Whitlock"), and whether the name is one of several joined by "and" or "with".
#pragma once

#include <functional>
#include <vector>

#include "indexer/attribution/names.h"

namespace civic::indexer::attribution {

enum class Cue { None, Subject, Intro };

struct CueResult {
  Cue cue = Cue::None;
  /// "X and Y presented": a Subject cue of coordinated names is None (nobody alone speaks).
  bool coordinated = false;
};

/// The cue around `s`, one of `spans`, the name spans of the sentence `t`. `known` says the
/// name is a person of the post already (then "X was …", "X has …" report them too);
/// `is_person` says whether another span is a person, for coordination.
CueResult cue_of(const std::vector<Token>& t, const NameSpan& s, const std::vector<NameSpan>& spans,
                 bool known, const std::function<bool(const NameSpan&)>& is_person);

}  // namespace civic::indexer::attribution
