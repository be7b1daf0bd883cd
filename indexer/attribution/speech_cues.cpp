// The cue around a name in a live-blog sentence (speech_cues.h), read in the order the
// live-blog pass trusts them: an inverted speech verb ("says X"), a speech verb after the name
// in subject position, the chair of a meeting, then an introduction.
#include "indexer/attribution/speech_cues.h"

#include <set>
#include <string>

#include "query/core/ascii.h"

namespace civic::indexer::attribution {
namespace {

// Nouns whose "by"/"from"/"was" introduces the person who speaks.
bool is_intro_noun(const std::string& lower) {
  static const std::set<std::string> k = {
      "speaker", "speakers", "speech", "keynote", "talk", "presentation", "address",
      "introduction", "plea", "update", "words", "contribution", "remarks", "lecture",
      "session", "chair", "host", "moderator", "guest", "panellist", "panelist", "presenter",
      "welcome", "opening", "closing", "report", "question", "briefing", "overview", "demo",
      "demonstration", "pitch", "reply", "response", "statement", "message", "insight",
      "insights", "thoughts", "story", "case", "perspective"};
  return k.count(lower) != 0;
}

bool is_auxiliary(const std::string& w) {
  return w == "was" || w == "were" || w == "had" || w == "has" || w == "have" || w == "is" ||
         w == "will" || w == "would" || w == "also" || w == "then" || w == "later" ||
         w == "again" || w == "briefly" || w == "further" || w == "first" || w == "finally" ||
         w == "been" || w == "really" || w == "kindly" || w == "clearly";
}

// "photo by X", "written by X", "a report by X": a "by" that names who made something, not
// who speaks.
bool is_maker_word(const std::string& q) {
  static const std::set<std::string> k = {
      "photo", "photos", "image", "picture", "credit", "written", "posted", "published",
      "edited", "taken", "organised", "organized", "funded", "sponsored", "owned", "founded",
      "created", "built", "developed", "commissioned", "post", "blog", "article", "story",
      "note", "piece", "posts", "book", "paper", "report", "study"};
  return k.count(q) != 0;
}

bool ends_clause(const Token& w) {
  return !w.trail.empty() && w.trail.find_first_of(".;:!?") != std::string::npos;
}

// Subject position: at the start, after an opening clause ending in a comma, after "And",
// "Then", "Finally" or a possessive organisation ("Moorside Trust's Jane Corrigan").
bool in_subject_position(const std::vector<Token>& t, const NameSpan& s) {
  std::size_t b = s.start;
  if (b > 0 && t[b - 1].possessive) {
    while (b > 0 && t[b - 1].trail.empty() && !t[b - 1].dash) --b;
  }
  if (b == 0 || t[b - 1].trail == "," || t[b - 1].trail == ":" || t[b - 1].dash) return true;
  if (b > 0 && t[b - 1].trail.empty()) {
    const std::string& p = t[b - 1].lower;
    if ((p == "and" || p == "then" || p == "finally" || p == "lastly" || p == "but" ||
         p == "so" || p == "also" || p == "now") && (b == 1 || !t[b - 2].trail.empty())) {
      return true;
    }
  }
  return false;
}

// Inverted: "says Tamsin", "according to Okonjo".
bool after_inverted_verb(const std::vector<Token>& t, const NameSpan& s) {
  if (s.start == 0 || !t[s.start - 1].trail.empty()) return false;
  const std::string& p = t[s.start - 1].lower;
  if (p == "says" || p == "said" || p == "asks" || p == "explains" || p == "adds" ||
      p == "notes" || p == "argues" || p == "suggests" || p == "warns") {
    return true;
  }
  return p == "to" && s.start >= 2 && t[s.start - 2].lower == "according";
}

// Coordination: "Ruth and Sam", "Ana and Priya", "Ruth Adebayo, with Sam Whitlock".
bool is_coordinated(const std::vector<Token>& t, const NameSpan& s,
                    const std::vector<NameSpan>& spans,
                    const std::function<bool(const NameSpan&)>& is_person) {
  bool coordinated = false;
  for (const auto& o : spans) {
    if (s.after < t.size() && (t[s.after].lower == "and" || t[s.after].lower == "&") &&
        o.start == s.after + 1 && is_person(o)) {
      coordinated = true;
    }
    if (s.start >= 2 && (t[s.start - 1].lower == "and" || t[s.start - 1].lower == "&") &&
        o.after == s.start - 1 && is_person(o)) {
      coordinated = true;
    }
  }
  return coordinated;
}

// Words that may stand between a name in subject position and its verb: a prepositional
// "from ORG", "of ORG", "at ORG", capitalised words, post-nominals, roles, "his talk".
bool may_precede_verb(const Token& w) {
  return w.lower == "from" || w.lower == "of" || w.lower == "at" || w.lower == "with" ||
         w.lower == "in" || w.lower == "on" || w.lower == "the" || w.capital || w.all_caps ||
         w.possessive || is_post_nominal(w.text) || w.lower == "for" || w.lower == "by" ||
         is_role_word(w.text) || w.lower == "his" || w.lower == "her" ||
         w.lower == "presentation" || w.lower == "talk";
}

// A speech verb after the name and its apposition, before another clause begins (or, for a
// known person, an auxiliary: "X was …").
bool verb_follows(const std::vector<Token>& t, const NameSpan& s, bool known) {
  std::size_t k = s.after;
  int depth = 0;
  bool in_apposition = s.after > 0 && t[s.after - 1].trail == ",";
  for (int steps = 0; k < t.size() && steps < 30; ++k, ++steps) {
    const Token& w = t[k];
    if (w.lead.find('(') != std::string::npos) ++depth;
    const bool closes = w.trail.find(')') != std::string::npos;
    if (depth == 0 && in_apposition && is_speech_verb(w.text) && !w.capital) return true;
    if (depth == 0 && !in_apposition) {
      if (is_speech_verb(w.text) && !w.capital) return true;
      // Adverbs: "officially launched", "briefly outlined".
      if (!w.capital && w.lower.size() > 4 && w.lower.compare(w.lower.size() - 2, 2, "ly") == 0 &&
          w.trail.empty()) {
        continue;
      }
      if (known && is_auxiliary(w.lower) && k + 1 < t.size() && !t[k + 1].capital) return true;
      if (may_precede_verb(w)) {
        if (!w.trail.empty() && w.trail != ",") return false;
        if (w.trail == ",") in_apposition = false;
        continue;
      }
      return false;
    }
    if (closes && depth > 0) --depth;
    if (in_apposition && w.trail == ",") {
      in_apposition = false;
      continue;
    }
    if (ends_clause(w)) return false;
  }
  return false;
}

// "The Mayor, Councillor Dorothy Aske, was in the chair": the chair of a meeting.
bool in_the_chair(const std::vector<Token>& t, const NameSpan& s) {
  for (std::size_t k = s.after; k + 2 < t.size() && k < s.after + 12; ++k) {
    if (t[k].lower == "in" && t[k + 1].lower == "the" && t[k + 2].lower == "chair" && k > 0 &&
        (t[k - 1].lower == "was" || t[k - 1].lower == "is")) {
      return true;
    }
    if (ends_clause(t[k])) break;
  }
  return false;
}

// "chaired by X", "a keynote from X", "the second speaker was X", "Next up with X",
// "featuring X": the word right before the name, with no punctuation between.
Cue introduced_by_word(const std::vector<Token>& t, const NameSpan& s) {
  const Token& p = t[s.start - 1];
  if (p.lower == "by" && s.start >= 2 && !is_maker_word(t[s.start - 2].lower)) return Cue::Intro;
  if (p.lower == "from" || p.lower == "with" || p.lower == "was" || p.lower == "were" ||
      p.lower == "is") {
    for (std::size_t k = 0; k + 1 < s.start; ++k) {
      if (is_intro_noun(t[k].lower)) return Cue::Intro;
      if (p.lower == "with" && (t[k].lower == "up" || t[k].lower == "conversation" ||
                                t[k].lower == "chat" || t[k].lower == "interview" ||
                                t[k].lower == "q&a")) {
        return Cue::Intro;
      }
    }
    // "Next up was X", "First was X", "Then came X".
    const std::string& w0 = t[0].lower;
    if ((p.lower == "was" || p.lower == "is") && s.start <= 3 &&
        (w0 == "next" || w0 == "first" || w0 == "then" || w0 == "last" || w0 == "finally" ||
         w0 == "up")) {
      return Cue::Intro;
    }
    if (p.lower == "was" && s.start >= 2 && !t[s.start - 2].trail.empty()) return Cue::None;
  }
  if (p.lower == "came" && s.start <= 3) return Cue::Intro;
  if (p.lower == "featuring" || p.lower == "welcomed" || p.lower == "introduced" ||
      p.lower == "invited" || p.lower == "heard") {
    return Cue::Intro;
  }
  return Cue::None;
}

// "First up, X", "And finally, X": an opening phrase and a comma before the name.
bool introduced_by_opener(const std::vector<Token>& t, const NameSpan& s) {
  const std::string low = ascii::to_lower(join(t, 0, s.start));
  return low == "first up" || low == "next up" || low == "up next" || low == "next" ||
         low == "first" || low == "then" || low == "finally" || low == "last up" ||
         low == "and finally" || low == "last but not least";
}

Cue introduction(const std::vector<Token>& t, const NameSpan& s) {
  if (s.start == 0) return Cue::None;
  const Token& p = t[s.start - 1];
  if (p.trail.empty()) return introduced_by_word(t, s);
  if (p.trail == "," && introduced_by_opener(t, s)) return Cue::Intro;
  return Cue::None;
}

}  // namespace

CueResult cue_of(const std::vector<Token>& t, const NameSpan& s, const std::vector<NameSpan>& spans,
                 bool known, const std::function<bool(const NameSpan&)>& is_person) {
  // "says Tamsin": a Subject cue whatever follows; coordination is not looked at.
  if (after_inverted_verb(t, s)) return {Cue::Subject, false};
  CueResult out;
  out.coordinated = is_coordinated(t, s, spans, is_person);
  if (in_subject_position(t, s) && verb_follows(t, s, known)) {
    out.cue = out.coordinated ? Cue::None : Cue::Subject;
    return out;
  }
  out.cue = in_the_chair(t, s) ? Cue::Intro : introduction(t, s);
  return out;
}

}  // namespace civic::indexer::attribution
