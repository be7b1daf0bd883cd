// The facts every citation format and the quote card share (see cite_work.h).
#include "web/cite_work.h"

#include <array>
#include <vector>

#include "query/core/date.h"
#include "query/core/text.h"

namespace civic::web::cite {
namespace {

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < s.size()) {
    const std::size_t end = std::min(s.find(' ', at), s.size());
    if (end > at) out.emplace_back(s.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (!out.empty()) out += ' ';
    out += parts[i];
  }
  return out;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> list) {
  for (std::string_view w : list) {
    if (w == word) return true;
  }
  return false;
}

// Words that name a body, not a person, in the archive's names (data/gazetteer.yaml's
// organisations all have one) and in the wider civic sector.
bool is_organisation_word(std::string_view w) {
  return is_one_of(
      w,
      {"Council",      "Councils",      "Committee",   "Partnership", "Trust",       "Network",
       "Forum",        "Association",   "Department",  "Ministry",    "Centre",      "Center",
       "Institute",    "University",    "College",     "School",      "Federation",  "Union",
       "Society",      "Group",         "Foundation",  "Agency",      "Authority",   "Board",
       "Office",       "Service",       "Services",    "CIC",         "Ltd",         "Ltd.",
       "Limited",      "plc",           "PLC",         "Inc",         "Inc.",        "LLP",
       "Library",      "Libraries",     "Homes",       "Housing",     "Advice",      "Energy",
       "Action",       "Capital",       "Employers",   "Commission",  "Alliance",    "Coalition",
       "Co-operative", "Co-operatives", "Cooperative", "Community",   "Communities", "Transport",
       "Aid",          "Kitchens",      "Voluntary",   "Citizens",    "Government",  "Parliament",
       "Assembly",     "Charity",       "Fund",        "Project",     "Company",     "Corporation",
       "Party",        "Panel",         "NHS",         "for"});
}

// An all-capital word of two or more letters ("NCVO", "BEIS"), the way bodies are abbreviated.
bool is_suffix(std::string_view w);
bool is_post_nominal(std::string_view w);

bool is_acronym(std::string_view w) {
  if (is_suffix(w) || is_post_nominal(w)) return false;
  int letters = 0;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (c != '&' && c != '-') {
      return false;
    }
  }
  return letters >= 2;
}

bool is_title(std::string_view w) {
  return is_one_of(
      w,
      {"Cllr", "Cllr.", "Councillor", "Dr",    "Dr.", "Prof", "Prof.", "Professor", "Sir", "Dame",
       "Lord", "Lady",  "Baroness",   "Baron", "Rev", "Rev.", "Revd",  "Mr",        "Mr.", "Mrs",
       "Mrs.", "Ms",    "Ms.",        "Miss",  "Mx",  "Mx.",  "Rt",    "Hon",       "Hon."});
}

bool is_suffix(std::string_view w) {
  return is_one_of(w, {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"});
}

// Offices and honours written after a name ("Joanna Mercer MP"): not part of it in a citation.
bool is_post_nominal(std::string_view w) {
  return is_one_of(w, {"MP", "MEP", "MSP", "MS", "AM", "MLA", "OBE", "MBE", "CBE", "KBE", "DBE",
                       "QC", "KC", "JP", "DL", "PhD", "FRS"});
}

// Words that belong to the surname after them: "van der Berg", "de la Cruz", "Ó Briain",
// "Ní Dhomhnaill", "Mac Giolla".
bool is_particle(std::string_view w) {
  return is_one_of(w, {"van", "von", "der", "den", "de",  "del", "della", "di",  "da",  "du",
                       "le",  "la",  "ter", "ten", "dos", "das", "do",    "bin", "ibn", "al",
                       "el",  "Ó",   "Ní",  "Nic", "Ua",  "Mac", "Mc",    "Ap",  "ap"});
}

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string collapsed(std::string_view s) { return text::collapse_whitespace(s); }

// Where the words were written down, from what the post says (see Work::source).
std::string source_of(const Work& work) {
  std::string out;
  switch (work.voice) {
    case Voice::Remark:
      if (work.blogger.empty() && work.post_title.empty()) return "";
      out = "Reported";
      if (!work.blogger.empty()) out += " by " + work.blogger;
      if (!work.post_title.empty()) out += " in " + quoted(work.post_title);
      return out;
    case Voice::Comment:
      return work.post_title.empty() ? "" : "Comment on " + quoted(work.post_title);
    case Voice::Narration:
      if (work.post_title.empty()) return work.blogger.empty() ? "" : "By " + work.blogger;
      out = "From " + quoted(work.post_title);
      if (!work.blogger.empty()) out += " by " + work.blogger;
      return out;
  }
  return out;
}

}  // namespace

std::string quoted(const std::string& s) { return "\u201c" + s + "\u201d"; }

std::size_t utf8_length(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool looks_like_organisation(std::string_view name, std::string_view org) {
  if (!org.empty() && text::name_key(name) == text::name_key(org)) return true;
  if (name.find('&') != std::string_view::npos) return true;
  const std::vector<std::string> parts = words(collapsed(name));
  for (const std::string& w : parts) {
    if (w == "and" || is_organisation_word(w) || is_acronym(w)) return true;
  }
  return false;
}

Name split_name(std::string_view name, bool is_organisation) {
  Name out;
  out.as_written = collapsed(name);
  std::vector<std::string> parts = words(out.as_written);
  std::size_t first = 0, last = parts.size();
  // Titles and honours go (but never the last two words: "Lord Smith" may be all there is).
  while (!is_organisation && last - first > 2 && is_title(parts[first])) ++first;
  while (!is_organisation && last - first > 2 && is_post_nominal(parts[last - 1])) --last;
  if (!is_organisation && last - first > 2 && is_suffix(parts[last - 1])) {
    out.suffix = parts[last - 1];
    --last;
  }
  if (is_organisation || last - first < 2) {
    out.literal = out.as_written;
    out.suffix.clear();
    return out;
  }
  std::size_t family = last - 1;
  while (family > first + 1 && is_particle(parts[family - 1])) --family;
  out.family = join(parts, family, last);
  out.given = join(parts, first, family);
  return out;
}

std::string quote_title(std::string_view text) {
  const std::string s = collapsed(text);
  if (s.empty()) return s;
  // The first sentence, when it is short enough to stand as a title; a stop closer to the start
  // than kMinSentenceChars is taken for an abbreviation ("Dr. Okafor").
  constexpr std::size_t kMinSentenceChars = 20;
  for (std::size_t at = 0; at < s.size(); ++at) {
    const char c = s[at];
    if ((c == '.' || c == '!' || c == '?') && (at + 1 == s.size() || s[at + 1] == ' ')) {
      const std::size_t chars = utf8_length(std::string_view(s).substr(0, at + 1));
      if (chars > kQuoteTitleChars) break;
      if (chars >= kMinSentenceChars) return s.substr(0, c == '.' ? at : at + 1);
    }
  }
  if (utf8_length(s) <= kQuoteTitleChars) return s.back() == '.' ? s.substr(0, s.size() - 1) : s;
  // Cut before kQuoteTitleChars characters, at the last space, and drop the punctuation left.
  std::size_t chars = 0, cut = 0, last_space = std::string::npos;
  for (; cut < s.size(); ++cut) {
    if ((static_cast<unsigned char>(s[cut]) & 0xC0) != 0x80 && ++chars > kQuoteTitleChars) break;
    if (s[cut] == ' ') last_space = cut;
  }
  if (last_space != std::string::npos && last_space > 0) cut = last_space;
  std::string_view head = std::string_view(s).substr(0, cut);
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view tail : {",", ";", ":", "-", " ", "\u2013", "\u2014"}) {
      if (head.size() > tail.size() && head.substr(head.size() - tail.size()) == tail) {
        head.remove_suffix(tail.size());
        trimmed = true;
      }
    }
  }
  return std::string(head) + "\u2026";
}

std::string readable_date(std::string_view iso) {
  if (!date::is_iso_date(iso)) return "";
  const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  const int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  return std::to_string(day) + " " + std::string(kMonths[month - 1]) + " " +
         std::string(iso.substr(0, 4));
}

Work work_of(const query::Hit& hit) {
  const Unit& unit = hit.unit;
  Work work;
  work.text = collapsed(unit.text);
  work.event = collapsed(hit.post.event);
  work.post_title = collapsed(hit.post.title);
  work.blogger = collapsed(hit.post.author);
  if (date::is_iso_date(hit.post.date)) work.date = hit.post.date;
  const std::string speaker = collapsed(unit.speaker);
  const std::string org = collapsed(unit.org);
  const std::string role = collapsed(unit.role);
  if (!speaker.empty() || !org.empty()) {
    work.voice = Voice::Remark;
    const bool org_speaks = speaker.empty() || looks_like_organisation(speaker, org);
    work.author = split_name(speaker.empty() ? org : speaker, org_speaks);
    // An organisation that speaks is named once, not as its own affiliation.
    const bool org_is_author = speaker.empty() || text::name_key(speaker) == text::name_key(org);
    Unit named = unit;
    if (org_is_author && !speaker.empty()) named.org.clear();
    work.who = collapsed(query::who_line(named));
    work.affiliation = role;
    if (!org.empty() && !org_is_author) work.affiliation += (role.empty() ? "" : ", ") + org;
    work.title = work.text.empty()
                     ? (work.event.empty() ? std::string("Remarks") : "Remarks at " + work.event)
                     : quote_title(work.text);
    work.source = source_of(work);
    work.note = work.affiliation.empty() || work.source.empty()
                    ? work.affiliation + work.source
                    : work.affiliation + ". " + work.source;
  } else if (unit.comment) {
    work.voice = Voice::Comment;
    if (const std::string commenter = collapsed(unit.comment->author); !commenter.empty())
      work.author = split_name(commenter, false);
    if (date::is_iso_date(unit.comment->date)) work.date = unit.comment->date;
    work.title = work.text.empty() ? std::string("Comment") : quote_title(work.text);
    work.source = source_of(work);
    work.note = work.source;
  } else {
    work.voice = Voice::Narration;
    if (!work.blogger.empty()) work.author = split_name(work.blogger, false);
    work.title = !work.post_title.empty() ? work.post_title : quote_title(work.text);
    work.source = source_of(work);
  }
  return work;
}

}  // namespace civic::web::cite
