// Citations of one unit in five formats (see cite.h). What each says comes from cite::work_of();
// this file only writes it down in each format's syntax, with that format's escaping.
#include "web/cite.h"

#include <cassert>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "query/core/date.h"
#include "query/core/text.h"
#include "query/core/unit.h"
#include "web/cite_work.h"

namespace civic::web {
namespace {

using cite::Name;
using cite::quoted;
using cite::Voice;
using cite::Work;

struct FormatInfo {
  CiteFormat format;
  std::string_view name;
  std::string_view content_type;
  std::string_view extension;
};

// No type is registered for BibTeX or RIS; these are the ones DOI content negotiation serves and
// reference managers (Zotero, EndNote) recognise. CSL-JSON's is registered with IANA.
constexpr FormatInfo kFormats[] = {
    {CiteFormat::Text, "text", "text/plain; charset=utf-8", "txt"},
    {CiteFormat::Markdown, "markdown", "text/markdown; charset=utf-8", "md"},
    {CiteFormat::Bibtex, "bibtex", "application/x-bibtex; charset=utf-8", "bib"},
    {CiteFormat::Ris, "ris", "application/x-research-info-systems; charset=utf-8", "ris"},
    {CiteFormat::CslJson, "csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8",
     "json"},
};

const FormatInfo& info(CiteFormat format) {
  for (const FormatInfo& f : kFormats) {
    if (f.format == format) return f;
  }
  assert(false && "every CiteFormat is in kFormats");
  return kFormats[0];
}

// "A, B" of the non-empty ones.
std::string comma_joined(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

// --- What the text and Markdown forms say after the quote ----------------------------------------

// "— Naomi Blackwood · Chief Executive, Northern Social Enterprise Partnership", or empty.
std::string attribution_line(const Work& work) {
  if (work.voice == Voice::Remark) return work.who;
  if (work.voice == Voice::Comment && work.author) return work.author->as_written;
  return "";
}

// Where and when, and where it was written down: "Social Enterprise Summit North 2013,
// 16 May 2013. Reported by Helen Garbutt in “Social Enterprise Summit North”."
std::string source_sentences(const Work& work) {
  const std::string when = comma_joined({work.event, cite::readable_date(work.date)});
  const std::string out =
      when.empty() || work.source.empty() ? when + work.source : when + ". " + work.source;
  return out.empty() ? out : out + ".";
}

std::string accessed_note(const CiteContext& context) {
  const std::string day = cite::readable_date(context.accessed);
  return day.empty() ? day : "(accessed " + day + ")";
}

std::string render_text(const Work& work, const CiteContext& context) {
  std::string out;
  if (!work.text.empty()) out += quoted(work.text) + "\n";
  if (const std::string who = attribution_line(work); !who.empty()) out += "\u2014 " + who + "\n";
  if (const std::string source = source_sentences(work); !source.empty()) out += source + "\n";
  std::string link = context.site_name;
  if (!context.permalink.empty()) link += (link.empty() ? "" : ": ") + context.permalink;
  if (const std::string accessed = accessed_note(context); !accessed.empty())
    link += (link.empty() ? "" : " ") + accessed;
  if (!link.empty()) out += link + "\n";
  return out;
}

// Archive text as Markdown text: every character CommonMark or pandoc would read as markup is
// backslash-escaped (emphasis, code, links, HTML, entities, math, citations, strikeout), and so
// is what would start a heading, list or quote at the start of the text.
std::string markdown_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t digits = 0;  // leading digits, for "1." and "1)" lists
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool inline_markup =
        std::string_view("\\`*_{}[]<>#|~!&$@^").find(c) != std::string_view::npos;
    const bool block_start = (i == 0 && (c == '-' || c == '+' || c == '=')) ||
                             (i == digits && digits > 0 && (c == '.' || c == ')'));
    if (inline_markup || block_start) out += '\\';
    out += c;
  }
  return out;
}

// A URL as a CommonMark autolink, "<http://…>": it may hold no space, '<' or '>'.
std::string markdown_autolink(std::string_view url) {
  std::string out = "<";
  for (char c : url) {
    if (c == ' ') {
      out += "%20";
    } else if (c == '<') {
      out += "%3C";
    } else if (c == '>') {
      out += "%3E";
    } else {
      out += c;
    }
  }
  return out + ">";
}

std::string render_markdown(const Work& work, const CiteContext& context) {
  std::string out;
  const std::string who = attribution_line(work);
  if (!work.text.empty()) out += "> " + markdown_escape(work.text) + "\n";
  if (!who.empty()) {
    if (!out.empty()) out += ">\n";
    out += "> \u2014 " + markdown_escape(who) + "\n";
  }
  std::vector<std::string> lines;
  if (const std::string source = source_sentences(work); !source.empty())
    lines.push_back(markdown_escape(source));
  std::string link = markdown_escape(context.site_name);
  if (!context.permalink.empty())
    link += (link.empty() ? "" : ": ") + markdown_autolink(context.permalink);
  if (const std::string accessed = accessed_note(context); !accessed.empty())
    link += (link.empty() ? "" : " ") + accessed;
  if (!link.empty()) lines.push_back(link);
  if (!lines.empty() && !out.empty()) out += "\n";
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// --- BibTeX --------------------------------------------------------------------------------------

// True when every '}' in `s` closes an earlier '{'.
bool braces_balance(std::string_view s) {
  int depth = 0;
  for (char c : s) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth == 0;
}

// Text for a braced BibTeX field, UTF-8 kept. BibTeX, Biber and bibtexparser count every brace,
// escaped or not, so paired braces become \{ and \} (which pandoc reads too) but a text with an
// unpaired one gets \textbraceleft{} and \textbraceright{}, which keep the field whole (pandoc
// drops them).
std::string latex_escape(std::string_view s) {
  const bool paired = braces_balance(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
        out += '\\';
        out += c;
        break;
      case '{':
        out += paired ? "\\{" : "\\textbraceleft{}";
        break;
      case '}':
        out += paired ? "\\}" : "\\textbraceright{}";
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '\\':
        out += "\\textbackslash{}";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A URL for biblatex's verbatim url field: only what would unbalance the braces or break the
// line is percent-encoded.
std::string bibtex_url(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == '{') {
      out += "%7B";
    } else if (c == '}') {
      out += "%7D";
    } else if (c == '\\') {
      out += "%5C";
    } else if (c == ' ') {
      out += "%20";
    } else {
      out += c;
    }
  }
  return out;
}

// "Ó Briain, Siân", "Family, Jr., Given", or "{Kirkhope Borough Council}": braces keep an
// organisation (and any " and " in it) one name.
std::string bibtex_name(const Name& name) {
  if (!name.is_person()) return "{" + latex_escape(name.literal) + "}";
  std::string out = latex_escape(name.family);
  if (!name.suffix.empty()) out += ", " + latex_escape(name.suffix);
  return out + ", " + latex_escape(name.given);
}

constexpr std::string_view kBibtexMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                              "jul", "aug", "sep", "oct", "nov", "dec"};

std::string render_bibtex(const Work& work, const std::string& key, const CiteContext& context) {
  // A remark is @unpublished, biblatex's type for "the script of a talk": with an eventtitle
  // pandoc reads it as a CSL speech, Zotero as a manuscript, BibTeX styles print its note.
  // Narration and comments are @misc, which every reader knows: biblatex's @online is not
  // BibTeX's, and bibtexparser 1.x drops entries of a type BibTeX does not define.
  const bool remark = work.voice == Voice::Remark;
  std::string out = std::string(remark ? "@unpublished{" : "@misc{") + key + ",\n";
  auto field = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) out += "  " + std::string(name) + " = " + value + ",\n";
  };
  auto braced = [](const std::string& s) { return s.empty() ? s : "{" + latex_escape(s) + "}"; };
  if (work.author) field("author", "{" + bibtex_name(*work.author) + "}");
  // Double braces: a quotation keeps its capitals in styles that change a title's case.
  field("title", work.title.empty() ? "" : "{{" + latex_escape(work.title) + "}}");
  field("eventtitle", work.event.empty() ? "" : "{{" + latex_escape(work.event) + "}}");
  field("howpublished", braced(context.site_name));
  if (!work.date.empty()) {
    field("year", "{" + work.date.substr(0, 4) + "}");
    const int month = std::stoi(work.date.substr(5, 2));
    field("month", std::string(kBibtexMonths[month - 1]));  // the standard macro, unbraced
    field("date", "{" + work.date + "}");
  }
  if (!context.permalink.empty()) field("url", "{" + bibtex_url(context.permalink) + "}");
  if (date::is_iso_date(context.accessed)) field("urldate", "{" + context.accessed + "}");
  if (work.voice != Voice::Narration) field("abstract", braced(work.text));
  field("note", braced(work.note));
  return out + "}\n";
}

// --- RIS -----------------------------------------------------------------------------------------

// 2013-05-16 → "2013/05/16/", RIS's date form.
std::string ris_date(const std::string& iso) {
  return iso.substr(0, 4) + "/" + iso.substr(5, 2) + "/" + iso.substr(8, 2) + "/";
}

std::string render_ris(const Work& work, const CiteContext& context) {
  // RIS has no speech type: SLIDE ("slide presentation") is what Zotero reads as a presentation
  // (CSL speech), with T2 its meeting. The rest were written on a blog: BLOG.
  const bool remark = work.voice == Voice::Remark;
  std::string out;
  auto tag = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) out += std::string(name) + "  - " + value + "\r\n";
  };
  tag("TY", remark ? "SLIDE" : "BLOG");
  if (work.author) {
    const Name& name = *work.author;
    tag("AU", name.is_person() ? name.family + ", " + name.given +
                                     (name.suffix.empty() ? "" : ", " + name.suffix)
                               : name.literal);
  }
  tag("TI", work.title);
  if (remark) tag("T2", work.event.empty() ? work.post_title : work.event);
  if (work.voice == Voice::Comment) tag("T2", work.post_title);
  if (!work.date.empty()) {
    tag("PY", work.date.substr(0, 4));
    tag("DA", ris_date(work.date));
  }
  tag("DB", context.site_name);
  tag("UR", context.permalink);
  if (date::is_iso_date(context.accessed)) tag("Y2", ris_date(context.accessed));
  if (work.voice != Voice::Narration) tag("AB", work.text);
  // A blog post has no field for the event it covers (T2 is the blog's name): a note says it.
  tag("N1", work.voice == Voice::Narration ? work.event : work.note);
  return out + "ER  - \r\n";
}

// --- CSL-JSON ------------------------------------------------------------------------------------

nlohmann::ordered_json csl_date(const std::string& iso) {
  return {
      {"date-parts",
       {{std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)), std::stoi(iso.substr(8, 2))}}}};
}

std::string render_csl_json(const Work& work, const std::string& key, const CiteContext& context) {
  using ordered_json = nlohmann::ordered_json;
  ordered_json item;
  item["id"] = key;
  // A remark is a speech; a comment a "post" (on a forum or platform); narration the blog post.
  item["type"] = work.voice == Voice::Remark    ? "speech"
                 : work.voice == Voice::Comment ? "post"
                                                : "post-weblog";
  if (!work.title.empty()) item["title"] = work.title;
  if (work.author) {
    const Name& name = *work.author;
    ordered_json author;
    if (name.is_person()) {
      author["family"] = name.family;
      author["given"] = name.given;
      if (!name.suffix.empty()) author["suffix"] = name.suffix;
    } else {
      author["literal"] = name.literal;
    }
    item["author"] = ordered_json::array({author});
  }
  if (!work.event.empty()) {
    item["event-title"] = work.event;  // CSL 1.0.2
    item["event"] = work.event;        // its name before 1.0.2, which older processors read
  }
  if (work.voice != Voice::Narration && !work.post_title.empty())
    item["container-title"] = work.post_title;
  if (!context.site_name.empty()) item["publisher"] = context.site_name;
  if (!work.date.empty()) item["issued"] = csl_date(work.date);
  if (date::is_iso_date(context.accessed)) item["accessed"] = csl_date(context.accessed);
  if (!context.permalink.empty()) item["URL"] = context.permalink;
  if (work.voice != Voice::Narration && !work.text.empty()) item["abstract"] = work.text;
  if (!work.note.empty()) item["note"] = work.note;
  return ordered_json::array({item}).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

// The key's name part: the family name, else the first word of an organisation or title, in
// lower-case ASCII ("Ó Briain" → "obriain", "The Kirkhope Trust" → "kirkhope").
std::string key_stem(const Work& work) {
  constexpr std::size_t kMaxStem = 24;
  const bool family = work.author && work.author->is_person();
  const std::string basis =
      family ? work.author->family : (work.author ? work.author->literal : work.title);
  std::string out;
  const std::string folded = text::normalise(basis);
  std::size_t at = 0;
  if (!family) {
    for (std::string_view skip : {"the ", "a ", "an "}) {
      if (folded.compare(0, skip.size(), skip) == 0) at = skip.size();
    }
  }
  for (; at < folded.size() && out.size() < kMaxStem; ++at) {
    const char c = folded[at];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c == ' ' && !family && !out.empty()) {
      break;
    }
  }
  return out.empty() ? std::string("unit") : out;
}

std::string key_of(const query::Hit& hit, const Work& work) {
  char hash[8];
  std::snprintf(hash, sizeof hash, "%06llx",
                static_cast<unsigned long long>(fnv1a(hit.unit.id, kFnv1aOffsetBasis) & 0xFFFFFF));
  return key_stem(work) + (work.date.empty() ? "" : work.date.substr(0, 4)) + "-" + hash;
}

}  // namespace

std::optional<CiteFormat> cite_format_from_name(std::string_view name) {
  for (const FormatInfo& f : kFormats) {
    if (f.name == name) return f.format;
  }
  return std::nullopt;
}

std::string_view cite_format_name(CiteFormat format) { return info(format).name; }
std::string_view cite_content_type(CiteFormat format) { return info(format).content_type; }
std::string_view cite_file_extension(CiteFormat format) { return info(format).extension; }

std::string citation_key(const query::Hit& hit) { return key_of(hit, cite::work_of(hit)); }

std::string render_citation(const query::Hit& hit, CiteFormat format, const CiteContext& context) {
  const Work work = cite::work_of(hit);
  switch (format) {
    case CiteFormat::Text:
      return render_text(work, context);
    case CiteFormat::Markdown:
      return render_markdown(work, context);
    case CiteFormat::Bibtex:
      return render_bibtex(work, key_of(hit, work), context);
    case CiteFormat::Ris:
      return render_ris(work, context);
    case CiteFormat::CslJson:
      return render_csl_json(work, key_of(hit, work), context);
  }
  assert(false && "every CiteFormat is handled");
  return "";
}

}  // namespace civic::web
