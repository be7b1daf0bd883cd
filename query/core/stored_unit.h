// The document data stored with each unit in the index: everything a hit shows without another
// look-up (unit fields, role and mentions included, plus its post's title, date, url, author,
// event and tags). Writer and reader share this codec.
// Does not include Xapian or nlohmann/json.
#pragma once

#include <string>
#include <string_view>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic {

/// A unit as stored: the unit and the post fields a hit needs (post.speakers is not stored).
struct StoredUnit {
  Unit unit;
  Post post;
};

/// Serialises a unit and its post for Xapian::Document::set_data(). Never fails.
std::string encode_stored_unit(const Unit& unit, const Post& post);

/// Inverse of encode_stored_unit(). Internal error when the data is not ours (corrupt index).
Result<StoredUnit> decode_stored_unit(std::string_view data);

}  // namespace civic
