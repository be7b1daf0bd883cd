#include "query/core/stored_unit.h"

#include <nlohmann/json.hpp>

namespace civic {
namespace {

using json = nlohmann::json;

// Reads the stored JSON with nlohmann's SAX interface straight into the fields: building a DOM
// first (a map node and a copy of every string) was half of decoding, which every hit of every
// search does. Same result as looking the keys up in a parsed object: a key's last value counts,
// a value of the wrong type reads as empty, unknown keys and nested values are skipped.
class StoredUnitReader : public nlohmann::json_sax<json> {
 public:
  explicit StoredUnitReader(StoredUnit& out) : out_(out) {}

  bool has_comment = false;
  std::string kind, source;
  Comment comment;

  bool null() override { return value(); }
  bool boolean(bool) override { return value(); }
  bool number_integer(number_integer_t n) override { return number(static_cast<int>(n)); }
  bool number_unsigned(number_unsigned_t n) override { return number(static_cast<int>(n)); }
  bool number_float(number_float_t, const string_t&) override { return value(); }
  bool binary(binary_t&) override { return value(); }

  bool string(string_t& s) override {
    if (depth_ == 2 && list_) {
      list_->push_back(std::move(s));
      return true;
    }
    if (depth_ != 1) return true;
    if (std::string* field = string_field()) {
      *field = std::move(s);
      return true;
    }
    return value();
  }

  bool start_object(std::size_t) override {
    if (depth_ == 0) is_object_ = true;
    if (depth_ == 1) value();
    ++depth_;
    return true;
  }

  bool key(string_t& k) override {
    if (depth_ == 1) {
      key_ = std::move(k);
      if (key_ == "ca") has_comment = true;
    }
    return true;
  }

  bool end_object() override {
    --depth_;
    return true;
  }

  bool start_array(std::size_t) override {
    if (depth_ == 0) return false;  // not an object
    if (depth_ == 1) {
      value();
      list_ = list_field();
    }
    ++depth_;
    return true;
  }

  bool end_array() override {
    if (--depth_ == 1) list_ = nullptr;
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  bool is_object() const { return is_object_; }

 private:
  // A value at the top level that is not what its key wants: the field reads as empty.
  bool value() {
    if (depth_ == 0) return false;  // not an object
    if (depth_ != 1) return true;
    if (std::string* field = string_field()) field->clear();
    if (std::vector<std::string>* list = list_field()) list->clear();
    if (key_ == "n") out_.unit.position = 0;
    return true;
  }

  bool number(int n) {
    if (depth_ == 1 && key_ == "n") {
      out_.unit.position = n;
      return true;
    }
    return value();
  }

  // The keys encode_stored_unit() writes (with list_field()): keep in step with it.
  std::string* string_field() {
    Unit& u = out_.unit;
    Post& p = out_.post;
    const std::pair<std::string_view, std::string*> fields[] = {
        {"i", &u.id},
        {"p", &u.post_id},
        {"k", &kind},
        {"x", &u.text},
        {"c", &u.context},
        {"a", &u.anchor},
        {"s", &u.speaker},
        {"o", &u.org},
        {"r", &u.role},
        {"t", &u.talk},
        {"src", &source},
        {"why", &u.explanation},
        {"ca", &comment.author},
        {"cd", &comment.date},
        {"cp", &comment.parent_id},
        {"pt", &p.title},
        {"pd", &p.date},
        {"pu", &p.url},
        {"pa", &p.author},
        {"pe", &p.event},
    };
    for (const auto& [name, field] : fields) {
      if (key_ == name) return field;
    }
    return nullptr;
  }

  std::vector<std::string>* list_field() {
    if (key_ == "th") return &out_.unit.themes;
    if (key_ == "m") return &out_.unit.mentions;
    if (key_ == "ptags") return &out_.post.tags;
    return nullptr;
  }

  StoredUnit& out_;
  int depth_ = 0;
  bool is_object_ = false;
  std::string key_;
  std::vector<std::string>* list_ = nullptr;  // the list a top-level array fills
};

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
  // Most units have no role: left out rather than stored empty (reads back as empty).
  if (!unit.role.empty()) j["r"] = unit.role;
  if (unit.comment) {
    j["ca"] = unit.comment->author;
    j["cd"] = unit.comment->date;
    j["cp"] = unit.comment->parent_id;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<StoredUnit> decode_stored_unit(std::string_view data) {
  StoredUnit out;
  StoredUnitReader reader(out);
  bool ok = false;
  try {
    ok = json::sax_parse(data, &reader) && reader.is_object();
  } catch (const json::exception&) {
    ok = false;
  }
  if (!ok)
    return fail(ErrorCode::Internal, "stored unit is not a JSON object: the index is corrupt");
  Unit& u = out.unit;
  u.kind = unit_kind_from_name(reader.kind).value_or(UnitKind::Paragraph);
  for (auto s : {AttributionSource::None, AttributionSource::Metadata, AttributionSource::TurnMarker,
                 AttributionSource::Introduction, AttributionSource::Continuation,
                 AttributionSource::Gazetteer}) {
    if (attribution_source_name(s) == reader.source) u.source = s;
  }
  if (reader.has_comment) u.comment = std::move(reader.comment);
  out.post.id = u.post_id;
  return out;
}

}  // namespace civic
