// JSON documents of the query library: the one encoding of a search response, shared by
// `civicsearch search --json` and GET /api/search so the two can never differ.
#include <nlohmann/json.hpp>

#include "query/searcher.h"

namespace civic::query {
namespace {

using json = nlohmann::json;

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json hit_json(const Hit& hit) {
  const Unit& u = hit.unit;
  json j = {
      {"id", u.id},
      {"kind", unit_kind_name(u.kind)},
      {"speaker", or_null(u.speaker)},
      {"org", or_null(u.org)},
      {"themes", u.themes},
      {"event", or_null(hit.post.event)},
      {"talk", or_null(u.talk)},
      {"post", {{"id", hit.post.id}, {"title", hit.post.title}, {"date", or_null(hit.post.date)},
                {"url", or_null(hit.post.url)}}},
      {"url", or_null(hit.url)},
      {"anchor", u.anchor},
      {"context", or_null(u.context)},
      {"snippet", hit.snippet},
      {"text", u.text},
      {"score", hit.score},
      {"more", hit.more},
  };
  if (u.comment) {
    j["comment"] = {{"author", or_null(u.comment->author)}, {"date", or_null(u.comment->date)},
                    {"parent", or_null(u.comment->parent_id)}};
  }
  return j;
}

json facet_json(const std::vector<FacetCount>& values) {
  json out = json::array();
  for (const auto& v : values) out.push_back({{"value", v.value}, {"count", v.count}});
  return out;
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
  json j = {
      {"query", response.query},
      {"total", response.total},
      {"page", response.page},
      {"per_page", response.per_page},
      {"took_ms", response.took_ms},
      {"suggestion", response.suggestion ? json(*response.suggestion) : json(nullptr)},
      {"hits", std::move(hits)},
      {"facets", std::move(facets)},
      // Over shards: true when some could not answer (listed); the rest is still exact.
      {"partial", response.partial()},
      {"missing_shards", response.missing_shards},
  };
  return dump(j);
}

std::string to_json(const UnitView& view) {
  json before = json::array(), after = json::array();
  for (const auto& h : view.before) before.push_back(hit_json(h));
  for (const auto& h : view.after) after.push_back(hit_json(h));
  return dump({{"unit", hit_json(view.unit)}, {"before", before}, {"after", after}});
}

std::string to_json(const std::string& facet, const std::vector<FacetCount>& values) {
  return dump({{"facet", facet}, {"values", facet_json(values)}});
}

}  // namespace civic::query
