// The profile pages (see profile_pages.h). Lists are plain ordered or unordered lists and the
// activity a table, so that they read the same to a screen reader as they look; every section
// has its own h2 under the page's one h1.
#include "web/profile_pages.h"

#include <cstdio>
#include <utility>
#include <vector>

#include "query/core/html.h"
#include "query/core/text.h"
#include "web/explore_parts.h"
#include "web/html.h"
#include "web/page_parts.h"

namespace civic::web {
namespace {

using query::ProfileEntry;
using query::ProfileKind;
using query::ProfileTalk;

std::string link(const std::string& href, const std::string& text) {
  return "<a href=\"" + html::escape(href) + "\">" + html::escape(text) + "</a>";
}

// A name linking to its page when it has one.
std::string name_link(const std::string& path, const std::string& name) {
  return path.empty() ? html::escape(name) : link(path, name);
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return thousands(n) + " " + (n == 1 ? one : many);
}

std::string date_html(const std::string& date) {
  return "<time datetime=\"" + html::escape(date) + "\">" + html::escape(date) + "</time>";
}

// "2010-05-15", "2010-05-15 – 2011-03-02", or "" when undated.
std::string date_span(const std::string& first, const std::string& last) {
  if (first.empty()) return {};
  if (last.empty() || last == first) return date_html(first);
  return date_html(first) + " \u2013 " + date_html(last);
}

std::string percent(double share) {
  char out[32];
  std::snprintf(out, sizeof out,
                share >= 0.1     ? "%.0f%%"
                : share >= 0.001 ? "%.1f%%"
                                 : "%.2f%%",
                share * 100);
  return out;
}

std::string times(double ratio) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", ratio);
  return out;
}

// The search page for `q` with a facet filter of every one of `values`.
std::string search_link(const std::string& facet, const std::vector<std::string>& values,
                        const std::vector<std::pair<std::string, std::string>>& more = {}) {
  std::vector<std::pair<std::string, std::string>> params = more;
  for (const auto& value : values) params.emplace_back(facet, value);
  return "/search?" + query_string(params);
}

std::string section(const std::string& id, const std::string& heading, const std::string& body) {
  return "<section class=\"profile-section\" aria-labelledby=\"" + id + "\"><h2 id=\"" + id +
         "\">" + html::escape(heading) + "</h2>" + body + "</section>";
}

// A GET form to the search page holding `facet` filters: searching within a profile's units.
std::string search_within(const std::string& facet, const std::vector<std::string>& values,
                          const std::string& label) {
  std::string out =
      "<form class=\"search-form profile-search\" action=\"/search\" method=\"get\" "
      "role=\"search\"><label for=\"profile-q\">" +
      html::escape(label) +
      "</label><input id=\"profile-q\" name=\"q\" type=\"search\" spellcheck=\"false\">";
  for (const auto& value : values) {
    out += "<input type=\"hidden\" name=\"" + facet + "\" value=\"" + html::escape(value) + "\">";
  }
  return out + "<button type=\"submit\" class=\"search-button\">Search</button></form>";
}

// Links to the pages before and after this one of a long list.
template <typename T>
std::string pager(const std::string& path, const query::ProfileList<T>& list,
                  const std::string& what) {
  const std::size_t per = static_cast<std::size_t>(list.per_page);
  if (per == 0 || list.total <= per) return {};
  const std::size_t pages = (list.total + per - 1) / per;
  std::string out = "<nav class=\"pager\" aria-label=\"Pages of " + html::escape(what) + "\"><ul>";
  auto item = [&](int page, const char* rel, const char* direction) {
    std::string href = path;
    if (page > 1 || per != 50) {
      std::vector<std::pair<std::string, std::string>> params;
      if (page > 1) params.emplace_back("page", std::to_string(page));
      if (per != 50) params.emplace_back("per_page", std::to_string(per));
      href += "?" + query_string(params);
    }
    return "<li class=\"pager-" + std::string(rel) + "\"><a rel=\"" + rel + "\" href=\"" +
           html::escape(href) + "\"><span class=\"pager-direction\">" + direction +
           "</span> <span class=\"pager-text\">Page " + std::to_string(page) + " of " +
           std::to_string(pages) + "</span></a></li>";
  };
  if (list.page > 1) out += item(list.page - 1, "prev", "\u2190 Previous");
  if (static_cast<std::size_t>(list.page) < pages)
    out += item(list.page + 1, "next", "Next \u2192");
  return out + "</ul></nav>";
}

// "21–40 of 75" when a list has several pages.
template <typename T>
std::string range_note(const query::ProfileList<T>& list) {
  const std::size_t per = static_cast<std::size_t>(list.per_page);
  if (list.total <= per || list.items.empty()) return {};
  const std::size_t first = static_cast<std::size_t>(list.page - 1) * per + 1;
  return "<p class=\"reading-meta\">" + thousands(first) + "\u2013" +
         thousands(first + list.items.size() - 1) + " of " + thousands(list.total) + "</p>";
}

// One talk in a list: who (for an event's programme), its link, where and when.
std::string talk_item(const ProfileTalk& talk, bool with_who) {
  std::vector<std::string> parts;
  if (with_who && !talk.speaker.empty()) {
    std::string who = "<span class=\"hit-speaker\">" +
                      name_link(speaker_path(talk.speaker), talk.speaker) + "</span>";
    if (!talk.role.empty()) who += ", " + html::escape(talk.role);
    if (!talk.org.empty()) {
      who += ", <span class=\"hit-org\">" + name_link(org_path(talk.org), talk.org) + "</span>";
    }
    parts.push_back(who);
  }
  if (with_who) {
    // In a programme every talk is of the same post, whose title says nothing new: the link
    // names whose talk it is (to a screen reader, which reads links out of context).
    std::string hidden = talk.speaker.empty() ? std::string() : " by " + talk.speaker;
    parts.push_back("<a href=\"" + html::escape(talk_path(talk.id)) + "\">Read the talk" +
                    (hidden.empty()
                         ? std::string()
                         : "<span class=\"visually-hidden\">" + html::escape(hidden) + "</span>") +
                    "</a>");
  } else {
    parts.push_back(link(talk_path(talk.id), talk.title));
  }
  if (!with_who && !talk.event.empty()) parts.push_back(render_event(talk.event));
  if (!talk.date.empty()) parts.push_back(date_html(talk.date));
  parts.push_back(plural(talk.units, "unit", "units"));
  std::string out = "<li>";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += kSeparator;
    out += parts[i];
  }
  return out + "</li>";
}

std::string talks_list(const std::string& path, const query::ProfileList<ProfileTalk>& talks,
                       bool with_who) {
  if (talks.total == 0) return "<p>No talks.</p>";
  std::string out =
      range_note(talks) + "<ol class=\"profile-list\" start=\"" +
      std::to_string(
          static_cast<std::size_t>(talks.page - 1) * static_cast<std::size_t>(talks.per_page) + 1) +
      "\">";
  for (const auto& talk : talks.items) out += talk_item(talk, with_who);
  return out + "</ol>" + pager(path, talks, "talks");
}

// Entries (people, organisations, events) with their units and dates.
std::string entries_list(const std::vector<ProfileEntry>& entries,
                         std::string (*path_of)(const std::string&), const char* one,
                         const char* many) {
  std::string out = "<ul class=\"profile-list\">";
  for (const auto& e : entries) {
    out += "<li>" + name_link(path_of(e.name), e.name) + kSeparator + plural(e.count, one, many);
    if (const std::string dates = date_span(e.first_date, e.last_date); !dates.empty())
      out += kSeparator + dates;
    out += "</li>";
  }
  return out + "</ul>";
}

std::string themes_list(const std::vector<ProfileEntry>& themes, const std::string& facet,
                        const std::vector<std::string>& values) {
  if (themes.empty()) return "<p>No themes.</p>";
  std::string out = "<ul class=\"profile-list\">";
  for (const auto& t : themes) {
    out += "<li>" + link(search_link(facet, values, {{"theme", t.name}}), t.name) + kSeparator +
           plural(t.count, "unit", "units") + "</li>";
  }
  return out + "</ul>";
}

// The units of each interval as a chart whose bars open the search of what `who` said then
// (`facet` filtered to `values`), with the numbers as a table.
std::string activity(const query::Timeline& timeline, const std::string& who,
                     const std::string& facet, const std::vector<std::string>& values) {
  if (timeline.buckets.empty()) return "<p>No dated units.</p>";
  LinkParams search;
  for (const auto& value : values) search.emplace_back(facet, value);
  std::string out = render_activity(timeline, search, who);
  if (timeline.undated) {
    out += "<p class=\"reading-meta\">" + plural(timeline.undated, "unit", "units") +
           " without a date.</p>";
  }
  return out;
}

std::string terms_list(const std::vector<query::DistinctiveTerm>& terms, const std::string& facet,
                       const std::vector<std::string>& values, const std::string& who) {
  if (terms.empty()) return "<p>No word stands out.</p>";
  std::string out = "<p class=\"reading-meta\">Words " + html::escape(who) +
                    " uses more than the archive does: the share of their units that hold the "
                    "word, and of the whole archive\u2019s.</p><ul class=\"profile-list "
                    "profile-terms\">";
  for (const auto& t : terms) {
    out += "<li>" + link(search_link(facet, values, {{"q", t.term}}), t.term) + kSeparator +
           percent(t.share) + " of theirs, " + percent(t.archive_share) +
           " of the archive (\u00d7" + times(t.ratio()) + ")</li>";
  }
  return out + "</ul>";
}

std::string head_meta(const std::string& description) {
  return meta_tag("name", "description", description);
}

std::string header(const char* eyebrow, const std::string& name, const std::string& meta) {
  return "<header class=\"reading-head\"><p class=\"eyebrow\">" + std::string(eyebrow) +
         "</p><h1>" + html::escape(name) + "</h1>" +
         (meta.empty() ? std::string() : "<p class=\"reading-meta\">" + meta + "</p>") +
         "</header>";
}

const std::string& name_of(const query::ProfileSlug& slug) {
  static const std::string kNone;
  return slug.values.empty() ? kNone : slug.values.front();
}

// "Also written: Sian Berry" when values share the slug.
std::string also_written(const query::ProfileSlug& slug) {
  if (slug.values.size() < 2) return {};
  std::string out = "<p class=\"reading-meta\">Also written: ";
  for (std::size_t i = 1; i < slug.values.size(); ++i) {
    if (i > 1) out += ", ";
    out += html::escape(slug.values[i]);
  }
  return out + "</p>";
}

std::string units_and_dates(std::size_t units, const std::string& first, const std::string& last) {
  std::string out = plural(units, "unit", "units");
  if (const std::string dates = date_span(first, last); !dates.empty()) out += kSeparator + dates;
  return out;
}

}  // namespace

std::string profile_path(ProfileKind kind, const std::string& slug) {
  switch (kind) {
    case ProfileKind::Org:
      return "/orgs/" + url_encode(slug);
    case ProfileKind::Event:
      return "/events/" + url_encode(slug);
    case ProfileKind::Speaker:
      break;
  }
  return "/speakers/" + url_encode(slug);
}

std::string render_speaker_page(const query::SpeakerProfile& p, const PageAssets& assets) {
  const std::string& name = name_of(p.slug);
  const std::string path = profile_path(ProfileKind::Speaker, p.slug.slug);
  std::string out =
      page_start(name, assets.base_url + path,
                 head_meta(name + ": talks, organisations and themes in the archive"), assets);
  out += crumbs({{"", name}}) + "<article class=\"profile-page\">";
  out += header("Speaker", name,
                units_and_dates(p.units, p.first_date, p.last_date) + kSeparator +
                    plural(p.talks.total, "talk", "talks"));
  out += also_written(p.slug);
  out += search_within("speaker", p.slug.values, "Search what " + name + " said");

  std::string roles;
  if (p.affiliations.empty()) {
    roles = "<p>No role or organisation is given.</p>";
  } else {
    roles = "<ul class=\"profile-list\">";
    for (const auto& a : p.affiliations) {
      std::vector<std::string> parts;
      if (!a.role.empty())
        parts.push_back("<span class=\"hit-role\">" + html::escape(a.role) + "</span>");
      if (!a.org.empty()) {
        parts.push_back("<span class=\"hit-org\">" + name_link(org_path(a.org), a.org) + "</span>");
      }
      if (parts.empty()) parts.push_back("No organisation given");
      std::string item = parts[0];
      for (std::size_t i = 1; i < parts.size(); ++i) item += ", " + parts[i];
      if (!a.event.empty()) item += " at " + render_event(a.event);
      if (const std::string dates = date_span(a.first_date, a.last_date); !dates.empty())
        item += kSeparator + dates;
      roles += "<li>" + item + kSeparator + plural(a.units, "unit", "units") + "</li>";
    }
    roles += "</ul>";
  }
  out += section("roles-heading", "Roles and organisations", roles);
  out += section("talks-heading", "Talks", talks_list(path, p.talks, false));
  out += section("themes-heading", "Themes", themes_list(p.themes, "speaker", p.slug.values));
  out += section("activity-heading", "When", activity(p.timeline, name, "speaker", p.slug.values));
  out += section("terms-heading", "Distinctive words",
                 terms_list(p.terms, "speaker", p.slug.values, name));
  std::string shared = "<p>No one else spoke at their events.</p>";
  if (!p.shared_events.empty()) {
    shared = "<ul class=\"profile-list\">";
    for (const auto& e : p.shared_events) {
      shared += "<li><span class=\"hit-speaker\">" + name_link(speaker_path(e.name), e.name) +
                "</span>" + kSeparator + plural(e.count, "event", "events") + "</li>";
    }
    shared += "</ul>";
  }
  out += section("shared-heading", "Spoke at the same events", shared);
  return out + "</article>" + page_end();
}

std::string render_org_page(const query::OrgProfile& p, const PageAssets& assets) {
  const std::string& name = name_of(p.slug);
  const std::string path = profile_path(ProfileKind::Org, p.slug.slug);
  std::string out =
      page_start(name, assets.base_url + path,
                 head_meta(name + ": who spoke for it, where and about what"), assets);
  out += crumbs({{"", name}}) + "<article class=\"profile-page\">";
  out += header("Organisation", name, units_and_dates(p.units, p.first_date, p.last_date));
  out += also_written(p.slug);
  out += search_within("org", p.slug.values, "Search what was said for " + name);
  out +=
      section("people-heading", "People",
              range_note(p.people) + entries_list(p.people.items, speaker_path, "unit", "units") +
                  pager(path, p.people, "people"));
  out += section("events-heading", "Events",
                 range_note(p.events) + entries_list(p.events.items, event_path, "unit", "units") +
                     pager(path, p.events, "events"));
  out += section("themes-heading", "Themes", themes_list(p.themes, "org", p.slug.values));
  out += section("activity-heading", "When", activity(p.timeline, name, "org", p.slug.values));
  out += section("terms-heading", "Distinctive words",
                 terms_list(p.terms, "org", p.slug.values, name));
  return out + "</article>" + page_end();
}

std::string render_event_page(const query::EventProfile& p, const PageAssets& assets) {
  const std::string& name = name_of(p.slug);
  const std::string path = profile_path(ProfileKind::Event, p.slug.slug);
  std::string out = page_start(name, assets.base_url + path,
                               head_meta(name + ": the programme, speakers and posts"), assets);
  out += crumbs({{"", name}}) + "<article class=\"profile-page\">";
  std::string meta = plural(p.units, "unit", "units");
  if (!p.dates.empty()) meta += kSeparator + date_span(p.dates.front(), p.dates.back());
  out += header("Event", name, meta);
  out += also_written(p.slug);
  out += search_within("event", p.slug.values, "Search what was said at " + name);
  out += section("programme-heading", "Programme", talks_list(path, p.talks, true));
  out += section("speakers-heading", "Speakers",
                 range_note(p.speakers) +
                     entries_list(p.speakers.items, speaker_path, "unit", "units") +
                     pager(path, p.speakers, "speakers"));
  std::string orgs = entries_list(p.orgs, org_path, "unit", "units");
  if (p.orgs_total > p.orgs.size()) {
    orgs += "<p class=\"reading-meta\">The " + thousands(p.orgs.size()) + " with most units of " +
            thousands(p.orgs_total) + ".</p>";
  }
  out += section("orgs-heading", "Organisations", orgs);
  std::string posts = "<ul class=\"profile-list\">";
  for (const auto& post : p.posts) {
    posts += "<li>" + link(post_path(post.id), post.title.empty() ? post.id : post.title);
    if (!post.date.empty()) posts += kSeparator + date_html(post.date);
    posts += kSeparator + plural(post.units, "unit", "units");
    if (!post.url.empty()) posts += kSeparator + link(post.url, "original post");
    posts += "</li>";
  }
  out += section("posts-heading", "Posts", posts + "</ul>");
  return out + "</article>" + page_end();
}

std::string render_profile_missing_page(ProfileKind kind, const std::string& slug,
                                        const PageAssets& assets) {
  const char* noun = kind == ProfileKind::Org     ? "organisation"
                     : kind == ProfileKind::Event ? "event"
                                                  : "speaker";
  const std::string heading = std::string("No such ") + noun;
  std::string words = slug;
  for (char& c : words) {
    if (c == '-') c = ' ';
  }
  std::string out = page_start(heading, "", meta_tag("name", "robots", "noindex"), assets);
  out += "<article class=\"reading-error\"><h1>" + html::escape(heading) + "</h1><p>" +
         "This archive has no " + noun + " " + html::escape(text::quoted_excerpt(slug, 120)) +
         ". Search for them instead:</p>" +
         "<form class=\"search-form\" action=\"/search\" method=\"get\" role=\"search\">"
         "<label for=\"missing-q\" class=\"visually-hidden\">Search the archive</label>"
         "<input id=\"missing-q\" name=\"q\" type=\"search\" spellcheck=\"false\" value=\"" +
         html::escape(words) +
         "\"><button type=\"submit\" class=\"search-button\">Search</button></form></article>";
  return out + page_end();
}

}  // namespace civic::web
