// Searcher: Xapian queries, facet counting and snippets. Xapian exceptions are caught here and
// become Errors; nothing from Xapian leaves this file.
#include "query/searcher.h"

#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "query/core/schema.h"
#include "query/core/text.h"
#include "query/field_query.h"
#include "query/highlight.h"

namespace civic::query {
namespace {

using namespace civic::schema;

constexpr int kMaxResultWindow = 10000;  // deepest result a page may reach
constexpr std::size_t kSnippetBytes = 300;  // of unit text in a hit's snippet

struct FacetSpec {
  std::string_view name;
  std::string_view term_prefix;
  Xapian::valueno slot;
  bool multi;
};

const std::vector<FacetSpec>& facet_specs() {
  static const std::vector<FacetSpec> kSpecs = {
      {"speaker", kSpeakerPrefix, kSpeakerSlot, false}, {"org", kOrgPrefix, kOrgSlot, false},
      {"kind", kKindPrefix, kKindSlot, false},          {"theme", kThemePrefix, kThemesSlot, true},
      {"event", kEventPrefix, kEventSlot, false},       {"year", kYearPrefix, kYearSlot, false},
  };
  return kSpecs;
}

const FacetSpec* find_facet(std::string_view name) {
  for (const auto& spec : facet_specs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// The boolean-term prefix of a facet that facet_values() and example_unit() list: a counted
// facet's, or the role's (schema.h: terms but no value slot). nullopt for an unknown name.
std::optional<std::string_view> listed_term_prefix(std::string_view facet) {
  if (const FacetSpec* spec = find_facet(facet)) return spec->term_prefix;
  if (facet == "role") return kRolePrefix;
  return std::nullopt;
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string compact_date(const std::string& iso) {
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

bool is_range_bound(std::string_view s) {
  // YYYY, YYYY-MM or YYYY-MM-DD (or empty, for an open end).
  if (s.empty()) return true;
  static const std::regex re(R"(\d{4}(-\d{2}(-\d{2})?)?)");
  return std::regex_match(s.begin(), s.end(), re);
}

// One word of a query: normalised like indexed text, except that "..", which the parser reads
// as a range, survives only between dates; elsewhere it is an ellipsis ("rich… I") and becomes
// a space. Words longer than the indexer's limit are dropped, as the indexer drops them.
std::string normalise_query_word(std::string_view word) {
  std::string out = text::normalise(word);
  if (auto dots = out.find(".."); dots != std::string::npos) {
    std::size_t end = dots;
    while (end < out.size() && out[end] == '.') ++end;
    const bool is_range = end - dots == 2 && out.find("..", end) == std::string::npos &&
                          !(dots == 0 && end == out.size()) &&
                          is_range_bound(std::string_view(out).substr(0, dots)) &&
                          is_range_bound(std::string_view(out).substr(end));
    if (!is_range) {
      std::string spaced;
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '.' && ((i + 1 < out.size() && out[i + 1] == '.') || (i > 0 && out[i - 1] == '.'))) {
          if (spaced.empty() || spaced.back() != ' ') spaced += ' ';
        } else {
          spaced += out[i];
        }
      }
      out = std::move(spaced);
    }
  }
  // Drop over-long runs of word characters (the TermGenerator skips them too).
  std::string kept;
  std::size_t run_start = 0;
  auto is_word_byte = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  for (std::size_t i = 0; i <= out.size(); ++i) {
    if (i == out.size() || !is_word_byte(static_cast<unsigned char>(out[i]))) {
      if (i - run_start <= kMaxWordBytes) kept.append(out, run_start, i - run_start);
      if (i < out.size()) kept += out[i];
      run_start = i + 1;
    }
  }
  return kept;
}

// normalise() folds case, which would turn the operators AND/OR/NOT into words: keep them.
std::string normalise_query(const std::string& q) {
  static const std::set<std::string, std::less<>> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  std::string out;
  std::size_t i = 0;
  while (i < q.size()) {
    std::size_t j = i;
    while (j < q.size() && q[j] != ' ') ++j;
    std::string_view word(q.data() + i, j - i);
    bool is_operator = kOperators.count(word) ||
                       ((word.substr(0, 5) == "NEAR/" || word.substr(0, 4) == "ADJ/") && word.size() < 9);
    out += is_operator ? std::string(word) : normalise_query_word(word);
    if (j < q.size()) out += ' ';
    i = j + 1;
  }
  return out;
}

// Date ranges in the query text: "2010-11-01..2010-11-30", "2010..2011", "2010-11..2011-02".
class DateRange : public Xapian::RangeProcessor {
 public:
  DateRange() : Xapian::RangeProcessor(kDateSlot) {}

  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    std::string lo = bound(begin, false), hi = bound(end, true);
    if ((!begin.empty() && lo.empty()) || (!end.empty() && hi.empty())) {
      return Xapian::Query(Xapian::Query::OP_INVALID);  // not a date range: let others try
    }
    if (lo.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kDateSlot, hi);
    if (hi.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kDateSlot, lo);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDateSlot, lo, hi);
  }

 private:
  // YYYY, YYYY-MM or YYYY-MM-DD → YYYYMMDD at the start (or end) of that period.
  static std::string bound(const std::string& s, bool is_end) {
    auto digits = [&](std::size_t from, std::size_t n) {
      if (s.size() < from + n) return false;
      for (std::size_t i = from; i < from + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
      }
      return true;
    };
    if (s.size() == 4 && digits(0, 4)) return s + (is_end ? "1231" : "0101");
    if (s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2)) {
      return s.substr(0, 4) + s.substr(5, 2) + (is_end ? "31" : "01");
    }
    if (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2)) {
      return compact_date(s);
    }
    return {};
  }
};

// Every document's facet values and group keys as small integer ids, held in memory, so that
// counting facets over a match set reads no document values (reading six value slots per match
// was two thirds of a frequent-word query). Built by streaming each value slot once
// (Database::valuestream_begin), for one revision of one database; immutable afterwards and
// shared by every Searcher of the process that has that revision open. Over shards it is
// indexed by the docids of the combined database (Xapian interleaves them: docid d is in shard
// (d - 1) % n), which is what match spies and the MSet see; value streams work over remote
// shards too.
struct FacetTable {
  std::string fingerprint;  // which shards, at which revisions (Impl::fingerprint())
  Xapian::docid last_docid = 0;

  // One column per value slot: ids[docid] is 1-based into names (0: no value). Multi-valued
  // slots keep their values in CSR form: values[offsets[docid] .. offsets[docid + 1]).
  struct Column {
    std::vector<std::string> names;  // names[id - 1]
    std::vector<std::uint32_t> ids;
    std::vector<std::uint32_t> offsets, values;
  };
  std::vector<Column> facets;  // in facet_specs() order
  Column talk, post;           // group keys (single-valued)
  // Sort keys, loaded only with remote shards (which cannot run our KeyMakers): the raw values
  // of kDateSlot and kPositionSlot, whose string order is the sort order.
  Column date, position;

  // `remote_values`: some shard is remote (values_by_match()).
  static std::shared_ptr<const FacetTable> load(const Xapian::Database& db, std::string fingerprint,
                                                bool with_sort_keys, bool remote_values) {
    auto table = std::make_shared<FacetTable>();
    table->fingerprint = std::move(fingerprint);
    table->last_docid = db.get_lastdocid();
    for (const auto& spec : facet_specs()) {
      table->facets.push_back(
          load_column(db, spec.slot, spec.multi, table->last_docid, remote_values));
    }
    table->talk = load_column(db, kTalkSlot, false, table->last_docid, remote_values);
    table->post = load_column(db, kPostSlot, false, table->last_docid, remote_values);
    if (with_sort_keys) {
      table->date = load_column(db, kDateSlot, false, table->last_docid, remote_values);
      table->position = load_column(db, kPositionSlot, false, table->last_docid, remote_values);
    }
    return table;
  }

  // The value of a single-valued column for a docid ("" when none).
  static const std::string& value(const Column& column, Xapian::docid docid) {
    static const std::string kNone;
    const std::uint32_t id = docid < column.ids.size() ? column.ids[docid] : 0;
    return id ? column.names[id - 1] : kNone;
  }

  static Column load_column(const Xapian::Database& db, Xapian::valueno slot, bool multi,
                            Xapian::docid last, bool remote_values) {
    if (remote_values) return load_column(values_by_match(db, slot), multi, last);
    return load_column(db.valuestream_begin(slot), db.valuestream_end(slot), multi, last);
  }

  // Over a remote shard a value stream reads one document per round trip (1.4 has no remote
  // value streams): 10 slots of 10k units took 30 s. One match of every document sorted by the
  // slot brings all its values in one message per shard instead (MSet sort keys).

  static std::vector<std::pair<Xapian::docid, std::string>> values_by_match(
      const Xapian::Database& db, Xapian::valueno slot) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(std::string()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(slot, false);
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    const Xapian::MSet mset = enquire.get_mset(0, all, all);
    std::vector<std::pair<Xapian::docid, std::string>> out;
    out.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      std::string value = it.get_sort_key();
      if (!value.empty()) out.emplace_back(*it, std::move(value));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // (docid, value) pairs in docid order, from a value stream or values_by_match().
  template <typename It, typename End = It>
  static Column load_column(It begin, End end, bool multi, Xapian::docid last) {
    Column column;
    std::unordered_map<std::string, std::uint32_t> dictionary;
    auto id_of = [&](const std::string& value) {
      auto [it, is_new] = dictionary.emplace(value, static_cast<std::uint32_t>(column.names.size() + 1));
      if (is_new) column.names.push_back(value);
      return it->second;
    };
    if (multi) {
      column.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    } else {
      column.ids.assign(static_cast<std::size_t>(last) + 1, 0);
    }
    Xapian::docid next = 0;  // multi: offsets filled up to here
    for (auto it = begin; it != end; ++it) {
      const auto [docid, value] = docid_and_value(it);
      if (docid > last) break;
      if (!multi) {
        column.ids[docid] = id_of(value);
        continue;
      }
      for (; next <= docid; ++next) column.offsets[next] = static_cast<std::uint32_t>(column.values.size());
      std::size_t start = 0;
      while (start <= value.size()) {
        std::size_t end = value.find(kMultiValueSeparator, start);
        if (end == std::string::npos) end = value.size();
        if (end > start) column.values.push_back(id_of(value.substr(start, end - start)));
        start = end + 1;
      }
    }
    if (multi) {
      for (; next <= last + 1; ++next) column.offsets[next] = static_cast<std::uint32_t>(column.values.size());
    }
    return column;
  }

  static std::pair<Xapian::docid, std::string> docid_and_value(const Xapian::ValueIterator& it) {
    return {it.get_docid(), *it};
  }
  template <typename It>
  static const std::pair<Xapian::docid, std::string>& docid_and_value(const It& it) {
    return *it;
  }

  static Column load_column(const std::vector<std::pair<Xapian::docid, std::string>>& values,
                            bool multi, Xapian::docid last) {
    return load_column(values.begin(), values.end(), multi, last);
  }
};

// The FacetTable of a database's current revision: loaded once and shared by every Searcher of
// the process (a server has one Searcher per thread). A few tables are kept per path: with
// shards, workers may briefly see different sets of shards (one down, then back).
std::shared_ptr<const FacetTable> facet_table_for(const std::filesystem::path& path,
                                                  const std::string& fingerprint,
                                                  const Xapian::Database& db, bool with_sort_keys,
                                                  bool remote_values) {
  constexpr std::size_t kKeptPerPath = 4;
  static std::mutex mutex;
  static std::map<std::string, std::vector<std::shared_ptr<const FacetTable>>> tables;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& kept = tables[path.string()];
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (kept[i]->fingerprint == fingerprint &&
        (!with_sort_keys || !kept[i]->date.ids.empty() || kept[i]->last_docid == 0)) {
      auto table = kept[i];
      kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
      kept.push_back(table);  // most recently used last
      return table;
    }
  }
  auto table = FacetTable::load(db, fingerprint, with_sort_keys, remote_values);
  kept.push_back(table);
  if (kept.size() > kKeptPerPath) kept.erase(kept.begin());
  return table;
}

// Unprefixed terms are words of the unit text; fields and filters have a capital-letter prefix.
bool is_text_term(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// Spelling data and synonyms for remote shards. Xapian 1.4's remote backend serves neither
// table, so a QueryParser over remote shards would never suggest or expand anything. Synonyms
// come from the indexer's copy in metadata (kSynonymsKey), which the remote backend serves. The indexer's
// spelling table holds every body word (the unprefixed terms), which the remote backend lists
// in one message with each word's document frequency: the table is rebuilt from that into a
// small local database, one per set of remote shard revisions, shared by the process and
// removed at exit. Words are weighed by the units holding them rather than by occurrences (the
// indexer's weights): occurrences would cost one round trip per word (~20 s at 10k units).
class RemoteSpelling {
 public:
  // The lexicon's directory for these remote shards (`key`: their fingerprint), built if needed.
  static std::filesystem::path for_shards(const std::string& key,
                                          const std::vector<Xapian::Database>& remotes) {
    static RemoteSpelling cache;
    const std::lock_guard<std::mutex> lock(cache.mutex_);
    if (auto it = cache.built_.find(key); it != cache.built_.end()) return it->second;
    const auto dir =
        std::filesystem::temp_directory_path() /
        ("civic-spelling-" + std::to_string(::getpid()) + "-" + std::to_string(cache.next_++));
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    Xapian::WritableDatabase out(dir.string(),
                                 Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (const auto& remote : remotes) {
      for (auto it = remote.allterms_begin(); it != remote.allterms_end(); ++it) {
        const std::string term = *it;
        if (!is_text_term(term)) continue;  // body words only
        out.add_spelling(term, static_cast<Xapian::termcount>(it.get_termfreq()));
      }
      // Synonyms from the indexer's copy in metadata (the remote protocol has no synonym table).
      std::istringstream synonyms(remote.get_metadata(std::string(kSynonymsKey)));
      for (std::string line; std::getline(synonyms, line);) {
        const auto tab = line.find('\t');
        if (tab != std::string::npos && tab > 0 && tab + 1 < line.size()) {
          out.add_synonym(line.substr(0, tab), line.substr(tab + 1));
        }
      }
    }
    out.commit();
    out.close();
    cache.built_[key] = dir;
    cache.order_.push_back(key);
    // Keep the newest few (each re-index makes one); a Searcher may still read an older one,
    // which stays readable after removal (unlinked files live on while open).
    while (cache.order_.size() > kKept) {
      std::filesystem::remove_all(cache.built_[cache.order_.front()], ignored);
      cache.built_.erase(cache.order_.front());
      cache.order_.erase(cache.order_.begin());
    }
    return dir;
  }

  ~RemoteSpelling() {
    std::error_code ignored;
    for (const auto& [key, dir] : built_) std::filesystem::remove_all(dir, ignored);
  }

 private:
  static constexpr std::size_t kKept = 3;
  std::mutex mutex_;
  std::map<std::string, std::filesystem::path> built_;
  std::vector<std::string> order_;  // keys of built_, oldest first
  std::size_t next_ = 0;
};

// Facet values by count, then name; the first `limit` of them.
void order_facet_counts(std::vector<FacetCount>& out, std::size_t limit) {
  auto order = [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  if (out.size() > limit) {
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(), order);
    out.resize(limit);
  } else {
    std::sort(out.begin(), out.end(), order);
  }
}

// The request's facets split by whether it selects values of them (multi-select: a selected
// facet is counted with every filter but its own); `index` is the position in facet_specs().
struct FacetSplit {
  std::vector<const FacetSpec*> unselected, selected;
  std::vector<std::size_t> unselected_ids;  // index() of each unselected facet

  static std::size_t index(const FacetSpec* spec) {
    return static_cast<std::size_t>(spec - facet_specs().data());
  }

  explicit FacetSplit(const SearchRequest& request) {
    for (const auto& spec : facet_specs()) {
      auto it = request.filters.find(std::string(spec.name));
      (it == request.filters.end() || it->second.empty() ? unselected : selected).push_back(&spec);
    }
    for (const FacetSpec* spec : unselected) unselected_ids.push_back(index(spec));
  }
};

// Counts facet values over every matching document (exact: the Enquire is run with
// checkatleast = doccount, see docs/facets.rst), from the FacetTable's ids: per match only its
// docid is read. With grouping it counts distinct groups, and each value once per group.
class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(const FacetTable& table, std::vector<std::size_t> facets, Group group)
      : table_(table), facets_(std::move(facets)), counts_(facets_.size()) {
    if (group == Group::Talk) group_ = &table_.talk;
    if (group == Group::Post) group_ = &table_.post;
    for (std::size_t f = 0; f < facets_.size(); ++f) {
      counts_[f].assign(table_.facets[facets_[f]].names.size() + 1, 0);
    }
  }

  void operator()(const Xapian::Document& doc, double) override { add(doc.get_docid()); }

  // One matching document (also called directly with the docids of an MSet: remote shards run
  // match spies themselves, and can run only the ones registered with xapian-tcpsrv).
  void add(Xapian::docid docid) {
    assert(docid <= table_.last_docid);  // the table is of the revision being searched
    ++documents_;
    if (!group_) {
      for (std::size_t f = 0; f < facets_.size(); ++f) {
        const FacetTable::Column& column = table_.facets[facets_[f]];
        if (column.ids.empty()) {
          for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) ++counts_[f][column.values[i]];
        } else {
          ++counts_[f][column.ids[docid]];
        }
      }
      return;
    }
    // A document without a group key is a group of its own (ids above every real key).
    const std::uint32_t key = group_->ids[docid];
    const std::uint64_t group = key ? key : group_->names.size() + 1 + static_cast<std::uint64_t>(docid);
    groups_.insert(group);
    for (std::size_t f = 0; f < facets_.size(); ++f) {
      const FacetTable::Column& column = table_.facets[facets_[f]];
      // Values can differ inside a group (a talk's units share a speaker, not a kind), so
      // count (value, group) pairs.
      const std::uint64_t stride = column.names.size() + 1;
      auto count_one = [&](std::uint32_t id) {
        if (id && seen_[f].insert(group * stride + id).second) ++counts_[f][id];
      };
      if (column.ids.empty()) {
        for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) count_one(column.values[i]);
      } else {
        count_one(column.ids[docid]);
      }
    }
  }

  std::string name() const override { return "civic::FacetSpy"; }

  std::size_t total() const { return group_ ? groups_.size() : documents_; }
  std::size_t units() const { return documents_; }  ///< matching units, grouped or not

  std::vector<FacetCount> counts(std::size_t f, std::size_t limit) const {
    const FacetTable::Column& column = table_.facets[facets_[f]];
    std::vector<FacetCount> out;
    for (std::size_t id = 1; id < counts_[f].size(); ++id) {
      if (counts_[f][id] && !column.names[id - 1].empty()) out.push_back({column.names[id - 1], counts_[f][id]});
    }
    order_facet_counts(out, limit);
    return out;
  }

 private:
  const FacetTable& table_;
  std::vector<std::size_t> facets_;  // indexes into table_.facets
  const FacetTable::Column* group_ = nullptr;
  std::vector<std::vector<std::size_t>> counts_;  // [facet][value id]
  std::unordered_map<std::size_t, std::unordered_set<std::uint64_t>> seen_;
  std::unordered_set<std::uint64_t> groups_;
  std::size_t documents_ = 0;
};

// Readers' comments and pingbacks, which rank below talk text (KindRankKey, RankKey).
bool is_reader_kind(std::string_view kind_name) {
  const auto kind = unit_kind_from_name(kind_name);
  return kind == UnitKind::Comment || kind == UnitKind::Pingback;
}

// RankKey's order from the kind value of each document: over several local databases a
// KeyMaker is given documents whose get_docid() is not the combined docid, but their values
// are read from the right shard.
class KindRankKey : public Xapian::KeyMaker {
 public:
  std::string operator()(const Xapian::Document& doc) const override {
    return std::string(1, is_reader_kind(doc.get_value(kKindSlot)) ? '0' : '1');
  }
};

// Multi-select in one match run. The query runs without its facet filters; this decider applies
// them from the FacetTable's ids and accepts only documents that pass all of them (the hits, the
// total and the other facets' counts, via the Enquire's FacetSpy). A document failing exactly
// one selected facet's filter is counted for that facet alone: each selected facet is counted
// with every filter but its own, as a second run per selected facet did before. A filter value
// matches a document value when their boolean terms are equal (schema::boolean_term()).
class SelectionDecider : public Xapian::MatchDecider {
 public:
  struct Selection {
    std::size_t facet;          // index into table.facets
    std::vector<char> allowed;  // by value id
    FacetSpy* counts;           // this facet's counts
  };

  SelectionDecider(const FacetTable& table, std::vector<Selection> selections)
      : table_(table), selections_(std::move(selections)) {}

  static std::vector<char> allowed_ids(const FacetTable::Column& column,
                                       const std::vector<std::string>& values) {
    std::vector<char> allowed(column.names.size() + 1, 0);
    for (const auto& value : values) {
      const std::string_view wanted = text::truncate_utf8(value, kMaxTermValueBytes);
      for (std::size_t id = 1; id <= column.names.size(); ++id) {
        if (text::truncate_utf8(column.names[id - 1], kMaxTermValueBytes) == wanted)
          allowed[id] = 1;
      }
    }
    return allowed;
  }

  bool operator()(const Xapian::Document& doc) const override {
    const Xapian::docid docid = doc.get_docid();
    assert(docid <= table_.last_docid);
    std::size_t failed = 0, failing = 0;
    for (std::size_t s = 0; s < selections_.size(); ++s) {
      if (passes(selections_[s], docid)) continue;
      if (++failed > 1) return false;
      failing = s;
    }
    if (failed == 1) {
      selections_[failing].counts->add(docid);
      return false;
    }
    for (const Selection& selection : selections_) selection.counts->add(docid);
    return true;
  }

 private:
  bool passes(const Selection& selection, Xapian::docid docid) const {
    const FacetTable::Column& column = table_.facets[selection.facet];
    if (!column.ids.empty()) return selection.allowed[column.ids[docid]];
    for (auto i = column.offsets[docid]; i < column.offsets[docid + 1]; ++i) {
      if (selection.allowed[column.values[i]]) return true;
    }
    return false;
  }

  const FacetTable& table_;
  std::vector<Selection> selections_;
};

// The relevance sort's first key, talk text above readers' comments, from the kind ids in memory
// (no value is read per match; the index stores no rank value since schema 2).
class RankKey : public Xapian::KeyMaker {
 public:
  explicit RankKey(const FacetTable& table) : kinds_(table.facets[kind_facet()]) {
    for (const auto& name : kinds_.names) is_reader_.push_back(is_reader_kind(name));
  }
  std::string operator()(const Xapian::Document& doc) const override {
    return is_reader(doc.get_docid()) ? std::string(1, '0') : std::string(1, '1');
  }

  // Whether a document of the table (by its docid there) is a reader's comment or pingback.
  bool is_reader(Xapian::docid docid) const {
    const std::uint32_t id = kinds_.ids[docid];
    return id && is_reader_[id - 1];
  }

 private:
  static std::size_t kind_facet() {
    const auto& specs = facet_specs();
    const auto it = std::find_if(specs.begin(), specs.end(), [](const FacetSpec& s) { return s.slot == kKindSlot; });
    assert(it != specs.end());
    return static_cast<std::size_t>(it - specs.begin());
  }

  const FacetTable::Column& kinds_;
  std::vector<bool> is_reader_;
};

std::string percent_encode_fragment(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A link to the unit inside its post: a text fragment (#:~:text=) of its first words, which
// browsers scroll to and highlight; no anchor of ours exists on someone else's page.
std::string unit_url(const Unit& unit, const Post& post) {
  if (post.url.empty()) return {};
  std::string words;
  int n = 0;
  for (std::size_t i = 0; i < unit.text.size() && n < 8;) {
    std::size_t j = unit.text.find(' ', i);
    if (j == std::string::npos) j = unit.text.size();
    if (!words.empty()) words += ' ';
    words += unit.text.substr(i, j - i);
    ++n;
    i = j + 1;
  }
  std::string base = post.url.substr(0, post.url.find('#'));
  return base + "#:~:text=" + percent_encode_fragment(words);
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// What snippets mark: the text words, stems ("Z" + stem), exact phrases and wildcards of the
// user's query, as the index spells them.
void collect_highlight_terms(const Xapian::Query& query, HighlightTerms& out) {
  const auto op = query.get_type();
  if (op == Xapian::Query::LEAF_TERM) {
    auto it = query.get_terms_begin();
    if (it == query.get_terms_end()) return;
    const std::string term = *it;
    if (is_text_term(term)) {
      out.words.push_back(term);
    } else if (term.size() > 1 && term[0] == 'Z' &&
               is_text_term(std::string_view(term).substr(1))) {
      out.stems.push_back(term.substr(1));
    }
    return;
  }
  if (op == Xapian::Query::OP_WILDCARD) {
    // Xapian 1.4 has no accessor for the pattern; the description ends with it:
    // "Query(WILDCARD SYNONYM econ)".
    std::string description = query.get_description();
    if (!description.empty() && description.back() == ')') description.pop_back();
    const std::string pattern = description.substr(description.find_last_of(' ') + 1);
    if (is_text_term(pattern)) out.prefixes.push_back(pattern);
    return;
  }
  const std::size_t n = query.get_num_subqueries();
  if (op == Xapian::Query::OP_PHRASE && n > 1) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < n; ++i) {
      const Xapian::Query word = query.get_subquery(i);
      auto it = word.get_terms_begin();
      if (word.get_type() != Xapian::Query::LEAF_TERM || it == word.get_terms_end() ||
          !is_text_term(*it))
        break;
      words.push_back(*it);
    }
    if (words.size() == n) {
      out.phrases.push_back(std::move(words));
      return;
    }
  }
  for (std::size_t i = 0; i < n; ++i) collect_highlight_terms(query.get_subquery(i), out);
}

}  // namespace

Status validate(const SearchRequest& request) {
  if (request.per_page < 1 || request.per_page > 100) {
    return fail(ErrorCode::InvalidInput, "per_page must be between 1 and 100");
  }
  if (request.page < 1) return fail(ErrorCode::InvalidInput, "page must be 1 or more");
  if (static_cast<long long>(request.page) * request.per_page > kMaxResultWindow) {
    return fail(ErrorCode::InvalidInput, "page is past the first " + std::to_string(kMaxResultWindow) +
                                             " results; narrow the search instead");
  }
  if (request.facet_limit < 0 || request.facet_limit > 10000) {
    return fail(ErrorCode::InvalidInput, "facet_limit must be between 0 and 10000");
  }
  for (const auto& [name, date] : {std::pair{"from", &request.from}, std::pair{"to", &request.to}}) {
    if (!date->empty() && !is_iso_date(*date)) {
      return fail(ErrorCode::InvalidInput, std::string(name) + " must be a date as YYYY-MM-DD, not '" + *date + "'");
    }
  }
  for (const auto& [facet, values] : request.filters) {
    if (!find_facet(facet)) return fail(ErrorCode::InvalidInput, "unknown facet '" + facet + "'");
  }
  return {};
}

struct Searcher::Impl {
  std::filesystem::path path;
  Xapian::Database db;         // every shard that is up, combined (Database::add_database)
  Xapian::Database parser_db;  // db, plus the remote shards' spelling data (RemoteSpelling)
  std::string parser_key;      // the remote shards' fingerprint parser_db was built for
  std::shared_ptr<const FacetTable> facet_table;  // of db's revision (see facets())
  // Over local shards only: each shard's own table, per spec (nullptr while missing).
  std::vector<std::shared_ptr<const FacetTable>> shard_tables;
  Xapian::Stem stemmer{"english"};

  // --- Shards (query/shards.h). Each is opened on its own so that one can be lost and reopened;
  // `db` combines those that are up, in stub order. Xapian 1.4 over several databases: terms,
  // postings, values, documents and weights' statistics are merged; spelling data and synonyms
  // are merged from every subdatabase that has them (OR of the tables, spelling frequencies
  // summed) but the remote backend serves neither, so they come from the local shards; metadata
  // comes from the first subdatabase only (hence per-shard loops below); get_revision() needs
  // exactly one subdatabase.
  ShardOptions options;
  std::vector<ShardSpec> specs;
  std::vector<std::optional<Xapian::Database>> shards;  // per spec; nullopt while missing
  // Several shards, or a remote one, are up: run_over_local_shards() (local ones only) or
  // run_over_shards() answer instead of run()'s match spy and key makers over `db`.
  bool fetch_matches = false;
  bool any_remote = false;  // a remote shard is up
  std::size_t shards_up = 0;
  std::chrono::steady_clock::time_point last_retry{};

  Xapian::Database open_shard(const ShardSpec& spec) const {
    if (spec.kind == ShardSpec::Kind::Remote) {
      return Xapian::Remote::open(spec.host, static_cast<unsigned>(spec.port),
                                  static_cast<unsigned>(options.timeout_ms),
                                  static_cast<unsigned>(options.timeout_ms));
    }
    return Xapian::Database(spec.path.string());
  }

  // Opens the remote shards `which` at once, in parallel: a shard that hangs costs one timeout,
  // not one per shard. Those that fail stay (or become) missing.
  void open_remotes(const std::vector<std::size_t>& which) {
    std::vector<std::future<std::optional<Xapian::Database>>> opening;
    for (std::size_t i : which) {
      opening.push_back(
          std::async(std::launch::async, [this, i]() -> std::optional<Xapian::Database> {
            try {
              return open_shard(specs[i]);
            } catch (const Xapian::Error&) {
              return std::nullopt;
            }
          }));
    }
    for (std::size_t k = 0; k < which.size(); ++k) shards[which[k]] = opening[k].get();
    last_retry = std::chrono::steady_clock::now();
  }

  // `db` from the shards that are up.
  void combine_shards() {
    db = Xapian::Database();
    fetch_matches = false;
    any_remote = false;
    shards_up = 0;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (!shards[i]) continue;
      db.add_database(*shards[i]);
      ++shards_up;
      any_remote = any_remote || specs[i].kind == ShardSpec::Kind::Remote;
    }
    fetch_matches = any_remote || shards_up > 1;
    facet_table.reset();
    shard_tables.clear();
    parser_db = db;
    parser_key.clear();
  }

  // After a NetworkError: every remote connection is in an unknown state, so all are reopened;
  // those that do not answer are left out until a retry finds them again.
  void reconnect_remotes() {
    std::vector<std::size_t> remotes;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (specs[i].kind == ShardSpec::Kind::Remote) remotes.push_back(i);
    }
    open_remotes(remotes);
    combine_shards();
  }

  // Missing shards are retried on the next request once retry_interval_ms has passed.
  bool retry_missing() {
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (!shards[i] && specs[i].kind == ShardSpec::Kind::Remote) missing.push_back(i);
    }
    if (missing.empty() || std::chrono::steady_clock::now() - last_retry <
                               std::chrono::milliseconds(options.retry_interval_ms)) {
      return false;
    }
    open_remotes(missing);
    const bool found = std::any_of(missing.begin(), missing.end(),
                                   [&](std::size_t i) { return shards[i].has_value(); });
    if (found) combine_shards();
    return found;
  }

  std::vector<std::string> missing_labels() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (!shards[i]) out.push_back(specs[i].label());
    }
    return out;
  }

  // Which shards are combined, at which revision: the FacetTable's key. A remote shard has no
  // get_revision() (1.4's remote backend), so its counts stand in for it; they change with
  // every commit that adds or deletes documents, which every re-index does.
  std::string fingerprint() const {
    std::string out;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      out += specs[i].label();
      if (!shards[i]) {
        out += "=down;";
        continue;
      }
      const Xapian::Database& shard = *shards[i];
      out += "=" + shard.get_uuid() + "@";
      if (specs[i].kind == ShardSpec::Kind::Remote) {
        out += std::to_string(shard.get_doccount()) + "/" + std::to_string(shard.get_lastdocid()) +
               "/" + std::to_string(shard.get_total_length());
      } else {
        out += std::to_string(shard.get_revision());
      }
      out += ";";
    }
    return out;
  }

  std::string revision() const {
    if (specs.size() == 1 && shards[0] && specs[0].kind == ShardSpec::Kind::Local) {
      return std::to_string(shards[0]->get_revision());
    }
    std::string out;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (i) out += '+';
      if (!shards[i]) {
        out += '-';
      } else if (specs[i].kind == ShardSpec::Kind::Remote) {
        out += "r" + std::to_string(shards[i]->get_lastdocid());
      } else {
        out += std::to_string(shards[i]->get_revision());
      }
    }
    return out;
  }

  // The parsed user query (without filters), and the corrected query string if any.
  struct Parsed {
    Xapian::Query query;
    std::string corrected;
  };

  // With `correct`, also the spelling correction of q (the costliest part of parsing: a trigram
  // scan of the spelling table for every word).
  Parsed parse(const std::string& q, bool correct = true) {
    // A fresh "match everything" query, not the shared static Xapian::Query::MatchAll: Query
    // reference counts are not atomic, so worker threads copying one object corrupt it.
    if (q.empty()) return {Xapian::Query(std::string()), {}};
    Xapian::QueryParser parser;
    parser.set_database(parser_db);
    parser.set_stemmer(stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    add_field_prefixes(parser, stemmer, parser_db);  // title: speaker: org: … (query/field_query.h)
    DateRange dates;
    parser.add_rangeprocessor(&dates);
    const std::string normalised = normalise_query(q);
    const std::string expanded = expand_acronyms(normalised);
    const unsigned flags =
        Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
        Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
        (correct ? unsigned{Xapian::QueryParser::FLAG_SPELLING_CORRECTION} : 0u) |
        Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
    try {
      Xapian::Query query = parser.parse_query(expanded, flags);
      std::string corrected = parser.get_corrected_query_string();
      if (correct && expanded != normalised) {
        // Suggest corrections of what the user wrote, not of the expansion.
        parser.parse_query(normalised, flags);
        corrected = parser.get_corrected_query_string();
      }
      return {query, corrected};
    } catch (const Xapian::QueryParserError&) {
      // A syntax error never fails a search: fall back to plain words (and phrases).
    }
    try {
      return {parser.parse_query(normalised, Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS), {}};
    } catch (const Xapian::QueryParserError&) {
      return {Xapian::Query::MatchNothing, {}};
    }
  }

  // Xapian's synonyms are single terms: a multi-word synonym of a key ("cles" → "centre for
  // local economic strategies") would be looked up as one term that no document has. The other
  // direction works on its own (FLAG_AUTO_MULTIWORD_SYNONYMS makes the phrase's words a key;
  // Xapian's docs/synonyms.rst), so a bare query word with multi-word synonyms becomes
  // `(word OR "its synonym")` before parsing. Words in quotes, with a prefix or an operator are
  // left alone.
  std::string expand_acronyms(const std::string& normalised) const {
    std::string out;
    bool in_quotes = false;
    std::size_t i = 0;
    while (i <= normalised.size()) {
      std::size_t j = normalised.find(' ', i);
      if (j == std::string::npos) j = normalised.size();
      const std::string word = normalised.substr(i, j - i);
      const bool quote_inside = word.find('"') != std::string::npos;
      const bool is_bare =
          !in_quotes && !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c)) ||
                   std::isdigit(static_cast<unsigned char>(c));
          });
      std::string replacement = word;
      if (is_bare) {
        std::string phrases;
        for (auto it = parser_db.synonyms_begin(word); it != parser_db.synonyms_end(word); ++it) {
          const std::string synonym = *it;
          if (synonym.find(' ') != std::string::npos) phrases += " OR \"" + synonym + "\"";
        }
        if (!phrases.empty()) replacement = "(" + word + phrases + ")";
      }
      if (quote_inside && std::count(word.begin(), word.end(), '"') % 2 == 1)
        in_quotes = !in_quotes;
      if (i > 0) out += ' ';
      out += replacement;
      i = j + 1;
    }
    return out;
  }

  // True when every plain word of normalised `q` (no field prefix, not an operator) is a term of
  // the index. normalise_query() lower-cases all but the operators.
  bool all_words_known(const std::string& q) {
    std::string word;
    auto known = [&]() {
      const bool is_operator = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return c >= 'A' && c <= 'Z';
      });
      bool ok = word.empty() || is_operator || db.term_exists(word);
      word.clear();
      return ok;
    };
    for (std::size_t i = 0; i <= q.size(); ++i) {
      unsigned char c = i < q.size() ? static_cast<unsigned char>(q[i]) : ' ';
      if (std::isalnum(c) || c >= 0x80) {
        word += static_cast<char>(c);
      } else if (c == ':') {
        word.clear();  // "speaker:" is a prefix, not a word
      } else if (!known()) {
        return false;
      }
    }
    return true;
  }

  // The request's filters as a query: every facet's but `skip_facet`'s (none with
  // `with_facets` false), and the date bounds.
  static Xapian::Query filter_query(const SearchRequest& request, std::string_view skip_facet,
                                    bool with_facets = true) {
    std::vector<Xapian::Query> parts;
    for (const auto& spec : facet_specs()) {
      if (spec.name == skip_facet || !with_facets) continue;
      auto it = request.filters.find(std::string(spec.name));
      if (it == request.filters.end() || it->second.empty()) continue;
      std::vector<Xapian::Query> values;
      for (const auto& value : it->second) values.emplace_back(boolean_term(spec.term_prefix, value));
      parts.emplace_back(Xapian::Query::OP_OR, values.begin(), values.end());
    }
    if (!request.from.empty()) {
      parts.emplace_back(Xapian::Query::OP_VALUE_GE, kDateSlot, compact_date(request.from));
    }
    if (!request.to.empty()) {
      parts.emplace_back(Xapian::Query::OP_VALUE_LE, kDateSlot, compact_date(request.to));
    }
    if (parts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  }

  static Xapian::Query combine(const Xapian::Query& user, const Xapian::Query& filter) {
    if (filter.empty()) return user;
    return Xapian::Query(Xapian::Query::OP_FILTER, user, filter);
  }

  // The facet ids of the revision `db` has open: reloaded (or taken from another Searcher) only
  // when the revision changed.
  // Over local shards only, each shard's own table is used (shard_tables, for
  // run_over_local_shards()); the combined database's is left empty.
  const FacetTable& facets() {
    const std::string current = fingerprint();
    if (!facet_table || facet_table->fingerprint != current) {
      shard_tables.clear();
      if (fetch_matches && !any_remote) {
        auto unused = std::make_shared<FacetTable>();
        unused->fingerprint = current;
        facet_table = unused;
        shard_tables.resize(specs.size());
        for (std::size_t i = 0; i < specs.size(); ++i) {
          if (shards[i]) shard_tables[i] = shard_table(i);
        }
      } else {
        facet_table = facet_table_for(path, current, db, fetch_matches, any_remote);
      }
      update_parser_db();
    }
    return *facet_table;
  }

  // The FacetTable of one local shard, indexed by that shard's docids.
  std::shared_ptr<const FacetTable> shard_table(std::size_t i) const {
    const Xapian::Database& shard = *shards[i];
    return facet_table_for(specs[i].path,
                           shard.get_uuid() + "@" + std::to_string(shard.get_revision()), shard,
                           false, false);
  }

  void update_parser_db() {
    std::vector<Xapian::Database> remotes;
    std::string key;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (!shards[i] || specs[i].kind != ShardSpec::Kind::Remote) continue;
      remotes.push_back(*shards[i]);
      const Xapian::Database& shard = *shards[i];
      key += specs[i].label() + "=" + shard.get_uuid() + "@" +
             std::to_string(shard.get_doccount()) + "/" + std::to_string(shard.get_lastdocid()) +
             "/" + std::to_string(shard.get_total_length()) + ";";
    }
    if (remotes.empty()) {
      parser_db = db;
      parser_key.clear();
      return;
    }
    if (key == parser_key) return;
    parser_db = db;
    parser_db.add_database(Xapian::Database(RemoteSpelling::for_shards(key, remotes).string()));
    parser_key = key;
  }

  static std::optional<Xapian::valueno> group_slot(Group group) {
    switch (group) {
      case Group::Talk: return kTalkSlot;
      case Group::Post: return kPostSlot;
      case Group::Unit: break;
    }
    return std::nullopt;
  }

  // Folds the units of one talk or post into one hit, when the request groups them.
  static void set_grouping(Xapian::Enquire& enquire, Group group) {
    if (const auto slot = group_slot(group)) enquire.set_collapse_key(*slot);
  }

  // The order asked for: relevance, unless there is no query to be relevant to (newest first).
  static Sort effective_sort(const SearchRequest& request, bool has_query) {
    return !has_query && request.sort == Sort::Relevance ? Sort::Newest : request.sort;
  }

  // Orders `enquire`'s hits: by `rank` (talk text above readers' comments) then relevance, or by
  // date, post and position (`by_date`, which must be empty) then relevance.
  static void set_order(Xapian::Enquire& enquire, Sort sort, Xapian::KeyMaker& rank,
                        Xapian::MultiValueKeyMaker& by_date) {
    if (sort == Sort::Relevance) {
      enquire.set_sort_by_key_then_relevance(&rank, true);
    } else {
      by_date.add_value(kDateSlot, sort == Sort::Newest);
      by_date.add_value(kPostSlot);
      by_date.add_value(kPositionSlot);
      enquire.set_sort_by_key_then_relevance(&by_date, false);
    }
  }

  // Marks the words of the parsed query in snippets (our highlighter, not MSet::snippet: it
  // needs no term statistics, so it costs no round trips over remote shards either).
  static Highlighter highlighter_for(const Parsed& parsed, bool has_query) {
    HighlightTerms marked;
    if (has_query) collect_highlight_terms(parsed.query, marked);
    return Highlighter(std::move(marked));
  }

  Hit make_hit(const Xapian::MSetIterator& it, bool has_query, Highlighter& highlight) {
    Hit hit;
    auto stored = decode_stored_unit(it.get_document().get_data());
    if (stored) {
      hit.unit = std::move(stored->unit);
      hit.post = std::move(stored->post);
    }
    hit.url = unit_url(hit.unit, hit.post);
    hit.snippet = has_query ? highlight(hit.unit.text, kSnippetBytes)
                            : html_escape(text::truncate_utf8(hit.unit.text, kSnippetBytes));
    hit.score = has_query ? it.get_percent() / 100.0 : 0.0;
    hit.more = static_cast<int>(it.get_collapse_count());
    return hit;
  }

  SearchResponse run(const SearchRequest& request) {
    SearchResponse response;
    response.query = request.q;
    response.page = request.page;
    response.per_page = request.per_page;
    const bool has_query = !text::collapse_whitespace(request.q).empty();
    if (shards_up == 0) {  // every shard is missing: an empty (partial) answer
      for (const auto& spec : facet_specs()) response.facets[std::string(spec.name)] = {};
      return response;
    }
    const FacetTable& table = facets();  // the revision's FacetTable, and parser_db to match
    // A query whose words all occur in the archive is corrected only if it finds nothing
    // (suggest_correction), so its spelling correction waits until then.
    const std::string normalised = has_query ? normalise_query(request.q) : std::string();
    const bool is_known = has_query && all_words_known(normalised);
    Parsed parsed = parse(has_query ? request.q : std::string(), !is_known);
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);

    if (fetch_matches && !any_remote) {
      const Xapian::doccount matched = run_over_local_shards(request, parsed, has_query, response);
      suggest_correction(request, parsed, is_known, matched, response);
      return response;
    }
    if (fetch_matches) {
      const Xapian::doccount matched =
          run_over_shards(request, parsed, has_query, table, response);
      suggest_correction(request, parsed, is_known, matched, response);
      return response;
    }

    const FacetSplit split(request);
    const auto& [unselected, selected, unselected_ids] = split;

    // One run: hits, totals and the counts of every facet without a selection; with selected
    // facets, their filters are applied by a SelectionDecider, which counts them too.
    Xapian::Enquire enquire(db);
    enquire.set_query(combine(parsed.query, filter_query(request, "", selected.empty())));
    set_grouping(enquire, request.group);
    RankKey rank(table);
    Xapian::MultiValueKeyMaker by_date;
    set_order(enquire, effective_sort(request, has_query), rank, by_date);
    FacetSpy spy(table, unselected_ids, request.group);
    enquire.add_matchspy(&spy);
    // Multi-select: a facet with a selection is counted with every filter but its own.
    std::vector<std::unique_ptr<FacetSpy>> selected_counts;
    std::vector<SelectionDecider::Selection> selections;
    for (const FacetSpec* spec : selected) {
      const std::size_t f = FacetSplit::index(spec);
      selected_counts.push_back(
          std::make_unique<FacetSpy>(table, std::vector<std::size_t>{f}, request.group));
      selections.push_back({f,
                            SelectionDecider::allowed_ids(
                                table.facets[f], request.filters.at(std::string(spec->name))),
                            selected_counts.back().get()});
    }
    SelectionDecider decider(table, std::move(selections));
    const int first = (request.page - 1) * request.per_page;
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(first),
                                         static_cast<Xapian::doccount>(request.per_page), all,
                                         nullptr, selected.empty() ? nullptr : &decider);
    response.total = spy.total();
    for (std::size_t f = 0; f < unselected.size(); ++f) {
      response.facets[std::string(unselected[f]->name)] =
          spy.counts(f, static_cast<std::size_t>(request.facet_limit));
    }
    for (std::size_t s = 0; s < selected.size(); ++s) {
      response.facets[std::string(selected[s]->name)] =
          selected_counts[s]->counts(0, static_cast<std::size_t>(request.facet_limit));
    }
    Highlighter highlight = highlighter_for(parsed, has_query);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      response.hits.push_back(make_hit(it, has_query, highlight));
    }
    suggest_correction(request, parsed, is_known, spy.units(), response);
    return response;
  }

  // "Did you mean": only when the corrected query finds more than the one asked (`matched`
  // units). A query whose words all occur in the archive (`is_known`) and that finds something
  // is not corrected: an acronym ("cles") must not turn into a commoner word ("clerk").
  void suggest_correction(const SearchRequest& request, Parsed& parsed, bool is_known,
                          Xapian::doccount matched, SearchResponse& response) {
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    const std::string normalised = normalise_query(request.q);
    if (is_known && response.total == 0) parsed.corrected = parse(request.q).corrected;
    if (!parsed.corrected.empty() && parsed.corrected != normalised &&
        !(response.total > 0 && is_known)) {
      Parsed corrected = parse(parsed.corrected);
      Xapian::Enquire check(db);
      check.set_query(combine(corrected.query, filter_query(request, "")));
      Xapian::MSet found = check.get_mset(0, 0, all);
      if (found.get_matches_estimated() > matched) {
        response.suggestion = parsed.corrected;
      }
    }
  }

  // Local shards only: hits from Xapian over the combined database, sorted by keys read from
  // document values; facet counts from each shard on its own, with its own FacetTable (indexed
  // by that shard's docids) and FacetSpy, summed. Groups never span shards (the indexer routes
  // whole posts, and a talk is inside one post), so grouped counts add up too. Returns the
  // number of matching units (not the collapsed count of Xapian's MSet, when grouped).
  Xapian::doccount run_over_local_shards(const SearchRequest& request, const Parsed& parsed,
                                         bool has_query, SearchResponse& response) {
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    Xapian::Enquire enquire(db);
    enquire.set_query(combine(parsed.query, filter_query(request, "")));
    set_grouping(enquire, request.group);
    KindRankKey rank;
    Xapian::MultiValueKeyMaker by_date;
    set_order(enquire, effective_sort(request, has_query), rank, by_date);
    const int first = (request.page - 1) * request.per_page;
    const Xapian::MSet mset = enquire.get_mset(
        static_cast<Xapian::doccount>(first), static_cast<Xapian::doccount>(request.per_page), all);
    Highlighter highlight = highlighter_for(parsed, has_query);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      response.hits.push_back(make_hit(it, has_query, highlight));
    }

    const FacetSplit split(request);
    const auto& [unselected, selected, unselected_ids] = split;
    std::map<std::string, std::map<std::string, std::size_t>> merged;  // facet → value → count
    // Counts `query` in every shard into merged[facet] for `facets`; returns the summed total
    // and the summed matching units (which differ when grouped).
    auto count = [&](const Xapian::Query& query, const std::vector<std::size_t>& facets) {
      std::pair<std::size_t, std::size_t> sum{0, 0};  // (total, units)
      for (std::size_t i = 0; i < specs.size(); ++i) {
        if (!shards[i]) continue;
        const auto& shard = *shards[i];
        Xapian::Enquire side(shard);
        side.set_query(query);
        side.set_weighting_scheme(Xapian::BoolWeight());
        FacetSpy spy(*shard_tables[i], facets, request.group);
        side.add_matchspy(&spy);
        side.get_mset(0, 0, std::max<Xapian::doccount>(shard.get_doccount(), 1));
        sum.first += spy.total();
        sum.second += spy.units();
        for (std::size_t f = 0; f < facets.size(); ++f) {
          auto& counts = merged[std::string(facet_specs()[facets[f]].name)];
          for (const auto& c : spy.counts(f, std::numeric_limits<std::size_t>::max())) {
            counts[c.value] += c.count;
          }
        }
      }
      return sum;
    };
    const auto [total, units] =
        count(combine(parsed.query, filter_query(request, "")), unselected_ids);
    for (const FacetSpec* spec : selected) {
      count(combine(parsed.query, filter_query(request, spec->name)), {FacetSplit::index(spec)});
    }
    response.total = total;
    for (const auto& spec : facet_specs()) {
      std::vector<FacetCount> out;
      for (const auto& [value, n] : merged[std::string(spec.name)]) out.push_back({value, n});
      order_facet_counts(out, static_cast<std::size_t>(request.facet_limit));
      response.facets[std::string(spec.name)] = std::move(out);
    }
    return static_cast<Xapian::doccount>(units);
  }

  // Over remote shards neither our match spy nor our key makers can be used: xapian-tcpsrv
  // runs a remote shard's match and can run neither (1.4 refuses KeyMakers for remote
  // databases, and would need the spy registered server-side); over local shards, 1.4.22 hands
  // them documents whose get_docid() is the shard's docid, not the combined one the FacetTable
  // is indexed by. So the whole match set is fetched once (combined docids, weights and
  // percentages computed by Xapian with the statistics of every shard), then counted, sorted,
  // grouped and paged here from the FacetTable: the same counts and order as run() on one
  // database. `table` is facets(). Returns the number of matching units.
  Xapian::doccount run_over_shards(const SearchRequest& request, const Parsed& parsed,
                                   bool has_query, const FacetTable& table,
                                   SearchResponse& response) {
    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    Xapian::Enquire enquire(db);
    enquire.set_query(combine(parsed.query, filter_query(request, "")));
    const Xapian::MSet mset = enquire.get_mset(0, all, all);

    const FacetSplit split(request);
    const auto& [unselected, selected, unselected_ids] = split;
    FacetSpy spy(table, unselected_ids, request.group);
    struct Entry {
      Xapian::docid docid;
      double weight;
      Xapian::doccount index;  // in mset
    };
    std::vector<Entry> entries;
    entries.reserve(mset.size());
    for (Xapian::doccount i = 0; i < mset.size(); ++i) {
      const auto it = mset[i];
      if (*it > table.last_docid) continue;  // committed after the table was loaded
      spy.add(*it);
      entries.push_back({*it, it.get_weight(), i});
    }
    response.total = spy.total();
    for (std::size_t f = 0; f < unselected.size(); ++f) {
      response.facets[std::string(unselected[f]->name)] =
          spy.counts(f, static_cast<std::size_t>(request.facet_limit));
    }
    for (const FacetSpec* spec : selected) {
      Xapian::Enquire side(db);
      side.set_query(combine(parsed.query, filter_query(request, spec->name)));
      side.set_weighting_scheme(Xapian::BoolWeight());  // only the docids are needed
      FacetSpy side_spy(table, {FacetSplit::index(spec)}, request.group);
      const Xapian::MSet side_set = side.get_mset(0, all, all);
      for (auto it = side_set.begin(); it != side_set.end(); ++it) {
        if (*it <= table.last_docid) side_spy.add(*it);
      }
      response.facets[std::string(spec->name)] =
          side_spy.counts(0, static_cast<std::size_t>(request.facet_limit));
    }

    // The order run() asks Xapian for: RankKey then relevance, or date, post and position
    // (MultiValueKeyMaker) then relevance; ties by docid.
    const Sort sort = effective_sort(request, has_query);
    const RankKey rank(table);
    auto by_relevance = [](const Entry& a, const Entry& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
    };
    if (sort == Sort::Relevance) {
      std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
        const bool ra = rank.is_reader(a.docid), rb = rank.is_reader(b.docid);
        return ra != rb ? rb : by_relevance(a, b);
      });
    } else {
      const bool newest = sort == Sort::Newest;
      std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
        const std::string& da = FacetTable::value(table.date, a.docid);
        const std::string& db_ = FacetTable::value(table.date, b.docid);
        if (da != db_) {
          // Reversed, an empty value sorts last (as MultiValueKeyMaker's reversed keys do).
          if (newest) return da.empty() ? false : db_.empty() ? true : da > db_;
          return da < db_;
        }
        const std::string& pa = FacetTable::value(table.post, a.docid);
        const std::string& pb = FacetTable::value(table.post, b.docid);
        if (pa != pb) return pa < pb;
        const std::string& xa = FacetTable::value(table.position, a.docid);
        const std::string& xb = FacetTable::value(table.position, b.docid);
        if (xa != xb) return xa < xb;
        return by_relevance(a, b);
      });
    }

    // Grouping: the first unit of each talk or post in that order stands for it (Xapian's
    // collapse with every match checked), `more` counting the others.
    const FacetTable::Column* group = request.group == Group::Talk   ? &table.talk
                                      : request.group == Group::Post ? &table.post
                                                                     : nullptr;
    std::vector<std::pair<std::size_t, int>> shown;  // (entry, more)
    std::unordered_map<std::uint32_t, std::size_t> shown_of_group;
    for (std::size_t e = 0; e < entries.size(); ++e) {
      const std::uint32_t key = group ? group->ids[entries[e].docid] : 0;
      if (key) {
        auto [it, is_new] = shown_of_group.emplace(key, shown.size());
        if (!is_new) {
          ++shown[it->second].second;
          continue;
        }
      }
      shown.emplace_back(e, 0);
    }
    const std::size_t first =
        static_cast<std::size_t>(request.page - 1) * static_cast<std::size_t>(request.per_page);
    Highlighter highlight = highlighter_for(parsed, has_query);
    for (std::size_t i = first;
         i < shown.size() && i < first + static_cast<std::size_t>(request.per_page); ++i) {
      Hit hit = make_hit(mset[entries[shown[i].first].index], has_query, highlight);
      hit.more = shown[i].second;
      response.hits.push_back(std::move(hit));
    }
    return static_cast<Xapian::doccount>(entries.size());
  }

  // Runs `body`, reopening once if the index changed underneath (DatabaseModifiedError).
  // A remote shard lost mid-request (NetworkError, timeouts included) is dropped and the request
  // run again once over the shards that still answer (reconnect_remotes()).
  template <typename F>
  auto with_retry(F&& body) -> decltype(body()) {
    retry_missing();
    for (int attempt = 0;; ++attempt) {
      try {
        return body();
      } catch (const Xapian::NetworkError& e) {
        if (attempt > 0) {
          return fail(ErrorCode::Unavailable,
                      "shards not answering: " + e.get_description() +
                          "; they are tried again after the retry interval (" +
                          std::to_string(options.retry_interval_ms) + " ms), so try again shortly");
        }
        reconnect_remotes();
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt > 0)
          return fail(ErrorCode::Unavailable, "index changed during search: " + e.get_msg());
        try {
          db.reopen();
        } catch (const Xapian::Error& again) {
          return fail(ErrorCode::Unavailable, "cannot reopen index: " + again.get_description());
        }
      } catch (const Xapian::DatabaseError& e) {
        // A remote shard whose database went away (a replica switched to a new copy) is
        // reopened with a new connection, like one that stopped answering.
        if (attempt == 0 && any_remote) {
          reconnect_remotes();
          continue;
        }
        return fail(ErrorCode::Unavailable, "index error: " + e.get_description());
      } catch (const Xapian::Error& e) {
        return fail(ErrorCode::Internal, "search failed: " + e.get_description());
      }
    }
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::open(const std::filesystem::path& path, const ShardOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  auto specs = read_shards(path);
  if (!specs) return Unexpected{specs.error()};
  impl->specs = std::move(*specs);
  impl->shards.resize(impl->specs.size());
  std::vector<std::size_t> remotes;
  for (std::size_t i = 0; i < impl->specs.size(); ++i) {
    const ShardSpec& spec = impl->specs[i];
    if (spec.kind == ShardSpec::Kind::Remote) {
      remotes.push_back(i);
      continue;
    }
    // A local shard that cannot be opened fails the open, as a single database does.
    const std::string where = spec.path.string();
    try {
      impl->shards[i] = impl->open_shard(spec);
    } catch (const Xapian::DatabaseNotFoundError&) {
      return fail(ErrorCode::NotFound, where + ": no index here; run 'civicsearch index' first");
    } catch (const Xapian::DatabaseOpeningError& e) {
      return fail(ErrorCode::NotFound, where + ": cannot open index: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      return fail(ErrorCode::Internal, where + ": " + e.get_description());
    }
  }
  impl->open_remotes(remotes);  // a remote shard that is down is only missing
  impl->combine_shards();
  try {
    impl->facets();  // load the facet ids now, not on the first search
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, path.string() + ": cannot read facet values: " + e.get_description());
  }
  return Searcher(std::move(impl));
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  if (auto ok = validate(request); !ok) return Unexpected{ok.error()};
  const auto start = std::chrono::steady_clock::now();
  auto result = impl_->with_retry([&]() -> Result<SearchResponse> { return impl_->run(request); });
  if (result) {
    result->missing_shards = impl_->missing_labels();
    result->took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  return result;
}

Result<UnitView> Searcher::unit(const std::string& id, int radius) {
  return impl_->with_retry([&]() -> Result<UnitView> {
    Xapian::Database& db = impl_->db;
    const std::string term = boolean_term(kIdPrefix, id);
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return fail(ErrorCode::NotFound, "no unit with id '" + id + "'");
    Xapian::Document doc = db.get_document(*p);
    auto stored = decode_stored_unit(doc.get_data());
    if (!stored) return Unexpected{stored.error()};
    UnitView view;
    view.unit.unit = stored->unit;
    view.unit.post = stored->post;
    view.unit.url = unit_url(stored->unit, stored->post);
    view.unit.snippet = html_escape(stored->unit.text);
    const int pos = stored->unit.position;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_FILTER, Xapian::Query(boolean_term(kPostPrefix, stored->unit.post_id)),
        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kPositionSlot,
                      Xapian::sortable_serialise(std::max(1, pos - radius)),
                      Xapian::sortable_serialise(pos + radius))));
    enquire.set_sort_by_value(kPositionSlot, false);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(2 * radius + 1));
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto neighbour = decode_stored_unit(it.get_document().get_data());
      if (!neighbour || neighbour->unit.position == pos) continue;
      Hit hit;
      hit.unit = neighbour->unit;
      hit.post = neighbour->post;
      hit.url = unit_url(hit.unit, hit.post);
      hit.snippet = html_escape(hit.unit.text);
      (neighbour->unit.position < pos ? view.before : view.after).push_back(std::move(hit));
    }
    return view;
  });
}

Result<std::vector<FacetCount>> Searcher::facet_values(const std::string& facet,
                                                       const std::string& prefix, std::size_t limit) {
  const auto listed = listed_term_prefix(facet);
  if (!listed) return fail(ErrorCode::NotFound, "unknown facet '" + facet + "'");
  const std::string wanted = text::name_key(prefix);
  return impl_->with_retry([&]() -> Result<std::vector<FacetCount>> {
    std::vector<FacetCount> out;
    const std::string term_prefix(*listed);
    Xapian::Database& db = impl_->db;
    for (auto it = db.allterms_begin(term_prefix); it != db.allterms_end(term_prefix); ++it) {
      std::string value = (*it).substr(term_prefix.size());
      if (!wanted.empty()) {
        // Match the start of the name or of any word in it: "long" finds "Sarah Longlands".
        std::string key = text::name_key(value);
        std::size_t at = key.find(wanted);
        if (at == std::string::npos || (at > 0 && key[at - 1] != ' ')) continue;
      }
      out.push_back({std::move(value), it.get_termfreq()});
    }
    order_facet_counts(out, limit);
    return out;
  });
}

Result<Hit> Searcher::example_unit(const std::string& facet, const std::string& value) {
  const auto listed = listed_term_prefix(facet);
  if (!listed) return fail(ErrorCode::NotFound, "unknown facet '" + facet + "'");
  return impl_->with_retry([&]() -> Result<Hit> {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(Xapian::Query(boolean_term(*listed, value)));
    // By position, then docid: one value slot, a sort that remote shards can run too (they
    // cannot run our KeyMakers). A post's units are added in order, so among equal positions
    // the lower docid is the post indexed first.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(kPositionSlot, false);
    Xapian::MSet mset = enquire.get_mset(0, 1);
    if (mset.empty()) {
      return fail(ErrorCode::NotFound, "no unit has " + facet + " '" + value + "'");
    }
    auto stored = decode_stored_unit(mset.begin().get_document().get_data());
    if (!stored) return Unexpected{stored.error()};
    Hit hit;
    hit.unit = std::move(stored->unit);
    hit.post = std::move(stored->post);
    hit.url = unit_url(hit.unit, hit.post);
    hit.snippet = html_escape(text::truncate_utf8(hit.unit.text, kSnippetBytes));
    return hit;
  });
}

Result<std::vector<std::string>> Searcher::suggest(const std::string& q, std::size_t limit) {
  const std::string normalised = text::normalise(q);
  std::size_t cut = normalised.find_last_of(' ');
  const std::string head = cut == std::string::npos ? std::string() : normalised.substr(0, cut + 1);
  const std::string last = cut == std::string::npos ? normalised : normalised.substr(cut + 1);
  if (last.empty()) return std::vector<std::string>{};
  std::vector<std::string> out;
  for (const char* facet : {"speaker", "org"}) {
    auto names = facet_values(facet, last, limit);
    if (!names) return Unexpected{names.error()};
    for (auto& name : *names) {
      if (out.size() < limit) out.push_back(std::move(name.value));
    }
  }
  return impl_->with_retry([&]() -> Result<std::vector<std::string>> {
    // Frequent words that complete the last word typed (unprefixed terms are lowercase words).
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    Xapian::Database& db = impl_->db;
    for (auto it = db.allterms_begin(last); it != db.allterms_end(last); ++it) {
      const std::string term = *it;
      if (term.empty() || !(term[0] >= 'a' && term[0] <= 'z')) continue;
      words.emplace_back(it.get_termfreq(), term);
    }
    std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<std::string> result = out;
    for (const auto& [freq, word] : words) {
      if (result.size() >= limit) break;
      result.push_back(head + word);
    }
    return result;
  });
}

Result<IndexStats> Searcher::stats() {
  return impl_->with_retry([&]() -> Result<IndexStats> {
    Xapian::Database& db = impl_->db;
    IndexStats stats;
    stats.units = db.get_doccount();
    const std::string post_key(kPostFingerprintKey);
    // Metadata of a combined database is the first shard's only: count each shard's posts.
    for (const auto& shard : impl_->shards) {
      if (!shard) continue;
      for (auto it = shard->metadata_keys_begin(post_key); it != shard->metadata_keys_end(post_key);
           ++it)
        ++stats.posts;
    }
    stats.revision = impl_->revision();
    const std::string kind_prefix(kKindPrefix);
    for (auto it = db.allterms_begin(kind_prefix); it != db.allterms_end(kind_prefix); ++it) {
      stats.kinds[(*it).substr(kind_prefix.size())] = it.get_termfreq();
    }
    auto distinct = [&](std::string_view prefix) {
      std::size_t n = 0;
      const std::string p(prefix);
      for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) ++n;
      return n;
    };
    stats.speakers = distinct(kSpeakerPrefix);
    stats.orgs = distinct(kOrgPrefix);
    stats.events = distinct(kEventPrefix);
    stats.themes = distinct(kThemePrefix);
    auto pretty = [](const std::string& d) {
      return d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : d;
    };
    if (stats.units) {
      stats.first_date = pretty(db.get_value_lower_bound(kDateSlot));
      stats.last_date = pretty(db.get_value_upper_bound(kDateSlot));
    }
    return stats;
  });
}

Result<bool> Searcher::reopen() {
  try {
    bool changed = impl_->retry_missing();
    try {
      changed = impl_->db.reopen() || changed;
    } catch (const Xapian::NetworkError&) {
      impl_->reconnect_remotes();  // drops the shards that no longer answer
      changed = true;
    }
    const auto before = impl_->facet_table;
    if (impl_->shards_up > 0) impl_->facets();
    return changed || before != impl_->facet_table;
  } catch (const Xapian::NetworkError&) {
    impl_->reconnect_remotes();
    return true;
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Unavailable,
                impl_->path.string() + ": cannot reopen: " + e.get_description());
  }
}

std::size_t Searcher::shard_count() const { return impl_->specs.size(); }

std::vector<std::string> Searcher::missing_shards() const { return impl_->missing_labels(); }

}  // namespace civic::query
