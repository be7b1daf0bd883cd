// WordPress eXtended RSS (WXR) exports: one post per published post or page, its HTML body
// through segment_html(), then its approved comments, pingbacks and trackbacks. Drafts, private,
// scheduled and password-protected posts, revisions, attachments and navigation items are left
// out. libxml2 parses with no network and no entity substitution (no XXE, no entity bombs).
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/html_segmenter.h"
#include "indexer/reader.h"
#include "indexer/segment.h"
#include "indexer/xml_parse.h"
#include "query/core/ascii.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {


std::string text_of(const xmlNode* element) { return xml_text(element); }

// Real exports contain ">themereviewteam" and "themereviewteam>": stray brackets are typos.
std::string strip_brackets(std::string_view s) {
  while (!s.empty() && (s.front() == '>' || s.front() == '<')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '>' || s.back() == '<')) s.remove_suffix(1);
  return std::string(s);
}

// A namespace URI without its scheme, so that http:// and https:// exports compare equal.
std::string_view namespace_of(const xmlNode* node) {
  if (node->ns == nullptr || node->ns->href == nullptr) return {};
  std::string_view uri = reinterpret_cast<const char*>(node->ns->href);
  for (std::string_view scheme : {"http://", "https://"}) {
    if (uri.starts_with(scheme)) {
      uri.remove_prefix(scheme.size());
      break;
    }
  }
  return uri;
}

enum class Ns { None, Wp, Dc, Content, Other };  // None: no namespace (RSS 2.0 itself)

// Which vocabulary an element belongs to. WXR 1.0–1.2 use "wordpress.org/export/1.x/" (the
// excerpt module lives below it). An export missing its xmlns declarations still names elements
// "wp:…": accept the prefix then.
Ns ns_of(const xmlNode* node, std::string_view& local) {
  local = reinterpret_cast<const char*>(node->name);
  const std::string_view uri = namespace_of(node);
  if (uri.empty()) {
    for (auto [prefix, ns] :
         {std::pair{std::string_view("wp:"), Ns::Wp}, {"dc:", Ns::Dc}, {"content:", Ns::Content}}) {
      if (local.starts_with(prefix)) {
        local.remove_prefix(prefix.size());
        return ns;
      }
    }
    return Ns::None;
  }
  if (uri.starts_with("wordpress.org/export/") && uri.find("/excerpt") == std::string_view::npos) {
    return Ns::Wp;
  }
  if (uri.starts_with("purl.org/dc/elements/")) return Ns::Dc;
  if (uri.starts_with("purl.org/rss/1.0/modules/content")) return Ns::Content;
  return Ns::Other;
}

bool is(const xmlNode* node, Ns ns, std::string_view name) {
  if (node->type != XML_ELEMENT_NODE) return false;
  std::string_view local;
  return ns_of(node, local) == ns && local == name;
}

const xmlNode* child(const xmlNode* parent, Ns ns, std::string_view name) {
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (is(c, ns, name)) return c;
  }
  return nullptr;
}

std::string child_text(const xmlNode* parent, Ns ns, std::string_view name) {
  const xmlNode* c = child(parent, ns, name);
  return c != nullptr ? std::string(ascii::trim(text_of(c))) : std::string();
}

std::string location(const Source& source, const xmlNode* node) {
  return source.path + ":" + std::to_string(xmlGetLineNo(node));
}

struct WxrComment {
  std::string id;
  std::string author;
  std::string date;
  std::string type;
  std::string parent;
  std::size_t first_unit = 0;  // index in the post's units
  std::size_t unit_count = 0;
};

class WxrReader {
 public:
  WxrReader(const Source& source, ReadOutput& out) : source_(source), out_(out) {}

  void read_channel(const xmlNode* channel) {
    // Channel-level authors: login (what dc:creator holds) → display name.
    for (const xmlNode* c = channel->children; c != nullptr; c = c->next) {
      if (!is(c, Ns::Wp, "author")) continue;
      std::string login = child_text(c, Ns::Wp, "author_login");
      std::string name = text::collapse_whitespace(child_text(c, Ns::Wp, "author_display_name"));
      if (!login.empty() && !name.empty()) display_names_[login] = name;
    }
    for (const xmlNode* c = channel->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "item") &&
          c->ns == nullptr) {
        read_item(c);
      }
    }
  }

 private:
  void read_item(const xmlNode* item) {
    std::string type = child_text(item, Ns::Wp, "post_type");
    if (type.empty()) type = "post";
    if (type != "post" && type != "page") return;
    if (child_text(item, Ns::Wp, "status") != "publish") return;
    // A password-protected post was never public: its text must not become searchable.
    if (!child_text(item, Ns::Wp, "post_password").empty()) return;

    PostDoc doc;
    Post& post = doc.post;
    post.source = location(source_, item);
    // WordPress stores titles and comment authors as HTML ("Media &amp; Text").
    post.title = html_text(child_text(item, Ns::None, "title"));
    post.url = child_text(item, Ns::None, "link");
    const std::string creator = strip_brackets(child_text(item, Ns::Dc, "creator"));
    auto name = display_names_.find(creator);
    post.author = text::collapse_whitespace(name != display_names_.end() ? name->second : creator);
    if (auto date = parse_metadata_date(child_text(item, Ns::Wp, "post_date"))) {
      post.date = *date;
    } else if (auto pub = parse_metadata_date(child_text(item, Ns::None, "pubDate"))) {
      post.date = *pub;
    }
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
      if (!is(c, Ns::None, "category")) continue;
      std::string tag = text::collapse_whitespace(text_of(c));
      if (!tag.empty() && std::find(post.tags.begin(), post.tags.end(), tag) == post.tags.end()) {
        post.tags.push_back(std::move(tag));
      }
    }
    const std::string slug = child_text(item, Ns::Wp, "post_name");
    const std::string guid = child_text(item, Ns::None, "guid");
    post.id = post_id_for(slug.empty() ? post.title : slug, guid.empty() ? post.url : guid);

    add_unit(doc.units, UnitKind::Title, post.title);
    append_html(doc.units, child_text(item, Ns::Content, "encoded"), item);
    read_comments(doc, item);
    out_.posts.push_back(std::move(doc));
  }

  // Appends the units of a WordPress HTML body.
  void append_html(std::vector<Unit>& units, std::string_view html, const xmlNode* where) {
    HtmlOptions options;
    options.blank_lines_split = true;  // bodies are stored before wpautop adds <p> tags
    auto segmented = segment_html(html, options);
    if (!segmented) {
      out_.warnings.push_back(
          {ErrorCode::InvalidInput, location(source_, where) + ": " + segmented.error().message});
      return;
    }
    for (Unit& unit : *segmented) units.push_back(std::move(unit));
  }

  void read_comments(PostDoc& doc, const xmlNode* item) {
    std::vector<WxrComment> comments;
    for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
      if (!is(c, Ns::Wp, "comment")) continue;
      if (child_text(c, Ns::Wp, "comment_approved") != "1") continue;  // pending, spam, trash
      WxrComment comment;
      comment.id = child_text(c, Ns::Wp, "comment_id");
      comment.author = html_text(child_text(c, Ns::Wp, "comment_author"));
      // A registered user's comment may carry their login; show the display name as for posts.
      if (child_text(c, Ns::Wp, "comment_user_id") != "0") {
        if (auto name = display_names_.find(comment.author); name != display_names_.end()) {
          comment.author = name->second;
        }
      }
      comment.date = parse_metadata_date(child_text(c, Ns::Wp, "comment_date")).value_or("");
      comment.type = child_text(c, Ns::Wp, "comment_type");
      comment.parent = child_text(c, Ns::Wp, "comment_parent");
      comment.first_unit = doc.units.size();
      const std::string content = child_text(c, Ns::Wp, "comment_content");
      if (comment.type == "pingback" || comment.type == "trackback") {
        // One unit: the excerpt of the linking post, said by the linking site.
        std::string text;
        if (auto units = segment_html(content)) {
          for (const Unit& unit : *units) text += (text.empty() ? "" : " ") + unit.text;
        }
        if (Unit* unit =
                add_unit(doc.units, UnitKind::Pingback, text.empty() ? comment.author : text)) {
          unit->comment = Comment{comment.author, comment.date, {}};
        }
      } else {
        append_html(doc.units, content, c);
        for (std::size_t i = comment.first_unit; i < doc.units.size(); ++i) {
          doc.units[i].kind = UnitKind::Comment;
          doc.units[i].comment = Comment{comment.author, comment.date, {}};
        }
      }
      comment.unit_count = doc.units.size() - comment.first_unit;
      if (comment.unit_count > 0) comments.push_back(std::move(comment));
    }
    // Replies point at their parent's first unit by its id, which its text gives (and
    // finalise_post() follows if it changes).
    assign_unit_ids(doc);
    std::unordered_map<std::string, const WxrComment*> by_id;
    for (const WxrComment& comment : comments) by_id[comment.id] = &comment;
    for (const WxrComment& comment : comments) {
      if (comment.parent.empty() || comment.parent == "0") continue;
      auto parent = by_id.find(comment.parent);
      if (parent == by_id.end()) continue;  // replied to a comment that was not approved
      const std::string parent_id = doc.units[parent->second->first_unit].id;
      for (std::size_t i = 0; i < comment.unit_count; ++i) {
        Unit& unit = doc.units[comment.first_unit + i];
        unit.comment->parent_id = parent_id;
        if (!parent->second->author.empty()) unit.context = "reply to " + parent->second->author;
      }
    }
  }

  const Source& source_;
  ReadOutput& out_;
  std::unordered_map<std::string, std::string> display_names_;
};

}  // namespace

Result<ReadOutput> read_wxr(std::string_view bytes, const Source& source) {
  auto doc = parse_xml(bytes, source);
  if (!doc) return Unexpected{doc.error()};
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (root == nullptr || !xmlStrEqual(root->name, BAD_CAST "rss")) {
    return fail(ErrorCode::InvalidInput, source.path + ": not a WXR export (no <rss> root)");
  }
  ReadOutput out;
  WxrReader reader(source, out);
  bool have_channel = false;
  for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "channel")) {
      reader.read_channel(c);
      have_channel = true;
    }
  }
  if (!have_channel) {
    return fail(ErrorCode::InvalidInput, source.path + ": not a WXR export (no <channel>)");
  }
  return out;
}

}  // namespace civic::indexer
