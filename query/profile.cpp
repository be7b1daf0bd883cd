// The names of profile kinds and the JSON of the three profiles (query/profile.h).
#include "query/profile.h"

#include <nlohmann/json.hpp>

#include "query/core/unit_json.h"

namespace civic::query {
namespace {

using json = nlohmann::json;

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json slug_json(const ProfileSlug& slug) {
  json j(json::value_t::object);
  j["kind"] = profile_kind_name(slug.kind);
  j["slug"] = slug.slug;
  j["name"] = slug.values.empty() ? std::string() : slug.values.front();
  j["names"] = slug.values;
  return j;
}

json talk_json(const ProfileTalk& talk) {
  json j(json::value_t::object);
  j["id"] = talk.id;
  j["title"] = talk.title;
  j["post"] = talk.post_id;
  j["event"] = or_null(talk.event);
  j["date"] = or_null(talk.date);
  j["first_unit"] = talk.first_unit;
  j["units"] = talk.units;
  j["speaker"] = or_null(talk.speaker);
  j["role"] = or_null(talk.role);
  j["org"] = or_null(talk.org);
  return j;
}

json entry_json(const ProfileEntry& entry, const char* count_name) {
  json j(json::value_t::object);
  j["name"] = entry.name;
  j["slug"] = entry.slug;
  j[count_name] = entry.count;
  if (!entry.first_date.empty() || !entry.last_date.empty()) {
    j["first_date"] = or_null(entry.first_date);
    j["last_date"] = or_null(entry.last_date);
  }
  return j;
}

template <typename T, typename F>
json list_json(const ProfileList<T>& list, F item) {
  json j(json::value_t::object);
  j["total"] = list.total;
  j["page"] = list.page;
  j["per_page"] = list.per_page;
  json items = json::array();
  for (const T& t : list.items) items.push_back(item(t));
  j["items"] = std::move(items);
  return j;
}

json counts_json(const std::vector<ProfileEntry>& counts) {
  json out = json::array();
  for (const auto& c : counts) out.push_back({{"value", c.name}, {"count", c.count}});
  return out;
}

json terms_json(const std::vector<DistinctiveTerm>& terms) {
  json out = json::array();
  for (const auto& t : terms) {
    json j(json::value_t::object);
    j["term"] = t.term;
    j["units"] = t.units;
    j["all_units"] = t.all_units;
    j["share"] = t.share;
    j["archive_share"] = t.archive_share;
    j["ratio"] = t.ratio();
    out.push_back(std::move(j));
  }
  return out;
}

void put_common(json& j, const ProfileSlug& slug, std::size_t units,
                const std::vector<std::string>& missing, double took_ms) {
  j["profile"] = slug_json(slug);
  j["units"] = units;
  j["missing_shards"] = missing;
  j["took_ms"] = took_ms;
}

}  // namespace

std::string_view profile_kind_name(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::Org:
      return "org";
    case ProfileKind::Event:
      return "event";
    case ProfileKind::Speaker:
      break;
  }
  return "speaker";
}

std::optional<ProfileKind> profile_kind_from_name(std::string_view name) {
  for (ProfileKind k : {ProfileKind::Speaker, ProfileKind::Org, ProfileKind::Event}) {
    if (profile_kind_name(k) == name) return k;
  }
  return std::nullopt;
}

std::string to_json(const SpeakerProfile& p) {
  json j(json::value_t::object);
  put_common(j, p.slug, p.units, p.missing_shards, p.took_ms);
  j["first_date"] = or_null(p.first_date);
  j["last_date"] = or_null(p.last_date);
  json affiliations = json::array();
  for (const auto& a : p.affiliations) {
    json item(json::value_t::object);
    item["org"] = or_null(a.org);
    item["role"] = or_null(a.role);
    item["event"] = or_null(a.event);
    item["first_date"] = or_null(a.first_date);
    item["last_date"] = or_null(a.last_date);
    item["units"] = a.units;
    affiliations.push_back(std::move(item));
  }
  j["affiliations"] = std::move(affiliations);
  j["talks"] = list_json(p.talks, talk_json);
  j["themes"] = counts_json(p.themes);
  j["timeline"] = json::parse(to_json(p.timeline));
  j["distinctive_terms"] = terms_json(p.terms);
  json shared = json::array();
  for (const auto& e : p.shared_events) shared.push_back(entry_json(e, "events"));
  j["shared_events"] = std::move(shared);
  return j.dump();
}

std::string to_json(const OrgProfile& p) {
  json j(json::value_t::object);
  put_common(j, p.slug, p.units, p.missing_shards, p.took_ms);
  j["first_date"] = or_null(p.first_date);
  j["last_date"] = or_null(p.last_date);
  j["people"] = list_json(p.people, [](const ProfileEntry& e) { return entry_json(e, "units"); });
  j["events"] = list_json(p.events, [](const ProfileEntry& e) { return entry_json(e, "units"); });
  j["themes"] = counts_json(p.themes);
  j["timeline"] = json::parse(to_json(p.timeline));
  j["distinctive_terms"] = terms_json(p.terms);
  return j.dump();
}

std::string to_json(const EventProfile& p) {
  json j(json::value_t::object);
  put_common(j, p.slug, p.units, p.missing_shards, p.took_ms);
  j["dates"] = p.dates;
  j["talks"] = list_json(p.talks, talk_json);
  j["speakers"] =
      list_json(p.speakers, [](const ProfileEntry& e) { return entry_json(e, "units"); });
  json orgs = json::array();
  for (const auto& e : p.orgs) orgs.push_back(entry_json(e, "units"));
  j["orgs"] = std::move(orgs);
  j["orgs_total"] = p.orgs_total;
  json posts = json::array();
  for (const auto& post : p.posts) {
    posts.push_back({{"id", post.id},
                     {"title", or_null(post.title)},
                     {"url", or_null(post.url)},
                     {"date", or_null(post.date)},
                     {"units", post.units}});
  }
  j["posts"] = std::move(posts);
  return j.dump();
}

}  // namespace civic::query
