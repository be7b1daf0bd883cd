// What the passes of indexer/attribution.cpp share while they attribute one post: the post,
// the gazetteer and the run's acronyms, the override file's spellings of organisations, the
// speakers found so far and the post's talk counter. Speakers sit at stable indices (an Id),
// so a pass can keep one while it adds others. (The live-blog pass keeps its people in a
// Registry of its own.)
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/gazetteer.h"
#include "query/core/unit.h"

namespace civic::indexer::attribution {

struct Speaker {
  std::string name;     // canonical
  std::string org;      // canonical, at this event
  std::string first;    // first name
  std::string surname;  // last word of the name
  bool from_metadata = false;
  std::string talk;  // last talk id
};

/// The speakers of one post, in the order they were added.
class Speakers {
 public:
  using Id = std::size_t;

  /// Adds `sp` as it is (no merging with a speaker already there).
  Id add(Speaker sp);
  Speaker& at(Id id) { return list_[id]; }
  const Speaker& at(Id id) const { return list_[id]; }
  std::size_t size() const { return list_.size(); }

  /// The first speaker whose name is exactly `name`.
  std::optional<Id> find_name(std::string_view name) const;
  /// The speaker `name` refers to: the first with the same person_key(), else the first with
  /// the gazetteer's name for that person, else for a title and surname alone ("Mr Farraday")
  /// the one speaker named in full with that surname (none when two are).
  std::optional<Id> find(const std::string& name, const Gazetteer& gazetteer) const;

 private:
  std::vector<Speaker> list_;
};

struct PostState {
  PostState(PostDoc& post_doc, const Gazetteer& g, AcronymTable& acronyms)
      : doc(post_doc), gazetteer(g), learnt(acronyms) {}

  PostDoc& doc;
  const Gazetteer& gazetteer;
  AcronymTable& learnt;  // acronyms and organisation spellings learnt so far in the run
  // org_key() of each organisation and alias of the override file → the file's name for it.
  std::map<std::string, std::string> override_orgs;
  Speakers speakers;
  int talks = 0;  // talk ids handed out in this post

  /// A new talk id of the post: "<post id>~<n>".
  std::string new_talk();
  /// The override file's name for an organisation (its name or one of its aliases), if any.
  std::optional<std::string> override_org(std::string_view org) const;
  /// An organisation as written in the source made canonical: the override file's name, else
  /// canonical_org() with the gazetteer and the run's acronyms.
  std::string org_of(const std::string& written);
  /// A speaker for a name as written: the gazetteer's person when it knows the name (and their
  /// organisation when the written one is none the gazetteer knows), else the name without
  /// titles. First name and surname are the first and last words of the name.
  Speaker make_speaker(const std::string& written, const std::string& org_written);
  /// Gives `unit` to `sp` (speaker, organisation, talk) with the source and why.
  static void set(Unit& unit, const Speaker& sp, AttributionSource source, std::string why);
};

}  // namespace civic::indexer::attribution
