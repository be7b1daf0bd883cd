#include "query/core/stored_unit.h"

#include <nlohmann/json.hpp>

namespace civic {
namespace {

using json = nlohmann::json;

std::string get_string(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> get_strings(const json& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& item : *it) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

std::string encode_stored_unit(const Unit& unit, const Post& post) {
  // Short keys: this is stored once per unit, so its size is index size.
  json j = {
      {"i", unit.id},         {"p", unit.post_id},      {"n", unit.position},
      {"k", unit_kind_name(unit.kind)},                 {"x", unit.text},
      {"c", unit.context},    {"a", unit.anchor},       {"s", unit.speaker},
      {"o", unit.org},        {"t", unit.talk},         {"th", unit.themes},
      {"m", unit.mentions},   {"src", attribution_source_name(unit.source)},
      {"why", unit.explanation},
      {"pt", post.title},     {"pd", post.date},        {"pu", post.url},
      {"pa", post.author},    {"pe", post.event},       {"ptags", post.tags},
  };
  if (unit.comment) {
    j["ca"] = unit.comment->author;
    j["cd"] = unit.comment->date;
    j["cp"] = unit.comment->parent_id;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<StoredUnit> decode_stored_unit(std::string_view data) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return fail(ErrorCode::Internal, "stored unit is not a JSON object: the index is corrupt");
  }
  StoredUnit out;
  Unit& u = out.unit;
  u.id = get_string(j, "i");
  u.post_id = get_string(j, "p");
  if (auto it = j.find("n"); it != j.end() && it->is_number_integer()) u.position = it->get<int>();
  u.kind = unit_kind_from_name(get_string(j, "k")).value_or(UnitKind::Paragraph);
  u.text = get_string(j, "x");
  u.context = get_string(j, "c");
  u.anchor = get_string(j, "a");
  u.speaker = get_string(j, "s");
  u.org = get_string(j, "o");
  u.talk = get_string(j, "t");
  u.themes = get_strings(j, "th");
  u.mentions = get_strings(j, "m");
  std::string source = get_string(j, "src");
  for (auto s : {AttributionSource::None, AttributionSource::Metadata, AttributionSource::TurnMarker,
                 AttributionSource::Introduction, AttributionSource::Continuation,
                 AttributionSource::Gazetteer}) {
    if (attribution_source_name(s) == source) u.source = s;
  }
  u.explanation = get_string(j, "why");
  if (j.contains("ca")) u.comment = Comment{get_string(j, "ca"), get_string(j, "cd"), get_string(j, "cp")};
  Post& p = out.post;
  p.id = u.post_id;
  p.title = get_string(j, "pt");
  p.date = get_string(j, "pd");
  p.url = get_string(j, "pu");
  p.author = get_string(j, "pa");
  p.event = get_string(j, "pe");
  p.tags = get_strings(j, "ptags");
  return out;
}

}  // namespace civic
