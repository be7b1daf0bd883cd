// The <pre> layout rules of preformatted.h, written for the Congressional Record.
#include "indexer/html/preformatted.h"

#include <cctype>

#include "indexer/segment.h"
#include "query/core/ascii.h"

namespace civic::indexer::html {
namespace {

bool is_bracketed(std::string_view t, std::string_view open, std::string_view close) {
  return t.size() > open.size() + close.size() && t.substr(0, open.size()) == open &&
         t.substr(t.size() - close.size()) == close;
}

// "[[Page S694]]": a page break that may fall in the middle of a sentence.
bool is_page_break(std::string_view t) {
  return is_bracketed(t, "[[Page ", "]]") || is_bracketed(t, "[[Pages ", "]]");
}

// Header lines GPO puts at the top of every granule; never content.
bool is_record_header(std::string_view t) {
  return is_bracketed(t, "[Congressional Record ", "]") || is_bracketed(t, "[Page ", "]") ||
         is_bracketed(t, "[Pages ", "]") || t == "[Senate]" || t == "[House]" ||
         t == "[House of Representatives]" || t == "[Extensions of Remarks]" ||
         t == "[Daily Digest]" || t.starts_with("From the Congressional Record Online");
}

std::size_t indent_of(std::string_view line) {
  std::size_t indent = 0;
  for (char c : line) {
    if (c == ' ') {
      ++indent;
    } else if (c == '\t') {
      indent += 4;
    } else {
      break;
    }
  }
  return indent;
}

// A centred line in capitals ("TRIBUTE TO SIM EDWARDS STOKES") is a heading.
bool is_centred_caps(std::string_view line) {
  if (indent_of(line) < 6) return false;
  bool letters = false;
  for (char c : line) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) letters = true;
  }
  return letters;
}

}  // namespace

bool is_rule(std::string_view t) {
  if (t.size() < 3) return false;
  for (char c : t) {
    if (c != '_' && c != '-' && c != '*' && c != '=' && c != ' ') return false;
  }
  return true;
}

void add_preformatted(std::string_view text, std::vector<Unit>& units) {
  constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
  std::string paragraph;
  std::size_t paragraph_lines = 0;
  std::size_t first_indent = 0;
  std::size_t body_indent = kUnknown;
  bool first_line_centred_caps = false;
  bool pending_break = false;
  bool in_page_gap = false;
  auto flush = [&] {
    const bool heading = paragraph_lines == 1 && first_line_centred_caps;
    add_unit(units, heading ? UnitKind::Heading : UnitKind::Paragraph, paragraph);
    paragraph.clear();
    paragraph_lines = 0;
  };
  for_each_line(text, [&](std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view t = ascii::trim(line);
    if (t.empty()) {
      if (!in_page_gap) pending_break = true;
      return;
    }
    if (is_page_break(t)) {
      // The blank lines around a page marker are layout, not a paragraph break.
      pending_break = false;
      in_page_gap = true;
      return;
    }
    in_page_gap = false;
    if (is_record_header(t) || is_rule(t)) {
      flush();
      pending_break = false;
      return;
    }
    const std::size_t indent = indent_of(line);
    bool starts = pending_break || paragraph.empty();
    if (!starts) {
      starts =
          body_indent == kUnknown ? indent >= 2 && indent >= first_indent : indent != body_indent;
    }
    if (starts) {
      flush();
      first_indent = indent;
      body_indent = kUnknown;
      first_line_centred_caps = is_centred_caps(line);
    } else {
      if (body_indent == kUnknown) body_indent = indent;
      paragraph += ' ';
    }
    pending_break = false;
    paragraph += t;
    ++paragraph_lines;
  });
  flush();
}

}  // namespace civic::indexer::html
