#include "indexer/attribution/live_blog.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include "indexer/attribution/names.h"
#include "indexer/attribution/post_meta.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {
namespace {

bool is_reader_unit(const Unit& u) {
  return u.kind == UnitKind::Comment || u.kind == UnitKind::Pingback;
}

std::string excerpt(const std::string& s) {
  std::string out(text::truncate_utf8(s, 60));
  if (out.size() < s.size()) out += "…";
  return out;
}

// "Present: …", "Apologies: …", "Minute taker: …": a line of a meeting's attendance.
// "Photo by …", "Icons by …", "Image courtesy of …", "…, CC-BY-SA-2.0": a credit names who
// made a picture, not who spoke.
bool is_credit(const std::string& text) {
  static const std::regex kLead(
      R"(^\s*(?:Photos?|Images?|Icons?|Illustrations?|Graphics?|Pictures?|Artwork|Drawings?)\s+(?:by|courtesy|credits?|via|from)\b)",
      std::regex::icase);
  static const std::regex kLicence(
      R"(\b(?:CC[- ]BY(?:[- ](?:SA|ND|NC))*(?:[- ]\d\.\d)?|CC0|Creative Commons)\b|\b(?:Photo|Image) credit\b)",
      std::regex::icase);
  const std::string head = text.substr(0, 300);
  return std::regex_search(head, kLead) || std::regex_search(head, kLicence);
}

// "Figure 3: Requests by agency, 2019", "Image 1: A sample report": a numbered figure's label
// describes the figure; the names in it are not its presenters.
bool is_figure_label(const std::string& text) {
  static const std::regex kFigure(
      R"(^\s*(?:Figure|Fig\.|Image|Table|Chart|Graph|Map|Exhibit|Slide)\s+\d+[a-z]?\s*[:.\-–—])",
      std::regex::icase);
  return std::regex_search(text.substr(0, 40), kFigure);
}

bool is_attendance(const std::string& text) {
  std::string low;
  for (char c : text.substr(0, 40)) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* p : {"present", "apologies", "apology", "attendees", "attendance", "in attendance",
                        "absent", "minute taker", "minute-taker", "minutes taken", "also present",
                        "members present", "attending", "guests", "officers present",
                        "councillors present", "note taker", "notes", "recorder"}) {
    const std::size_t n = std::char_traits<char>::length(p);
    if (low.compare(0, n, p) == 0 && low.size() > n && (low[n] == ':' || (low[n] == ' ' && low.find(':') < 30))) {
      return true;
    }
  }
  return false;
}

// Text outside quotation marks: a speaker's quoted "we" is not the blogger's.
std::string unquoted(const std::string& s) {
  std::string out;
  bool in_quote = false;
  for (char c : s) {
    if (c == '"') {
      in_quote = !in_quote;
      continue;
    }
    if (!in_quote) out += c;
  }
  return out;
}

// The blogger's own voice: first-person narration, logistics, sign-offs.
bool is_narration(const std::string& straight_text) {
  const std::string s = unquoted(straight_text);
  const auto t = tokenize(s);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Token& w = t[i];
    if (w.text == "I" || w.lower == "i'm" || w.lower == "i've" || w.lower == "i'd" ||
        w.lower == "let's") {
      return true;
    }
    if (w.lower == "we" || w.lower == "we're" || w.lower == "we've" || w.lower == "our" ||
        w.lower == "us" || w.lower == "my" || w.lower == "mine" || w.lower == "me") {
      return true;
    }
  }
  std::string low;
  for (char c : s) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* cue : {"all in all", "attended this", "attended the", "coffee break",
                          "lunch break", "networking", "wrapping up", "the day finished",
                          "day finished", "delegates in their", "thanks to everyone",
                          "read the full notes", "full notes from", "photo:", "photos from",
                          "here are video", "videos of the", "slides are available",
                          "it was noted", "it was agreed", "in discussion"}) {
    if (low.find(cue) != std::string::npos) return true;
  }
  return false;
}

bool is_pronoun_start(const std::vector<Token>& t) {
  if (t.empty()) return false;
  const std::string& w = t[0].lower;
  return w == "he" || w == "she" || w == "they" || w == "his" || w == "her" || w == "their" ||
         w == "speaker" || (w == "the" && t.size() > 1 && t[1].lower == "speaker");
}

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

enum class Cue { None, Subject, Intro };

struct Ref {
  std::size_t sentence = 0;
  NameSpan span;
  std::optional<Registry::Index> known;  // a person of the registry
  bool fresh = false;                    // a new full name with enough evidence for a cue
  bool unresolved_title = false;         // "Councillor Fenwick": no full name in the post
  Cue cue = Cue::None;
  bool coordinated = false;  // "X and Y presented"
  bool was_fresh = false;    // first named in full in this unit
  Affiliation aff;
  std::string name() const { return span.name; }
};

bool is_auxiliary(const std::string& w) {
  return w == "was" || w == "were" || w == "had" || w == "has" || w == "have" || w == "is" ||
         w == "will" || w == "would" || w == "also" || w == "then" || w == "later" ||
         w == "again" || w == "briefly" || w == "further" || w == "first" || w == "finally" ||
         w == "been" || w == "really" || w == "kindly" || w == "clearly";
}

class Pass {
 public:
  Pass(PostDoc& doc, const Gazetteer& g, AcronymTable& learnt, const Lexicon& lex, Registry& reg)
      : doc_(doc), g_(g), learnt_(learnt), lex_(lex), reg_(reg) {}

  void run() {
    const PostMeta meta = apply_post_meta(doc_, lex_);
    meta_units_.insert(meta.meta_units.begin(), meta.meta_units.end());
    if (!doc_.post.author.empty()) {
      const auto i = reg_.add(doc_.post.author);
      reg_.at(i).author = true;
    }
    for (std::size_t i = 0; i < doc_.units.size(); ++i) unit(i);
    for (auto& u : doc_.units) mentions(u);
  }

  // People a unit names who are not its speaker: someone the post names in full (by full name,
  // a title and surname, or a first name that only they have), and the organisations written
  // beside them. Canonical, like the facets, so that "mentions:okafor" finds Hannah Okafor.
  void mentions(Unit& unit) {
    if (unit.kind == UnitKind::Title || is_reader_unit(unit)) return;
    std::set<std::string> found(unit.mentions.begin(), unit.mentions.end());
    for (const auto& sentence : sentences_of(straight_quotes(unit.text))) {
      const auto t = tokenize(sentence);
      for (const auto& s : find_names(t, lex_)) {
        std::optional<Registry::Index> who = resolve(s);
        if (!who) continue;
        const PersonRecord& p = reg_.at(*who);
        if (p.name == unit.speaker || p.first == p.surname) continue;
        found.insert(p.name);
        const std::string org = org_value(p.org);
        if (!org.empty() && org != unit.org) found.insert(org);
      }
    }
    unit.mentions.assign(found.begin(), found.end());
  }

 private:
  PostDoc& doc_;
  const Gazetteer& g_;
  AcronymTable& learnt_;
  const Lexicon& lex_;
  Registry& reg_;
  std::set<std::size_t> meta_units_;
  std::optional<Registry::Index> current_;
  std::optional<Registry::Index> last_speaker_;  // of the previous unit, for talk ids
  bool previous_attributed_ = false;
  bool embedded_ = false;
  int unnamed_run_ = 0;    // paragraphs continued without naming the speaker
  int talks_ = 0;

  // --- References -----------------------------------------------------------------------

  std::optional<Registry::Index> resolve(const NameSpan& s) {
    if (s.words() >= 2) {
      if (auto i = reg_.find_full(s.name)) return i;
      if (const PersonEntry* p = g_.find_person(s.name)) {
        if (auto i = reg_.find_full(p->name)) return i;
      }
      return std::nullopt;
    }
    if (!s.honorific.empty()) return reg_.find_surname(s.name);
    if (auto i = reg_.find_word(s.name)) return i;
    if (const PersonEntry* p = g_.find_person(s.name)) {
      if (auto i = reg_.find_full(p->name)) return i;
    }
    return std::nullopt;
  }

  // Registers a new person from a span: the gazetteer's canonical name and organisation when
  // it knows them.
  Registry::Index add(const NameSpan& s, const Affiliation& aff) {
    std::string name = s.name;
    std::string org = aff.org;
    if (const PersonEntry* p = g_.find_person(s.honorific.empty() ? s.name : s.honorific + " " + s.name)) {
      name = p->name;
      if (org.empty()) org = p->org;
    }
    return reg_.add(name, s.honorific, org, aff.role);
  }

  // The cue around a name in its sentence.
  Cue cue_of(const std::vector<Token>& t, const NameSpan& s, const std::vector<NameSpan>& spans,
             bool known, bool* coordinated) {
    *coordinated = false;
    // Subject position: at the start, after an opening clause ending in a comma, after "And",
    // "Then", "Finally" or a possessive organisation ("Moorside Trust's Jane Corrigan").
    std::size_t b = s.start;
    if (b > 0 && t[b - 1].possessive) {
      while (b > 0 && t[b - 1].trail.empty() && !t[b - 1].dash) --b;
    }
    bool subject_position = b == 0 || t[b - 1].trail == "," || t[b - 1].trail == ":" ||
                            t[b - 1].dash;
    if (b > 0 && t[b - 1].trail.empty()) {
      const std::string& p = t[b - 1].lower;
      if ((p == "and" || p == "then" || p == "finally" || p == "lastly" || p == "but" ||
           p == "so" || p == "also" || p == "now") && (b == 1 || !t[b - 2].trail.empty())) {
        subject_position = true;
      }
    }
    // Inverted: "says Tamsin", "according to Okonjo".
    if (s.start > 0 && t[s.start - 1].trail.empty()) {
      const std::string& p = t[s.start - 1].lower;
      if (p == "says" || p == "said" || p == "asks" || p == "explains" || p == "adds" ||
          p == "notes" || p == "argues" || p == "suggests" || p == "warns") {
        return Cue::Subject;
      }
      if (p == "to" && s.start >= 2 && t[s.start - 2].lower == "according") return Cue::Subject;
    }
    // Coordination: "Ruth and Sam", "Ana and Priya", "Ruth Adebayo, with Sam Whitlock".
    auto person_span = [&](const NameSpan& o) {
      return resolve(o).has_value() ||
             (o.words() >= 2 && (o.evidence == Evidence::Strong || o.evidence == Evidence::Titled));
    };
    for (const auto& o : spans) {
      if (s.after < t.size() && (t[s.after].lower == "and" || t[s.after].lower == "&") &&
          o.start == s.after + 1 && person_span(o)) {
        *coordinated = true;
      }
      if (s.start >= 2 && (t[s.start - 1].lower == "and" || t[s.start - 1].lower == "&") &&
          o.after == s.start - 1 && person_span(o)) {
        *coordinated = true;
      }
    }
    if (subject_position) {
      // A speech verb after the name and its apposition, before another clause begins.
      std::size_t k = s.after;
      int depth = 0;
      bool in_apposition = s.after > 0 && t[s.after - 1].trail == ",";
      for (int steps = 0; k < t.size() && steps < 30; ++k, ++steps) {
        const Token& w = t[k];
        if (w.lead.find('(') != std::string::npos) ++depth;
        const bool closes = w.trail.find(')') != std::string::npos;
        if (depth == 0 && in_apposition && is_speech_verb(w.text) && !w.capital) {
          return *coordinated ? Cue::None : Cue::Subject;
        }
        if (depth == 0 && !in_apposition) {
          if (is_speech_verb(w.text) && !w.capital) return *coordinated ? Cue::None : Cue::Subject;
          // Adverbs: "officially launched", "briefly outlined".
          if (!w.capital && w.lower.size() > 4 && w.lower.compare(w.lower.size() - 2, 2, "ly") == 0 &&
              w.trail.empty()) {
            continue;
          }
          if (known && is_auxiliary(w.lower) && k + 1 < t.size() && !t[k + 1].capital) {
            return *coordinated ? Cue::None : Cue::Subject;
          }
          // Prepositional "from ORG", "of ORG", "at ORG" between the name and its verb.
          if (w.lower == "from" || w.lower == "of" || w.lower == "at" || w.lower == "with" ||
              w.lower == "in" || w.lower == "on" || w.lower == "the" || w.capital || w.all_caps ||
              w.possessive || is_post_nominal(w.text) || w.lower == "for" || w.lower == "by" ||
              is_role_word(w.text) || w.lower == "his" || w.lower == "her" ||
              w.lower == "presentation" || w.lower == "talk") {
            if (!w.trail.empty() && w.trail != ",") break;
            if (w.trail == ",") in_apposition = false;
            continue;
          }
          break;
        }
        if (closes && depth > 0) --depth;
        if (in_apposition && w.trail == ",") {
          in_apposition = false;
          continue;
        }
        if (!w.trail.empty() && w.trail.find_first_of(".;:!?") != std::string::npos) break;
      }
    }
    // "The Mayor, Councillor Dorothy Aske, was in the chair": the chair of a meeting.
    for (std::size_t k = s.after; k + 2 < t.size() && k < s.after + 12; ++k) {
      if (t[k].lower == "in" && t[k + 1].lower == "the" && t[k + 2].lower == "chair" &&
          k > 0 && (t[k - 1].lower == "was" || t[k - 1].lower == "is")) {
        return Cue::Intro;
      }
      if (!t[k].trail.empty() && t[k].trail.find_first_of(".;:!?") != std::string::npos) break;
    }
    // Introductions: "chaired by X", "a keynote from X", "the second speaker was X", "First
    // up, X", "Next up with X", "featuring X".
    if (s.start > 0) {
      const Token& p = t[s.start - 1];
      if (p.trail.empty()) {
        if (p.lower == "by" && s.start >= 2) {
          const std::string& q = t[s.start - 2].lower;
          if (q != "photo" && q != "photos" && q != "image" && q != "picture" && q != "credit" &&
              q != "written" && q != "posted" && q != "published" && q != "edited" &&
              q != "taken" && q != "organised" && q != "organized" && q != "funded" &&
              q != "sponsored" && q != "owned" && q != "founded" && q != "created" &&
              q != "built" && q != "developed" && q != "commissioned" && q != "post" &&
              q != "blog" && q != "article" && q != "story" && q != "note" && q != "piece" &&
              q != "posts" && q != "book" && q != "paper" && q != "report" && q != "study") {
            return Cue::Intro;
          }
        }
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
      }
      if (p.trail == ",") {
        const std::string lead = join(t, 0, s.start);
        std::string low;
        for (char c : lead) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (low == "first up" || low == "next up" || low == "up next" || low == "next" ||
            low == "first" || low == "then" || low == "finally" || low == "last up" ||
            low == "and finally" || low == "last but not least") {
          return Cue::Intro;
        }
      }
    }
    return Cue::None;
  }

  std::vector<Ref> refs_of(const std::string& text, bool* any_multi) {
    std::vector<Ref> out;
    *any_multi = false;
    const auto sentences = sentences_of(text);
    for (std::size_t si = 0; si < sentences.size() && si < 8; ++si) {
      const auto t = tokenize(sentences[si]);
      const auto spans = find_names(t, lex_);
      for (const auto& s : spans) {
        Ref r;
        r.sentence = si;
        r.span = s;
        r.known = resolve(s);
        if (!r.known) {
          if (s.words() >= 2 && s.evidence != Evidence::None) r.fresh = true;
          if (s.words() == 1 && !s.honorific.empty()) r.unresolved_title = true;
        }
        if (!r.known && !r.fresh && !r.unresolved_title) continue;
        r.cue = cue_of(t, s, spans, r.known.has_value(), &r.coordinated);
        // A new name with only weak evidence needs a cue; one with none is never a person.
        if (r.fresh && s.evidence == Evidence::Weak && r.cue == Cue::None && !r.coordinated) {
          r.fresh = false;
          continue;
        }
        if (r.coordinated) *any_multi = true;
        r.aff = affiliation_after(t, s.after, lex_);
        if (r.aff.org.empty()) r.aff.org = possessive_org_before(t, s.start, lex_);
        // Named in full with a given name or a title: known from here on, so that a later
        // "Mr. Pryce" in the same unit finds "Minister Gareth Pryce".
        if (r.fresh && s.evidence != Evidence::Weak) {
          r.known = add(r.span, r.aff);
          r.fresh = false;
          r.was_fresh = true;
        }
        out.push_back(std::move(r));
      }
    }
    return out;
  }

  // --- Decisions -----------------------------------------------------------------------

  // An organisation as a facet value: the gazetteer's or learnt canonical name; a bare
  // acronym becomes the one full name seen in this run with those initials.
  std::string org_value(const std::string& org) {
    if (org.empty() || g_.is_never(org)) return {};
    bool acronym = org.size() >= 2 && org.size() <= 8;
    for (char c : org) acronym = acronym && c >= 'A' && c <= 'Z';
    if (acronym && !g_.find_org(org) && !learnt_.expand(org)) {
      if (auto full = learnt_.spelling_with_initials(org)) return *full;
      // An acronym nothing expands may be written in full elsewhere in the archive ("RVCU" /
      // "Ryburn Valley Credit Union"): two facet values for one organisation, so none.
      return {};
    }
    return canonical_org(org, g_, learnt_);
  }

  std::string new_talk() { return doc_.post.id + "~" + std::to_string(++talks_); }

  void assign(Unit& unit, Registry::Index who, AttributionSource source, std::string why) {
    if (g_.is_never(reg_.at(who).name)) {
      return nobody(unit, "'" + reg_.at(who).name + "' is on the gazetteer's never: list", true);
    }
    embedded_ = false;
    if (source != AttributionSource::Continuation || !current_ || *current_ != who) unnamed_run_ = 0;
    PersonRecord& p = reg_.at(who);
    if (!current_ || *current_ != who || p.talk.empty() || !previous_attributed_) {
      if (!(last_speaker_ && *last_speaker_ == who && previous_attributed_)) p.talk = new_talk();
    }
    if (p.intro_unit == 0) p.intro_unit = unit.position;
    if (p.first_talk.empty()) p.first_talk = p.talk;
    p.spoke = true;
    unit.speaker = p.name;
    unit.org = org_value(p.org);
    unit.role = p.role;
    unit.talk = p.talk;
    unit.source = source;
    unit.explanation = std::move(why);
    current_ = who;
    last_speaker_ = who;
    previous_attributed_ = true;
  }

  void nobody(Unit& unit, std::string why, bool ends_talk) {
    unit.explanation = std::move(why);
    if (ends_talk) current_.reset();
    previous_attributed_ = false;
  }

  Registry::Index person_of(Ref& r) {
    if (r.known) {
      // What the text says about them here fills what is not known yet.
      PersonRecord& p = reg_.at(*r.known);
      if (!p.declared) {
        if (p.org.empty()) p.org = r.aff.org;
        if (p.role.empty()) p.role = r.aff.role;
      }
      return *r.known;
    }
    r.known = add(r.span, r.aff);
    return *r.known;
  }

  // A heading or caption that names its presenters: "Mapping Our Parks: R Adebayo",
  // "Why stories are data, Sam Whitlock", "An Introduction to Ward Budgets – Anwen
  // Price", "Tom Bevington". Returns the spans of the names (several for a joint session).
  std::vector<NameSpan> heading_names(const std::string& text) {
    const auto t = tokenize(text);
    if (t.empty() || t.size() > 24) return {};
    const auto spans = find_names(t, lex_);
    if (spans.empty()) return {};
    // "Amira Haddad, Wharfedale Community Energy": a name, then its affiliation.
    auto front_form = [&]() -> std::vector<NameSpan> {
      const NameSpan& s = spans.front();
      if (s.start == 0 && s.words() >= 2 && s.after < t.size() && t[s.after - 1].trail == "," &&
          (s.evidence == Evidence::Strong || s.evidence == Evidence::Titled || resolve(s))) {
        const Affiliation aff = parse_descriptor(t, s.after, t.size(), lex_);
        if (!aff.org.empty() || !aff.role.empty()) return {s};
      }
      return {};
    };
    // The names must run to the end of the line after a separator (or fill the line), joined
    // only by ",", "&" and "and".
    std::vector<NameSpan> names;
    std::size_t k = t.size();
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
      if (it->after != k) break;
      names.insert(names.begin(), *it);
      k = it->start;
      if (k > 0 && (t[k - 1].lower == "and" || t[k - 1].lower == "&")) {
        --k;
        continue;
      }
      if (k > 0 && t[k - 1].trail == "," && it + 1 != spans.rend() && (it + 1)->after == k) continue;
      break;
    }
    if (names.empty()) return front_form();
    const bool fills = k == 0;
    const bool after_separator =
        k > 0 && (t[k - 1].dash || t[k - 1].trail == ":" || t[k - 1].trail == "," ||
                  t[k - 1].lower == "by" || t[k - 1].lower == "with");
    if (!fills && !after_separator) return front_form();
    for (const auto& n : names) {
      const bool ok = n.evidence == Evidence::Strong || n.evidence == Evidence::Titled ||
                      (n.evidence == Evidence::Weak && after_separator) || resolve(n);
      if (!ok || (n.words() < 2 && !resolve(n))) return front_form();
    }
    if (fills && names.size() == 1 && !resolve(names.front()) &&
        names.front().evidence != Evidence::Strong && names.front().evidence != Evidence::Titled) {
      return {};
    }
    return names;
  }

  // "Present: A, B, Councillor C In attendance Dr D": everyone is registered, so that "Dr
  // Haddad" later finds Dr Amira Haddad; the members present (untitled, before "In
  // attendance") belong to the body whose meeting it is, when a heading above names it.
  void attendance(std::size_t index, const std::string& text) {
    std::string body = text.substr(text.find(':') + 1);
    std::string guests;
    std::string low;
    for (char c : body) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* split : {"in attendance", "also present", "also attending", "guests"}) {
      const auto at = low.find(split);
      if (at != std::string::npos) {
        guests = body.substr(at);
        body = body.substr(0, at);
        low = low.substr(0, at);
      }
    }
    const bool members = low.size() > 0 && text.size() >= 7 &&
                         (text.compare(0, 7, "Present") == 0 || text.compare(0, 7, "present") == 0 ||
                          text.compare(0, 15, "Members present") == 0);
    const std::string org = members ? meeting_body(index) : std::string();
    const auto t = tokenize(body);
    for (const auto& s : find_names(t, lex_)) {
      if (s.words() < 2) continue;
      const auto i = reg_.add(s.name, s.honorific);
      if (!org.empty() && s.honorific.empty() && reg_.at(i).org.empty()) reg_.at(i).org = org;
    }
    register_names(guests);
  }

  // The body holding a meeting: a heading or the title above `index` that names an
  // organisation ("HARTSMOOR TOWN COUNCIL"), in title case.
  std::string meeting_body(std::size_t index) {
    for (std::size_t i = 0; i < index; ++i) {
      const Unit& u = doc_.units[i];
      if (u.kind != UnitKind::Heading && u.kind != UnitKind::Title && u.kind != UnitKind::Caption) {
        continue;
      }
      const auto t = tokenize(straight_quotes(u.text));
      if (t.empty() || t.size() > 6) continue;
      bool head = false, digits = false;
      for (const auto& w : t) {
        head = head || is_org_head(w.text);
        digits = digits || w.text.find_first_of("0123456789") != std::string::npos;
      }
      if (!head || digits) continue;
      std::string name;
      for (const auto& w : t) {
        std::string word = w.text;
        if (w.all_caps && word.size() > 3) {
          for (std::size_t k = 1; k < word.size(); ++k) {
            word[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[k])));
          }
        }
        if (!name.empty()) name += ' ';
        name += word;
      }
      return name;
    }
    return {};
  }

  void register_names(const std::string& text) {
    for (const auto& sentence : sentences_of(text)) {
      const auto t = tokenize(sentence);
      for (const auto& s : find_names(t, lex_)) {
        if (s.evidence == Evidence::None || s.evidence == Evidence::Weak) {
          if (!(s.words() >= 2 && s.evidence == Evidence::Weak)) continue;
        }
        if (s.words() < 2 && s.honorific.empty()) continue;
        if (s.words() < 2) {
          continue;  // "Councillor Fenwick": a title and surname alone names nobody in full
        }
        reg_.add(s.name, s.honorific);
      }
    }
  }

  void unit(std::size_t index) {
    Unit& unit = doc_.units[index];
    if (unit.kind == UnitKind::Title) return;
    if (is_reader_unit(unit)) {
      current_.reset();
      previous_attributed_ = false;
      return;
    }
    if (unit.source == AttributionSource::Metadata && !unit.speaker.empty()) return;
    const std::string text = straight_quotes(unit.text);
    if (meta_units_.count(index)) {
      return nobody(unit, "byline or dateline: the post's author and date, not a speaker", true);
    }
    if (is_credit(text)) {
      return nobody(unit, "a credit for a picture: names its maker, not a speaker", false);
    }
    if (is_figure_label(text)) {
      return nobody(unit, "a numbered figure's label: describes the figure, names no speaker",
                    false);
    }
    if (is_attendance(text)) {
      attendance(index, text);
      return nobody(unit, "attendance list: names the people present, not a speaker", true);
    }
    const bool line_like = unit.kind == UnitKind::Heading || unit.kind == UnitKind::Caption ||
                           unit.kind == UnitKind::Video;
    if (line_like) {
      if (line(unit, text)) return;
    }
    bool multi = false;
    auto refs = refs_of(text, &multi);
    // The people this unit reports speaking.
    std::vector<Registry::Index> subjects, intros;
    std::size_t subject_sentence = 99;
    std::string subject_written, intro_written;
    for (auto& r : refs) {
      if (r.cue == Cue::None || r.coordinated) continue;
      if (r.unresolved_title) continue;
      const Registry::Index who = person_of(r);
      auto& list = r.cue == Cue::Subject ? subjects : intros;
      if (r.cue == Cue::Intro && r.sentence > 1) continue;
      if (std::find(list.begin(), list.end(), who) == list.end()) list.push_back(who);
      (r.cue == Cue::Subject ? subject_written : intro_written) = r.name();
      if (r.cue == Cue::Subject && subjects.size() == 1 && subjects.front() == who) {
        subject_sentence = std::min(subject_sentence, r.sentence);
      }
    }
    // Everyone else named in full is registered too, so that a later first name finds them.
    for (auto& r : refs) {
      if (r.fresh && !r.known && r.span.evidence != Evidence::Weak) person_of(r);
    }
    std::vector<Registry::Index> all;
    for (auto w : subjects) all.push_back(w);
    for (auto w : intros) {
      if (std::find(all.begin(), all.end(), w) == all.end()) all.push_back(w);
    }
    std::size_t named_people = 0;
    {
      std::set<std::string> distinct;
      for (const auto& r : refs) {
        if ((r.known && r.span.words() >= 2) || r.fresh) {
          distinct.insert(r.known ? reg_.at(*r.known).name : r.name());
        }
      }
      named_people = distinct.size();
    }
    if (multi && subjects.size() <= 1 && (all.size() != 1 || named_people > 1)) {
      return nobody(unit, "reports several people together (\"" + excerpt(unit.text) + "\")", true);
    }
    if (subjects.size() == 1 && (intros.empty() || intros.size() == 1 || all.size() <= 2)) {
      const auto who = subjects.front();
      const bool intro = std::find(intros.begin(), intros.end(), who) != intros.end();
      if (intros.size() > 1 && !intro) {
        return nobody(unit, "introduces several people", true);
      }
      const auto first = sentences_of(text);
      const bool in_narration = !first.empty() && is_narration(first.front()) &&
                                subject_sentence > 0;
      assign(unit, who, intro ? AttributionSource::Introduction : AttributionSource::Continuation,
             "reports " + reg_.at(who).name + " speaking ('" + subject_written + "')" +
                 (in_narration ? ", inside the blogger's narration" : ""));
      embedded_ = in_narration;
      return;
    }
    if (subjects.size() > 1) {
      return nobody(unit, "reports several speakers (" + reg_.at(subjects[0]).name + ", " +
                              reg_.at(subjects[1]).name + ")", true);
    }
    if (intros.size() == 1) {
      return assign(unit, intros.front(), AttributionSource::Introduction,
                    "introduces " + reg_.at(intros.front()).name + " ('" + intro_written + "')");
    }
    if (intros.size() > 1) {
      return nobody(unit, "introduces several people", true);
    }
    // A list entry: "Jane Corrigan, executive director, Moorside Trust".
    if (unit.kind == UnitKind::Bullet) {
      if (list_entry(unit, text)) return;
    }
    // No cue in this unit.
    if (unit.kind == UnitKind::Heading) {
      return nobody(unit, "a heading that names no presenter", true);
    }
    if (unit.kind == UnitKind::Caption || unit.kind == UnitKind::Video) {
      previous_attributed_ = false;
      unit.explanation = "a caption that names no presenter";
      return;
    }
    for (const auto& r : refs) {
      if (r.unresolved_title) {
        return nobody(unit, "names '" + r.span.honorific + " " + r.span.name +
                                "' by title and surname only; the post gives no full name",
                      true);
      }
    }
    if (!current_) {
      unit.explanation = "no speaker named or continuing";
      previous_attributed_ = false;
      return;
    }
    const auto t = tokenize(text);
    if (unit.kind == UnitKind::Bullet || unit.kind == UnitKind::Quote) {
      return assign(unit, *current_, AttributionSource::Continuation,
                    "an item of a list in the talk of " + reg_.at(*current_).name);
    }
    const bool pronoun = is_pronoun_start(t);
    const bool reports = pronoun && t.size() > 1 && is_speech_verb(t[1].text);
    if (!reports && is_narration(text)) {
      return nobody(unit, "the blogger's own narration", true);
    }
    // Another person named in full, who is not speaking here: the talk may have moved on.
    for (const auto& r : refs) {
      if (r.known && *r.known != *current_ && r.span.words() >= 2 && r.sentence == 0 &&
          r.span.start == 0) {
        return nobody(unit, "names " + reg_.at(*r.known).name + " without a speaking cue", true);
      }
    }
    bool names_current = false;
    for (const auto& r : refs) names_current = names_current || (r.known && *r.known == *current_);
    // A run of paragraphs that never name the speaker again ends after a few: a long one is
    // more likely the blogger's own writing.
    if (!pronoun && !names_current && unnamed_run_ >= 4) {
      return nobody(unit, "a fifth paragraph in a row that does not name " + reg_.at(*current_).name, true);
    }
    if (pronoun || names_current || (previous_attributed_ && !embedded_)) {
      unnamed_run_ = pronoun || names_current ? 0 : unnamed_run_ + 1;
      return assign(unit, *current_, AttributionSource::Continuation,
                    std::string(pronoun ? "a pronoun continues" : names_current ? "names again" : "no new name; continues") +
                        " the talk of " + reg_.at(*current_).name + " (introduced at unit " +
                        std::to_string(reg_.at(*current_).intro_unit) + ")");
    }
    unit.explanation = "follows narration; no speaker named";
    previous_attributed_ = false;
  }

  // Headings, captions and video lines: returns true when decided.
  bool line(Unit& unit, const std::string& text) {
    if (unit.kind == UnitKind::Video) return video(unit, text);
    const auto names = heading_names(text);
    if (names.size() > 1) {
      for (const auto& n : names) {
        if (!resolve(n)) reg_.add(n.name, n.honorific);
      }
      nobody(unit, "names several presenters of one session", unit.kind == UnitKind::Heading);
      if (unit.kind == UnitKind::Heading) current_.reset();
      return true;
    }
    if (names.size() == 1) {
      NameSpan n = names.front();
      const auto t = tokenize(text);
      Affiliation aff = affiliation_after(t, n.after, lex_);
      if (n.start == 0 && n.after < t.size()) aff = parse_descriptor(t, n.after, t.size(), lex_);
      std::optional<Registry::Index> who = resolve(n);
      if (!who) who = add(n, aff);
      assign(unit, *who, AttributionSource::Introduction,
             (unit.kind == UnitKind::Heading ? "a heading names the presenter: '"
                                             : "a caption or video line names ") +
                 excerpt(unit.text) + (unit.kind == UnitKind::Heading ? "'" : ""));
      return true;
    }
    return false;
  }

  // A line of a list of session videos ("Questions following Rachel Adeyemi, Dept. of …",
  // "Tom Bevington of the LGA") belongs to the first person it names, in that person's first
  // talk; a line that names nobody ("Closing Summary") to nobody.
  bool video(Unit& unit, const std::string& text) {
    const auto t = tokenize(text);
    for (const auto& s : find_names(t, lex_)) {
      std::optional<Registry::Index> who = resolve(s);
      if (!who && s.words() >= 2 && (s.evidence == Evidence::Strong || s.evidence == Evidence::Titled)) {
        who = add(s, affiliation_after(t, s.after, lex_));
      }
      if (!who) continue;
      PersonRecord& p = reg_.at(*who);
      const std::string talk = p.first_talk;
      assign(unit, *who, AttributionSource::Introduction, "video list line names " + p.name);
      if (!talk.empty()) unit.talk = talk;
      previous_attributed_ = false;
      current_.reset();
      return true;
    }
    nobody(unit, "a video line that names nobody", true);
    return true;
  }

  // One entry of a list of the event's speakers: the list's lead-in introduces speakers
  // ("hosted a panel featuring:", "The speakers were:") or the lead-in's unit had a
  // speaker who introduced them. A roster ("The minibus crew:") registers its people only.
  std::optional<Registry::Index> list_entry(Unit& unit, const std::string& text) {
    const auto t = tokenize(text);
    const auto spans = find_names(t, lex_);
    if (spans.empty() || spans.front().start != 0) return std::nullopt;
    const NameSpan& s = spans.front();
    const bool entry_form = s.after >= t.size() ||
                            (s.after > 0 && (t[s.after - 1].trail == "," || t[s.after - 1].trail == ":")) ||
                            t[s.after].dash || t[s.after].lead.find('(') != std::string::npos;
    if (!entry_form) return std::nullopt;
    if (!(s.evidence == Evidence::Strong || s.evidence == Evidence::Titled ||
          s.evidence == Evidence::Weak || resolve(s))) {
      return std::nullopt;
    }
    if (s.words() < 2 && !resolve(s)) return std::nullopt;
    Affiliation aff = affiliation_after(t, s.after, lex_);
    if (s.after < t.size() && t[s.after].dash) aff = parse_descriptor(t, s.after + 1, t.size(), lex_);
    const auto who = resolve(s) ? *resolve(s) : add(s, aff);
    if (!reg_.at(who).declared) {
      if (reg_.at(who).org.empty()) reg_.at(who).org = aff.org;
      if (reg_.at(who).role.empty()) reg_.at(who).role = aff.role;
    }
    std::string lead;
    for (char c : straight_quotes(unit.context)) lead += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const char* kSpeakerLeads[] = {"featuring", "speaker", "speaking", "panel", "panellist",
                                          "panelist", "presenter", "presenting", "line-up",
                                          "lineup", "joined by", "keynote", "programme",
                                          "program", "contributors", "with:", "guests"};
    bool speakers = false;
    for (const char* k : kSpeakerLeads) speakers = speakers || lead.find(k) != std::string::npos;
    if (!speakers) {
      unit.explanation = "an entry of a list that does not introduce speakers (lead-in: '" +
                         excerpt(unit.context) + "')";
      previous_attributed_ = false;
      return who;
    }
    assign(unit, who, AttributionSource::Introduction,
           "an entry of the list of speakers introduced by '" + excerpt(unit.context) + "'");
    // An entry is its own; the next unit does not continue it.
    previous_attributed_ = false;
    current_.reset();
    return who;
  }
};

}  // namespace

void attribute_live_blog(PostDoc& doc, const Gazetteer& gazetteer, AcronymTable& learnt,
                         const Lexicon& lex, Registry& registry) {
  Pass(doc, gazetteer, learnt, lex, registry).run();
}

}  // namespace civic::indexer::attribution
