// Server-rendered profile pages: a speaker (/speakers/{slug}), an organisation (/orgs/{slug}),
// an event (/events/{slug}), and the page an unknown slug answers. Pure functions from the query
// library's profiles (query/profile.h) to HTML, like web/reading_pages.h, sharing their frame
// (web/page_parts.h); they load no script. Every archive string is escaped. Does not include
// httplib or Xapian.
#pragma once

#include <string>

#include "query/profile.h"
#include "web/pages.h"

namespace civic::web {

/// The path of a profile: "/speakers/<slug>", "/orgs/<slug>", "/events/<slug>".
std::string profile_path(query::ProfileKind kind, const std::string& slug);

/// A speaker's page: the name as h1, a search form within their words (a GET form to /search
/// with their speaker filter), their roles and organisations at each event, their talks (a page
/// of them, with links to the other pages), themes, when they spoke, their distinctive words
/// with both shares, and who they shared events with. Every name links to its page.
std::string render_speaker_page(const query::SpeakerProfile& profile, const PageAssets& assets);

/// An organisation's page: who spoke for it (a page of them), its events (the same page of
/// them), themes, when, distinctive words, and a search form within its units.
std::string render_org_page(const query::OrgProfile& profile, const PageAssets& assets);

/// An event's page: its dates, the programme (a page of its talks in order), speakers (the same
/// page of them), organisations and the posts that cover it.
std::string render_event_page(const query::EventProfile& profile, const PageAssets& assets);

/// What an unknown slug answers (with 404): "No such speaker" as h1, and a search form holding
/// the slug's words.
std::string render_profile_missing_page(query::ProfileKind kind, const std::string& slug,
                                        const PageAssets& assets);

}  // namespace civic::web
