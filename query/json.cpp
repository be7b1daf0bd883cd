// JSON documents of the query library: the one encoding of a search response, shared by
// `civicsearch search --json` and GET /api/search so the two can never differ.
#include <nlohmann/json.hpp>

#include "query/core/text.h"
#include "query/core/unit_json.h"
#include "query/searcher.h"

namespace civic::query {
namespace {

using json = nlohmann::json;

// The slug of a name's profile page (/speakers/<slug>…), null when there is no name.
json slug_or_null(const std::string& name) {
  const std::string slug = text::slug(name);
  return slug.empty() ? json(nullptr) : json(slug);
}

// A hit: the unit's fields as everywhere (query/core/unit_json.h), the slugs of the profile
// pages of its speaker, organisation and event, where it is, how it matched, and how many more
// units of its post matched.
json hit_json(const Hit& hit) {
  json j(json::value_t::object);
  put_unit_fields(hit.unit, hit.post, j);
  j["speaker_slug"] = slug_or_null(hit.unit.speaker);
  j["org_slug"] = slug_or_null(hit.unit.org);
  j["event_slug"] = slug_or_null(hit.post.event);
  j["url"] = json_string_or_null(hit.url);
  j["snippet"] = hit.snippet;
  j["score"] = hit.score;
  j["more"] = hit.more;
  return j;
}

json facet_json(const std::vector<FacetCount>& values) {
  json out = json::array();
  for (const auto& v : values) {
    json item(json::value_t::object);
    item["value"] = v.value;
    item["count"] = v.count;
    out.push_back(std::move(item));
  }
  return out;
}

// A post as a talk or post view carries it: the fields of a hit's post, and its event.
json post_json(const Post& post) {
  json j(json::value_t::object);
  put_post_fields(post, j);
  j["event"] = json_string_or_null(post.event);
  return j;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string to_json(const SearchResponse& response) {
  json hits = json::array();
  for (const auto& hit : response.hits) hits.push_back(hit_json(hit));
  json facets = json::object();
  for (const auto& name : facet_names()) {
    auto it = response.facets.find(name);
    facets[name] = it == response.facets.end() ? json::array() : facet_json(it->second);
  }
  json j(json::value_t::object);
  j["query"] = response.query;
  j["total"] = response.total;
  j["page"] = response.page;
  j["per_page"] = response.per_page;
  j["took_ms"] = response.took_ms;
  j["suggestion"] = response.suggestion ? json(*response.suggestion) : json(nullptr);
  j["hits"] = std::move(hits);
  j["facets"] = std::move(facets);
  // Over shards: true when some could not answer (listed); the rest is still exact.
  j["partial"] = response.partial();
  j["missing_shards"] = response.missing_shards;
  return dump(j);
}

std::string to_json(const UnitView& view) {
  json before = json::array(), after = json::array();
  for (const auto& h : view.before) before.push_back(hit_json(h));
  for (const auto& h : view.after) after.push_back(hit_json(h));
  return dump({{"unit", hit_json(view.unit)}, {"before", before}, {"after", after}});
}

// Filled key by key, not from braced lists, which copy every unit (query/core/unit_json.cpp).
std::string to_json(const TalkView& view) {
  json j(json::value_t::object);
  j["id"] = view.id;
  j["post"] = post_json(view.post);
  json& units = j["units"] = json::array();
  for (const auto& h : view.units) units.push_back(hit_json(h));
  j["previous"] = view.previous ? hit_json(*view.previous) : json(nullptr);
  j["next"] = view.next ? hit_json(*view.next) : json(nullptr);
  return dump(j);
}

std::string to_json(const PostView& view) {
  json j(json::value_t::object);
  j["post"] = post_json(view.post);
  json& units = j["units"] = json::array();
  for (const auto& h : view.units) units.push_back(hit_json(h));
  return dump(j);
}

std::string to_json(const std::string& facet, const std::vector<FacetCount>& values) {
  return dump({{"facet", facet}, {"values", facet_json(values)}});
}

}  // namespace civic::query
