// Profiles from the facet tables. A profile's units are visited once (visit_matches) and counted
// per table by value ids; names are looked up only when the counts of the tables are merged. A
// document is read only for what a page names and the table does not hold: the first unit of
// each talk listed (its id, title, role), of each affiliation (the role), of each post of an
// event (title, address).
#include "query/internal/profile.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "query/core/schema.h"
#include "query/core/stored_unit.h"
#include "query/core/text.h"
#include "query/core/var_file.h"

namespace civic::query {

using namespace civic::schema;

namespace {

// Caps on the documents one page reads, besides the talks of its window.
constexpr std::size_t kMaxAffiliations = 100;
constexpr std::size_t kMaxEventPosts = 100;
// Units of a profile a distinctive word must occur in.
constexpr Xapian::doccount kMinDistinctiveUnits = 2;

std::filesystem::path stopwords_path() {
  return find_var_file("CIVIC_STOPWORDS", std::filesystem::path("stopwords") / "en.txt");
}

std::size_t facet_column(std::string_view name) {
  for (std::size_t f = 0; f < kCountedFacets; ++f) {
    if (kFields[f].name == name) return f;
  }
  return kCountedFacets;
}

std::size_t column_of(ProfileKind kind) { return facet_column(profile_kind_name(kind)); }

const char* term_prefix_of(ProfileKind kind) {
  switch (kind) {
    case ProfileKind::Speaker:
      return kSpeakerPrefix.data();
    case ProfileKind::Org:
      return kOrgPrefix.data();
    case ProfileKind::Event:
      return kEventPrefix.data();
  }
  return kSpeakerPrefix.data();
}

// One table of the tables a Searcher holds, with the database its docids index.
struct Part {
  const FacetTable* table = nullptr;
  std::size_t shard = 0;  // over local shards, which one; else 0
};

std::vector<Part> parts_of(ShardSet& shards, const TableSet& tables) {
  std::vector<Part> out;
  if (shards.layout() == Layout::LocalShards) {
    for (std::size_t i = 0; i < tables.shards.size(); ++i) {
      if (tables.shards[i] && shards.shard(i)) out.push_back({tables.shards[i].get(), i});
    }
  } else if (shards.layout() != Layout::None) {
    out.push_back({&tables.combined, 0});
  }
  return out;
}

// The profile's units: docids per part, in the order the visit saw them.
struct Units {
  std::vector<Part> parts;
  std::vector<std::vector<Xapian::docid>> docids;  // per part
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& d : docids) n += d.size();
    return n;
  }
};

Xapian::Query values_query(ProfileKind kind, const std::vector<std::string>& values) {
  std::vector<Xapian::Query> terms;
  for (const auto& value : values) terms.emplace_back(boolean_term(term_prefix_of(kind), value));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Units collect_units(ShardSet& shards, const TableSet& tables, const Xapian::Query& query) {
  Units out;
  out.parts = parts_of(shards, tables);
  out.docids.resize(out.parts.size());
  std::size_t current = 0;
  visit_matches(shards, tables, query, [&](const FacetTable& table, Xapian::docid docid) {
    if (current >= out.parts.size() || out.parts[current].table != &table) {
      for (current = 0; current < out.parts.size() && out.parts[current].table != &table;) {
        ++current;
      }
      if (current == out.parts.size()) return;  // a table we do not hold (cannot happen)
    }
    out.docids[current].push_back(docid);
  });
  return out;
}

// The stored unit of a docid of a part.
std::optional<StoredUnit> read_unit(ShardSet& shards, const Part& part, Xapian::docid docid) {
  const Xapian::Database* db =
      shards.layout() == Layout::LocalShards ? shards.shard(part.shard) : &shards.db();
  if (!db) return std::nullopt;
  auto stored = decode_stored_unit(db->get_document(docid).get_data());
  if (!stored) return std::nullopt;
  return std::move(*stored);
}

// The docid of the combined database (what an RSet takes) for a part's docid: Xapian interleaves
// the shards' docids.
Xapian::docid combined_docid(ShardSet& shards, const Part& part, Xapian::docid docid) {
  if (shards.layout() != Layout::LocalShards) return docid;
  const auto n = static_cast<Xapian::docid>(shards.size());
  return (docid - 1) * n + static_cast<Xapian::docid>(part.shard) + 1;
}

std::uint32_t id_at(const FacetTable::Column& column, Xapian::docid docid) {
  return docid < column.ids.size() ? column.ids[docid] : 0;
}

const std::string& name_of(const FacetTable::Column& column, std::uint32_t id) {
  static const std::string kNone;
  return id ? column.names[id - 1] : kNone;
}

// "20100515" → "2010-05-15"; anything else as it is.
std::string iso_date(const std::string& d) {
  return d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : d;
}

// Widens [first, last] (YYYYMMDD, "" = unknown) to hold `date`.
void widen(std::string& first, std::string& last, const std::string& date) {
  if (date.empty()) return;
  if (first.empty() || date < first) first = date;
  if (last.empty() || date > last) last = date;
}

// A count per value name, with the dates it spans.
struct Tally {
  std::size_t units = 0;
  std::string first, last;  // YYYYMMDD
};

// Counts the ids of `column` over a part's docids (multi-valued columns too), by name.
void count_names(const FacetTable& table, const FacetTable::Column& column,
                 const std::vector<Xapian::docid>& docids, std::map<std::string, Tally>& out) {
  std::vector<Tally> by_id(column.names.size() + 1);
  for (Xapian::docid docid : docids) {
    const std::string& date = FacetTable::value(table.date, docid);
    auto add = [&](std::uint32_t id) {
      if (!id) return;
      ++by_id[id].units;
      widen(by_id[id].first, by_id[id].last, date);
    };
    if (!column.offsets.empty()) {
      if (docid + 1 < column.offsets.size()) {
        for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) {
          add(column.values[i]);
        }
      }
    } else {
      add(id_at(column, docid));
    }
  }
  for (std::size_t id = 1; id < by_id.size(); ++id) {
    if (!by_id[id].units) continue;
    Tally& tally = out[column.names[id - 1]];
    tally.units += by_id[id].units;
    widen(tally.first, tally.last, by_id[id].first);
    widen(tally.first, tally.last, by_id[id].last);
  }
}

std::map<std::string, Tally> count_facet(const Units& units, std::string_view facet) {
  std::map<std::string, Tally> out;
  const std::size_t f = facet_column(facet);
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    const FacetTable& table = *units.parts[p].table;
    count_names(table, table.facets[f], units.docids[p], out);
  }
  return out;
}

ProfileEntry entry_of(const std::string& name, const Tally& tally) {
  return {name, text::slug(name), tally.units, iso_date(tally.first), iso_date(tally.last)};
}

// Themes by units, without dates: how much of what was said touched them.
std::vector<ProfileEntry> top_themes(const std::map<std::string, Tally>& tallies) {
  std::vector<ProfileEntry> out;
  for (const auto& [name, tally] : tallies)
    out.push_back({name, text::slug(name), tally.units, {}, {}});
  std::stable_sort(out.begin(), out.end(),
                   [](const ProfileEntry& a, const ProfileEntry& b) { return a.count > b.count; });
  if (out.size() > kMaxShortList) out.resize(kMaxShortList);
  return out;
}

// Entries by units (most first), then name.
std::vector<ProfileEntry> entries_by_units(const std::map<std::string, Tally>& tallies) {
  std::vector<ProfileEntry> out;
  for (const auto& [name, tally] : tallies) out.push_back(entry_of(name, tally));
  std::stable_sort(out.begin(), out.end(),
                   [](const ProfileEntry& a, const ProfileEntry& b) { return a.count > b.count; });
  return out;
}

template <typename T>
ProfileList<T> window_of(std::vector<T> all, const ListWindow& window) {
  ProfileList<T> out;
  out.total = all.size();
  out.page = window.page;
  out.per_page = window.per_page;
  const std::size_t start =
      static_cast<std::size_t>(window.page - 1) * static_cast<std::size_t>(window.per_page);
  if (start < all.size()) {
    const std::size_t end = std::min(all.size(), start + static_cast<std::size_t>(window.per_page));
    out.items.assign(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(start)),
                     std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(end)));
  }
  return out;
}

// A talk (or a post) as its units of the profile give it.
struct TalkTally {
  std::size_t part = 0;
  Xapian::docid first = 0;  // lowest docid: a post's units are indexed in order
  std::size_t units = 0;
  std::uint32_t date = 0, post = 0, event = 0;
};

// The talks among the profile's units, the first `sorted` of them in programme order (date, post,
// position in the post).
std::vector<TalkTally> talks_of(const Units& units, std::size_t sorted) {
  std::vector<TalkTally> out;
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    const FacetTable& table = *units.parts[p].table;
    const std::size_t event = facet_column("event");
    std::unordered_map<std::uint32_t, std::size_t> index;  // talk id → out
    for (Xapian::docid docid : units.docids[p]) {
      const std::uint32_t talk = id_at(table.talk, docid);
      if (!talk) continue;
      auto [it, added] = index.emplace(talk, out.size());
      if (added) {
        out.push_back({p, docid, 0, id_at(table.date, docid), id_at(table.post, docid),
                       id_at(table.facets[event], docid)});
      }
      TalkTally& tally = out[it->second];
      ++tally.units;
      tally.first = std::min(tally.first, docid);
    }
  }
  // Only the first `sorted` need their places: a prolific speaker has tens of thousands of talks
  // and a page shows fifty.
  auto key = [&](const TalkTally& t) {
    const FacetTable& table = *units.parts[t.part].table;
    return std::make_tuple(std::cref(name_of(table.date, t.date)),
                           std::cref(name_of(table.post, t.post)), t.first);
  };
  auto before = [&](const TalkTally& a, const TalkTally& b) { return key(a) < key(b); };
  if (sorted >= out.size()) {
    std::sort(out.begin(), out.end(), before);
  } else {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(sorted), out.end(),
                      before);
  }
  return out;
}

// The talks of a window, each named from its first unit.
ProfileList<ProfileTalk> list_talks(ShardSet& shards, const Units& units,
                                    const ListWindow& window) {
  const std::size_t end =
      static_cast<std::size_t>(window.page) * static_cast<std::size_t>(window.per_page);
  ProfileList<TalkTally> page = window_of(talks_of(units, end), window);
  ProfileList<ProfileTalk> out;
  out.total = page.total;
  out.page = page.page;
  out.per_page = page.per_page;
  for (const TalkTally& t : page.items) {
    const Part& part = units.parts[t.part];
    const FacetTable& table = *part.table;
    ProfileTalk talk;
    talk.id = FacetTable::value(table.talk, t.first);
    talk.post_id = name_of(table.post, t.post);
    talk.date = iso_date(name_of(table.date, t.date));
    talk.event = name_of(table.facets[facet_column("event")], t.event);
    talk.units = t.units;
    if (auto stored = read_unit(shards, part, t.first)) {
      talk.first_unit = stored->unit.id;
      talk.title = stored->post.title.empty() ? stored->post.id : stored->post.title;
      talk.speaker = stored->unit.speaker;
      talk.role = stored->unit.role;
      talk.org = stored->unit.org;
    }
    out.items.push_back(std::move(talk));
  }
  return out;
}

// The words of a name, as its units' body terms spell them.
std::set<std::string> name_words(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& name : names) {
    const std::string key = text::name_key(name);
    std::size_t start = 0;
    while (start < key.size()) {
      std::size_t end = key.find(' ', start);
      if (end == std::string::npos) end = key.size();
      if (end > start) out.insert(key.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

// Keeps body words (unprefixed, not the "Z" stems) with a letter, that are neither stopwords nor
// words of the profile's own name.
class WordDecider : public Xapian::ExpandDecider {
 public:
  explicit WordDecider(const std::set<std::string>& excluded) : excluded_(excluded) {}
  bool operator()(const std::string& term) const override {
    if (!is_body_term(term) || term.size() < 2) return false;
    if (std::none_of(term.begin(), term.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
        }))
      return false;
    return !stopwords().count(term) && !excluded_.count(term);
  }

 private:
  const std::set<std::string>& excluded_;
};

// Words the profile's units use more than the archive does: Xapian's expansion of a sample of
// them proposes candidates, each kept only when its exact share among the profile's units
// exceeds its share of the archive.
std::vector<DistinctiveTerm> distinctive_terms(ShardSet& shards, const Units& units,
                                               const Xapian::Query& filter,
                                               const std::set<std::string>& excluded) {
  std::vector<DistinctiveTerm> out;
  const std::size_t n = units.size();
  if (n == 0) return out;
  std::vector<Xapian::docid> all;
  all.reserve(n);
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    for (Xapian::docid docid : units.docids[p]) {
      all.push_back(combined_docid(shards, units.parts[p], docid));
    }
  }
  std::sort(all.begin(), all.end());
  Xapian::RSet rset;
  const std::size_t sample = std::min(n, kDistinctiveSample);
  for (std::size_t i = 0; i < sample; ++i) rset.add_document(all[i * n / sample]);

  Xapian::Database& db = shards.db();
  Xapian::Enquire enquire(db);
  enquire.set_query(filter);
  const WordDecider decider(excluded);
  // Exact term frequencies: over shards Xapian would otherwise approximate them, and the words
  // proposed would depend on how the archive is split.
  const Xapian::ESet eset = enquire.get_eset(static_cast<Xapian::termcount>(kDistinctiveCandidates),
                                             rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  const Xapian::doccount doccount = db.get_doccount();
  Xapian::Enquire count(db);
  count.set_weighting_scheme(Xapian::BoolWeight());
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const std::string term = *it;
    const Xapian::doccount archive = db.get_termfreq(term);
    count.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(term), filter));
    // Checking every document makes the count exact, not an estimate.
    const Xapian::doccount mine =
        count.get_mset(0, 0, std::max<Xapian::doccount>(doccount, 1)).get_matches_estimated();
    // mine / n > archive / doccount, in integers; a word said once says little of anyone.
    if (mine < kMinDistinctiveUnits || std::uint64_t{mine} * doccount <= std::uint64_t{archive} * n)
      continue;
    DistinctiveTerm t;
    t.term = term;
    t.units = mine;
    t.all_units = archive;
    t.share = static_cast<double>(mine) / static_cast<double>(n);
    t.archive_share = static_cast<double>(archive) / static_cast<double>(doccount);
    out.push_back(std::move(t));
  }
  return out;
}

// The timeline of the profile's units, counted from the docids already collected.
Timeline timeline_of(ShardSet& shards, const TableSet& tables, const Units& units) {
  Matches matches;
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    if (units.parts[p].table) matches.per_table.push_back({units.parts[p].table, units.docids[p]});
  }
  auto timeline = count_timeline(shards, tables, matches, {}, TimelineOptions{});
  // Auto never asks for more buckets than kAutoMonths months, or than years.
  return timeline ? std::move(*timeline) : Timeline{};
}

// The date span of a profile's units.
void span_of(const Units& units, std::string& first, std::string& last) {
  std::string a, b;
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    const FacetTable& table = *units.parts[p].table;
    for (Xapian::docid docid : units.docids[p]) widen(a, b, FacetTable::value(table.date, docid));
  }
  first = iso_date(a);
  last = iso_date(b);
}

// A speaker's affiliations: per (organisation, event), their units and dates, and the role their
// first unit there states (one document read for each, at most kMaxAffiliations).
std::vector<Affiliation> affiliations_of(ShardSet& shards, const Units& units) {
  struct AffTally {
    std::size_t part;
    Xapian::docid first;
    Affiliation affiliation;
  };
  std::map<std::pair<std::string, std::string>, AffTally> affiliations;
  const std::size_t org = facet_column("org"), event = facet_column("event");
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    const FacetTable& table = *units.parts[p].table;
    // By value ids first (a prolific speaker has tens of thousands of units), then by names.
    struct ById {
      Xapian::docid first;
      std::size_t units = 0;
      std::uint32_t first_date = 0, last_date = 0;  // date ids, compared by their names
    };
    std::unordered_map<std::uint64_t, ById> by_id;
    for (Xapian::docid docid : units.docids[p]) {
      const std::uint64_t key =
          std::uint64_t{id_at(table.facets[org], docid)} << 32 | id_at(table.facets[event], docid);
      const std::uint32_t date = id_at(table.date, docid);
      auto [it, added] = by_id.try_emplace(key, ById{docid});
      ById& t = it->second;
      ++t.units;
      t.first = std::min(t.first, docid);
      if (date && (!t.first_date || name_of(table.date, date) < name_of(table.date, t.first_date)))
        t.first_date = date;
      if (date && (!t.last_date || name_of(table.date, date) > name_of(table.date, t.last_date)))
        t.last_date = date;
    }
    for (const auto& [key, t] : by_id) {
      const std::string& o = name_of(table.facets[org], static_cast<std::uint32_t>(key >> 32));
      const std::string& e = name_of(table.facets[event], static_cast<std::uint32_t>(key));
      auto [it, added] = affiliations.try_emplace({o, e}, AffTally{p, t.first, {}});
      AffTally& tally = it->second;
      if (added) {
        tally.affiliation.org = o;
        tally.affiliation.event = e;
      }
      tally.affiliation.units += t.units;
      widen(tally.affiliation.first_date, tally.affiliation.last_date,
            name_of(table.date, t.first_date));
      widen(tally.affiliation.first_date, tally.affiliation.last_date,
            name_of(table.date, t.last_date));
    }
  }
  std::vector<AffTally> ordered;
  for (auto& [key, tally] : affiliations) ordered.push_back(std::move(tally));
  std::stable_sort(ordered.begin(), ordered.end(), [](const AffTally& a, const AffTally& b) {
    return a.affiliation.first_date < b.affiliation.first_date;
  });
  std::vector<Affiliation> out;
  for (AffTally& tally : ordered) {
    if (out.size() == kMaxAffiliations) break;
    if (auto stored = read_unit(shards, units.parts[tally.part], tally.first)) {
      tally.affiliation.role = stored->unit.role;
    }
    tally.affiliation.first_date = iso_date(tally.affiliation.first_date);
    tally.affiliation.last_date = iso_date(tally.affiliation.last_date);
    out.push_back(std::move(tally.affiliation));
  }
  return out;
}

// Who else spoke at `events`, with how many of them each shared: every table's speaker and event
// columns, read once.
std::vector<ProfileEntry> shared_events_of(ShardSet& shards, const TableSet& tables,
                                           const std::set<std::string>& events,
                                           const std::set<std::string>& own) {
  std::set<std::pair<std::string, std::string>> pairs;  // (speaker, event)
  const std::size_t speaker = facet_column("speaker"), event = facet_column("event");
  for (const Part& part : parts_of(shards, tables)) {
    const FacetTable& table = *part.table;
    const FacetTable::Column& event_column = table.facets[event];
    const FacetTable::Column& speakers = table.facets[speaker];
    // The events as compact indexes, and one flag per (speaker, event): a plain pass over the
    // columns, however many units those events have.
    constexpr std::uint32_t kNone = ~0u;
    std::vector<std::uint32_t> compact(event_column.names.size() + 1, kNone);
    std::vector<std::string_view> compact_names;
    for (std::size_t id = 1; id <= event_column.names.size(); ++id) {
      if (events.count(event_column.names[id - 1])) {
        compact[id] = static_cast<std::uint32_t>(compact_names.size());
        compact_names.push_back(event_column.names[id - 1]);
      }
    }
    if (compact_names.empty()) continue;
    const std::size_t k = compact_names.size();
    std::vector<bool> seen((speakers.names.size() + 1) * k, false);
    const std::size_t last = std::min(event_column.ids.size(), speakers.ids.size());
    for (std::size_t docid = 1; docid < last; ++docid) {
      const std::uint32_t e = compact[event_column.ids[docid]];
      if (e != kNone && speakers.ids[docid]) seen[speakers.ids[docid] * k + e] = true;
    }
    for (std::size_t s = 1; s <= speakers.names.size(); ++s) {
      const std::string& name = speakers.names[s - 1];
      if (own.count(name)) continue;
      for (std::size_t e = 0; e < k; ++e) {
        if (seen[s * k + e]) pairs.emplace(name, std::string(compact_names[e]));
      }
    }
  }
  std::map<std::string, Tally> shared;
  for (const auto& [name, e] : pairs) ++shared[name].units;
  std::vector<ProfileEntry> out = entries_by_units(shared);
  for (auto& entry : out) entry.first_date = entry.last_date = {};
  if (out.size() > kMaxShortList) out.resize(kMaxShortList);
  return out;
}

}  // namespace

const std::unordered_set<std::string>& stopwords() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> out;
    const auto path = stopwords_path();
    if (path.empty()) {
      // Distinctive words would then hold "the" and "and": say so once, where servers log.
      std::fprintf(stderr,
                   "civicsearch: var/stopwords/en.txt not found (run scripts/stopwords.sh, or set "
                   "CIVIC_STOPWORDS): distinctive words will include stopwords\n");
      return out;
    }
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) out.insert(line);
    }
    return out;
  }();
  return words;
}

std::string acronym_of(const std::string& name) {
  std::string out;
  std::size_t words = 0;
  const std::string key = text::name_key(name);
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string::npos) end = key.size();
    const std::string word = key.substr(start, end - start);
    start = end + 1;
    if (word.empty() || stopwords().count(word)) continue;
    const char c = word[0];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return {};
    out += c;
    ++words;
  }
  return words >= 2 ? out : std::string();
}

std::shared_ptr<const ProfileSlugs> ProfileSlugs::build(ShardSet& shards, const TableSet& tables) {
  auto out = std::make_shared<ProfileSlugs>();
  out->fingerprint = tables.combined.fingerprint;
  for (const Part& part : parts_of(shards, tables)) {
    for (ProfileKind kind : {ProfileKind::Speaker, ProfileKind::Org, ProfileKind::Event}) {
      const FacetTable::Column& column = part.table->facets[column_of(kind)];
      auto& values = out->values_[static_cast<int>(kind)];
      for (std::size_t id = 1; id <= column.names.size(); ++id) {
        const std::uint32_t documents =
            id - 1 < column.documents.size() ? column.documents[id - 1] : 0;
        if (!documents) continue;
        const std::string& name = column.names[id - 1];
        const std::string slug = text::slug(name);
        if (!slug.empty()) values[slug][name] += documents;
      }
    }
  }
  for (const auto& [slug, names] : out->values_[static_cast<int>(ProfileKind::Org)]) {
    for (const auto& [name, units] : names) {
      const std::string acronym = acronym_of(name);
      if (!acronym.empty() && acronym != slug) out->acronyms_[acronym].insert(slug);
    }
  }
  return out;
}

Result<ProfileSlug> ProfileSlugs::find(ProfileKind kind, const std::string& slug) const {
  const auto& values = values_[static_cast<int>(kind)];
  ProfileSlug out;
  out.kind = kind;
  auto it = values.find(slug);
  if (it == values.end() && kind == ProfileKind::Org) {
    // An acronym reaches the one organisation that has it, unless a page already has that slug.
    auto acronym = acronyms_.find(slug);
    if (acronym != acronyms_.end() && acronym->second.size() == 1) {
      it = values.find(*acronym->second.begin());
      out.alias = true;
    }
  }
  if (it == values.end()) {
    return fail(ErrorCode::NotFound, "no " + std::string(profile_kind_name(kind)) + " " +
                                         text::quoted_excerpt(slug, 80) + " in this archive");
  }
  out.slug = it->first;
  std::vector<std::pair<std::string, std::size_t>> names(it->second.begin(), it->second.end());
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (auto& [name, units] : names) out.values.push_back(name);
  return out;
}

SpeakerProfile build_speaker_profile(ShardSet& shards, const TableSet& tables,
                                     const ProfileSlug& slug, const ListWindow& window) {
  SpeakerProfile profile;
  profile.slug = slug;
  const Xapian::Query query = values_query(ProfileKind::Speaker, slug.values);
  const Units units = collect_units(shards, tables, query);
  profile.units = units.size();
  span_of(units, profile.first_date, profile.last_date);
  profile.affiliations = affiliations_of(shards, units);
  profile.talks = list_talks(shards, units, window);
  profile.themes = top_themes(count_facet(units, "theme"));
  profile.timeline = timeline_of(shards, tables, units);
  profile.terms = distinctive_terms(shards, units, query, name_words(slug.values));
  std::set<std::string> events;
  for (const auto& [name, tally] : count_facet(units, "event")) events.insert(name);
  profile.shared_events = shared_events_of(
      shards, tables, events, std::set<std::string>(slug.values.begin(), slug.values.end()));
  return profile;
}

OrgProfile build_org_profile(ShardSet& shards, const TableSet& tables, const ProfileSlug& slug,
                             const ListWindow& window) {
  OrgProfile profile;
  profile.slug = slug;
  const Xapian::Query query = values_query(ProfileKind::Org, slug.values);
  const Units units = collect_units(shards, tables, query);
  profile.units = units.size();
  span_of(units, profile.first_date, profile.last_date);
  profile.people = window_of(entries_by_units(count_facet(units, "speaker")), window);
  std::vector<ProfileEntry> events = entries_by_units(count_facet(units, "event"));
  std::stable_sort(events.begin(), events.end(), [](const ProfileEntry& a, const ProfileEntry& b) {
    return a.first_date < b.first_date;
  });
  profile.events = window_of(std::move(events), window);
  profile.themes = top_themes(count_facet(units, "theme"));
  profile.timeline = timeline_of(shards, tables, units);
  // Its people's names are not what it talks about.
  std::vector<std::string> names = slug.values;
  for (const auto& person : count_facet(units, "speaker")) names.push_back(person.first);
  profile.terms = distinctive_terms(shards, units, query, name_words(names));
  return profile;
}

EventProfile build_event_profile(ShardSet& shards, const TableSet& tables, const ProfileSlug& slug,
                                 const ListWindow& window) {
  EventProfile profile;
  profile.slug = slug;
  const Xapian::Query query = values_query(ProfileKind::Event, slug.values);
  const Units units = collect_units(shards, tables, query);
  profile.units = units.size();

  std::set<std::string> dates;
  // Posts: per part, post id → (units, first docid).
  struct PostTally {
    std::size_t part;
    Xapian::docid first;
    std::size_t units;
    std::string date;
  };
  std::map<std::string, PostTally> posts;
  for (std::size_t p = 0; p < units.parts.size(); ++p) {
    const FacetTable& table = *units.parts[p].table;
    for (Xapian::docid docid : units.docids[p]) {
      const std::string& date = FacetTable::value(table.date, docid);
      if (!date.empty()) dates.insert(date);
      auto [it, added] =
          posts.try_emplace(FacetTable::value(table.post, docid), PostTally{p, docid, 0, date});
      ++it->second.units;
      if (it->second.part == p) it->second.first = std::min(it->second.first, docid);
    }
  }
  for (const auto& date : dates) profile.dates.push_back(iso_date(date));
  std::vector<std::pair<std::string, PostTally>> ordered(posts.begin(), posts.end());
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.second.date < b.second.date; });
  for (const auto& [id, tally] : ordered) {
    if (profile.posts.size() == kMaxEventPosts) break;
    EventPost post;
    post.id = id;
    post.date = iso_date(tally.date);
    post.units = tally.units;
    if (auto stored = read_unit(shards, units.parts[tally.part], tally.first)) {
      post.title = stored->post.title;
      post.url = stored->post.url;
    }
    profile.posts.push_back(std::move(post));
  }

  profile.talks = list_talks(shards, units, window);
  profile.speakers = window_of(entries_by_units(count_facet(units, "speaker")), window);
  profile.orgs = entries_by_units(count_facet(units, "org"));
  profile.orgs_total = profile.orgs.size();
  if (profile.orgs.size() > kMaxShortList) profile.orgs.resize(kMaxShortList);
  return profile;
}

}  // namespace civic::query
