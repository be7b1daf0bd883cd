#include "indexer/index_writer.h"

#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "query/core/schema.h"
#include "query/core/stored_unit.h"
#include "query/core/text.h"

namespace civic::indexer {
namespace {

namespace fs = std::filesystem;
using namespace civic::schema;

// Written beside the database while a writer holds it, so a second writer can say who.
constexpr const char* kOwnerFile = "civicsearch.writer";

std::string describe_owner(const fs::path& dir) {
  std::ifstream in(dir / kOwnerFile);
  std::string line;
  if (in && std::getline(in, line) && !line.empty()) return line;
  return "another process";
}

void write_owner(const fs::path& dir) {
  char host[256] = "unknown host";
  gethostname(host, sizeof host - 1);
  std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  std::ofstream(dir / kOwnerFile) << "civicsearch index (pid " << getpid() << " on " << host
                                  << ", since " << when << ")\n";
}

std::string date_value(const std::string& date) {
  // YYYY-MM-DD → YYYYMMDD so that string order is date order (DateRangeProcessor's form).
  if (date.size() != 10) return {};
  return date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
}

std::string join_multi(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += kMultiValueSeparator;
    out += v;
  }
  return out;
}

}  // namespace

struct IndexWriter::Impl {
  fs::path dir;
  Xapian::WritableDatabase db;
  Xapian::TermGenerator generator;
  std::unordered_set<std::string> seen_posts;
  bool in_transaction = false;
  // Spelling data, summed here and written once at commit: the TermGenerator's FLAG_SPELLING
  // calls add_spelling() for every word occurrence, which was a large share of indexing time.
  // The result is the same table (the frequency of each body word).
  std::unordered_map<std::string, Xapian::termcount> spelling;

  void count_spelling(const Xapian::Document& doc) {
    // Body words are the only unprefixed terms (fields and boolean terms all have a prefix,
    // which starts with a capital letter); wdf = occurrences, what FLAG_SPELLING would add.
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
      const std::string& term = *it;
      if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
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
    // Fields, each with its own prefix and a gap in positions so phrases never span fields
    // (TermGenerator::increase_termpos).
    auto index_field = [&](std::string_view value, std::string_view prefix) {
      if (value.empty()) return;
      generator.increase_termpos(100);
      generator.index_text(text::normalise(value), 1, std::string(prefix));
    };
    index_field(post.title, kTitleText);
    index_field(unit.speaker, kSpeakerText);
    index_field(unit.org, kOrgText);
    index_field(post.event, kEventText);
    index_field(unit_kind_name(unit.kind), kKindText);
    for (const auto& theme : unit.themes) index_field(theme, kThemeText);
    for (const auto& mention : unit.mentions) index_field(mention, kMentionText);

    doc.add_boolean_term(boolean_term(kIdPrefix, unit.id));
    doc.add_boolean_term(boolean_term(kPostPrefix, post.id));
    doc.add_boolean_term(boolean_term(kKindPrefix, unit_kind_name(unit.kind)));
    const std::string date = date_value(post.date);
    if (!date.empty()) doc.add_boolean_term(boolean_term(kYearPrefix, date.substr(0, 4)));
    if (!unit.speaker.empty()) doc.add_boolean_term(boolean_term(kSpeakerPrefix, unit.speaker));
    if (!unit.org.empty()) doc.add_boolean_term(boolean_term(kOrgPrefix, unit.org));
    if (!post.event.empty()) doc.add_boolean_term(boolean_term(kEventPrefix, post.event));
    if (!unit.talk.empty()) doc.add_boolean_term(boolean_term(kTalkPrefix, unit.talk));
    for (const auto& theme : unit.themes) doc.add_boolean_term(boolean_term(kThemePrefix, theme));
    for (const auto& m : unit.mentions) doc.add_boolean_term(boolean_term(kMentionPrefix, m));

    doc.add_value(kDateSlot, date);
    doc.add_value(kKindSlot, std::string(unit_kind_name(unit.kind)));
    doc.add_value(kSpeakerSlot, unit.speaker);
    doc.add_value(kOrgSlot, unit.org);
    doc.add_value(kEventSlot, post.event);
    doc.add_value(kYearSlot, date.empty() ? std::string() : date.substr(0, 4));
    doc.add_value(kThemesSlot, join_multi(unit.themes));
    doc.add_value(kTalkSlot, unit.talk);
    doc.add_value(kPostSlot, post.id);
    // Talk text ranks above readers' comments (see the Searcher's sort).
    const bool is_reader = unit.kind == UnitKind::Comment || unit.kind == UnitKind::Pingback;
    doc.add_value(kRankSlot, Xapian::sortable_serialise(is_reader ? 0.0 : 1.0));
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
  fs::remove(impl_->dir / kOwnerFile, ignored);
}

Result<IndexWriter> IndexWriter::open(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    return fail(ErrorCode::InvalidInput, dir.string() + ": exists and is not a directory");
  }
  if (fs::is_directory(dir, ec) && !fs::is_empty(dir, ec) && !fs::exists(dir / "iamglass", ec)) {
    return fail(ErrorCode::InvalidInput,
                dir.string() + ": not an index (no iamglass file); refusing to write into it");
  }
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  try {
    fs::create_directories(dir);
    impl->db = Xapian::WritableDatabase(dir.string(), Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
  } catch (const Xapian::DatabaseLockError&) {
    return fail(ErrorCode::Unavailable,
                dir.string() + ": index is locked by " + describe_owner(dir) +
                    "; wait for it to finish or stop it");
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, dir.string() + ": cannot open index: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    return fail(ErrorCode::InvalidInput, dir.string() + ": " + e.what());
  }
  write_owner(dir);
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
  impl->generator.set_stemmer(Xapian::Stem("english"));
  impl->generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  impl->generator.set_max_word_length(kMaxWordBytes);
  return IndexWriter(std::move(impl));
}

Result<PostChange> IndexWriter::put(const PostDoc& doc) {
  assert(impl_ && impl_->in_transaction);
  const std::string key = std::string(kPostFingerprintKey) + doc.post.id;
  impl_->seen_posts.insert(doc.post.id);
  try {
    const std::string old = impl_->db.get_metadata(key);
    if (!old.empty() && old == doc.post.fingerprint) return PostChange::Unchanged;
    if (!old.empty()) impl_->db.delete_document(boolean_term(kPostPrefix, doc.post.id));
    // Unit ids are "<post id>.<position>": once the post's old units are deleted, none of
    // them can exist, so the units are added without a look-up of their id term each.
    for (const Unit& unit : doc.units) impl_->db.add_document(impl_->make_document(unit, doc.post));
    impl_->db.set_metadata(key, doc.post.fingerprint);
    return old.empty() ? PostChange::Added : PostChange::Replaced;
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, doc.post.source + ": cannot index: " + e.get_description());
  }
}

Result<std::size_t> IndexWriter::prune_unseen() {
  assert(impl_ && impl_->in_transaction);
  try {
    std::vector<std::string> stale;
    const std::string prefix(kPostFingerprintKey);
    for (auto it = impl_->db.metadata_keys_begin(prefix); it != impl_->db.metadata_keys_end(prefix); ++it) {
      std::string id = (*it).substr(prefix.size());
      if (!impl_->seen_posts.count(id)) stale.push_back(std::move(id));
    }
    for (const auto& id : stale) {
      impl_->db.delete_document(boolean_term(kPostPrefix, id));
      impl_->db.set_metadata(prefix + id, "");  // empty value deletes the key
    }
    return stale.size();
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, impl_->dir.string() + ": cannot prune: " + e.get_description());
  }
}

Status IndexWriter::add_synonyms(const std::vector<std::pair<std::string, std::string>>& pairs) {
  assert(impl_ && impl_->in_transaction);
  try {
    for (const auto& [acronym, full] : pairs) {
      const std::string a = text::name_key(acronym);
      const std::string f = text::name_key(full);
      if (a.empty() || f.empty() || a == f) continue;
      impl_->db.add_synonym(a, f);
      impl_->db.add_synonym(f, a);
    }
  } catch (const Xapian::Error& e) {
    return fail(ErrorCode::Internal, impl_->dir.string() + ": cannot add synonyms: " + e.get_description());
  }
  return {};
}

Status IndexWriter::commit() {
  assert(impl_ && impl_->in_transaction);
  try {
    impl_->write_spelling();
    impl_->db.commit_transaction();
    impl_->in_transaction = false;
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
