// A post built in code from its units' texts, for tests of ids and permalinks: plain data
// (query/core/unit.h), finalised as the readers finalise theirs.
#pragma once

#include <string>
#include <vector>

#include "query/core/unit.h"

namespace civic::testing {

/// A post of `texts` (one unit each, in order) whose id comes from `source_key`; unit i belongs
/// to the talk "<post id>~<talks[i]>" ("" or no entry for none), named as the attribution
/// passes name them before finalise_post() renames them after their first unit.
inline PostDoc post_of_texts(const std::string& source_key, const std::string& title,
                             const std::vector<std::string>& texts,
                             const std::vector<std::string>& talks = {}) {
  PostDoc doc;
  doc.post.id = post_id_for("moorside-library-evening", source_key);
  doc.post.title = title;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Unit unit;
    unit.text = texts[i];
    if (i < talks.size() && !talks[i].empty()) unit.talk = doc.post.id + "~" + talks[i];
    doc.units.push_back(std::move(unit));
  }
  finalise_post(doc);
  return doc;
}

}  // namespace civic::testing
