// ParlParse / TheyWorkForYou XML (<publicwhip>): one post per file: a sitting of the Commons,
// Lords, Westminster Hall, a bill committee, the Scottish Parliament or the NI Assembly, a day of
// written answers or statements, a day of the Register of Members' Interests, or one Scottish
// Parliament motion. Headings become Heading units and each <p> of a speech, question or answer
// one Paragraph attributed from the speakername attribute. Division vote lists are summarised.
// libxml2 parses with no network and no entity substitution: the files declare HTML entities
// (&pound; &mdash;) in their internal subset, and text_of() expands those references itself.
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <array>
#include <cctype>
#include <climits>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "indexer/reader.h"
#include "indexer/xml_parse.h"
#include "indexer/segment.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {


void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The scrapers copied Windows-1252 character references (&#145; &#146; &#151;) that XML reads as
// C1 control characters U+0080–U+009F; put back the quotes and dashes they were meant to be.
std::string repair_c1(std::string_view utf8) {
  static constexpr std::array<char32_t, 32> kWindows1252 = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC2 && i + 1 < utf8.size()) {
      const unsigned char next = static_cast<unsigned char>(utf8[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        if (char32_t mapped = kWindows1252[next - 0x80]) append_utf8(out, mapped);
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

// Text of an element, with the scraper's stray C1 bytes repaired and whitespace collapsed.
std::string text_of(const xmlNode* element) {
  return text::collapse_whitespace(repair_c1(xml_text(element)));
}

bool is(const xmlNode* node, const char* name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         xmlStrEqual(node->name, reinterpret_cast<const xmlChar*>(name));
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetNoNsProp(node, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string out = text::collapse_whitespace(repair_c1(reinterpret_cast<const char*>(value)));
  xmlFree(value);
  return out;
}

// Calls `visit` on each element among `first` and its following siblings and, where it returns
// true, on that element's children, in document order. Without recursion: a hostile file may
// nest deeply.
template <typename Visit>
void walk_elements(const xmlNode* first, Visit&& visit) {
  std::vector<const xmlNode*> next{first};
  while (!next.empty()) {
    const xmlNode* node = next.back();
    if (node == nullptr) {
      next.pop_back();
      continue;
    }
    next.back() = node->next;
    if (node->type == XML_ELEMENT_NODE && visit(node)) next.push_back(node->children);
  }
}

// The body that produced a file, from ParlParse's file-name prefixes ("debates2009-10-26a").
std::string_view body_of(std::string_view stem) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kBodies = {{
      {"debates", "House of Commons"},
      {"westminster", "Westminster Hall"},
      {"daylord", "House of Lords"},
      {"lordswms", "House of Lords written ministerial statements"},
      {"lordswrans", "House of Lords written answers"},
      {"ministerial", "Written ministerial statements"},
      {"answers", "Written answers"},
      {"standing", "Public Bill Committee"},
      {"regmem", "Register of Members' Financial Interests"},
      {"spwa", "Scottish Parliament written answers"},
      {"S3M-", "Scottish Parliament motions"},
      {"sp", "Scottish Parliament"},
      {"ni", "Northern Ireland Assembly"},
  }};
  for (const auto& [prefix, body] : kBodies) {
    if (stem.starts_with(prefix) &&
        (prefix.back() == '-' || (stem.size() > prefix.size() &&
                                  std::isdigit(static_cast<unsigned char>(stem[prefix.size()]))))) {
      return body;
    }
  }
  return {};
}

// The last YYYY-MM-DD in a file name: the sitting ("standing2009-10-20_CHILDPOV_05-0_2009-10-27a"
// is the committee of 2009-10-20 sitting on 2009-10-27).
std::string last_iso_date(std::string_view stem) {
  for (std::size_t i = stem.size(); i-- > 0;) {
    if (i + 10 > stem.size()) continue;
    if (auto date = parse_metadata_date(stem.substr(i, 10)); date && stem[i + 4] == '-') {
      return *date;
    }
  }
  return {};
}

struct Speaker {
  std::string name;
  std::string org;   // the department the office names, or empty
  std::string role;  // the office: "The Minister of State, Department of Health"
  AttributionSource source = AttributionSource::Metadata;
  std::string explanation;
};

// Who speaks in a <speech>, <ques> or <reply>; empty for procedural text and "Hon. Members".
Speaker speaker_of(const xmlNode* node) {
  if (ascii::iequals(attribute(node, "nospeaker"), "true")) return {};
  if (attribute(node, "speakerid") == "unknown") return {};
  Speaker speaker;
  speaker.name = attribute(node, "speakername");
  if (speaker.name.empty()) return {};
  // The Scottish Parliament prints "Name (Constituency) (Party)" and "The Cabinet Secretary for
  // X (Name)": the person is the name, the office a role, the rest is not part of the name.
  std::string office;
  while (speaker.name.size() > 2 && speaker.name.back() == ')') {
    const auto open = speaker.name.rfind(" (");
    if (open == std::string::npos) break;
    const std::string inner = speaker.name.substr(open + 2, speaker.name.size() - open - 3);
    const std::string before = speaker.name.substr(0, open);
    if (before.rfind("The ", 0) == 0 && inner.find(' ') != std::string::npos) {
      office = before;
      speaker.name = inner;
      break;
    }
    speaker.name = before;
  }
  // An office is a role. Its department is the organisation only where the office names one
  // ("The Minister of State, Department of Health"); "The Parliamentary Under-Secretary of
  // State for Justice" names none.
  speaker.role = attribute(node, "speakeroffice");
  if (speaker.role.empty()) speaker.role = office;
  if (const auto comma = speaker.role.rfind(", "); comma != std::string::npos) {
    const std::string tail = speaker.role.substr(comma + 2);
    for (const char* head : {"Department", "Ministry", "Office", "Treasury"}) {
      if (tail.find(head) != std::string::npos) speaker.org = tail;
    }
  }
  speaker.explanation = "speakername attribute";
  return speaker;
}

class HansardReader {
 public:
  explicit HansardReader(PostDoc& doc) : doc_(doc) {}

  // Walks the document's top level; unknown wrappers are descended, known items are not.
  void read(const xmlNode* root) {
    walk_elements(root->children, [&](const xmlNode* node) { return !read_item(node); });
  }

  std::string first_major_heading;
  std::string first_minor_heading;
  std::string bill;
  std::string motion_title;
  std::string first_item_date;  // from spmotion/regmem/division attributes

 private:
  // Returns false for elements that are not items (their children are walked instead).
  bool read_item(const xmlNode* node) {
    if (is(node, "major-heading") || is(node, "minor-heading") || is(node, "oral-heading")) {
      std::string heading = text_of(node);
      if (is(node, "major-heading") && first_major_heading.empty()) first_major_heading = heading;
      if (is(node, "minor-heading") && first_minor_heading.empty()) first_minor_heading = heading;
      add_unit(doc_.units, UnitKind::Heading, heading);
      return true;
    }
    if (is(node, "speech") || is(node, "ques") || is(node, "reply")) {
      read_speech(node, speaker_of(node));
      return true;
    }
    if (is(node, "p")) {
      add_unit(doc_.units, UnitKind::Paragraph, text_of(node));
      return true;
    }
    if (is(node, "division") || is(node, "divisioncount")) {
      read_division(node);
      return true;
    }
    if (is(node, "spmotion")) {
      read_motion(node);
      return true;
    }
    if (is(node, "regmem")) {
      read_register(node);
      return true;
    }
    if (is(node, "bill")) {
      if (bill.empty()) bill = text_of(node);
      return true;
    }
    // Committee membership lists, column and time markers, redirects, sources: not content.
    return is(node, "committee") || is(node, "place-holder") || is(node, "gidredirect") ||
           is(node, "source");
  }

  void attribute_to(Unit* unit, const Speaker& speaker) {
    if (unit == nullptr || speaker.name.empty()) return;
    unit->speaker = speaker.name;
    unit->org = speaker.org;
    unit->role = speaker.role;
    unit->source = speaker.source;
    unit->explanation = speaker.explanation;
  }

  // One Paragraph per <p>, one per table row; loose text between them makes a paragraph too.
  void read_speech(const xmlNode* speech, const Speaker& speaker) {
    std::string loose;
    auto flush_loose = [&] {
      attribute_to(add_unit(doc_.units, UnitKind::Paragraph, loose), speaker);
      loose.clear();
    };
    for (const xmlNode* c = speech->children; c != nullptr; c = c->next) {
      if (is(c, "p") || is(c, "div") || is(c, "blockquote")) {
        flush_loose();
        attribute_to(add_unit(doc_.units, UnitKind::Paragraph, text_of(c)), speaker);
      } else if (is(c, "table")) {
        flush_loose();
        read_table(c, speaker);
      } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
                 c->type == XML_ENTITY_REF_NODE || c->type == XML_ELEMENT_NODE) {
        // text_of() of a one-node fragment: wrap the node's text the same way.
        if (c->type == XML_ELEMENT_NODE) {
          loose += ' ' + text_of(c);
        } else if (c->type == XML_ENTITY_REF_NODE) {
          const xmlEntity* entity = xmlGetDocEntity(c->doc, c->name);
          if (entity != nullptr && entity->etype == XML_INTERNAL_GENERAL_ENTITY &&
              entity->content != nullptr) {
            loose += repair_c1(reinterpret_cast<const char*>(entity->content));
          }
        } else if (c->content != nullptr) {
          loose += repair_c1(reinterpret_cast<const char*>(c->content));
        }
      }
    }
    flush_loose();
  }

  void read_table(const xmlNode* table, const Speaker& speaker) {
    walk_elements(table->children, [&](const xmlNode* node) {
      if (!is(node, "tr")) return true;  // look for rows inside
      std::string row;
      for (const xmlNode* cell = node->children; cell != nullptr; cell = cell->next) {
        if (!is(cell, "td") && !is(cell, "th")) continue;
        std::string text = text_of(cell);
        if (text.empty()) continue;
        if (!row.empty()) row += " | ";
        row += text;
      }
      attribute_to(add_unit(doc_.units, UnitKind::Paragraph, row), speaker);
      return false;
    });
  }

  // "Division 230: ayes 158, noes 246": the outcome; the member lists are left out.
  void read_division(const xmlNode* node) {
    const xmlNode* count = is(node, "divisioncount") ? node : nullptr;
    for (const xmlNode* c = node->children; c != nullptr && count == nullptr; c = c->next) {
      if (is(c, "divisioncount")) count = c;
    }
    std::string number = attribute(node, "divnumber");
    if (number.empty() && count != nullptr) number = attribute(count, "divnumber");
    std::string summary = "Division" + (number.empty() ? std::string() : " " + number) + ":";
    bool first = true;
    if (count != nullptr) {
      for (const xmlAttr* a = count->properties; a != nullptr; a = a->next) {
        const std::string_view name = reinterpret_cast<const char*>(a->name);
        if (name == "id" || name == "url" || name == "divnumber" || name.starts_with("teller")) {
          continue;
        }
        summary += (first ? " " : ", ") + std::string(name) + " " +
                   attribute(count, reinterpret_cast<const char*>(a->name));
        first = false;
      }
    }
    if (first_item_date.empty()) first_item_date = attribute(node, "divdate");
    add_unit(doc_.units, UnitKind::Paragraph, summary);
  }

  // "*S3M-5090 Bill Wilson: Support for the UN Goldstone Report—That the Parliament …". Later
  // entries repeat the motion with supporters appended; only what is new is kept.
  void read_motion(const xmlNode* node) {
    std::string text = text_of(node);
    std::string_view t = text;
    while (!t.empty() && (t.front() == '*' || t.front() == ' ')) t.remove_prefix(1);
    const std::string spid = attribute(node, "spid");
    if (first_item_date.empty()) first_item_date = attribute(node, "date");

    std::string_view after_id = t;
    if (!spid.empty() && after_id.starts_with(spid)) after_id.remove_prefix(spid.size());
    Speaker lodger;
    if (auto colon = after_id.find(':'); colon != std::string_view::npos && colon <= 60) {
      std::string_view name = after_id.substr(0, colon);
      if (name.find("\xE2\x80\x94") == std::string_view::npos &&
          name.find('(') == std::string_view::npos) {
        lodger.name = text::collapse_whitespace(name);
        // Named in the text ("S3M-5090 Bill Wilson: …"), not in an attribute.
        lodger.source = AttributionSource::TurnMarker;
        lodger.explanation = "lodging member named before the motion's title";
        std::string_view rest = after_id.substr(colon + 1);
        if (auto dash = rest.find("\xE2\x80\x94");
            motion_title.empty() && dash != std::string_view::npos) {
          motion_title = text::collapse_whitespace(spid + " " + std::string(rest.substr(0, dash)));
        }
      }
    }
    for (const std::string& earlier : motions_) {
      if (t == earlier) return;
      if (t.starts_with(earlier)) {
        add_unit(doc_.units, UnitKind::Paragraph, t.substr(earlier.size()));
        motions_.emplace_back(t);
        return;
      }
    }
    attribute_to(add_unit(doc_.units, UnitKind::Paragraph, t), lodger);
    motions_.emplace_back(t);
  }

  // A member's entry in the Register: their name as a heading, one paragraph per item with its
  // category as context. Nobody speaks here.
  void read_register(const xmlNode* node) {
    if (first_item_date.empty()) first_item_date = attribute(node, "date");
    add_unit(doc_.units, UnitKind::Heading, attribute(node, "membername"));
    for (const xmlNode* category = node->children; category != nullptr; category = category->next) {
      if (!is(category, "category")) {
        if (is(category, "item")) add_unit(doc_.units, UnitKind::Paragraph, text_of(category));
        continue;
      }
      const std::string name = attribute(category, "name");
      for (const xmlNode* item = category->children; item != nullptr; item = item->next) {
        if (is(item, "item")) add_unit(doc_.units, UnitKind::Paragraph, text_of(item), name);
      }
    }
  }

  PostDoc& doc_;
  std::vector<std::string> motions_;
};

}  // namespace

Result<ReadOutput> read_hansard(std::string_view bytes, const Source& source) {
  auto doc = parse_xml(bytes, source);
  if (!doc) return Unexpected{doc.error()};
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!is(root, "publicwhip")) {
    return fail(ErrorCode::InvalidInput,
                source.path + ": not ParlParse XML (the root element is not <publicwhip>)");
  }
  PostDoc post_doc;
  HansardReader reader(post_doc);
  reader.read(root);
  ReadOutput out;
  // Nothing recognised (a members list, say): no post, rather than a post that is only a title.
  if (post_doc.units.empty()) return out;

  Post& post = post_doc.post;
  const std::string stem = std::filesystem::path(source.path).stem().string();
  post.event = std::string(body_of(stem));
  post.date = last_iso_date(stem);
  if (post.date.empty()) post.date = parse_metadata_date(reader.first_item_date).value_or("");
  post.title = !reader.motion_title.empty()          ? reader.motion_title
               : !reader.first_major_heading.empty() ? reader.first_major_heading
               : !reader.first_minor_heading.empty() ? reader.first_minor_heading
               : !post.event.empty()                 ? post.event
                                                     : stem;
  if (!reader.bill.empty()) post.title = reader.bill + ": " + post.title;
  Unit title;
  title.kind = UnitKind::Title;
  title.text = post.title;
  post_doc.units.insert(post_doc.units.begin(), std::move(title));
  out.posts.push_back(std::move(post_doc));
  return out;
}

}  // namespace civic::indexer
