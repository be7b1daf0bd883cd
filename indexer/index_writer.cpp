#include "indexer/index_writer.h"

#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "indexer/permalinks.h"
#include "query/core/schema.h"
#include "query/core/stored_unit.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

namespace fs = std::filesystem;
using namespace civic::schema;

// Written beside the database while a writer holds it (and in a new build's folder), so a
// second run can say who holds the lock.
constexpr const char* kLockOwnerFile = "civicsearch.writer";

std::string date_value(const std::string& date) {
  // YYYY-MM-DD → YYYYMMDD so that string order is date order (DateRangeProcessor's form).
  if (date.size() != 10) return {};
  return date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
}

std::string join_multi(const std::vector<std::string_view>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += kMultiValueSeparator;
    out += v;
  }
  return out;
}

}  // namespace

void write_lock_owner(const fs::path& dir) {
  char host[256] = "unknown host";
  gethostname(host, sizeof host - 1);
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  std::ofstream(dir / kLockOwnerFile) << "civicsearch index (pid " << getpid() << " on " << host
                                      << ", since " << when << ")\n";
}

std::optional<std::string> read_lock_owner(const fs::path& dir) {
  std::ifstream in(dir / kLockOwnerFile);
  std::string line;
  if (in && std::getline(in, line) && !line.empty()) return line;
  return std::nullopt;
}

struct IndexWriter::Impl {
  fs::path dir;
  WriterOptions options;
  Xapian::WritableDatabase db;
  Xapian::TermGenerator generator;        // body text: STEM_SOME, positions
  Xapian::TermGenerator field_generator;  // field words: STEM_ALL, no positions
  std::unordered_set<std::string> seen_posts;
  // A new part has no earlier posts: the run's fingerprints are all there is, kept here rather
  // than looked up in the database for every post.
  std::unordered_map<std::string, std::string> part_fingerprints;
  bool in_transaction = false;
  bool is_open = true;
  // Spelling data, summed here and written once at commit: the TermGenerator's FLAG_SPELLING
  // calls add_spelling() for every word occurrence, which was a large share of indexing time.
  // The result is the same table (the frequency of each body word).
  std::unordered_map<std::string, Xapian::termcount> spelling;
  // The terms of a field value ("<prefix>\0<value>" → term, wdf), generated once: a post's
  // title and event repeat in each of its units, speakers, organisations and kinds in many.
  // Normalising, splitting and stemming them again for every unit cost more than the look-up.
  std::unordered_map<std::string, std::vector<std::pair<std::string, Xapian::termcount>>> field_cache;
  std::vector<std::string_view> field_values;  // make_document()'s, reused: no allocation per unit
  static constexpr std::size_t kFieldCacheEntries = 50000;  // then start again: bounds memory

  const std::vector<std::pair<std::string, Xapian::termcount>>& field_terms(std::string_view value,
                                                                            std::string_view prefix) {
    std::string key;
    key.reserve(prefix.size() + 1 + value.size());
    key.append(prefix);
    key += '\0';
    key.append(value);
    if (auto it = field_cache.find(key); it != field_cache.end()) return it->second;
    if (field_cache.size() >= kFieldCacheEntries) field_cache.clear();
    Xapian::Document scratch;
    field_generator.set_document(scratch);
    field_generator.index_text_without_positions(text::normalise(value), 1, std::string(prefix));
    std::vector<std::pair<std::string, Xapian::termcount>> terms;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) terms.emplace_back(*it, it.get_wdf());
    return field_cache.emplace(std::move(key), std::move(terms)).first->second;
  }

  void configure_generators() {
    const Xapian::Stem stemmer(kStemLanguage);
    generator.set_stemmer(stemmer);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_max_word_length(kMaxWordBytes);
    field_generator.set_stemmer(stemmer);
    field_generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    field_generator.set_max_word_length(kMaxWordBytes);
  }

  void count_spelling(const Xapian::Document& doc) {
    // Body words are the only unprefixed terms (fields and boolean terms all have a prefix,
    // which starts with a capital letter); wdf = occurrences, what FLAG_SPELLING would add.
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string& term = *it;
      if (!is_body_term(term)) continue;
      spelling[term] += it.get_wdf();
    }
  }

  void write_spelling() {
    for (const auto& [word, count] : spelling) db.add_spelling(word, count);
    spelling.clear();
  }

  Xapian::Document make_document(const Unit& unit, const Post& post) {
    Xapian::Document doc;
    generator.set_document(doc);
    // Body text: positions for phrase search; spelling data comes from here.
    generator.index_text(text::normalise(unit.text));
    // Fields, each with its own prefix, without positions and stemmed only (STEM_ALL: one term
    // per word, where STEM_SOME makes two). They repeat the post's title, speaker, event… in
    // every unit and were over half of a unit's postings; a field query is an AND of the stems
    // of its words (query/field_query.h), never a phrase.
    auto index_field = [&](std::string_view value, std::string_view prefix) {
      if (value.empty()) return;
      for (const auto& [term, wdf] : field_terms(value, prefix)) doc.add_term(term, wdf);
    };
    doc.add_boolean_term(boolean_term(kIdPrefix, unit.id));
    doc.add_boolean_term(boolean_term(kPostPrefix, post.id));
    // Every field of the schema from its reader: words, boolean terms and the counted value.
    std::vector<std::string_view>& values = field_values;
    for (const Field& field : kFields) {
      values.clear();
      field.read(unit, post, values);
      for (const auto& value : values) {
        if (!field.text_prefix.empty()) index_field(value, field.text_prefix);
        if (!field.term_prefix.empty()) doc.add_boolean_term(boolean_term(field.term_prefix, value));
      }
      if (is_counted(field)) {
        doc.add_value(field.slot, field.multi     ? join_multi(values)
                                  : values.empty() ? std::string()
                                                   : std::string(values.front()));
      }
    }
    doc.add_value(kDateSlot, date_value(post.date));
    doc.add_value(kTalkSlot, unit.talk);
    doc.add_value(kPostSlot, post.id);
    doc.add_value(kPositionSlot, Xapian::sortable_serialise(unit.position));
    doc.set_data(encode_stored_unit(unit, post));
    count_spelling(doc);
    return doc;
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  try {
    if (impl_->in_transaction) impl_->db.cancel_transaction();
    impl_->db.close();
  } catch (const Xapian::Error&) {
    // Closing after a failure: nothing more to undo, the transaction was never committed.
  }
  std::error_code ignored;
  if (!impl_->options.is_new_part) fs::remove(impl_->dir / kLockOwnerFile, ignored);
}

Result<IndexWriter> IndexWriter::open(const fs::path& dir, const WriterOptions& options) {
  std::error_code ec;
  if (options.is_new_part) {
    auto impl = std::make_unique<Impl>();
    impl->dir = dir;
    impl->options = options;
    try {
      fs::create_directories(dir);
      impl->db = Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
      impl->db.set_metadata(std::string(kSchemaVersionKey), std::string(kSchemaVersion));
    } catch (const Xapian::Error& e) {
      return fail(ErrorCode::Internal, dir.string() + ": cannot create index: " + e.get_description());
    } catch (const fs::filesystem_error& e) {
      return fail(ErrorCode::InvalidInput, dir.string() + ": " + e.what());
    }
    impl->configure_generators();
    return IndexWriter(std::move(impl));
  }
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return fail(ErrorCode::InvalidInput, dir.string() + ": exists and is not a directory");
  }
  if (fs::is_directory(dir, ec) && !fs::is_empty(dir, ec) && !fs::exists(dir / "iamglass", ec)) {
    return fail(ErrorCode::InvalidInput,
                dir.string() + ": not an index (no iamglass file); refusing to write into it");
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->options = options;
  try {
    fs::create_directories(dir);
    impl->db = Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseLockError&) {
    return fail(ErrorCode::Unavailable, dir.string() + ": index is locked by " +
                                            read_lock_owner(dir).value_or("another process") +
                                            "; wait for it to finish or stop it");
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, dir.string() + ": cannot open index: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    return fail(ErrorCode::InvalidInput, dir.string() + ": " + e.what());
  }
  write_lock_owner(dir);
  try {
    std::string version = impl->db.get_metadata(std::string(kSchemaVersionKey));
    if (!version.empty() && version != kSchemaVersion) {
      return fail(ErrorCode::InvalidInput, dir.string() + ": index has schema version " + version +
                                               ", this build writes " + std::string(kSchemaVersion) +
                                               "; delete it and index again");
    }
    // One transaction for the whole run: flushed to disk as it grows, but only committed
    // (made visible) by commit(). See Xapian's "Transactions" documentation.
    impl->db.begin_transaction(/*flushed=*/true);
    impl->in_transaction = true;
    impl->db.set_metadata(std::string(kSchemaVersionKey), std::string(kSchemaVersion));
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, dir.string() + ": " + e.get_description());
  }
  impl->configure_generators();
  return IndexWriter(std::move(impl));
}

Result<PostChange> IndexWriter::put(const PostDoc& doc) {
  assert(impl_ && impl_->is_open);
  const std::string key = std::string(kPostFingerprintKey) + doc.post.id;
  // Only prune_unseen() reads these, and a new part has nothing to prune.
  if (!impl_->options.is_new_part) impl_->seen_posts.insert(doc.post.id);
  try {
    std::string old;
    if (!impl_->options.is_new_part) {
      old = impl_->db.get_metadata(key);
    } else if (auto it = impl_->part_fingerprints.find(doc.post.id); it != impl_->part_fingerprints.end()) {
      old = it->second;
    }
    if (!old.empty() && old == doc.post.fingerprint) return PostChange::Unchanged;
    // The old units, read before they go, tell where their ids should lead (a new part has no
    // earlier index whose links could point into it).
    std::vector<OldUnit> old_units;
    if (!old.empty() && !impl_->options.is_new_part)
      old_units = read_post_units(impl_->db, doc.post.id);
    if (!old.empty()) impl_->db.delete_document(boolean_term(kPostPrefix, doc.post.id));
    // Unit ids start with the post id: once the post's old units are deleted, none of them can
    // exist, so the units are added without a look-up of their id term each.
    for (const Unit& unit : doc.units) impl_->db.add_document(impl_->make_document(unit, doc.post));
    impl_->db.set_metadata(key, doc.post.fingerprint);
    if (impl_->options.is_new_part) {
      impl_->part_fingerprints[doc.post.id] = doc.post.fingerprint;
    } else {
      update_permalinks(impl_->db, old_units, doc);
    }
    return old.empty() ? PostChange::Added : PostChange::Replaced;
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, doc.post.source + ": cannot index: " + e.get_description());
  }
}

Result<std::size_t> IndexWriter::prune_unseen() {
  assert(impl_ && impl_->is_open);
  // Every post of a new part was put() in this run (and seen_posts is not kept for it).
  if (impl_->options.is_new_part) return std::size_t{0};
  try {
    std::vector<std::string> stale;
    const std::string prefix(kPostFingerprintKey);
    for (auto it = impl_->db.metadata_keys_begin(prefix); it != impl_->db.metadata_keys_end(prefix); ++it) {
      std::string id = (*it).substr(prefix.size());
      if (!impl_->seen_posts.count(id)) stale.push_back(std::move(id));
    }
    for (const auto& id : stale) {
      mark_gone(impl_->db, id);
      impl_->db.delete_document(boolean_term(kPostPrefix, id));
      impl_->db.set_metadata(prefix + id, "");  // empty value deletes the key
    }
    return stale.size();
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, impl_->dir.string() + ": cannot prune: " + e.get_description());
  }
}

Status IndexWriter::add_synonyms(const std::vector<std::pair<std::string, std::string>>& pairs) {
  assert(impl_ && impl_->is_open);
  try {
    // The pairs also go to metadata, merged with those of earlier runs (kSynonymsKey).
    std::set<std::string> lines;
    std::istringstream earlier(impl_->db.get_metadata(std::string(kSynonymsKey)));
    for (std::string line; std::getline(earlier, line);) {
      if (!line.empty()) lines.insert(line);
    }
    for (const auto& [acronym, full] : pairs) {
      const std::string a = text::name_key(acronym);
      const std::string f = text::name_key(full);
      if (a.empty() || f.empty() || a == f) continue;
      impl_->db.add_synonym(a, f);
      impl_->db.add_synonym(f, a);
      lines.insert(a + '\t' + f);
      lines.insert(f + '\t' + a);
    }
    std::string copy;
    for (const auto& line : lines) copy += line + '\n';
    impl_->db.set_metadata(std::string(kSynonymsKey), copy);
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, impl_->dir.string() + ": cannot add synonyms: " + e.get_description());
  }
  return {};
}

Status IndexWriter::commit() {
  assert(impl_ && impl_->is_open);
  try {
    impl_->write_spelling();
    if (impl_->in_transaction) {
      impl_->db.commit_transaction();
      impl_->in_transaction = false;
    } else {
      impl_->db.commit();
    }
    impl_->is_open = false;
    impl_->db.close();
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, impl_->dir.string() + ": commit failed: " + e.get_description());
  }
  return {};
}

std::size_t IndexWriter::unit_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

}  // namespace civic::indexer
