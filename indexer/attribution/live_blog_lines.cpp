// What a line of a live-blog post is, read from its text alone (live_blog_lines.h).
#include "indexer/attribution/live_blog_lines.h"

#include <regex>

#include "query/core/ascii.h"

namespace civic::indexer::attribution {
namespace {

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

}  // namespace

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

bool is_figure_label(const std::string& text) {
  static const std::regex kFigure(
      R"(^\s*(?:Figure|Fig\.|Image|Table|Chart|Graph|Map|Exhibit|Slide)\s+\d+[a-z]?\s*[:.\-–—])",
      std::regex::icase);
  return std::regex_search(text.substr(0, 40), kFigure);
}

bool is_attendance(const std::string& text) {
  const std::string low = ascii::to_lower(text.substr(0, 40));
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
  const std::string low = ascii::to_lower(s);
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

bool introduces_speakers(std::string_view lead_in) {
  const std::string lead = ascii::to_lower(lead_in);
  static const char* kSpeakerLeads[] = {"featuring", "speaker", "speaking", "panel", "panellist",
                                        "panelist", "presenter", "presenting", "line-up",
                                        "lineup", "joined by", "keynote", "programme",
                                        "program", "contributors", "with:", "guests"};
  bool speakers = false;
  for (const char* k : kSpeakerLeads) speakers = speakers || lead.find(k) != std::string::npos;
  return speakers;
}

}  // namespace civic::indexer::attribution
