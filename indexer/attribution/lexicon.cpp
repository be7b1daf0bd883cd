#include "indexer/attribution/lexicon.h"

#include <cstdlib>
#include <fstream>
#include <system_error>
#include <vector>

#include "query/core/ascii.h"
#include "query/core/var_file.h"

namespace civic::indexer::attribution {
namespace {

bool in(std::string_view word, const std::unordered_set<std::string>& set) {
  return set.count(ascii::to_lower(word)) != 0;
}

// Debian's word lists: British and American spellings both ("labour", "labor"), as the
// archives hold both; else whatever list the system has.
std::vector<std::filesystem::path> word_lists() {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  for (const char* p : {"/usr/share/dict/british-english", "/usr/share/dict/american-english"}) {
    if (std::filesystem::exists(p, ec)) out.emplace_back(p);
  }
  if (out.empty() && std::filesystem::exists("/usr/share/dict/words", ec)) {
    out.emplace_back("/usr/share/dict/words");
  }
  return out;
}

}  // namespace

std::filesystem::path Lexicon::given_names_path() {
  return find_var_file("CIVIC_GIVEN_NAMES", std::filesystem::path("names") / "given-names.tsv");
}

Lexicon Lexicon::load(const std::filesystem::path& given_names,
                      const std::vector<std::filesystem::path>& word_lists) {
  Lexicon lex;
  if (!given_names.empty()) {
    std::ifstream in(given_names);
    std::string line;
    while (std::getline(in, line)) {
      const auto tab = line.find('\t');
      if (tab == std::string::npos || tab == 0) continue;
      lex.given_[line.substr(0, tab)] = std::atol(line.c_str() + tab + 1);
    }
  }
  for (const auto& words : word_lists) {
    std::ifstream in(words);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      // "abbey's" adds nothing that "abbey" does not say.
      if (line.size() > 2 && line.compare(line.size() - 2, 2, "'s") == 0) continue;
      const bool capitalised = line[0] >= 'A' && line[0] <= 'Z';
      (capitalised ? lex.proper_ : lex.common_).insert(ascii::to_lower(line));
    }
  }
  for (const auto& w : lex.common_) lex.proper_.erase(w);
  if (lex.given_.empty()) lex.missing_ = "given names (run scripts/given-names.sh)";
  if (lex.common_.empty()) {
    if (!lex.missing_.empty()) lex.missing_ += ", ";
    lex.missing_ += "an English word list (apt-get install wbritish wamerican)";
  }
  return lex;
}

std::string Lexicon::missing_sources() {
  std::string missing;
  std::error_code ec;
  const auto names = given_names_path();
  if (names.empty() || !std::filesystem::exists(names, ec)) {
    missing = "given names (run scripts/given-names.sh)";
  }
  if (word_lists().empty()) {
    if (!missing.empty()) missing += ", ";
    missing += "an English word list (apt-get install wbritish wamerican)";
  }
  return missing;
}

const Lexicon& Lexicon::standard() {
  static const Lexicon lex = load(given_names_path(), word_lists());
  return lex;
}

long Lexicon::given_name_births(std::string_view lower) const {
  auto it = given_.find(std::string(lower));
  return it == given_.end() ? 0 : it->second;
}

bool Lexicon::is_common_word(std::string_view lower) const {
  return common_.count(std::string(lower)) != 0;
}

bool Lexicon::is_proper_noun(std::string_view lower) const {
  return proper_.count(std::string(lower)) != 0;
}

bool is_honorific(std::string_view word) {
  static const std::unordered_set<std::string> k = {
      "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "sir", "dame",
      "lord", "lady", "baroness", "baron", "hon", "honourable", "honorable", "rt", "rev",
      "revd", "reverend", "cllr", "councillor", "councilor", "alderman", "mayor", "senator",
      "sen", "rep", "representative", "congressman", "congresswoman", "governor", "minister",
      "judge", "justice", "father", "rabbi", "imam", "bishop", "archbishop", "canon"};
  std::string_view w = word;
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return in(w, k);
}

bool is_post_nominal(std::string_view word) {
  static const std::unordered_set<std::string> k = {
      "MP", "MSP", "MS", "AM", "MLA", "MEP", "MPP", "TD", "CBE", "OBE", "MBE", "KBE", "DBE",
      "CMG", "QC", "KC", "PhD", "FRSA", "FRS", "FRSE", "Jr", "Sr", "II", "III"};
  std::string w(word);
  if (!w.empty() && w.back() == '.') w.pop_back();
  return k.count(w) != 0;
}

bool is_role_word(std::string_view word) {
  static const std::unordered_set<std::string> k = {
      "director", "directors", "chief", "executive", "officer", "ceo", "cto", "cio", "coo",
      "comptroller",
      "cfo", "chair", "chairman", "chairwoman", "chairperson", "vice", "deputy", "head",
      "leader", "lead", "manager", "managing", "president", "vice-president", "founder",
      "co-founder", "cofounder", "partner", "associate", "adviser", "advisor", "consultant",
      "analyst", "researcher", "fellow", "professor", "lecturer", "student", "designer",
      "developer", "engineer", "scientist", "editor", "journalist", "reporter", "writer",
      "secretary", "treasurer", "clerk", "member", "members", "minister", "mp", "msp", "mep",
      "councillor", "councilor", "mayor", "commissioner", "coordinator", "co-ordinator",
      "organiser", "organizer", "volunteer", "trustee", "governor", "principal", "assistant",
      "specialist", "strategist", "architect", "programmer", "entrepreneur", "panellist",
      "panelist", "speaker", "host", "moderator", "facilitator", "presenter", "keynote",
      "spokesperson", "spokesman", "spokeswoman", "administrator", "administrative",
      "officer's", "convenor", "convener", "solicitor", "barrister", "lawyer", "attorney",
      "campaigner", "activist", "advocate", "librarian", "curator", "planner", "evangelist",
      "technologist", "owner", "staff", "intern", "candidate", "senior", "junior", "principal",
      "supervisor", "co-chair", "cochair", "svp", "vp", "evp", "producer", "doctor", "nurse",
      "liaison", "maven", "chancellor", "dean", "provost", "rector", "inspector", "auditor",
      "shadow", "undersecretary", "under-secretary", "permanent"};
  return in(word, k);
}

bool is_org_head(std::string_view word) {
  static const std::unordered_set<std::string> k = {
      "council", "councils", "department", "dept", "ministry", "agency", "office", "bureau",
      "commission", "centre", "center", "centres", "centers", "institute", "institution", "university", "college",
      "school", "library", "libraries", "trust", "foundation", "association", "society",
      "partnership", "network", "service", "services", "ltd", "limited", "inc", "llc", "llp",
      "plc", "cic", "group", "union", "federation", "alliance", "coalition", "board",
      "committee", "authority", "fund", "bank", "company", "corporation", "corp", "co-op",
      "cooperative", "co-operative", "assembly", "parliament", "senate", "congress",
      "government", "administration", "project", "lab", "labs", "laboratory", "academy",
      "forum", "charity", "enterprises", "consultancy", "consulting", "party", "catapult",
      "initiative", "observatory", "collective", "cooperation", "hub", "museum", "gallery",
      "hospital", "trust's", "executive", "secretariat", "inspectorate", "tribunal", "court",
      "police", "army", "navy", "endowment"};
  return in(word, k);
}

bool names_organisation(std::string_view phrase) {
  std::size_t i = 0;
  while (i < phrase.size()) {
    std::size_t j = phrase.find(' ', i);
    if (j == std::string_view::npos) j = phrase.size();
    std::string_view w = phrase.substr(i, j - i);
    while (!w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ')')) w.remove_suffix(1);
    if (is_org_head(w)) return true;
    i = j + 1;
  }
  return false;
}

bool is_never_name_word(std::string_view word) {
  static const std::unordered_set<std::string> k = {
      // openers, conjunctions, pronouns and other function words written with a capital
      "a", "an", "the", "and", "but", "or", "so", "as", "if", "then", "than", "also", "yet",
      "thanks", "thank", "hi", "hello", "dear", "welcome", "with", "without", "by", "for",
      "from", "of", "on", "in", "at", "to", "into", "onto", "via", "about", "after", "before",
      "during", "following", "over", "under", "since", "until", "while", "when", "where",
      "why", "how", "what", "who", "which", "whose", "this", "that", "these", "those", "there",
      "here", "i", "i'm", "im", "i've", "i'd", "i'll", "we", "we're", "we've", "you", "he",
      "she", "it", "they", "me", "us", "him", "her", "them", "my", "our", "your", "his", "its",
      "their", "mine", "ours", "some", "any", "all", "each", "every", "both", "many", "most",
      "much", "more", "other", "another", "such", "no", "not", "yes", "first", "second",
      "third", "next", "last", "final", "finally", "lastly", "later", "now", "today",
      "tonight", "tomorrow", "yesterday", "up", "down", "out", "off", "q", "a&q", "q&a",
      "please", "let's", "lets", "just", "only", "even", "still", "again", "very", "really",
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
      "however", "meanwhile", "moreover", "overall", "indeed", "perhaps", "maybe", "well",
      "oh", "ok", "okay", "sorry", "bonus", "note", "update", "edit", "photo", "photos",
      "image", "video", "videos", "slides", "read", "watch", "see", "click", "join", "follow",
      "day", "time", "date", "venue", "location", "session", "sessions", "panel", "talk",
      "keynote", "workshop", "plenary", "lunch", "coffee", "break", "intro", "introduction",
      "agenda", "minutes", "item", "items", "present", "apologies", "speakers", "speaker",
      "chair", "question", "questions", "answer", "answers", "case", "studies", "demo",
      // days and months
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
      "sep", "sept", "oct", "nov", "dec", "week", "month", "year", "weekend",
      // events and places
      "conference", "summit", "camp", "festival", "meetup", "hackathon", "unconference",
      "symposium", "congress", "convention", "expo", "fringe", "roundtable", "webinar",
      "meeting", "street", "road", "avenue", "lane", "square", "park", "hall", "house", "way",
      "drive", "crescent", "terrace", "gardens",
      "building", "stadium", "station", "bridge", "north", "south", "east", "west",
      "northern", "southern", "eastern", "western", "central", "national", "international",
      "global", "regional", "local", "federal", "state", "city", "county", "borough",
      "district", "town", "village", "ward", "parish", "region", "kingdom", "republic",
      "british", "english", "scottish", "welsh", "irish", "american", "european", "indian",
      "big", "new", "old", "great", "good", "open", "digital", "data", "public", "private",
      "social", "civic", "community", "government", "policy", "act", "bill", "white", "paper"};
  std::string_view w = word;
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  return in(w, k);
}

bool is_speech_verb(std::string_view word) {
  static const std::unordered_set<std::string> k = {
      "says", "said", "say", "saying", "told", "tells", "telling", "talked", "talks",
      "talking", "spoke", "speaks", "speaking", "presented", "presents", "presenting",
      "outlined", "outlines", "outlining", "argued", "argues", "arguing", "explained",
      "explains", "explaining", "described", "describes", "describing", "discussed",
      "discusses", "highlighted", "highlights", "highlighting", "emphasised", "emphasises",
      "emphasising", "emphasized", "emphasizes", "emphasizing", "stressed", "stresses",
      "noted", "notes", "pointed", "points", "suggested", "suggests", "suggesting", "proposed",
      "proposes", "urged", "urges", "called", "calls", "shared", "shares", "sharing", "gave",
      "gives", "giving", "showed", "shows", "showing", "demonstrated", "demonstrates",
      "demonstrating", "demoed", "demos", "demoing", "debuted", "introduced", "introduces",
      "announced", "announces", "reported", "reports", "raised", "raises", "asked", "asks",
      "answered", "answers", "responded", "responds", "replied", "replies", "began", "begins",
      "started", "starts", "opened", "opens", "closed", "closes", "concluded", "concludes",
      "finished", "finishes", "ended", "ends", "kicked", "kicks", "led", "leads", "leading",
      "chaired", "chairs", "chairing", "hosted", "hosts", "hosting", "moderated", "moderates",
      "facilitated", "welcomed", "welcomes", "cited", "cites", "citing", "criticised",
      "criticises", "criticized", "criticizes", "defended", "defends", "warned", "warns",
      "explored", "explores", "examined", "examines", "reflected", "reflects", "recounted",
      "took", "takes", "went", "goes", "addressed", "addresses", "focused", "focuses",
      "focussed", "covered", "covers", "walked", "walks", "used", "uses", "summarised",
      "summarises", "summarized", "mentioned", "mentions", "considered", "considers",
      "thought", "thinks", "believes", "believed", "felt", "feels", "identified",
      "identifies", "invited", "invites", "applauded", "applauds", "launched", "launches",
      "made", "makes", "offered", "offers", "added", "adds", "continued", "insisted",
      "admitted", "acknowledged", "claimed", "claims", "observed", "remarked", "commented",
      "recommended", "recommends", "challenged", "challenges", "questioned", "touched",
      "set", "laid", "drew", "draws", "illustrated", "illustrates", "delivered", "delivers",
      "delivering", "provided", "provides", "unveiled", "revealed", "reveals", "promised",
      "pledged", "wants", "wanted", "stated", "states", "stating",
      "declared", "insists", "encouraged", "encourages", "joked",
      "quipped", "recalled", "recalls", "admits", "spoken", "concluding",
      "opening", "closing", "responding", "answering", "reporting", "walking", "urging",
      "understood", "agreed", "agrees", "disagreed", "noting", "hoped", "hopes", "expects",
      "expected", "predicted", "predicts", "showcased", "pitched", "pitches", "tackled",
      "looked", "looks"};
  return in(word, k);
}

bool is_name_particle(std::string_view word) {
  static const std::unordered_set<std::string> k = {"de", "van", "von", "der", "den", "da",
                                                    "di", "du", "del", "della", "dos", "das",
                                                    "la", "le", "bin", "binti", "al", "ibn",
                                                    "ter", "ten", "st"};
  return in(word, k);
}

bool is_org_connector(std::string_view word) {
  static const std::unordered_set<std::string> k = {"of", "for", "and", "&", "the", "by",
                                                    "on", "de", "in", "du", "des"};
  return k.count(std::string(word)) != 0;
}

}  // namespace civic::indexer::attribution
