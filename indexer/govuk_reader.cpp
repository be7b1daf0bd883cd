// GOV.UK content items (the Publishing API's JSON: speeches, statements, news, consultations,
// topical events): one post per file. The speaker and their department come from `links`, the
// venue from details.location, the body is govspeak HTML for html_segmenter. nlohmann/json is
// used only here; its exceptions are caught at the call and become an Error with the path.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "indexer/html_segmenter.h"
#include "indexer/reader.h"
#include "indexer/segment.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

using nlohmann::json;

// Optional string field: empty when missing, null or not a string (the examples have nulls).
std::string string_at(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return {};
  return found->get<std::string>();
}

const json& object_at(const json& object, const char* key) {
  static const json kEmpty = json::object();
  if (!object.is_object()) return kEmpty;
  auto found = object.find(key);
  return found != object.end() && found->is_object() ? *found : kEmpty;
}

// links.<key>: the linked items (objects with "title", "content_id"…); empty when absent.
std::vector<const json*> links_at(const json& links, const char* key) {
  std::vector<const json*> out;
  auto found = links.find(key);
  if (found == links.end() || !found->is_array()) return out;
  for (const json& item : *found) {
    if (item.is_object()) out.push_back(&item);
  }
  return out;
}

// details.body is an HTML string, or (multi-part content) a list of {content_type, content}.
std::string body_html(const json& details) {
  auto found = details.find("body");
  if (found == details.end()) return {};
  if (found->is_string()) return found->get<std::string>();
  if (found->is_array()) {
    for (const json& part : *found) {
      if (string_at(part, "content_type") == "text/html") return string_at(part, "content");
    }
  }
  return {};
}

// The organisation a speaker spoke for: the one the page emphasises, else the primary publisher,
// else the first listed.
std::string speaker_org(const json& links, const json& details) {
  const auto organisations = links_at(links, "organisations");
  auto emphasised = details.find("emphasised_organisations");
  if (emphasised != details.end() && emphasised->is_array()) {
    for (const json& id : *emphasised) {
      if (!id.is_string()) continue;
      for (const json* org : organisations) {
        if (string_at(*org, "content_id") == id.get<std::string>()) return string_at(*org, "title");
      }
    }
  }
  for (const json* org : links_at(links, "primary_publishing_organisation")) {
    if (std::string title = string_at(*org, "title"); !title.empty()) return title;
  }
  return organisations.empty() ? std::string() : string_at(*organisations.front(), "title");
}

Result<PostDoc> read_item(const json& item, const Source& source) {
  if (!item.is_object()) {
    return fail(ErrorCode::InvalidInput,
                source.path + ": not a GOV.UK content item (not an object)");
  }
  PostDoc doc;
  Post& post = doc.post;
  const json& details = object_at(item, "details");
  const json& links = object_at(item, "links");

  post.title = text::collapse_whitespace(string_at(item, "title"));
  // A speech's date is when it was delivered; publication may come days later.
  for (const std::string& candidate :
       {string_at(details, "delivered_on"), string_at(item, "first_published_at"),
        string_at(details, "first_public_at"), string_at(item, "public_updated_at")}) {
    if (auto date = parse_metadata_date(candidate)) {
      post.date = *date;
      break;
    }
  }
  if (const std::string base_path = string_at(item, "base_path"); !base_path.empty()) {
    post.url = "https://www.gov.uk" + base_path;
  }
  post.event = text::collapse_whitespace(string_at(details, "location"));
  if (post.event.empty()) {
    for (const json* event : links_at(links, "topical_events")) {
      post.event = text::collapse_whitespace(string_at(*event, "title"));
      if (!post.event.empty()) break;
    }
  }
  const std::string org = text::collapse_whitespace(speaker_org(links, details));
  for (const json* speaker : links_at(links, "speaker")) {
    std::string name = text::collapse_whitespace(string_at(*speaker, "title"));
    if (!name.empty()) post.speakers.push_back(Person{std::move(name), org, {}, {}});
  }
  if (std::string name = text::collapse_whitespace(string_at(details, "speaker_without_profile"));
      !name.empty()) {
    post.speakers.push_back(Person{std::move(name), org, {}, {}});
  }

  add_unit(doc.units, UnitKind::Title, post.title);
  add_unit(doc.units, UnitKind::Paragraph, string_at(item, "description"));
  auto body = segment_html(body_html(details));
  if (!body) return fail(ErrorCode::InvalidInput, source.path + ": body: " + body.error().message);
  for (Unit& unit : *body) doc.units.push_back(std::move(unit));
  return doc;
}

}  // namespace

Result<ReadOutput> read_govuk_json(std::string_view bytes, const Source& source) {
  json item;
  try {
    item = json::parse(bytes.begin(), bytes.end());
  } catch (const json::exception& e) {
    return fail(ErrorCode::InvalidInput, source.path + ": " + e.what());
  }
  // Accessors above check types before reading, but keep a net: no library exception leaves.
  try {
    auto doc = read_item(item, source);
    if (!doc) return Unexpected{doc.error()};
    ReadOutput out;
    out.posts.push_back(std::move(doc).value());
    return out;
  } catch (const json::exception& e) {
    return fail(ErrorCode::InvalidInput, source.path + ": " + e.what());
  }
}

}  // namespace civic::indexer
