// Plain-text post exports, the seed's format: the title on the first line, paragraphs split by
// blank lines, "  •" bullets after a lead-in sentence, short lines standing alone (photo
// captions; entries of a list of session videos), then "N thoughts on “…”" with numbered
// comments and pingbacks, then WordPress footer chrome that is never content.
// Also serves transcripts and pad exports saved as .txt: one long line per turn, "- " bullets.
#include <cctype>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "indexer/reader.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

std::size_t word_count(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c));
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The text of a bullet line without its marker, or nullopt when the line is not a bullet.
// "•" and friends mark a bullet anywhere; "-", "*", "+" only when followed by a space.
std::optional<std::string_view> bullet_text(std::string_view line) {
  std::string_view t = ascii::trim(line);
  for (std::string_view marker : {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", "\xE2\x97\xA6",
                                  "\xE2\x80\xA3", "\xE2\x81\x83"}) {  // • · ▪ ◦ ‣ ⁃
    if (starts_with(t, marker)) return ascii::trim(t.substr(marker.size()));
  }
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    return ascii::trim(t.substr(2));
  }
  return std::nullopt;
}

bool ends_sentence(std::string_view s) {
  s = ascii::trim(s);
  if (s.empty()) return false;
  char last = s.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '"' ||
      last == ')') {
    return true;
  }
  return s.size() >= 3 && (s.substr(s.size() - 3) == "\xE2\x80\x9D" ||   // ”
                           s.substr(s.size() - 3) == "\xE2\x80\xA6");    // …
}

// A short line standing alone with no sentence punctuation: a caption or a list entry.
bool is_short_line(std::string_view s) {
  return word_count(s) <= 15 && s.size() <= 140 && !ends_sentence(s);
}

const std::regex& comment_header_re() {
  static const std::regex re(
      R"(^(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(thoughts?|responses?|comments?|replies|reply|reactions?)(\s+(on|to)\b.*|\s*:?\s*)$)",
      std::regex::icase);
  return re;
}

// libstdc++'s std::regex recurses once per character a pattern consumes, so a ".*" over a long
// line overflows the stack (a 50 MB line "1. xxx…" crashed the indexer, issue #7). Patterns
// below therefore only ever see a bounded head of a line; what follows is taken by hand.
constexpr std::size_t kRegexHeadBytes = 1024;

bool is_regex_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The text after a comment's number ("  12. text", "3) text"), or nullopt when the line does
// not start a numbered comment: what ^\s{0,6}(\d{1,4})[.)]\s+(.*)$ captured in $2.
std::optional<std::string> numbered_comment_rest(std::string_view line) {
  std::size_t i = 0;
  while (i < 6 && i < line.size() && is_regex_space(line[i])) ++i;
  const std::size_t digits = i;
  while (i < line.size() && i - digits < 4 && std::isdigit(static_cast<unsigned char>(line[i]))) {
    ++i;
  }
  if (i == digits || i >= line.size() || (line[i] != '.' && line[i] != ')')) return std::nullopt;
  const std::size_t marker = ++i;
  while (i < line.size() && is_regex_space(line[i])) ++i;
  const std::string_view rest = line.substr(i);
  if (i == marker || rest.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
  return std::string(rest);
}

// "Priya Shah says:", "Priya Shah on 3 March 2012 at 9:14 am said:", "Priya wrote:" (the
// author; the comment's text is what follows the match, on the same line).
const std::regex& comment_author_re() {
  static const std::regex re(
      R"(^(.{2,80}?)\s+(?:on\s+.{4,60}?\s+)?(?:says|said|wrote)\s*:\s*)");
  return re;
}

class TextSegmenter {
 public:
  explicit TextSegmenter(PostDoc& doc) : doc_(doc) {}

  void feed(std::string_view line) {
    if (done_) return;
    const std::string_view t = ascii::trim(line);
    if (is_footer_start(t)) {
      flush();
      done_ = true;
      return;
    }
    if (is_boilerplate_line(t)) {
      flush();
      return;
    }
    if (t.size() <= kRegexHeadBytes && std::regex_match(std::string(t), comment_header_re())) {
      flush();
      in_comments_ = true;
      in_videos_ = false;
      return;
    }
    if (in_comments_) {
      feed_comment(line, t);
      return;
    }
    if (t.empty()) {
      flush();
      return;
    }
    if (auto bullet = bullet_text(line)) {
      flush();
      add_unit(doc_.units, UnitKind::Bullet, *bullet, lead_in_);
      return;
    }
    lines_.emplace_back(line);
  }

  void finish() { flush(); }

 private:
  void feed_comment(std::string_view line, std::string_view t) {
    if (t.empty()) {
      flush_comment_paragraph();
      return;
    }
    if (auto numbered = numbered_comment_rest(line)) {
      flush_comment_paragraph();
      ++comment_number_;
      comment_author_.clear();
      comment_first_paragraph_ = true;
      std::string rest = std::move(*numbered);
      std::string_view r = ascii::trim(rest);
      for (std::string_view kind : {"Pingback:", "Trackback:"}) {
        if (starts_with(r, kind)) {
          std::string body(ascii::trim(r.substr(kind.size())));
          Unit* unit = add_unit(doc_.units, UnitKind::Pingback, body);
          if (unit) {
            Comment comment;
            // "Title « Blog name": the blog is the author of a pingback.
            if (auto pos = body.rfind("\xC2\xAB"); pos != std::string::npos) {
              comment.author = std::string(ascii::trim(std::string_view(body).substr(pos + 2)));
            }
            unit->comment = comment;
          }
          comment_first_paragraph_ = false;
          return;
        }
      }
      comment_lines_.push_back(rest);
      return;
    }
    if (comment_number_ == 0) {
      // Text between the header and the first numbered comment ("Comments are closed.").
      return;
    }
    comment_lines_.emplace_back(t);
  }

  void flush_comment_paragraph() {
    if (comment_lines_.empty()) return;
    std::string text;
    for (const auto& l : comment_lines_) {
      if (!text.empty()) text += ' ';
      text += l;
    }
    comment_lines_.clear();
    if (comment_first_paragraph_) {
      std::smatch match;
      const std::string head = text.substr(0, kRegexHeadBytes);
      const auto rest = [&] { return static_cast<std::size_t>(match.length(0)); };
      if (std::regex_search(head, match, comment_author_re(),
                            std::regex_constants::match_continuous) &&
          text.find_first_of("\r\n", rest()) == std::string::npos &&
          word_count(match[1].str()) <= 6) {
        comment_author_ = text::collapse_whitespace(match[1].str());
        text = text.substr(rest());
      }
      comment_first_paragraph_ = false;
    }
    if (Unit* unit = add_unit(doc_.units, UnitKind::Comment, text)) {
      unit->comment = Comment{comment_author_, {}, {}};
      unit->context = "comment " + std::to_string(comment_number_);
    }
  }

  // Turns the buffered lines of one block into units.
  void flush() {
    if (in_comments_) {
      flush_comment_paragraph();
      return;
    }
    if (lines_.empty()) return;
    // Exports put a paragraph on one line; hard-wrapped text has many short lines. Join lines
    // only when every line is short enough to be a wrap; otherwise each line stands alone
    // (transcript turns, pad notes).
    bool wrapped = lines_.size() > 1;
    for (const auto& l : lines_) {
      if (ascii::trim(l).size() > 90) wrapped = false;
    }
    std::vector<std::string> paragraphs;
    if (wrapped) {
      std::string joined;
      for (const auto& l : lines_) {
        if (!joined.empty()) joined += ' ';
        joined += ascii::trim(l);
      }
      paragraphs.push_back(std::move(joined));
    } else {
      for (const auto& l : lines_) paragraphs.emplace_back(ascii::trim(l));
    }
    lines_.clear();
    for (const auto& paragraph : paragraphs) add_paragraph(paragraph);
  }

  void add_paragraph(const std::string& paragraph) {
    if (paragraph.empty()) return;
    UnitKind kind = UnitKind::Paragraph;
    if (is_short_line(paragraph)) {
      kind = in_videos_ ? UnitKind::Video : is_section_label(paragraph) ? UnitKind::Heading : UnitKind::Caption;
    } else {
      in_videos_ = mentions_videos(paragraph);
    }
    add_unit(doc_.units, kind, paragraph);
    if (kind == UnitKind::Paragraph) {
      lead_in_ = lead_in_of(paragraph);
    }
  }

  // "Item 3 – Public questions", "Session 2: …", "Part one": an agenda or programme heading.
  static bool is_section_label(std::string_view line) {
    static const std::regex re(R"(^(agenda\s+)?(item|session|part|panel|workshop|round)\s+(\d+|one|two|three|four|five|six)\b.*)",
                               std::regex::icase);
    return std::regex_match(std::string(line), re);
  }

  static bool mentions_videos(std::string_view paragraph) {
    std::string lower = text::normalise(paragraph);
    static const std::regex re(R"(\b(videos?|recordings?)\b.*\b(sessions?|talks?|speakers?|below|here)\b|\b(here are|below are|watch)\b.*\b(videos?|recordings?)\b)");
    // A video list is announced near the start of its paragraph; cut at a space, so that no
    // word is split into a false match.
    if (lower.size() > kRegexHeadBytes) lower.resize(lower.rfind(' ', kRegexHeadBytes) + 1);
    return std::regex_search(lower, re);
  }

  PostDoc& doc_;
  std::vector<std::string> lines_;
  std::string lead_in_;
  bool in_videos_ = false;
  bool in_comments_ = false;
  bool done_ = false;
  int comment_number_ = 0;
  bool comment_first_paragraph_ = false;
  std::string comment_author_;
  std::vector<std::string> comment_lines_;
};

}  // namespace

Result<ReadOutput> read_plain_text(std::string_view bytes, const Source& source) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // BOM
  ReadOutput out;
  PostDoc doc;
  std::size_t pos = 0;
  bool have_title = false;
  TextSegmenter segmenter(doc);
  while (pos <= bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = end + 1;
    if (!have_title) {
      if (ascii::trim(line).empty()) continue;
      doc.post.title = text::collapse_whitespace(line);
      add_unit(doc.units, UnitKind::Title, doc.post.title);
      have_title = true;
      continue;
    }
    segmenter.feed(line);
  }
  segmenter.finish();
  if (!have_title) return fail(ErrorCode::InvalidInput, source.path + ": no text");

  const std::string stem = std::filesystem::path(source.path).stem().string();
  if (auto date = find_date(doc.post.title)) {
    doc.post.date = *date;
    doc.post.event = strip_date(doc.post.title);
  } else if (auto from_name = find_date(stem)) {
    doc.post.date = *from_name;
  }
  out.posts.push_back(std::move(doc));
  return out;
}

}  // namespace civic::indexer
