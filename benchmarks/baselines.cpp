// The naive-Xapian and SQLite FTS5 baselines, and the helpers the benchmark programs share.
#include "benchmarks/baselines.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace civic::bench {
namespace {

namespace fs = std::filesystem;

// Value slots and the filter prefix of the naive Xapian index (its own schema, not ours).
enum BaselineSlot : Xapian::valueno { kSpeaker, kOrg, kKind, kTheme, kEvent, kYear };
constexpr const char* kSpeakerTerm = "XS:";

std::string optional(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string("sqlite: ") + what + ": " + sqlite3_errmsg(db));
  }
}

}  // namespace

std::vector<fs::path> jsonl_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void for_each_unit(const std::vector<fs::path>& files,
                   const std::function<void(const BenchUnit&)>& each) {
  BenchUnit unit;
  std::string line;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::size_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      try {
        const auto j = nlohmann::json::parse(line);
        unit.post = j.at("post").get<std::string>();
        unit.text = j.at("text").get<std::string>();
        unit.kind = optional(j, "kind");
        unit.speaker = optional(j, "speaker");
        unit.org = optional(j, "org");
        unit.event = optional(j, "event");
        unit.year = optional(j, "date").substr(0, 4);
      } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(line_no) + ": " + e.what());
      }
      each(unit);
    }
  }
}

std::uintmax_t directory_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

double percentile(std::vector<double>& ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  const double rank = p / 100.0 * static_cast<double>(ms.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(lo + 1, ms.size() - 1);
  return ms[lo] + (ms[hi] - ms[lo]) * (rank - static_cast<double>(lo));
}

const std::vector<std::string>& baseline_facets() {
  static const std::vector<std::string> kNames = {"speaker", "org",   "kind",
                                                  "theme",   "event", "year"};
  return kNames;
}

// --- Naive Xapian ------------------------------------------------------------------------------

void xapian_baseline_index(const std::vector<fs::path>& files, const fs::path& db_dir) {
  Xapian::WritableDatabase db(db_dir.string(), Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  std::size_t n = 0;
  for_each_unit(files, [&](const BenchUnit& unit) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(unit.text);
    doc.add_boolean_term("Q" + unit.post + "." + std::to_string(++n));
    if (!unit.speaker.empty()) doc.add_boolean_term(kSpeakerTerm + unit.speaker);
    doc.add_value(kSpeaker, unit.speaker);
    doc.add_value(kOrg, unit.org);
    doc.add_value(kKind, unit.kind);
    doc.add_value(kEvent, unit.event);
    doc.add_value(kYear, unit.year);
    doc.set_data(unit.text);
    db.add_document(doc);
  });
  db.commit();
}

namespace {

class XapianBaseline : public Engine {
 public:
  explicit XapianBaseline(const fs::path& dir) : db_(dir.string()) {
    parser_.set_database(db_);
    parser_.set_stemmer(Xapian::Stem("english"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }

  std::size_t run(const MixQuery& q) override {
    Xapian::Query query = parser_.parse_query(q.xapian);
    if (!q.speaker.empty()) {
      query =
          Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(kSpeakerTerm + q.speaker));
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (Xapian::valueno slot : {kSpeaker, kOrg, kKind, kTheme, kEvent, kYear}) {
      spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
      enquire.add_matchspy(spies.back().get());
    }
    // checkatleast = doccount: every match is seen, so the counts are exact (docs/facets.rst).
    Xapian::MSet mset = enquire.get_mset(0, 10, db_.get_doccount());
    std::size_t checksum = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it)
      checksum += it.get_document().get_data().size();
    for (auto& spy : spies) {
      for (auto it = spy->top_values_begin(50); it != spy->top_values_end(50); ++it) {
        checksum += it.get_termfreq();
      }
    }
    sink_ += checksum;
    return mset.get_matches_estimated();
  }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
  std::size_t sink_ = 0;
};

// --- SQLite FTS5 ---------------------------------------------------------------------------------

class Fts5Baseline : public Engine {
 public:
  explicit Fts5Baseline(const fs::path& file) {
    check(sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr), db_, "open");
    for (int filtered = 0; filtered < 2; ++filtered) {
      const std::string where =
          std::string(" FROM u WHERE u MATCH ?1") + (filtered ? " AND speaker = ?2" : "");
      prepare(top_[filtered], "SELECT rowid, text" + where + " ORDER BY rank LIMIT 10");
      for (const char* facet : {"speaker", "org", "kind", "event", "year"}) {
        facets_[filtered].emplace_back();
        prepare(facets_[filtered].back(), std::string("SELECT ") + facet + ", count(*)" + where +
                                              " GROUP BY " + facet + " ORDER BY 2 DESC LIMIT 50");
      }
    }
  }
  ~Fts5Baseline() override {
    for (auto* s : all_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  std::size_t run(const MixQuery& q) override {
    const int filtered = q.speaker.empty() ? 0 : 1;
    auto bind = [&](sqlite3_stmt* s) {
      sqlite3_reset(s);
      sqlite3_bind_text(s, 1, q.fts5.c_str(), -1, SQLITE_TRANSIENT);
      if (filtered) sqlite3_bind_text(s, 2, q.speaker.c_str(), -1, SQLITE_TRANSIENT);
    };
    std::size_t checksum = 0, total = 0;
    bind(top_[filtered]);
    int rc;
    while ((rc = sqlite3_step(top_[filtered])) == SQLITE_ROW) {
      checksum += static_cast<std::size_t>(sqlite3_column_bytes(top_[filtered], 1));
    }
    check(rc, db_, "top 10");
    for (std::size_t f = 0; f < facets_[filtered].size(); ++f) {
      sqlite3_stmt* s = facets_[filtered][f];
      bind(s);
      while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const auto n = static_cast<std::size_t>(sqlite3_column_int64(s, 1));
        if (f == 2) total += n;  // every match has a kind
        checksum += n;
      }
      check(rc, db_, "facet");
    }
    sink_ += checksum;
    return total;
  }

 private:
  void prepare(sqlite3_stmt*& s, const std::string& sql) {
    check(sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr), db_, sql.c_str());
    all_.push_back(s);
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* top_[2] = {nullptr, nullptr};
  std::vector<sqlite3_stmt*> facets_[2];
  std::vector<sqlite3_stmt*> all_;
  std::size_t sink_ = 0;
};

}  // namespace

void fts5_baseline_index(const std::vector<fs::path>& files, const fs::path& file) {
  fs::remove(file);
  sqlite3* db = nullptr;
  check(sqlite3_open(file.c_str(), &db), db, "open");
  auto exec = [&](const char* sql) {
    check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
  };
  exec("PRAGMA journal_mode=OFF");
  exec("PRAGMA synchronous=OFF");
  exec(
      "CREATE VIRTUAL TABLE u USING fts5(text, speaker UNINDEXED, org UNINDEXED, kind UNINDEXED, "
      "event UNINDEXED, year UNINDEXED, tokenize='porter unicode61')");
  exec("BEGIN");
  sqlite3_stmt* insert = nullptr;
  check(
      sqlite3_prepare_v2(db, "INSERT INTO u VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &insert, nullptr),
      db, "prepare insert");
  for_each_unit(files, [&](const BenchUnit& unit) {
    sqlite3_reset(insert);
    int i = 0;
    for (const std::string* field :
         {&unit.text, &unit.speaker, &unit.org, &unit.kind, &unit.event, &unit.year}) {
      if (field->empty()) {
        sqlite3_bind_null(insert, ++i);
      } else {
        sqlite3_bind_text(insert, ++i, field->data(), static_cast<int>(field->size()),
                          SQLITE_STATIC);
      }
    }
    check(sqlite3_step(insert), db, "insert");
  });
  sqlite3_finalize(insert);
  exec("COMMIT");
  sqlite3_close(db);
}

std::unique_ptr<Engine> open_xapian_baseline(const fs::path& db) {
  return std::make_unique<XapianBaseline>(db);
}
std::unique_ptr<Engine> open_fts5_baseline(const fs::path& db) {
  return std::make_unique<Fts5Baseline>(db);
}

namespace {

bool is_plain_word(const std::string& t) {
  if (t.size() < 4) return false;
  for (char c : t) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace

std::vector<MixQuery> make_query_mix(const fs::path& xapian_db) {
  static const std::set<std::string> kStop = {
      "that", "this", "with", "from",  "have",  "they", "will", "their", "which", "there",
      "were", "been", "what", "about", "would", "also", "more", "some",  "when",  "into"};
  Xapian::Database db(xapian_db.string());
  std::vector<std::pair<Xapian::doccount, std::string>> words;
  std::string rare;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string term = *it;
    if (!is_plain_word(term) || kStop.count(term)) continue;
    const Xapian::doccount freq = it.get_termfreq();
    words.emplace_back(freq, term);
    if (rare.empty() && term.size() >= 7 && freq >= 5 && freq <= 12) rare = term;
  }
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  auto at = [&](std::size_t rank) { return words[std::min(rank, words.size() - 1)].second; };
  std::string speaker;
  Xapian::doccount best = 0;
  for (auto it = db.allterms_begin("XS:"); it != db.allterms_end("XS:"); ++it) {
    if (it.get_termfreq() > best) {
      best = it.get_termfreq();
      speaker = (*it).substr(3);
    }
  }
  std::string phrase_a = "local", phrase_b = "government";
  for (const auto& [a, b] :
       std::vector<std::pair<std::string, std::string>>{{"local", "government"},
                                                        {"public", "services"},
                                                        {"civil", "society"},
                                                        {"open", "data"}}) {
    if (db.get_termfreq(a) > 0 && db.get_termfreq(b) > 0) {
      phrase_a = a;
      phrase_b = b;
      break;
    }
  }
  if (rare.empty()) rare = at(words.size() - 1);
  const std::string frequent = at(0), and_a = at(30), and_b = at(45), or_a = at(200),
                    or_b = at(400), or_c = at(800);
  std::vector<MixQuery> base = {
      {"frequent word", frequent, frequent, ""},
      {"rare word", rare, rare, ""},
      {"two-word AND", and_a + " " + and_b, and_a + " AND " + and_b, ""},
      {"three-word OR", or_a + " OR " + or_b + " OR " + or_c, or_a + " OR " + or_b + " OR " + or_c,
       ""},
      {"phrase", "\"" + phrase_a + " " + phrase_b + "\"", "\"" + phrase_a + " " + phrase_b + "\"",
       ""},
  };
  std::vector<MixQuery> mix;
  for (const auto& q : base) {
    mix.push_back(q);
    MixQuery filtered = q;
    filtered.label += " + speaker";
    filtered.speaker = speaker;
    mix.push_back(filtered);
  }
  return mix;
}

}  // namespace civic::bench
