// The live-blog pass (live_blog.h) as a state machine over the units of one post: the speaker
// whose talk is running, whether the previous unit had one, how many paragraphs have gone by
// without naming them. Each unit is decided in steps: units that cannot have a speaker
// (live_blog_lines.h), headings and video lines, the cues around the names it holds
// (speech_cues.h), a list entry, and else the continuation of the running talk.
#include "indexer/attribution/live_blog.h"

#include <algorithm>
#include <optional>
#include <set>

#include "indexer/attribution/live_blog_lines.h"
#include "indexer/attribution/names.h"
#include "indexer/attribution/post_meta.h"
#include "indexer/attribution/speech_cues.h"
#include "query/core/ascii.h"
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

// The people a unit reports speaking (the subjects of speech verbs) and introduces.
struct Speaking {
  std::vector<Registry::Index> subjects, intros;
  std::vector<Registry::Index> all;  // subjects, then intros not among them
  std::size_t subject_sentence = 99;  // the first sentence naming the one subject
  std::string subject_written, intro_written;  // as the text last wrote them
  std::size_t named_people = 0;  // distinct people the unit names in full
};

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

  // Whether a span is a person, for coordination: someone of the registry, or two or more
  // words with a given name or a title.
  bool is_person(const NameSpan& o) {
    return resolve(o).has_value() ||
           (o.words() >= 2 && (o.evidence == Evidence::Strong || o.evidence == Evidence::Titled));
  }

  // The names of the unit's first eight sentences that may be people, with their cues.
  std::vector<Ref> refs_of(const std::string& text) {
    std::vector<Ref> out;
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
        const CueResult cue = cue_of(t, s, spans, r.known.has_value(),
                                     [this](const NameSpan& o) { return is_person(o); });
        r.cue = cue.cue;
        r.coordinated = cue.coordinated;
        // A new name with only weak evidence needs a cue; one with none is never a person.
        if (r.fresh && s.evidence == Evidence::Weak && r.cue == Cue::None && !r.coordinated) {
          r.fresh = false;
          continue;
        }
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
    std::string low = ascii::to_lower(body);
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
            word[k] = ascii::to_lower(word[k]);
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

  // --- One unit ------------------------------------------------------------------------

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
    if (speaks_nobody(index, unit, text)) return;
    const bool line_like = unit.kind == UnitKind::Heading || unit.kind == UnitKind::Caption ||
                           unit.kind == UnitKind::Video;
    if (line_like) {
      if (line(unit, text)) return;
    }
    auto refs = refs_of(text);
    const Speaking speaking = speaking_in(refs);
    if (by_cues(unit, text, refs, speaking)) return;
    // A list entry: "Jane Corrigan, executive director, Moorside Trust".
    if (unit.kind == UnitKind::Bullet) {
      if (list_entry(unit, text)) return;
    }
    without_cue(unit, text, refs);
  }

  // Bylines, credits, figure labels and attendance lists: returns true when `unit` is one
  // (and then has nobody).
  bool speaks_nobody(std::size_t index, Unit& unit, const std::string& text) {
    if (meta_units_.count(index)) {
      nobody(unit, "byline or dateline: the post's author and date, not a speaker", true);
      return true;
    }
    if (is_credit(text)) {
      nobody(unit, "a credit for a picture: names its maker, not a speaker", false);
      return true;
    }
    if (is_figure_label(text)) {
      nobody(unit, "a numbered figure's label: describes the figure, names no speaker", false);
      return true;
    }
    if (is_attendance(text)) {
      attendance(index, text);
      nobody(unit, "attendance list: names the people present, not a speaker", true);
      return true;
    }
    return false;
  }

  // The people `refs` report speaking and introduce (registering them), and everyone else
  // named in full, who is registered too, so that a later first name finds them.
  Speaking speaking_in(std::vector<Ref>& refs) {
    Speaking out;
    for (auto& r : refs) {
      if (r.cue == Cue::None || r.coordinated) continue;
      if (r.unresolved_title) continue;
      const Registry::Index who = person_of(r);
      auto& list = r.cue == Cue::Subject ? out.subjects : out.intros;
      if (r.cue == Cue::Intro && r.sentence > 1) continue;
      if (std::find(list.begin(), list.end(), who) == list.end()) list.push_back(who);
      (r.cue == Cue::Subject ? out.subject_written : out.intro_written) = r.name();
      if (r.cue == Cue::Subject && out.subjects.size() == 1 && out.subjects.front() == who) {
        out.subject_sentence = std::min(out.subject_sentence, r.sentence);
      }
    }
    for (auto& r : refs) {
      if (r.fresh && !r.known && r.span.evidence != Evidence::Weak) person_of(r);
    }
    for (auto w : out.subjects) out.all.push_back(w);
    for (auto w : out.intros) {
      if (std::find(out.all.begin(), out.all.end(), w) == out.all.end()) out.all.push_back(w);
    }
    std::set<std::string> distinct;
    for (const auto& r : refs) {
      if ((r.known && r.span.words() >= 2) || r.fresh) {
        distinct.insert(r.known ? reg_.at(*r.known).name : r.name());
      }
    }
    out.named_people = distinct.size();
    return out;
  }

  // Decides `unit` by the speakers and introductions its cues name: returns true when it did.
  bool by_cues(Unit& unit, const std::string& text, const std::vector<Ref>& refs,
               const Speaking& sp) {
    // "X and Y presented" somewhere in the unit (refs_of() keeps every coordinated name).
    const bool multi =
        std::any_of(refs.begin(), refs.end(), [](const Ref& r) { return r.coordinated; });
    if (multi && sp.subjects.size() <= 1 && (sp.all.size() != 1 || sp.named_people > 1)) {
      nobody(unit, "reports several people together (\"" + excerpt(unit.text) + "\")", true);
      return true;
    }
    if (sp.subjects.size() == 1 && (sp.intros.empty() || sp.intros.size() == 1 || sp.all.size() <= 2)) {
      reports_one(unit, text, sp);
      return true;
    }
    if (sp.subjects.size() > 1) {
      nobody(unit, "reports several speakers (" + reg_.at(sp.subjects[0]).name + ", " +
                       reg_.at(sp.subjects[1]).name + ")", true);
      return true;
    }
    if (sp.intros.size() == 1) {
      assign(unit, sp.intros.front(), AttributionSource::Introduction,
             "introduces " + reg_.at(sp.intros.front()).name + " ('" + sp.intro_written + "')");
      return true;
    }
    if (sp.intros.size() > 1) {
      nobody(unit, "introduces several people", true);
      return true;
    }
    return false;
  }

  // The unit reports one person speaking (maybe also introducing them).
  void reports_one(Unit& unit, const std::string& text, const Speaking& sp) {
    const auto who = sp.subjects.front();
    const bool intro = std::find(sp.intros.begin(), sp.intros.end(), who) != sp.intros.end();
    if (sp.intros.size() > 1 && !intro) {
      return nobody(unit, "introduces several people", true);
    }
    const auto first = sentences_of(text);
    const bool in_narration = !first.empty() && is_narration(first.front()) &&
                              sp.subject_sentence > 0;
    assign(unit, who, intro ? AttributionSource::Introduction : AttributionSource::Continuation,
           "reports " + reg_.at(who).name + " speaking ('" + sp.subject_written + "')" +
               (in_narration ? ", inside the blogger's narration" : ""));
    embedded_ = in_narration;
  }

  // No cue in this unit: a heading or caption names nobody; other units continue the running
  // talk unless they are narration, name someone else first, or follow too long a run.
  void without_cue(Unit& unit, const std::string& text, const std::vector<Ref>& refs) {
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
    if (unit.kind == UnitKind::Bullet || unit.kind == UnitKind::Quote) {
      return assign(unit, *current_, AttributionSource::Continuation,
                    "an item of a list in the talk of " + reg_.at(*current_).name);
    }
    continuation(unit, text, refs);
  }

  // A paragraph without a cue while a talk is running: its continuation, or the end of it.
  void continuation(Unit& unit, const std::string& text, const std::vector<Ref>& refs) {
    const auto t = tokenize(text);
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
    if (!introduces_speakers(straight_quotes(unit.context))) {
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
