// Speaker attribution: picks the pass for a post (an override file, metadata, an event page's
// declared speakers, transcript turns, or the live-blog pass of indexer/attribution/) and then
// makes every facet value canonical (finish()). Transcripts are read here by their turn markers;
// prose by attribution::attribute_live_blog() with the person-name model.
#include "indexer/attribution.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "indexer/attribution/lexicon.h"
#include "indexer/attribution/live_blog.h"
#include "indexer/attribution/names.h"
#include "indexer/attribution/registry.h"
#include "indexer/congressional_record.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

// ---------------------------------------------------------------------------------------------
// Words and sentences.

struct Word {
  std::string text;   // without surrounding punctuation
  std::size_t begin;  // byte offsets of the word (with punctuation) in the sentence
  std::size_t end;
  char before = ' ';  // punctuation just before the word ('(' …) or ' '
  char after = ' ';   // punctuation just after (',' ':' ')' '.' …) or ' '
};

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<Word> words_of(const std::string& s) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    std::size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    Word w;
    w.begin = i;
    w.end = j;
    std::string raw = s.substr(i, j - i);
    std::size_t a = 0, b = raw.size();
    while (a < b && std::ispunct(static_cast<unsigned char>(raw[a])) && raw[a] != '&') {
      w.before = raw[a];
      ++a;
    }
    while (b > a && std::ispunct(static_cast<unsigned char>(raw[b - 1])) && raw[b - 1] != '&') {
      if (w.after == ' ') w.after = raw[b - 1];
      --b;
    }
    // Possessive "Council's" → "Council" with after = '\''.
    if (b - a > 2 && raw.compare(b - 2, 2, "'s") == 0) {
      b -= 2;
      w.after = '\'';
    }
    w.text = raw.substr(a, b - a);
    if (!w.text.empty() || raw == "&") {
      if (raw == "&") w.text = "&";
      words.push_back(std::move(w));
    }
    i = j;
  }
  return words;
}

const std::set<std::string>& title_set() {
  static const std::set<std::string> k = {"Dr",   "Cllr",     "Councillor", "Mr",   "Mrs",
                                          "Ms",   "Miss",     "Professor",  "Prof", "Sir",
                                          "Dame", "Baroness", "Lord",       "Lady", "Rev"};
  return k;
}

// Capitalised words that are never part of a person's name.
const std::set<std::string>& not_name_words() {
  static const std::set<std::string> k = {
      // roles
      "Director", "Chief", "Executive", "Head", "Leader", "Officer", "Adviser", "Advisor",
      "Manager", "Chair", "Chairman", "Secretary", "Minister", "Policy", "Senior", "Lead",
      "Founder", "President", "CEO", "Clerk", "Member", "Coordinator", "Co-ordinator", "Editor",
      "Deputy", "Assistant", "Principal", "Trustee", "MP", "MEP", "Mayor", "Town", "Cabinet",
      "Digital", "Programme", "Project", "Research", "Community",
      // organisation heads and places
      "Council", "Union", "Centre", "Center", "Trust", "Network", "Forum", "Association",
      "Department", "Dept", "Ministry", "Institute", "Partnership", "Federation", "Society",
      "Fund", "Libraries", "Library", "Service", "Services", "Board", "Committee", "Group",
      "Act", "Bank", "Capital", "Agency", "Office", "University", "College", "School", "CIC",
      "Ltd", "Foundation", "Party", "Government", "Authority", "Summit", "Conference", "Hall",
      "Road", "Street", "Park", "House", "Week", "Scheme", "Plan", "Strategy", "Commission",
      "Borough", "District", "County", "City", "Sector", "Voluntary", "Energy", "NHS", "Stadium",
      // sentence starters and function words
      "The", "A", "An", "This", "That", "These", "Those", "After", "Before", "Next", "Following",
      "First", "Then", "Over", "When", "While", "Some", "Another", "Both", "He", "She", "They",
      "We", "I", "It", "Her", "His", "Our", "My", "Their", "Here", "There", "Item", "Q",
      "Questions", "Question", "Session", "Panel", "Keynote", "Welcome", "Closing", "Opening",
      "Lunch", "Coffee", "Today", "Tonight", "Monday", "Tuesday", "Wednesday", "Thursday",
      "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
      "July", "August", "September", "October", "November", "December", "Big", "Local",
      "North", "South", "East", "West", "Northern", "Southern", "National", "Regional"};
  return k;
}

bool looks_like_name_word(const Word& w) {
  if (w.text.size() < 2 || !is_upper(w.text[0])) return false;
  if (not_name_words().count(w.text) || title_set().count(w.text)) return false;
  if (w.text.size() > 4 && w.text.compare(w.text.size() - 3, 3, "ing") == 0) return false;
  // All capitals is an acronym ("CLES"), not a name, in running text.
  bool has_lower = false;
  for (char c : w.text) has_lower = has_lower || is_lower(c);
  if (!has_lower) return false;
  for (char c : w.text) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '\'' && (c & 0x80) == 0) {
      return false;
    }
  }
  return true;
}


// ---------------------------------------------------------------------------------------------
// People found in a sentence.

bool has_org_head(const std::string& phrase);

struct Candidate {
  std::size_t first;  // word indices [first, last)
  std::size_t last;
  std::string written;  // with titles, as written
  bool has_title = false;
};

// Runs of capitalised name words (after optional titles) of at least two words, or one word
// after a title ("Ms Okafor").
std::vector<Candidate> person_candidates(const std::vector<Word>& words) {
  std::vector<Candidate> out;
  std::size_t i = 0;
  while (i < words.size()) {
    std::size_t start = i;
    bool titled = false;
    while (i < words.size() && title_set().count(words[i].text) && words[i].after != ',') {
      titled = true;
      ++i;
    }
    std::size_t name_start = i;
    while (i < words.size() && looks_like_name_word(words[i]) && i - name_start < 4) {
      const bool stop = words[i].after != ' ' && words[i].after != '\'';
      ++i;
      if (stop) break;
      if (i < words.size() && words[i].before != ' ') break;
    }
    const std::size_t n = i - name_start;
    // A run that goes on into an organisation word ("Peterborough City Council") is no person.
    const bool runs_into_org = i < words.size() && words[i - (n ? 1 : 0)].after == ' ' &&
                               is_upper(words[i].text.empty() ? 'x' : words[i].text[0]) &&
                               !title_set().count(words[i].text) && n > 0 &&
                               has_org_head(words[i].text) &&
                               words[i].text != "The" && words[i].text != "Both";
    if ((n >= 2 || (n == 1 && titled)) && !runs_into_org) {
      Candidate c;
      c.first = start;
      c.last = i;
      c.has_title = titled;
      for (std::size_t k = start; k < i; ++k) {
        if (!c.written.empty()) c.written += ' ';
        c.written += words[k].text;
      }
      out.push_back(std::move(c));
    }
    if (i == start) ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Organisations found in a phrase.

bool has_org_head(const std::string& phrase) {
  static const std::set<std::string> k = {
      "Council", "Union", "Centre", "Center", "Trust", "Network", "Forum", "Association",
      "Department", "Ministry", "Institute", "Partnership", "Federation", "Society", "Fund",
      "Libraries", "Library", "Service", "Board", "Committee", "Group", "Bank", "Agency",
      "Office", "University", "College", "CIC", "Ltd", "Foundation", "Authority", "Commission",
      "Cooperative", "Co-operative", "Co-operatives", "Advice", "Homes", "Housing", "Company",
      "Energy", "Enterprise", "Partners", "Alliance", "Coalition", "Project", "Council's"};
  for (const auto& w : words_of(phrase)) {
    if (k.count(w.text)) return true;
  }
  return false;
}


// ---------------------------------------------------------------------------------------------
// The state of a post being attributed.

struct Speaker {
  std::string name;     // canonical
  std::string org;      // canonical, at this event
  std::string first;    // first name
  std::string surname;  // last word of the name
  bool from_metadata = false;
  std::string talk;  // last talk id
};

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







// ---------------------------------------------------------------------------------------------
// Themes.

std::vector<std::string> theme_tokens(std::string_view s) {
  const std::string n = text::normalise(s);
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.size() > 3 && cur.back() == 's' && cur[cur.size() - 2] != 's') cur.pop_back();
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (char c : n) {
    if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
      cur += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool contains_sequence(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty() || needle.size() > hay.size()) return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// ---------------------------------------------------------------------------------------------
// Turn markers of transcripts.

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
  static const std::regex kChevrons(R"(^\s*>>\s*)");
  std::smatch chevrons;
  const bool chevron = std::regex_search(head, chevrons, kChevrons);
  if (chevron) head = head.substr(chevrons.length(0));
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
    const auto& lex = attribution::Lexicon::standard();
    const std::string w = lower(m[1].str());
    if ((chevron || lex.given_name_births(w) >= 100) && !lex.is_common_word(w) &&
        !attribution::is_never_name_word(w)) {
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

// "ALEXANDRA" → "Alexandra", "MARY O'BRIEN" → "Mary O'Brien", "McCALL" → "McCall".
std::string title_case(const std::string& caps) { return normal_case(caps); }

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

// ---------------------------------------------------------------------------------------------

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

// "Mr. Speaker", "Madam Deputy Speaker", "The Presiding Officer", "The First Minister", "The
// Acting President pro tempore": an office standing where a person's name would.
bool is_office_name(const std::string& name) {
  static const std::regex kOffice(
      R"(^(?:(?:Mr|Madam|Mrs)\.? (?:Deputy |First Deputy |Second Deputy )?(?:Speaker|Chairman|President|Chair)|The (?:Acting |Deputy )?(?:Presiding Officer|Speaker|President|Chairman|Chair|Chairperson|Chairwoman|Clerk|First Minister|Deputy First Minister|Lord Speaker|Deputy Speaker|Principal Deputy Chairman of Committees|Deputy Chairman of Committees|Lord Privy Seal|Chief Justice|Vice President)(?: pro tempore)?)$)");
  return std::regex_match(name, kOffice);
}

bool is_slug(const std::string& name) {
  if (name.size() < 3 || name.find('-') == std::string::npos) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return false;
  }
  return name.front() != '-' && name.back() != '-';
}

std::string slug_to_name(const std::string& slug) {
  std::string out;
  bool start = true;
  for (char c : slug) {
    if (c == '-') {
      out += ' ';
      start = true;
      continue;
    }
    out += start ? static_cast<char>(c - 'a' + 'A') : c;
    start = false;
  }
  return out;
}

// A name as a facet value: without markup or list marks around it ("*#* Jim Tolson").
std::string clean_name(const std::string& name) {
  std::size_t from = 0, to = name.size();
  auto is_mark = [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == '#' || c == '*' || c == '-' ||
           c == ':' || c == ',' || c == ';' || c == '_';
  };
  while (from < to && is_mark(name[from])) ++from;
  while (to > from && is_mark(name[to - 1])) --to;
  std::string out = text::collapse_whitespace(name.substr(from, to - from));
  return out.empty() ? name : out;
}

class Attributor {
 public:
  Attributor(PostDoc& doc, const Gazetteer& g, AcronymTable& learnt, const PostOverride* over)
      : doc_(doc), g_(g), learnt_(learnt), override_(over) {}

  void run() {
    for (const auto& unit : doc_.units) learn_acronyms(attribution::straight_quotes(unit.text), learnt_);
    if (override_) apply_override();
    bool from_profiles = false;
    if (doc_.post.speakers.empty() && is_event_page(doc_.post)) {
      for (const auto& slug : split_list(doc_.post.author)) {
        if (const PersonEntry* p = g_.find_profile(slug)) {
          doc_.post.speakers.push_back({p->name, p->org, {}, {}});
          from_profiles = true;
        }
      }
    }
    for (const auto& p : doc_.post.speakers) {
      Speaker sp = make_speaker(p.name, p.org);
      sp.from_metadata = true;
      known_.push_back(sp);
    }
    bool has_metadata_units = false;
    for (auto& unit : doc_.units) {
      if (unit.source == AttributionSource::Metadata && !unit.speaker.empty()) {
        has_metadata_units = true;
      }
    }
    if (has_metadata_units) {
      metadata_pass();
    } else if (from_profiles) {
      event_pass();
    } else if (count_turns() >= 2 ||
               doc_.post.form == TextForm::Transcript) {
      // A Record granule without turn markers (Daily Digest, bill text) has no speakers; the
      // live-blog heuristics would only find noise in it.
      transcript_pass();
    } else {
      attribution::Registry registry;
      for (const auto& p : doc_.post.speakers) {
        const auto i = registry.add(p.name, {}, p.org, p.role);
        registry.at(i).declared = true;
      }
      attribution::attribute_live_blog(doc_, g_, learnt_, attribution::Lexicon::standard(),
                                       registry);
    }
    add_declared_speaker_units();
    finish();
  }

 private:
  PostDoc& doc_;
  const Gazetteer& g_;
  AcronymTable& learnt_;
  const PostOverride* override_;
  std::map<std::string, std::string> override_orgs_;  // org_key → the override's name

  // Index of the first unit (not title, comment or pingback) at `position` or containing `text`;
  // npos when none.
  std::size_t find_unit(const std::string& text, int position) const {
    const std::string wanted = lower(attribution::straight_quotes(text::collapse_whitespace(text)));
    for (std::size_t i = 0; i < doc_.units.size(); ++i) {
      const Unit& unit = doc_.units[i];
      if (position > 0) {
        if (unit.position == position) return i;
        continue;
      }
      if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
          unit.kind == UnitKind::Pingback) {
        continue;
      }
      if (!wanted.empty() &&
          lower(attribution::straight_quotes(text::collapse_whitespace(unit.text))).find(wanted) !=
              std::string::npos) {
        return i;
      }
    }
    return std::string::npos;
  }

  std::string override_org(const std::string& org) const {
    auto it = override_orgs_.find(org_key(org));
    return it == override_orgs_.end() ? org : it->second;
  }

  // The override file's talks become metadata units; its other speakers the post's speakers.
  void apply_override() {
    const std::string file = override_->file.filename().string();
    for (const auto& org : override_->organisations) {
      override_orgs_[org_key(org.name)] = org.name;
      for (const auto& alias : org.aliases) override_orgs_[org_key(alias)] = org.name;
    }
    struct Start {
      std::size_t index;
      const OverrideSpeaker* speaker;
    };
    std::vector<Start> starts;
    std::vector<Person> declared;
    for (const auto& sp : override_->speakers) {
      const std::size_t at = sp.starts.empty() && sp.starts_at == 0
                                 ? std::string::npos
                                 : find_unit(sp.starts, sp.starts_at);
      if (at != std::string::npos) starts.push_back({at, &sp});
      declared.push_back({strip_titles(sp.name), override_org(sp.org), {}, {}});
    }
    if (!declared.empty()) doc_.post.speakers = declared;
    std::sort(starts.begin(), starts.end(),
              [](const Start& a, const Start& b) { return a.index < b.index; });
    std::size_t ends = doc_.units.size();
    if (!override_->ends.empty() || override_->ends_at > 0) {
      ends = std::min(ends, find_unit(override_->ends, override_->ends_at));
    }
    for (std::size_t t = 0; t < starts.size(); ++t) {
      const std::size_t to = std::min(ends, t + 1 < starts.size() ? starts[t + 1].index : ends);
      const OverrideSpeaker& sp = *starts[t].speaker;
      for (std::size_t i = starts[t].index; i < to; ++i) {
        Unit& unit = doc_.units[i];
        if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
            unit.kind == UnitKind::Pingback) {
          continue;
        }
        unit.speaker = strip_titles(sp.name);
        unit.org = override_org(sp.org);
        unit.talk.clear();
        unit.source = AttributionSource::Metadata;
        unit.explanation = "override file " + file + ": talk of " + sp.name + " starts at unit " +
                           std::to_string(doc_.units[starts[t].index].position);
      }
    }
  }
  std::deque<Speaker> known_;  // a deque: pointers stay valid as it grows
  int talks_ = 0;

  std::string new_talk() { return doc_.post.id + "~" + std::to_string(++talks_); }

  Speaker make_speaker(const std::string& written, const std::string& org_written) {
    Speaker sp;
    const PersonEntry* person = g_.find_person(written);
    sp.name = person ? person->name : strip_titles(text::collapse_whitespace(written));
    if (!org_written.empty()) {
      sp.org = override_orgs_.count(org_key(org_written)) ? override_org(org_written)
                                                          : canonical_org(org_written, g_, learnt_);
    }
    const bool org_known = !sp.org.empty() && (g_.find_org(sp.org) || false);
    if (person && !person->org.empty() && !org_known) sp.org = person->org;
    auto parts = words_of(sp.name);
    if (!parts.empty()) {
      sp.first = parts.front().text;
      sp.surname = parts.back().text;
    }
    if (person) {
      // A short form listed as an alias ("Dan Osei") also names the person.
      for (const auto& alias : person->aliases) {
        auto ap = words_of(strip_titles(alias));
        if (ap.size() >= 2 && ap.back().text == sp.surname) continue;
      }
    }
    return sp;
  }

  Speaker* find_known(const std::string& name) {
    const std::string key = person_key(name);
    for (auto& sp : known_) {
      if (person_key(sp.name) == key) return &sp;
    }
    if (const PersonEntry* p = g_.find_person(name)) {
      for (auto& sp : known_) {
        if (sp.name == p->name) return &sp;
      }
    }
    // A title and surname alone ("Mr Farraday") names the one speaker of the post with that
    // surname, gazetteer or not; with two such speakers it stays ambiguous.
    const auto parts = words_of(strip_titles(text::collapse_whitespace(name)));
    if (parts.size() != 1 || parts.front().text.size() < 3) return nullptr;
    Speaker* match = nullptr;
    for (auto& sp : known_) {
      if (sp.surname != parts.front().text || words_of(sp.name).size() < 2) continue;
      if (match) return nullptr;
      match = &sp;
    }
    return match;
  }

  void set(Unit& unit, const Speaker& sp, AttributionSource source, std::string why) {
    unit.speaker = sp.name;
    unit.org = sp.org;
    unit.talk = sp.talk;
    unit.source = source;
    unit.explanation = std::move(why);
  }




  // An event page whose speakers come from its metadata (author profiles): the page is the
  // organisers' description of their talks, so it names no other speaker. A unit that names a
  // declared speaker (full name, first name or surname) is theirs and the ones after it follow;
  // with a single declared speaker the whole page is that speaker's.
  void event_pass() {
    // The declared speakers each unit names, earliest first.
    std::vector<std::vector<Speaker*>> named(doc_.units.size());
    std::map<const Speaker*, int> named_first;  // units in which a speaker is named first
    for (std::size_t i = 0; i < doc_.units.size(); ++i) {
      const Unit& unit = doc_.units[i];
      if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
          unit.kind == UnitKind::Pingback) {
        continue;
      }
      const auto words = words_of(attribution::straight_quotes(unit.text));
      std::vector<std::pair<std::size_t, Speaker*>> refs;
      for (auto& sp : known_) {
        const std::size_t at = find_reference(words, sp);
        if (at != std::string::npos) refs.emplace_back(at, &sp);
      }
      std::sort(refs.begin(), refs.end());
      for (const auto& [at, sp] : refs) named[i].push_back(sp);
      if (!refs.empty()) ++named_first[refs.front().second];
    }
    Speaker* current = known_.size() == 1 ? &known_.front() : nullptr;
    if (current) current->talk = new_talk();
    for (std::size_t i = 0; i < doc_.units.size(); ++i) {
      Unit& unit = doc_.units[i];
      if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
          unit.kind == UnitKind::Pingback) {
        continue;
      }
      Speaker* ref = named[i].empty() ? nullptr : named[i].front();
      // A unit naming several speakers ("with A and B") goes to one that no unit names first, so
      // that each named speaker keeps a unit of their own.
      for (Speaker* sp : named[i]) {
        if (named_first[sp] == 0) {
          --named_first[ref];
          ++named_first[sp];
          ref = sp;
          break;
        }
      }
      if (ref) {
        if (ref != current) ref->talk = new_talk();
        current = ref;
        set(unit, *ref, AttributionSource::Metadata,
            "names " + ref->name + ", a speaker the event's metadata declares");
      } else if (current) {
        set(unit, *current, AttributionSource::Metadata,
            known_.size() == 1 ? "the event's one declared speaker is " + current->name
                               : "continues the part of " + current->name);
      }
    }
  }


  int count_turns() const {
    // One "Mr. LOTT." marker is enough (a Record granule); "NAME:" needs two, as a live-blog
    // may have a single capitalised label. A mixed-case "Mr. Hale." needs the roster, which only
    // transcript_pass consults.
    int n = 0;
    for (const auto& unit : doc_.units) {
      if (unit.kind != UnitKind::Paragraph) continue;
      auto turn = turn_marker(unit.text);
      if (turn && !turn->needs_roster) n += turn->is_capitals_name ? 1 : 2;
    }
    return n;
  }

  // "Session facilitator(s): Alexandra Kanik, Natasha Vicens" maps first names to people.
  std::map<std::string, std::string> facilitators_by_first_name() const {
    std::map<std::string, std::string> full_by_first;
    for (const auto& unit : doc_.units) {
      const std::string lowered = lower(unit.text);
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
          full_by_first.emplace(lower(parts.front().text), name);
          // "SW:" for Sam Whitlock: the initials, when no other facilitator shares them.
          std::string initials;
          for (const auto& w : parts) initials += static_cast<char>(std::tolower(static_cast<unsigned char>(w.text[0])));
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
  RecordName record_turn_name(const Turn& turn, const RecordMembers::Match& match) const {
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
      if (!doc_.post.roster.empty()) out.why += " (no member of the day's MODS fits it)";
    }
    return out;
  }

  // "HON. HUGH T. HARLAN" over an Extension of Remarks names the member whose remarks follow.
  RecordName byline_name(const std::string& printed, const RecordMembers& members) const {
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
  Speaker record_speaker(const RecordName& who) {
    for (const auto& sp : known_) {
      if (sp.name == who.name) return sp;
    }
    Speaker sp;
    sp.name = who.name;
    const auto parts = words_of(strip_titles(who.name));
    if (!parts.empty()) sp.first = parts.front().text;
    sp.surname = who.surname;
    known_.push_back(sp);
    return sp;
  }

  // "By Mr. SALAZAR: S. 1091. A bill …" lists a bill: its sponsor is named, not speaking (the
  // 1997 MODS lists no sponsor as speaking, the 2005 one does). False for other text.
  bool mention_sponsor(Unit& unit, const RecordMembers& members) const {
    const auto sponsor = parse_sponsor(unit.text);
    if (!sponsor) return false;
    const RecordMembers::Match match = members.find(*sponsor);
    unit.mentions.push_back(match.member ? match.member->name : normal_case_form(*sponsor));
    unit.explanation = "bill listing: its sponsor is a mention, not a speaker";
    return true;
  }

  void transcript_pass() {
    const auto full_by_first = facilitators_by_first_name();
    static const std::set<std::string> kAnonymous = {"AUDIENCE", "PARTICIPANT", "AUDIENCE MEMBER",
                                                     "SPEAKER", "VOICE", "PANELIST", "ATTENDEE"};
    const RecordMembers members(doc_.post.roster);
    std::map<std::string, std::string> role_of;            // speaker → role, from the roster
    std::map<std::string, std::string> byline_by_surname;  // "Harlan" → "Hugh T. Harlan"
    std::optional<RecordName> byline;  // a byline whose remarks have not started yet
    std::optional<Speaker> current;
    int turn_unit = 0;
    std::string marker;
    auto start_turn = [&](Unit& unit, const Speaker& found, const RecordName& who,
                          AttributionSource source) {
      Speaker sp = found;
      sp.talk = current && current->name == sp.name ? current->talk : new_talk();
      current = sp;
      role_of[sp.name] = who.role;
      set(unit, sp, source, who.why);
      unit.role = who.role;
      turn_unit = unit.position;
    };
    for (auto& unit : doc_.units) {
      if (unit.kind == UnitKind::Title || unit.kind == UnitKind::Comment ||
          unit.kind == UnitKind::Pingback) {
        continue;
      }
      if (unit.kind == UnitKind::Heading) {
        current.reset();
        if (auto printed = parse_byline(unit.text)) byline = byline_name(*printed, members);
        continue;
      }
      std::optional<Turn> turn =
          unit.kind == UnitKind::Paragraph ? turn_marker(unit.text) : std::nullopt;
      RecordMembers::Match match;
      if (turn && turn->member) {
        match = members.find(*turn->member);
        if (turn->needs_roster && (!match.member || match.is_spelling_guess)) turn.reset();
      }
      if (!turn) {
        if (unit.kind == UnitKind::Paragraph && is_record_narration(unit.text)) {
          current.reset();
          continue;
        }
        if (unit.kind == UnitKind::Paragraph && mention_sponsor(unit, members)) {
          current.reset();
          continue;
        }
        if (byline) {
          if (is_byline_line(unit.text)) continue;
          byline_by_surname[byline->surname] = byline->name;
          start_turn(unit, record_speaker(*byline), *byline, AttributionSource::Introduction);
          marker = byline->name;
          byline.reset();
          continue;
        }
        if (current) {
          set(unit, *current, AttributionSource::Continuation,
              "continues the turn at unit " + std::to_string(turn_unit) + " ('" + marker + "')");
          unit.role = role_of[current->name];
        }
        continue;
      }
      if (byline) byline_by_surname[byline->surname] = byline->name;
      byline.reset();
      marker = turn->speaker;
      if (turn->anonymous) {
        current.reset();
        turn_unit = unit.position;
        unit.explanation = "a turn marked '>>' that names no one";
        continue;
      }
      if (turn->is_capitals_name && kAnonymous.count(turn->speaker)) {
        current.reset();
        turn_unit = unit.position;
        unit.explanation = "turn marker '" + marker + ":' names no one";
        continue;
      }
      if (turn->member || turn->is_officer) {
        RecordName who = record_turn_name(*turn, match);
        // Without a roster, "Mr. HARLAN." under the byline "HON. HUGH T. HARLAN" is him.
        auto by = byline_by_surname.find(who.surname);
        if (!who.is_full_name && turn->member && turn->member->state.empty() &&
            !who.surname.empty() && by != byline_by_surname.end()) {
          who.name = by->second;
          who.why += ", the member of the byline";
        }
        start_turn(unit, record_speaker(who), who, AttributionSource::TurnMarker);
        continue;
      }
      auto it = full_by_first.find(lower(turn->speaker));
      RecordName who;
      who.name = it != full_by_first.end() ? it->second : title_case(turn->speaker);
      who.why = "turn marker '" + marker + "'";
      // A first name or initials alone ("Ryan:", "MK:") that no facilitator line completes
      // names nobody in full: the turn ends the last one, and its speaker stays empty.
      if (who.name.empty() || (it == full_by_first.end() && turn->speaker.find(' ') == std::string::npos)) {
        current.reset();
        turn_unit = unit.position;
        unit.explanation = "turn marker '" + marker + ":' gives only a first name or initials";
        continue;
      }
      Speaker* known = find_known(who.name);
      Speaker sp = known ? *known : make_speaker(who.name, "");
      if (!known) known_.push_back(sp);
      start_turn(unit, sp, who, AttributionSource::TurnMarker);
    }
  }

  void metadata_pass() {
    std::string last_speaker;
    std::string talk;
    for (auto& unit : doc_.units) {
      if (unit.speaker.empty()) {
        last_speaker.clear();
        continue;
      }
      if (const PersonEntry* p = g_.find_person(unit.speaker)) {
        if (unit.org.empty()) unit.org = p->org;
        unit.speaker = p->name;
      }
      if (!unit.org.empty()) {
        unit.org = override_orgs_.count(org_key(unit.org)) ? override_org(unit.org)
                                                            : canonical_org(unit.org, g_, learnt_);
      }
      if (unit.speaker != last_speaker) talk = new_talk();
      last_speaker = unit.speaker;
      if (unit.talk.empty()) unit.talk = talk;
      if (unit.source == AttributionSource::None) unit.source = AttributionSource::Metadata;
      if (unit.explanation.empty()) unit.explanation = "speaker given by the source's metadata";
    }
  }

  // A speaker the metadata declares but the text never names (an event page that lists its
  // panel only in front matter, which the site's template shows as a speakers list) still gets
  // one unit, "Name, Organisation", like a line of a session-video list, so that the speaker and
  // organisation facets find every declared speaker of the event.
  void add_declared_speaker_units() {
    std::set<std::string> attributed;
    for (const auto& unit : doc_.units) {
      if (!unit.speaker.empty()) attributed.insert(text::name_key(unit.speaker));
    }
    for (const auto& sp : known_) {
      if (!sp.from_metadata || sp.name.empty() || attributed.count(text::name_key(sp.name))) continue;
      attributed.insert(text::name_key(sp.name));
      Unit unit;
      unit.kind = UnitKind::Caption;
      unit.text = sp.org.empty() ? sp.name : sp.name + ", " + sp.org;
      unit.speaker = sp.name;
      unit.org = sp.org;
      unit.talk = new_talk();
      unit.source = AttributionSource::Metadata;
      unit.explanation = "declared by the post's metadata; the text does not name them";
      doc_.units.push_back(std::move(unit));
    }
  }

  void finish() {
    // Tags and categories that name a theme (or one of its terms) apply to the whole post.
    std::set<std::string> post_themes;
    for (const auto& tag : doc_.post.tags) {
      const auto tag_tokens = theme_tokens(tag);
      for (const auto& theme : g_.themes()) {
        bool match = theme_tokens(theme.name) == tag_tokens;
        for (const auto& term : theme.terms) match = match || theme_tokens(term) == tag_tokens;
        if (match) post_themes.insert(theme.name);
      }
    }
    for (auto& unit : doc_.units) {
      if (!unit.speaker.empty()) unit.speaker = learnt_.person_spelling(clean_name(unit.speaker));
      // A declared speaker's role (front matter, JSONL, GOV.UK) goes with their units.
      if (!unit.speaker.empty() && unit.role.empty()) {
        for (const auto& p : doc_.post.speakers) {
          if (!p.role.empty() && person_key(p.name) == person_key(unit.speaker)) unit.role = p.role;
        }
      }
      // An office standing for a person ("Mr. Speaker", "The Presiding Officer") is a role:
      // the facet is for people, and the text does not say who held the office.
      if (is_office_name(unit.speaker)) {
        if (unit.role.empty()) unit.role = unit.speaker;
        unit.speaker.clear();
        unit.explanation += unit.explanation.empty() ? "an office, not a person" : "; an office, not a person";
      }
      // A peer is "The Earl of Stanbridge", however the source prints it.
      static const std::regex kPeer(R"(^(Earl|Countess|Viscount|Viscountess|Marquess|Duke|Duchess|Lord Bishop) of .+)");
      if (std::regex_match(unit.speaker, kPeer)) unit.speaker = "The " + unit.speaker;
      // A site's author slug that no profile resolves: "jane-corrigan" → "Jane Corrigan".
      if (is_slug(unit.speaker)) unit.speaker = slug_to_name(unit.speaker);
      if (!unit.speaker.empty() && g_.is_never(unit.speaker)) {
        unit.speaker.clear();
        unit.explanation = "the speaker found is on the gazetteer's never: list";
      }
      if (!unit.org.empty()) {
        // One form per organisation: no possessive, no qualifying "U.S." ("U.S. General
        // Services Administration" = "General Services Administration"); a country or a degree
        // alone ("U.S", "Ph.D") is no organisation.
        auto known = g_.find_org(unit.org);
        std::string org = known ? *known : attribution::clean_org(unit.org);
        static const std::set<std::string> kNotOrgs = {
            "u s", "us", "usa", "uk", "u k", "united states", "united kingdom", "america",
            "britain", "great britain", "england", "scotland", "wales", "ph d", "phd", "msw",
            "mph", "md", "jd", "mba", "rn", "esq", "d c", "dc", "po box"};
        // A postcode ("KH1 2AB", "Kirkhope KH4 9ZZ") is an address, not an organisation.
        static const std::regex kPostcode(R"((^|\s)[A-Z]{1,2}[0-9][0-9A-Z]?\s[0-9][A-Z]{2}$)");
        // A handle ("@KirkhopeCU", "#OpenData") is an account, not an organisation's name.
        const bool handle = !org.empty() && (org[0] == '@' || org[0] == '#');
        if (handle || kNotOrgs.count(text::name_key(org)) || g_.is_never(org) ||
            std::regex_search(org, kPostcode)) {
          org.clear();
        }
        if (!org.empty() && !known) {
          known = g_.find_org(org);
          // An acronym the run has seen defined becomes its full name ("Kirkhope OSTP" →
          // "OSTP" → "Office of …"); any other spelling the first one seen.
          const bool acronym =
              org.size() >= 2 && org.size() <= 8 &&
              std::all_of(org.begin(), org.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
          org = known ? *known : acronym ? canonical_org(org, g_, learnt_) : learnt_.spelling(org);
        }
        unit.org = org;
        if (org.empty() && unit.speaker.empty()) unit.role.clear();
      }
      auto themes = themes_of(unit.text, g_);
      const bool is_reader = unit.kind == UnitKind::Comment || unit.kind == UnitKind::Pingback;
      if (!is_reader) {
        for (const auto& theme : g_.themes()) {
          if (post_themes.count(theme.name) &&
              std::find(themes.begin(), themes.end(), theme.name) == themes.end()) {
            themes.push_back(theme.name);
          }
        }
      }
      for (const auto& t : unit.themes) {
        if (std::find(themes.begin(), themes.end(), t) == themes.end()) themes.push_back(t);
      }
      unit.themes = std::move(themes);
      mentions(unit);
    }
  }

  void mentions(Unit& unit) {
    std::set<std::string> found(unit.mentions.begin(), unit.mentions.end());
    const std::string text = attribution::straight_quotes(unit.text);
    auto words = words_of(text);
    // Organisations: gazetteer names and aliases, and learnt acronyms.
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (!is_upper(words[i].text.empty() ? 'x' : words[i].text[0])) continue;
      for (std::size_t n = std::min<std::size_t>(9, words.size() - i); n >= 1; --n) {
        std::string window;
        for (std::size_t k = i; k < i + n; ++k) {
          if (!window.empty()) window += ' ';
          window += words[k].text;
        }
        std::optional<std::string> org = g_.find_org(window);
        if (!org && n == 1 && learnt_.expand(window)) org = canonical_org(window, g_, learnt_);
        if (org) {
          found.insert(*org);
          i += n - 1;
          break;
        }
      }
    }
    // People: everyone known in this post or the gazetteer named by full name.
    for (const auto& c : person_candidates(words)) {
      if (const PersonEntry* p = g_.find_person(c.written)) found.insert(p->name);
      else if (Speaker* sp = find_known(c.written)) found.insert(sp->name);
    }
    found.erase(unit.speaker);
    found.erase(unit.org);
    if (unit.comment) found.erase(unit.comment->author);
    unit.mentions.assign(found.begin(), found.end());
  }
};

}  // namespace

std::vector<std::string> themes_of(std::string_view text, const Gazetteer& gazetteer) {
  std::vector<std::string> out;
  const auto tokens = theme_tokens(text);
  for (const auto& theme : gazetteer.themes()) {
    for (const auto& term : theme.terms) {
      if (contains_sequence(tokens, theme_tokens(term))) {
        out.push_back(theme.name);
        break;
      }
    }
  }
  return out;
}

void attribute(PostDoc& doc, const Gazetteer& gazetteer, AcronymTable& learnt,
               const PostOverride* override_file) {
  Attributor(doc, gazetteer, learnt, override_file).run();
  // Numbers any unit added above and folds the attribution into the fingerprint, so that a
  // gazetteer or taxonomy edit re-indexes the posts it changes. Existing ids do not move.
  finalise_post(doc);
}

}  // namespace civic::indexer
