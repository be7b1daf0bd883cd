// The facet values of a post once a pass has attributed it: a speaker or organisation in one
// canonical form (the gazetteer's, the run's first spelling, an acronym's full name), offices,
// handles and addresses dropped; the themes of each unit (its own text and the post's tags);
// the people and organisations each unit mentions. Runs last, whatever the pass.
#include <algorithm>
#include <optional>
#include <regex>
#include <set>

#include "indexer/attribution.h"
#include "indexer/attribution/names.h"
#include "indexer/attribution/passes.h"
#include "indexer/attribution/post_state.h"
#include "indexer/attribution/words.h"
#include "query/core/text.h"

namespace civic::indexer::attribution {
namespace {

// ---------------------------------------------------------------------------------------------
// People and organisations found in a sentence.

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

// Runs of capitalised name words (after optional titles) of at least two words, or one word
// after a title ("Ms Okafor"), as written (with the titles).
std::vector<std::string> person_candidates(const std::vector<Word>& words) {
  std::vector<std::string> out;
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
      std::string written;
      for (std::size_t k = start; k < i; ++k) {
        if (!written.empty()) written += ' ';
        written += words[k].text;
      }
      out.push_back(std::move(written));
    }
    if (i == start) ++i;
  }
  return out;
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
// Facet values.

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

// The people and organisations `unit` names, besides its speaker, organisation and comment
// author, added to those a pass found.
void mentions(PostState& state, Unit& unit) {
  const Gazetteer& g = state.gazetteer;
  std::set<std::string> found(unit.mentions.begin(), unit.mentions.end());
  const std::string text = straight_quotes(unit.text);
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
      std::optional<std::string> org = g.find_org(window);
      if (!org && n == 1 && state.learnt.expand(window)) {
        org = canonical_org(window, g, state.learnt);
      }
      if (org) {
        found.insert(*org);
        i += n - 1;
        break;
      }
    }
  }
  // People: everyone known in this post or the gazetteer named by full name.
  for (const auto& written : person_candidates(words)) {
    if (const PersonEntry* p = g.find_person(written)) {
      found.insert(p->name);
    } else if (auto id = state.speakers.find(written, g)) {
      found.insert(state.speakers.at(*id).name);
    }
  }
  found.erase(unit.speaker);
  found.erase(unit.org);
  if (unit.comment) found.erase(unit.comment->author);
  unit.mentions.assign(found.begin(), found.end());
}

// Tags and categories that name a theme (or one of its terms) apply to the whole post.
std::set<std::string> post_themes_of(const PostDoc& doc, const Gazetteer& g) {
  std::set<std::string> post_themes;
  for (const auto& tag : doc.post.tags) {
    const auto tag_tokens = theme_tokens(tag);
    for (const auto& theme : g.themes()) {
      bool match = theme_tokens(theme.name) == tag_tokens;
      for (const auto& term : theme.terms) match = match || theme_tokens(term) == tag_tokens;
      if (match) post_themes.insert(theme.name);
    }
  }
  return post_themes;
}

// The unit's speaker as a facet value: the run's spelling, the declared role, an office
// moved to the role, a peer's "The", a slug made a name, nobody on the never: list.
void speaker_facet(Unit& unit, const PostDoc& doc, const Gazetteer& g, AcronymTable& learnt) {
  if (!unit.speaker.empty()) unit.speaker = learnt.person_spelling(clean_name(unit.speaker));
  // A declared speaker's role (front matter, JSONL, GOV.UK) goes with their units.
  if (!unit.speaker.empty() && unit.role.empty()) {
    for (const auto& p : doc.post.speakers) {
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
  if (!unit.speaker.empty() && g.is_never(unit.speaker)) {
    unit.speaker.clear();
    unit.explanation = "the speaker found is on the gazetteer's never: list";
  }
}

// The unit's organisation as a facet value (after speaker_facet(): an organisation left
// without a speaker takes the role with it).
void org_facet(Unit& unit, const Gazetteer& g, AcronymTable& learnt) {
  if (unit.org.empty()) return;
  // One form per organisation: no possessive, no qualifying "U.S." ("U.S. General
  // Services Administration" = "General Services Administration"); a country or a degree
  // alone ("U.S", "Ph.D") is no organisation.
  auto known = g.find_org(unit.org);
  std::string org = known ? *known : clean_org(unit.org);
  static const std::set<std::string> kNotOrgs = {
      "u s", "us", "usa", "uk", "u k", "united states", "united kingdom", "america",
      "britain", "great britain", "england", "scotland", "wales", "ph d", "phd", "msw",
      "mph", "md", "jd", "mba", "rn", "esq", "d c", "dc", "po box"};
  // A postcode ("KH1 2AB", "Kirkhope KH4 9ZZ") is an address, not an organisation.
  static const std::regex kPostcode(R"((^|\s)[A-Z]{1,2}[0-9][0-9A-Z]?\s[0-9][A-Z]{2}$)");
  // A handle ("@KirkhopeCU", "#OpenData") is an account, not an organisation's name.
  const bool handle = !org.empty() && (org[0] == '@' || org[0] == '#');
  if (handle || kNotOrgs.count(text::name_key(org)) || g.is_never(org) ||
      std::regex_search(org, kPostcode)) {
    org.clear();
  }
  if (!org.empty() && !known) {
    known = g.find_org(org);
    // An acronym the run has seen defined becomes its full name ("Kirkhope OSTP" →
    // "OSTP" → "Office of …"); any other spelling the first one seen.
    const bool acronym =
        org.size() >= 2 && org.size() <= 8 &&
        std::all_of(org.begin(), org.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    org = known ? *known : acronym ? canonical_org(org, g, learnt) : learnt.spelling(org);
  }
  unit.org = org;
  if (org.empty() && unit.speaker.empty()) unit.role.clear();
}

// The unit's themes: its own text's, then the post's (not for comments and pingbacks), then
// those a pass set.
void unit_themes(Unit& unit, const std::set<std::string>& post_themes, const Gazetteer& g) {
  auto themes = themes_of(unit.text, g);
  const bool is_reader = unit.kind == UnitKind::Comment || unit.kind == UnitKind::Pingback;
  if (!is_reader) {
    for (const auto& theme : g.themes()) {
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
}

}  // namespace

void finish(PostState& state) {
  PostDoc& doc = state.doc;
  const Gazetteer& g = state.gazetteer;
  const std::set<std::string> post_themes = post_themes_of(doc, g);
  for (auto& unit : doc.units) {
    speaker_facet(unit, doc, g, state.learnt);
    org_facet(unit, g, state.learnt);
    unit_themes(unit, post_themes, g);
    mentions(state, unit);
  }
}

}  // namespace civic::indexer::attribution

namespace civic::indexer {

std::vector<std::string> themes_of(std::string_view text, const Gazetteer& gazetteer) {
  std::vector<std::string> out;
  const auto tokens = attribution::theme_tokens(text);
  for (const auto& theme : gazetteer.themes()) {
    for (const auto& term : theme.terms) {
      if (attribution::contains_sequence(tokens, attribution::theme_tokens(term))) {
        out.push_back(theme.name);
        break;
      }
    }
  }
  return out;
}

}  // namespace civic::indexer
