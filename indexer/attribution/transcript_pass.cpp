// Transcripts, read by their turn markers: "NAME:" and "Priya:" in session transcripts (with
// the session's facilitator line completing first names and initials), ">>" in live captions,
// and in the Congressional Record "Mr. LOTT.", "The PRESIDING OFFICER." and the bylines over
// Extensions of Remarks, with the day's roster (MODS) naming the members in full.
#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "indexer/attribution/lexicon.h"
#include "indexer/attribution/passes.h"
#include "indexer/attribution/post_state.h"
#include "indexer/attribution/words.h"
#include "indexer/congressional_record.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {
namespace {

struct Turn {
  std::string speaker;  // as printed ("Mr. LOTT", "The PRESIDING OFFICER") or "ALEXANDRA"
  bool is_capitals_name = false;        // srccon "NAME:" form
  bool is_officer = false;              // "The PRESIDING OFFICER", "The SPEAKER pro tempore"
  std::optional<PrintedMember> member;  // a Record member form, "Mr. HARLAN of Vermont"
  // A member form in mixed case with no address to the chair after it ("Mr. Hale. I …") is a
  // turn only where the post's roster knows the name; prose starts like that too.
  bool needs_roster = false;
  // ">> So we started …": a transcript's turn mark without a name; a new turn of someone the
  // text does not name.
  bool anonymous = false;
};

std::optional<Turn> turn_marker(const std::string& text) {
  // The presiding officer's name, when printed, is in brackets of either kind: "The PRESIDING
  // OFFICER (Mr. HARLAN).", "The PRESIDING OFFICER [Mr. Harlan]."
  static const std::regex kOfficer(
      R"(^\s*The ((?:ACTING |Acting )?(?:PRESIDING OFFICER|PRESIDENT|SPEAKER|CHAIRMAN|CHAIRWOMAN|CHAIR|VICE PRESIDENT|CLERK|CHIEF JUSTICE)(?: pro tempore)?)(?: [(\[][^)\]]*[)\]])?\.(\s|$))");
  static const std::regex kCaps(R"(^\s*([A-Z][A-Z'\.\-]+(?: [A-Z][A-Z'\.\-]+){0,2}):\s)");
  std::string head = text.substr(0, 240);
  // ">> Priya: …", ">> …": the turn mark of live captions.
  // A plain prefix test: this runs on every paragraph of every post (count_turns()).
  const std::size_t lead = head.find_first_not_of(" \t");
  const bool chevron = lead != std::string::npos && head.compare(lead, 2, ">>") == 0;
  if (chevron) {
    const std::size_t rest = head.find_first_not_of(" \t", lead + 2);
    head = rest == std::string::npos ? std::string() : head.substr(rest);
  }
  if (auto member = parse_printed_member(head)) {
    Turn turn;
    turn.speaker = member->printed();
    turn.needs_roster = !member->is_capitals && !member->addresses_chair;
    turn.member = std::move(member);
    return turn;
  }
  std::smatch m;
  if (std::regex_search(head, m, kOfficer)) {
    Turn turn;
    turn.speaker = "The " + m[1].str();
    turn.is_officer = true;
    return turn;
  }
  if (std::regex_search(head, m, kCaps)) {
    const std::string name = m[1].str();
    if (name.size() >= 2 && name.size() <= 30) {
      Turn turn;
      turn.speaker = name;
      turn.is_capitals_name = true;
      return turn;
    }
  }
  // "Priya: We tried three tools …": a given name in mixed case, as transcripts of sessions
  // write their speakers; not "Note:" or "Update:", which are ordinary words.
  // After ">>" a name that no list knows ("Sinduja:") is as sure as a known one.
  static const std::regex kFirstName(R"(^\s*([A-Z][a-z]+):\s)");
  if (std::regex_search(head, m, kFirstName)) {
    const auto& lex = Lexicon::standard();
    const std::string w = ascii::to_lower(m[1].str());
    if ((chevron || lex.given_name_births(w) >= 100) && !lex.is_common_word(w) &&
        !is_never_name_word(w)) {
      Turn turn;
      turn.speaker = m[1].str();
      turn.is_capitals_name = true;
      return turn;
    }
  }
  if (chevron) {
    Turn turn;
    turn.anonymous = true;
    turn.is_capitals_name = true;
    return turn;
  }
  return std::nullopt;
}

// The lines under an Extension of Remarks byline: "of ohio", "in the house of
// representatives", the date.
bool is_byline_line(const std::string& text) {
  const std::string t = text::collapse_whitespace(text);
  return std::count(t.begin(), t.end(), ' ') < 6 && t.find('.') == std::string::npos;
}

// The Record's own narration between turns: it ends the turn before it and is no one's speech.
bool is_record_narration(const std::string& text) {
  const std::string t = text::collapse_whitespace(text);
  return t.ends_with(" addressed the Chair.") || t.find(" to call the roll") != std::string::npos ||
         t.find(" clerk read as follows") != std::string::npos ||
         t.find(" Clerk read as follows") != std::string::npos;
}

// "Session facilitator(s): Alexandra Kanik, Natasha Vicens" maps first names to people.
std::map<std::string, std::string> facilitators_by_first_name(const PostDoc& doc) {
  std::map<std::string, std::string> full_by_first;
  for (const auto& unit : doc.units) {
    const std::string lowered = ascii::to_lower(unit.text);
    const auto at = lowered.find("facilitator");
    if (at == std::string::npos) continue;
    const auto colon = unit.text.find(':', at);
    if (colon == std::string::npos) continue;
    std::string names = unit.text.substr(colon + 1);
    // The header's next field may share the line: "… Sam Whitlock Day & Time: Friday".
    static const std::regex kNextField(R"(\s(Day & Time|Day|Time|Date|Room|Location|Venue|Track)\s*:)");
    std::smatch field;
    if (std::regex_search(names, field, kNextField)) names = names.substr(0, field.position(0));
    if (const auto nl = names.find('\n'); nl != std::string::npos) names = names.substr(0, nl);
    for (std::size_t p; (p = names.find(" and ")) != std::string::npos;) names.replace(p, 5, ",");
    std::size_t start = 0;
    while (start <= names.size()) {
      std::size_t comma = names.find(',', start);
      if (comma == std::string::npos) comma = names.size();
      std::string name = text::collapse_whitespace(names.substr(start, comma - start));
      auto parts = words_of(name);
      if (parts.size() >= 2) {
        full_by_first.emplace(ascii::to_lower(parts.front().text), name);
        // "SW:" for Sam Whitlock: the initials, when no other facilitator shares them.
        std::string initials;
        for (const auto& w : parts) initials += ascii::to_lower(w.text[0]);
        if (!full_by_first.emplace(initials, name).second && full_by_first[initials] != name) {
          full_by_first[initials] = "";
        }
      }
      start = comma + 1;
    }
  }
  return full_by_first;
}

// Who the Record names at a turn or a byline: the speaker's name, the role for the unit and
// why. Record names are not looked up in the gazetteer: the roster already gives the full
// name, and a printed form keeps its title.
struct RecordName {
  std::string name;
  std::string surname;  // "Harlan": links "Mr. Harlan" to the byline's Hugh T. Harlan
  std::string role;
  std::string why;
  bool is_full_name = false;  // from the roster or a byline, not a title and surname
};

// A member by the day's roster (MODS), else the printed form in normal case ("Mr. Harlan of
// Vermont", never capitals); an officer stays an office ("The Presiding Officer").
RecordName record_turn_name(const Turn& turn, const RecordMembers::Match& match,
                            const PostDoc& doc) {
  RecordName out;
  out.why = "turn marker '" + turn.speaker + "'";
  if (turn.is_officer) {
    out.name = "The " + normal_case(turn.speaker.substr(4));
    out.why += ": the chair, a role rather than a member";
  } else if (match.member) {
    out.name = match.member->name;
    out.role = match.member->role;
    out.is_full_name = true;
    out.why += match.is_spelling_guess
                   ? " read as " + out.name + ", one letter from a form the day's MODS prints"
                   : " is " + out.name + " in the day's MODS";
  } else {
    out.name = normal_case_form(*turn.member);
    const std::string& printed = turn.member->name;
    out.surname = normal_case(printed.substr(printed.rfind(' ') + 1));
    if (!doc.post.roster.empty()) out.why += " (no member of the day's MODS fits it)";
  }
  return out;
}

// "HON. HUGH T. HARLAN" over an Extension of Remarks names the member whose remarks follow.
RecordName byline_name(const std::string& printed, const RecordMembers& members) {
  RecordName out;
  out.why = "remarks under the byline 'HON. " + printed + "'";
  out.is_full_name = true;
  if (const Person* member = members.find_full_name(printed)) {
    out.name = member->name;
    out.role = member->role;
    out.why += ", " + out.name + " in the day's MODS";
  } else {
    out.name = normal_case(printed);
    // "John Conyers, Jr." → "John Conyers Jr.", as MODS writes full names.
    for (const char* suffix : {", Jr.", ", Sr.", ", II", ", III", ", IV"}) {
      if (out.name.ends_with(suffix)) out.name.erase(out.name.size() - std::strlen(suffix), 1);
    }
  }
  auto parts = words_of(out.name);
  while (parts.size() > 1 && (parts.back().text == "Jr" || parts.back().text == "Sr" ||
                              parts.back().text == "II" || parts.back().text == "III")) {
    parts.pop_back();
  }
  if (!parts.empty()) out.surname = parts.back().text;
  return out;
}

// The post's speaker of a Record name: the same name again, or a new speaker.
Speaker record_speaker(Speakers& speakers, const RecordName& who) {
  if (const auto known = speakers.find_name(who.name)) return speakers.at(*known);
  Speaker sp;
  sp.name = who.name;
  const auto parts = words_of(strip_titles(who.name));
  if (!parts.empty()) sp.first = parts.front().text;
  sp.surname = who.surname;
  speakers.add(sp);
  return sp;
}

// "By Mr. SALAZAR: S. 1091. A bill …" lists a bill: its sponsor is named, not speaking (the
// 1997 MODS lists no sponsor as speaking, the 2005 one does). False for other text.
bool mention_sponsor(Unit& unit, const RecordMembers& members) {
  const auto sponsor = parse_sponsor(unit.text);
  if (!sponsor) return false;
  const RecordMembers::Match match = members.find(*sponsor);
  unit.mentions.push_back(match.member ? match.member->name : normal_case_form(*sponsor));
  unit.explanation = "bill listing: its sponsor is a mention, not a speaker";
  return true;
}

}  // namespace

int count_turns(const PostState& state) {
  // One "Mr. LOTT." marker is enough (a Record granule); "NAME:" needs two, as a live-blog
  // may have a single capitalised label. A mixed-case "Mr. Hale." needs the roster, which only
  // transcript_pass consults.
  int n = 0;
  for (const auto& unit : state.doc.units) {
    if (unit.kind != UnitKind::Paragraph) continue;
    auto turn = turn_marker(unit.text);
    if (turn && !turn->needs_roster) n += turn->is_capitals_name ? 1 : 2;
  }
  return n;
}

namespace {

// transcript_pass() over one post: the running turn, the Record's bylines, and the role each
// speaker has by the roster.
class TranscriptPass {
 public:
  explicit TranscriptPass(PostState& state)
      : state_(state),
        doc_(state.doc),
        full_by_first_(facilitators_by_first_name(state.doc)),
        members_(state.doc.post.roster) {}

  void run() {
    for (auto& unit : doc_.units) {
      if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
          unit.kind == UnitKind::Pingback) {
        continue;
      }
      if (unit.kind == UnitKind::Heading) {
        current_.reset();
        if (auto printed = parse_byline(unit.text)) byline_ = byline_name(*printed, members_);
        continue;
      }
      std::optional<Turn> turn =
          unit.kind == UnitKind::Paragraph ? turn_marker(unit.text) : std::nullopt;
      RecordMembers::Match match;
      if (turn && turn->member) {
        match = members_.find(*turn->member);
        if (turn->needs_roster && (!match.member || match.is_spelling_guess)) turn.reset();
      }
      if (turn) {
        at_turn(unit, *turn, match);
      } else {
        between_turns(unit);
      }
    }
  }

 private:
  PostState& state_;
  PostDoc& doc_;
  const std::map<std::string, std::string> full_by_first_;
  const RecordMembers members_;
  std::map<std::string, std::string> role_of_;            // speaker → role, from the roster
  std::map<std::string, std::string> byline_by_surname_;  // "Harlan" → "Hugh T. Harlan"
  std::optional<RecordName> byline_;  // a byline whose remarks have not started yet
  std::optional<Speaker> current_;
  int turn_unit_ = 0;
  std::string marker_;

  void start_turn(Unit& unit, const Speaker& found, const RecordName& who,
                  AttributionSource source) {
    Speaker sp = found;
    sp.talk = current_ && current_->name == sp.name ? current_->talk : state_.new_talk();
    current_ = sp;
    role_of_[sp.name] = who.role;
    PostState::set(unit, sp, source, who.why);
    unit.role = who.role;
    turn_unit_ = unit.position;
  }

  // A turn that names no one in full: it ends the last one, and its speaker stays empty.
  void turn_of_no_one(Unit& unit, std::string why) {
    current_.reset();
    turn_unit_ = unit.position;
    unit.explanation = std::move(why);
  }

  // A unit without a turn marker: the Record's narration or a bill listing ends the turn,
  // remarks under a byline start one, anything else continues the running turn.
  void between_turns(Unit& unit) {
    if (unit.kind == UnitKind::Paragraph && is_record_narration(unit.text)) {
      current_.reset();
      return;
    }
    if (unit.kind == UnitKind::Paragraph && mention_sponsor(unit, members_)) {
      current_.reset();
      return;
    }
    if (byline_) {
      if (is_byline_line(unit.text)) return;
      byline_by_surname_[byline_->surname] = byline_->name;
      start_turn(unit, record_speaker(state_.speakers, *byline_), *byline_,
                 AttributionSource::Introduction);
      marker_ = byline_->name;
      byline_.reset();
      return;
    }
    if (current_) {
      PostState::set(
          unit, *current_, AttributionSource::Continuation,
          "continues the turn at unit " + std::to_string(turn_unit_) + " ('" + marker_ + "')");
      unit.role = role_of_[current_->name];
    }
  }

  void at_turn(Unit& unit, const Turn& turn, const RecordMembers::Match& match) {
    static const std::set<std::string> kAnonymous = {"AUDIENCE", "PARTICIPANT", "AUDIENCE MEMBER",
                                                     "SPEAKER", "VOICE", "PANELIST", "ATTENDEE"};
    if (byline_) byline_by_surname_[byline_->surname] = byline_->name;
    byline_.reset();
    marker_ = turn.speaker;
    if (turn.anonymous) return turn_of_no_one(unit, "a turn marked '>>' that names no one");
    if (turn.is_capitals_name && kAnonymous.count(turn.speaker)) {
      return turn_of_no_one(unit, "turn marker '" + marker_ + ":' names no one");
    }
    if (turn.member || turn.is_officer) return record_turn(unit, turn, match);
    named_turn(unit, turn);
  }

  // "Mr. LOTT.", "The PRESIDING OFFICER.": a turn of the Congressional Record.
  void record_turn(Unit& unit, const Turn& turn, const RecordMembers::Match& match) {
    RecordName who = record_turn_name(turn, match, doc_);
    // Without a roster, "Mr. HARLAN." under the byline "HON. HUGH T. HARLAN" is him.
    auto by = byline_by_surname_.find(who.surname);
    if (!who.is_full_name && turn.member && turn.member->state.empty() && !who.surname.empty() &&
        by != byline_by_surname_.end()) {
      who.name = by->second;
      who.why += ", the member of the byline";
    }
    start_turn(unit, record_speaker(state_.speakers, who), who, AttributionSource::TurnMarker);
  }

  // "NAME:", "Priya:": a turn of a session transcript, completed by the facilitator line.
  void named_turn(Unit& unit, const Turn& turn) {
    auto it = full_by_first_.find(ascii::to_lower(turn.speaker));
    RecordName who;
    // "ALEXANDRA" → "Alexandra", "MARY O'BRIEN" → "Mary O'Brien", "McCALL" → "McCall".
    who.name = it != full_by_first_.end() ? it->second : normal_case(turn.speaker);
    who.why = "turn marker '" + marker_ + "'";
    // A first name or initials alone ("Ryan:", "MK:") that no facilitator line completes
    // names nobody in full.
    if (who.name.empty() ||
        (it == full_by_first_.end() && turn.speaker.find(' ') == std::string::npos)) {
      return turn_of_no_one(unit, "turn marker '" + marker_ + ":' gives only a first name or initials");
    }
    const auto known = state_.speakers.find(who.name, state_.gazetteer);
    Speaker sp = known ? state_.speakers.at(*known) : state_.make_speaker(who.name, "");
    if (!known) state_.speakers.add(sp);
    start_turn(unit, sp, who, AttributionSource::TurnMarker);
  }
};

}  // namespace

void transcript_pass(PostState& state) { TranscriptPass(state).run(); }

}  // namespace civic::indexer::attribution
