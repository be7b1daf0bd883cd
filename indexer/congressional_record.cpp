// Record members: MODS → roster, printed forms → member. GPO's MODS (MODS 3.x, namespace
// http://www.loc.gov/mods/v3) describes a day's package and, per granule, a
// `relatedItem type="constituent" ID="id-<granule>"` whose `extension` holds the granule's
// `chamber` and one `congMember` per member who speaks (attributes bioGuideId, chamber S|H,
// party, state; `name` children typed parsed, authority-fnf, authority-lnf, authority-other).
#include "indexer/congressional_record.h"

#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>

#include "indexer/record_words.h"
#include "indexer/xml_parse.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace fs = std::filesystem;
using record::is_capitals_word;
using record::is_mixed_word;
using record::is_particle;
using record::is_state_word;
using record::is_suffix_key;
using record::is_upper_at;
using record::normal_case_word;
using record::same_kind_of_title;
using record::Shape;
using record::shape_of;
namespace {

// ---------------------------------------------------------------------------------------------
// States, as MODS codes them and as the Record names them ("of New Jersey").

const std::map<std::string, std::string>& state_names() {
  // clang-format off
  static const std::map<std::string, std::string> k = {
      {"AL", "Alabama"},        {"AK", "Alaska"},         {"AZ", "Arizona"},
      {"AR", "Arkansas"},       {"CA", "California"},     {"CO", "Colorado"},
      {"CT", "Connecticut"},    {"DE", "Delaware"},       {"FL", "Florida"},
      {"GA", "Georgia"},        {"HI", "Hawaii"},         {"ID", "Idaho"},
      {"IL", "Illinois"},       {"IN", "Indiana"},        {"IA", "Iowa"},
      {"KS", "Kansas"},         {"KY", "Kentucky"},       {"LA", "Louisiana"},
      {"ME", "Maine"},          {"MD", "Maryland"},       {"MA", "Massachusetts"},
      {"MI", "Michigan"},       {"MN", "Minnesota"},      {"MS", "Mississippi"},
      {"MO", "Missouri"},       {"MT", "Montana"},        {"NE", "Nebraska"},
      {"NV", "Nevada"},         {"NH", "New Hampshire"},  {"NJ", "New Jersey"},
      {"NM", "New Mexico"},     {"NY", "New York"},       {"NC", "North Carolina"},
      {"ND", "North Dakota"},   {"OH", "Ohio"},           {"OK", "Oklahoma"},
      {"OR", "Oregon"},         {"PA", "Pennsylvania"},   {"RI", "Rhode Island"},
      {"SC", "South Carolina"}, {"SD", "South Dakota"},   {"TN", "Tennessee"},
      {"TX", "Texas"},          {"UT", "Utah"},           {"VT", "Vermont"},
      {"VA", "Virginia"},       {"WA", "Washington"},     {"WV", "West Virginia"},
      {"WI", "Wisconsin"},      {"WY", "Wyoming"},        {"DC", "the District of Columbia"},
      {"PR", "Puerto Rico"},    {"GU", "Guam"},           {"VI", "the Virgin Islands"},
      {"AS", "American Samoa"}, {"MP", "the Northern Mariana Islands"}};
  // clang-format on
  return k;
}

// "Senator from South Carolina"; the House's non-voting members are Delegates and Puerto Rico's
// a Resident Commissioner.
std::string seat_of(char chamber, const std::string& state_code) {
  auto it = state_names().find(state_code);
  if (it == state_names().end()) return chamber == 'S' ? "Senator" : "";
  const std::string from = " from " + it->second;
  if (chamber == 'S') return "Senator" + from;
  if (chamber != 'H') return "";
  if (state_code == "PR") return "Resident Commissioner" + from;
  if (state_code == "DC" || state_code == "GU" || state_code == "VI" || state_code == "AS" ||
      state_code == "MP") {
    return "Delegate" + from;
  }
  return "Representative" + from;
}

// ---------------------------------------------------------------------------------------------
// MODS → the day's members.

struct DayMember {
  Person person;
  char chamber = '?';  // 'S' or 'H'
};

struct RecordDay {
  std::vector<DayMember> members;               // one per member, in order of first appearance
  std::map<std::string, char> granule_chamber;  // granule id → 'S', 'H' or '?'
};

bool named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST name);
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, BAD_CAST name);
  if (value == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

std::string text_of(const xmlNode* node) {
  return text::collapse_whitespace(text::to_valid_utf8(xml_text(node)));
}

// "Conyers, John, Jr." → "John Conyers Jr.".
std::string natural_order(const std::string& lnf) {
  const auto comma = lnf.find(',');
  if (comma == std::string::npos) return lnf;
  std::string rest = lnf.substr(comma + 1);
  std::string suffix;
  if (const auto second = rest.find(','); second != std::string::npos) {
    suffix = std::string(ascii::trim(rest.substr(second + 1)));
    rest.resize(second);
  }
  std::string out =
      std::string(ascii::trim(rest)) + " " + std::string(ascii::trim(lnf.substr(0, comma)));
  return suffix.empty() ? out : out + " " + suffix;
}

// The words of `printed_name` that spell `surname` ("ANA MARIA DELUCA", "DeLuca" →
// "JOHNSON"); empty when the surname is not at its end.
std::string printed_surname(const std::string& printed_name, const std::string& surname) {
  const std::string wanted = text::name_key(surname);
  if (wanted.empty()) return {};
  for (std::size_t at = 0; at != std::string::npos; at = printed_name.find(' ', at + 1)) {
    const std::string tail = printed_name.substr(at == 0 ? 0 : at + 1);
    if (text::name_key(tail) == wanted) return tail;
    if (at == 0 && printed_name.find(' ') == std::string::npos) break;
  }
  return {};
}

void add_alias(Person& person, std::string alias) {
  if (alias.empty()) return;
  if (std::find(person.aliases.begin(), person.aliases.end(), alias) == person.aliases.end()) {
    person.aliases.push_back(std::move(alias));
  }
}

void read_member(const xmlNode* cong, std::map<std::string, std::size_t>& index, RecordDay& day) {
  std::string parsed, fnf, lnf, other;
  for (const xmlNode* n = cong->children; n != nullptr; n = n->next) {
    if (!named(n, "name")) continue;
    const std::string type = attribute(n, "type");
    std::string value = text_of(n);
    if (type == "parsed") {
      parsed = std::move(value);
    } else if (type == "authority-fnf") {
      fnf = std::move(value);
    } else if (type == "authority-lnf") {
      lnf = std::move(value);
    } else if (type == "authority-other") {
      other = std::move(value);
    }
  }
  std::string name = !fnf.empty() ? fnf : !other.empty() ? other : natural_order(lnf);
  const auto printed = parse_printed_member(parsed + ".");
  if (name.empty() && printed) name = normal_case(printed->name);
  if (name.empty()) return;
  const std::string id = attribute(cong, "bioGuideId");
  const std::string key = id.empty() ? text::name_key(name) : id;
  auto [it, fresh] = index.emplace(key, day.members.size());
  if (fresh) {
    DayMember member;
    member.person.name = name;
    const std::string chamber = attribute(cong, "chamber");
    member.chamber = chamber == "S" ? 'S' : chamber == "H" ? 'H' : '?';
    member.person.role = seat_of(member.chamber, attribute(cong, "state"));
    day.members.push_back(std::move(member));
  }
  Person& person = day.members[it->second].person;
  if (!printed) return;
  // The printed form, and the forms the Record uses for the same member on other days: the
  // surname alone and with the state ("Mr. HARLAN of Vermont"), which it prints when
  // two members share a surname.
  add_alias(person, printed->printed());
  std::string surname = lnf.substr(0, lnf.find(','));
  if (surname.empty()) {
    std::vector<std::string> words;
    std::istringstream in(name);
    for (std::string w; in >> w;) words.push_back(w);
    while (words.size() > 1 && is_suffix_key(text::name_key(words.back()))) words.pop_back();
    if (!words.empty()) surname = words.back();
  }
  std::string short_name = printed_surname(printed->name, surname);
  if (short_name.empty()) short_name = printed->name;
  add_alias(person, printed->title + " " + short_name);
  auto state = state_names().find(attribute(cong, "state"));
  if (state != state_names().end()) {
    add_alias(person, printed->title + " " + short_name + " of " + state->second);
    add_alias(person, printed->title + " " + printed->name + " of " + state->second);
  }
}

void read_extension(const xmlNode* extension, const std::string& granule,
                    std::map<std::string, std::size_t>& index, RecordDay& day) {
  for (const xmlNode* n = extension->children; n != nullptr; n = n->next) {
    if (named(n, "chamber") && !granule.empty()) {
      const std::string chamber = text_of(n);
      day.granule_chamber[granule] = chamber == "SENATE" ? 'S' : chamber == "HOUSE" ? 'H' : '?';
    } else if (named(n, "congMember")) {
      read_member(n, index, day);
    }
  }
}

Result<RecordDay> parse_mods(std::string_view bytes, const Source& source) {
  auto doc = parse_xml(bytes, source);
  if (!doc) return Unexpected{doc.error()};
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  RecordDay day;
  if (root == nullptr || !named(root, "mods")) return day;
  std::map<std::string, std::size_t> index;
  for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
    if (named(n, "extension")) read_extension(n, "", index, day);
    if (!named(n, "relatedItem") || attribute(n, "type") != "constituent") continue;
    std::string id = attribute(n, "ID");
    if (id.starts_with("id-")) id.erase(0, 3);
    if (id.empty()) continue;
    day.granule_chamber.emplace(id, '?');
    for (const xmlNode* e = n->children; e != nullptr; e = e->next) {
      if (named(e, "extension")) read_extension(e, id, index, day);
    }
  }
  return day;
}

// ---------------------------------------------------------------------------------------------
// The cache of parsed MODS files. The indexer reads files on one read-ahead thread, tests may
// read from several; a mutex keeps the few entries consistent, and parsing under it means a
// MODS is never parsed twice at once.

constexpr std::size_t kCachedDays = 8;
constexpr std::uintmax_t kMaxModsBytes = 64u << 20;

struct CachedDay {
  fs::path path;
  std::uintmax_t size = 0;
  fs::file_time_type modified;
  std::shared_ptr<const RecordDay> day;  // null when the file could not be read
};

std::mutex cache_mutex;
std::deque<CachedDay> cache;  // newest first

// The day's MODS of a granule: beside it or in the package folder above `html/`.
std::optional<fs::path> find_mods(const fs::path& granule) {
  std::error_code ec;
  for (const fs::path& folder : {granule.parent_path(), granule.parent_path().parent_path()}) {
    if (folder.empty()) continue;
    fs::path candidate = folder / "mods.xml";
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

// The parsed MODS at `path`, from the cache or read now; `warning` is set when it was read now
// and could not be used.
std::shared_ptr<const RecordDay> load_day(const fs::path& path, std::optional<Error>& warning) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return nullptr;
  const fs::file_time_type modified = fs::last_write_time(path, ec);
  if (ec) return nullptr;
  std::lock_guard<std::mutex> lock(cache_mutex);
  for (const auto& entry : cache) {
    if (entry.path == path && entry.size == size && entry.modified == modified) return entry.day;
  }
  std::shared_ptr<const RecordDay> day;
  const Source source{path.string(), path.string()};
  if (size > kMaxModsBytes) {
    warning = Error{ErrorCode::InvalidInput, source.path + ": MODS larger than 64 MiB, not read"};
  } else {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
      warning = Error{ErrorCode::InvalidInput, source.path + ": cannot read the MODS"};
    } else if (auto parsed = parse_mods(bytes.str(), source)) {
      day = std::make_shared<const RecordDay>(std::move(*parsed));
    } else {
      warning = parsed.error();
    }
  }
  if (warning) {
    warning->message += " (the day's granules keep the names as printed)";
  }
  std::erase_if(cache, [&](const CachedDay& entry) { return entry.path == path; });
  cache.push_front(CachedDay{path, size, modified, day});
  if (cache.size() > kCachedDays) cache.pop_back();
  return day;
}

// The chamber of a granule the MODS does not describe, from its page: "…-PgS693-4" is the
// Senate's, "PgH" the House's and "PgE" (Extensions of Remarks) the House's members'.
char chamber_of_page(const std::string& granule) {
  const auto at = granule.rfind("-Pg");
  if (at == std::string::npos || at + 3 >= granule.size()) return '?';
  const char page = granule[at + 3];
  return page == 'S' ? 'S' : page == 'H' || page == 'E' ? 'H' : '?';
}

// Damerau distance at most one: one letter changed, added, dropped, or two neighbours swapped.
bool one_edit_apart(std::string_view a, std::string_view b) {
  if (a == b) return false;
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // changed
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // swapped
  }
  return a.substr(i) == b.substr(i + 1);  // added
}

std::string last_word(const std::string& key) { return key.substr(key.rfind(' ') + 1); }

}  // namespace

RecordRoster record_roster(const fs::path& granule) {
  RecordRoster out;
  const auto mods = find_mods(granule);
  if (!mods) return out;
  auto day = load_day(*mods, out.warning);
  if (!day) return out;
  const std::string id = granule.stem().string();
  auto it = day->granule_chamber.find(id);
  if (it == day->granule_chamber.end()) return out;  // another package's MODS
  const char chamber = it->second != '?' ? it->second : chamber_of_page(id);
  for (const auto& member : day->members) {
    if (chamber == '?' || member.chamber == chamber) out.members.push_back(member.person);
  }
  return out;
}

std::string PrintedMember::printed() const {
  std::string out = title + " " + name;
  if (!state.empty()) out += " of " + state;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The steps of parse_printed_member().

namespace {

// Sets `out.title` from the title starting `text` (after blanks) and returns the offset after
// it; leaves the title empty when there is none.
std::size_t read_title(std::string_view text, PrintedMember& out) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  for (std::string_view title : {"Mr. ", "Mrs. ", "Ms. ", "Miss ", "Dr. "}) {
    if (text.substr(i).starts_with(title)) {
      out.title = std::string(title.substr(0, title.size() - 1));
      i += title.size();
      break;
    }
  }
  return i;
}

// A word after the title, and the offset in the text where it ends.
struct Token {
  std::string text;
  std::size_t end;
};

// The first ten words from `i`; a word ending in a hyphen joins the next (a line break inside
// "MARTIN-DELUCA").
std::vector<Token> printed_words(std::string_view text, std::size_t i) {
  std::vector<Token> tokens;
  while (i < text.size() && tokens.size() < 10) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j == i) break;
    std::string word(text.substr(i, j - i));
    if (!tokens.empty() && tokens.back().text.size() > 1 && tokens.back().text.ends_with('-')) {
      tokens.back().text += word;
      tokens.back().end = j;
    } else {
      tokens.push_back({std::move(word), j});
    }
    i = j;
  }
  return tokens;
}

// The state after "of" (tokens[k] is the "of"): "of New Jersey.", "of the Virgin Islands.".
// Sets `out.state` and `out.length`; false when the words are not a state's name.
bool read_state(const std::vector<Token>& tokens, std::size_t k, PrintedMember& out) {
  std::vector<std::string> state;
  std::size_t m = k + 1;
  for (; m < tokens.size() && state.size() < 4; ++m) {
    const std::string& w = tokens[m].text;
    const bool last = w.size() > 1 && w.back() == '.';
    const std::string_view b = last ? std::string_view(w).substr(0, w.size() - 1) : w;
    if (!(is_state_word(b) || (state.empty() && b == "the" && !last))) return false;
    state.emplace_back(b);
    if (last) break;
  }
  if (m >= tokens.size() || state.empty() || state.size() > 4) return false;
  for (const auto& w : state) out.state += (out.state.empty() ? "" : " ") + w;
  out.length = tokens[m].end;
  return true;
}

// The name's words, up to the stop that ends it or the "of" before a state (read too). Sets
// `out.length` (and the state), and whether the name has words in capitals or mixed case;
// false when a word fits neither or no stop is found.
bool read_name(const std::vector<Token>& tokens, PrintedMember& out, std::vector<std::string>& name,
               bool& capitals, bool& mixed) {
  for (std::size_t k = 0; k < tokens.size() && name.size() < 6; ++k) {
    const std::string& word = tokens[k].text;
    const bool stop = word.size() > 1 && word.back() == '.';
    const std::string_view bare = stop ? std::string_view(word).substr(0, word.size() - 1) : word;
    if (bare == "of" && !name.empty()) return read_state(tokens, k, out);
    if (bare.size() == 1 && stop && is_upper_at(bare, 0)) {
      name.emplace_back(word);  // an initial, "T."; a name word must follow
      continue;
    }
    if (!stop && is_particle(bare)) {
      name.emplace_back(bare);
      continue;
    }
    if (is_capitals_word(bare)) {
      capitals = true;
    } else if (is_mixed_word(bare) && bare.size() >= 2) {
      mixed = true;
    } else {
      return false;
    }
    name.emplace_back(bare);
    if (stop) {
      out.length = tokens[k].end;
      return true;
    }
  }
  return false;
}

// True when `rest`, the text after the name, starts by addressing the chair ("Mr. President,").
bool addresses_chair(std::string_view rest) {
  bool addresses = false;
  for (std::string_view address :
       {"Mr. President", "Madam President", "Mr. Speaker", "Madam Speaker", "Mr. Chairman",
        "Madam Chairman", "Madam Chairwoman", "Mr. Chair", "Madam Chair"}) {
    if (rest.starts_with(address) &&
        (rest.size() == address.size() || rest[address.size()] == ',' ||
         rest[address.size()] == '.' || rest[address.size()] == ' ')) {
      addresses = true;
    }
  }
  return addresses;
}

}  // namespace

std::optional<PrintedMember> parse_printed_member(std::string_view text) {
  text = text.substr(0, 240);
  PrintedMember out;
  const std::size_t after_title = read_title(text, out);
  if (out.title.empty()) return std::nullopt;
  const std::vector<Token> tokens = printed_words(text, after_title);
  std::vector<std::string> name;
  bool capitals = false, mixed = false;
  if (!read_name(tokens, out, name, capitals, mixed)) return std::nullopt;
  if (capitals == mixed) return std::nullopt;  // no name, or capitals mixed with words
  // The last word before the stop or "of" must be a name word, not an initial or a particle.
  const std::string& last = name.back();
  if (last.ends_with('.') || is_particle(last)) return std::nullopt;
  if (mixed && name.size() > 3) return std::nullopt;
  if (out.length < text.size() && !std::isspace(static_cast<unsigned char>(text[out.length]))) {
    return std::nullopt;
  }
  for (const auto& w : name) out.name += (out.name.empty() ? "" : " ") + w;
  out.is_capitals = capitals;
  std::size_t after = out.length;
  while (after < text.size() && std::isspace(static_cast<unsigned char>(text[after]))) ++after;
  out.addresses_chair = addresses_chair(text.substr(after));
  return out;
}

std::optional<PrintedMember> parse_sponsor(std::string_view text) {
  text = ascii::trim(text);
  if (!text.starts_with("By ")) return std::nullopt;
  text.remove_prefix(3);
  const auto end = text.find_first_of(":(,");
  if (end == std::string_view::npos || end > 80) return std::nullopt;
  auto sponsor = parse_printed_member(std::string(ascii::trim(text.substr(0, end))) + ".");
  if (!sponsor || !sponsor->is_capitals) return std::nullopt;
  return sponsor;
}

std::string normal_case(std::string_view caps) {
  std::string out;
  std::size_t i = 0;
  while (i < caps.size()) {
    std::size_t j = i;
    while (j < caps.size() && caps[j] != ' ') ++j;
    out += normal_case_word(caps.substr(i, j - i));
    while (j < caps.size() && caps[j] == ' ') out += caps[j++];
    i = j;
  }
  return out;
}

std::string normal_case_form(const PrintedMember& printed) {
  std::string out = printed.title + " " + normal_case(printed.name);
  if (!printed.state.empty()) out += " of " + printed.state;
  return out;
}

std::optional<std::string> parse_byline(std::string_view text) {
  text = ascii::trim(text);
  if (!text.starts_with("HON. ")) return std::nullopt;
  std::string_view name = ascii::trim(text.substr(5));
  if (name.empty() || name.size() > 80) return std::nullopt;
  const Shape shape = shape_of(name);
  if (shape.upper < 2 || shape.lower > shape.upper / 3) return std::nullopt;
  return std::string(name);
}

RecordMembers::RecordMembers(const std::vector<Person>& roster)
    : roster_(&roster), states_(roster.size()) {
  for (std::size_t m = 0; m < roster.size(); ++m) {
    for (const auto& alias : roster[m].aliases) {
      auto printed = parse_printed_member(alias + ".");
      if (!printed) continue;
      const std::string key = text::name_key(printed->name);
      if (key.empty()) continue;
      if (!printed->state.empty()) states_[m] = text::name_key(printed->state);
      forms_.push_back(Form{m, printed->title, key, last_word(key)});
    }
  }
}

template <class Pred>
RecordMembers::Match RecordMembers::pick(const PrintedMember& printed, Pred&& fits) const {
  const std::string state = text::name_key(printed.state);
  std::set<std::size_t> found, same_title;
  for (const auto& form : forms_) {
    if (!state.empty() && states_[form.member] != state) continue;
    if (!same_kind_of_title(form.title, printed.title) || !fits(form)) continue;
    found.insert(form.member);
    if (form.title == printed.title) same_title.insert(form.member);
  }
  Match match;
  if (found.size() == 1) {
    match.member = &(*roster_)[*found.begin()];
  } else if (same_title.size() == 1) {
    match.member = &(*roster_)[*same_title.begin()];  // "Mrs. JONES" beside "Ms. JONES"
  }
  return match;
}

RecordMembers::Match RecordMembers::find(const PrintedMember& printed) const {
  if (forms_.empty()) return {};
  const std::string key = text::name_key(printed.name);
  if (key.empty()) return {};
  const std::string last = last_word(key);
  auto any = [&](auto&& fits) {
    for (const auto& form : forms_) {
      if (fits(form)) return true;
    }
    return false;
  };
  // A step that several members fit is ambiguous: the later, looser steps must not choose one.
  auto exact = [&](const Form& f) { return f.key == key; };
  if (any(exact)) return pick(printed, exact);
  auto surname = [&](const Form& f) { return f.last == last; };
  if (any(surname)) return pick(printed, surname);
  if (key.size() < 5 || key.find(' ') != std::string::npos) return {};
  auto misprint = [&](const Form& f) {
    return f.key.size() >= 5 && f.key[0] == key[0] && one_edit_apart(f.key, key);
  };
  Match match = pick(printed, misprint);
  match.is_spelling_guess = match.member != nullptr;
  return match;
}

const Person* RecordMembers::find_full_name(std::string_view name) const {
  const std::string key = text::name_key(name);
  if (key.empty()) return nullptr;
  const Person* found = nullptr;
  for (const auto& person : *roster_) {
    if (text::name_key(person.name) != key) continue;
    if (found && found != &person) return nullptr;
    found = &person;
  }
  if (found) return found;
  // "HON. HUGH T. (HAL) HARLAN, JR." against "Hugh T. Harlan Jr.": the surname, when one
  // member has it. Suffixes are not surnames.
  std::vector<std::string> words;
  std::istringstream in(key);
  for (std::string w; in >> w;) words.push_back(w);
  while (words.size() > 1 && is_suffix_key(words.back())) words.pop_back();
  if (words.empty()) return nullptr;
  std::set<std::size_t> members;
  for (const auto& form : forms_) {
    if (form.key == words.back() || form.last == words.back()) members.insert(form.member);
  }
  return members.size() == 1 ? &(*roster_)[*members.begin()] : nullptr;
}

}  // namespace civic::indexer
