// The US Congressional Record's names of members. A granule prints a member as "Mr. HARLAN",
// "Mr. HARLAN of Vermont" or "Ms. ANA T. DELUCA of Oregon"; GPO's MODS record of
// the day (mods.xml in the day's package folder) lists every member who speaks, with the full,
// parsed and authority forms of the name, party, state and chamber. This module reads that list
// into a granule's Post::roster (libxml2, through xml_parse), parses the printed forms, and finds
// the member a printed form names. Plain data in and out: no attribution state, no Xapian.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/core/result.h"
#include "query/core/unit.h"

namespace civic::indexer {

/// The members a Record granule may name, from its day's MODS.
struct RecordRoster {
  std::vector<Person> members;   ///< empty when there is no MODS for the granule
  std::optional<Error> warning;  ///< a MODS that could not be read; given once per MODS file
};

/// The roster of the granule at `granule` (a `.htm` file): the members of the granule's chamber
/// that the day's `mods.xml` lists, found beside the granule or one folder up (GPO's package
/// layout: `CREC-…/html/<granule>.htm` and `CREC-…/mods.xml`); a MODS that does not list the
/// granule belongs to another package and is not used. Each member is a Person: `name` the MODS
/// full name in natural order ("Hugh T. Harlan"), `org` empty, `role` the seat ("Senator from
/// Vermont"), `aliases` the forms the Record prints ("Mr. HARLAN", "Mr. HARLAN of
/// South Carolina"). Never fails: no MODS gives no members, a malformed or oversized one a
/// warning ("path:line: …") and no members. Thread-safe: parsed MODS files are cached (the last
/// few, by path, size and modification time), so a day of 100 granules parses its MODS once.
RecordRoster record_roster(const std::filesystem::path& granule);

/// A member as a turn marker prints them ("Mr. HARLAN of Vermont." starting a paragraph).
struct PrintedMember {
  std::string title;             ///< "Mr.", "Mrs.", "Ms.", "Miss" or "Dr."
  std::string name;              ///< as printed: "HARLAN", "ANA T. DELUCA", "de la CRUZ"
  std::string state;             ///< "Massachusetts" from "… of Massachusetts", else empty
  bool is_capitals = false;      ///< in the Record's capitals, not mixed case ("Mr. McCall")
  bool addresses_chair = false;  ///< "Mr. President," or "Madam Speaker," follows the marker
  std::size_t length = 0;        ///< bytes from the start of the text through the full stop

  /// "Mr. HARLAN of Vermont": the form as printed, without the full stop.
  std::string printed() const;
};

/// The member form at the start of `text` (after spaces), ended by a full stop that a space or
/// the end of the text follows; nullopt for anything else. Name words are capitals, also with a
/// mixed-case prefix ("McCALL", "DeLUCA") and accented letters ("VELÁZ"), initials ("T.")
/// and lower-case particles before a capital word ("de la CRUZ"); a hyphen that ended a line
/// ("MARTIN- DELUCA") is joined. A name in mixed case ("Mr. McCall.") is parsed too, with
/// is_capitals false: it is a turn marker only if an address to the chair follows or the roster
/// knows the name, which the caller decides.
std::optional<PrintedMember> parse_printed_member(std::string_view text);

/// A name printed in capitals, in normal case: "HARLAN" → "Harlan", "O'HARE" → "O'Hare",
/// "McCALL" → "McCall", "MARTIN-DELUCA" → "Martin-Deluca", "de la CRUZ" → "de la Cruz",
/// "JR." → "Jr."; roman numerals ("III") and words already in mixed case stay as they are.
std::string normal_case(std::string_view caps);

/// The sponsor a bill listing names: "By Mr. MCCALL:", "By Mr. HARLAN (for himself and Mr.
/// McCall):", "By Mr. MCCALL, from the Committee on Rules …". The sponsor introduces the bill but
/// does not speak. nullopt for any other text.
std::optional<PrintedMember> parse_sponsor(std::string_view text);

/// "Mr. Harlan of Vermont": the printed form with its name in normal case.
std::string normal_case_form(const PrintedMember& printed);

/// The member an Extension of Remarks byline names: "HON. HUGH T. HARLAN" → "HUGH T. HARLAN";
/// nullopt for any other text.
std::optional<std::string> parse_byline(std::string_view text);

/// Finds a roster's members by the forms the Record prints. Keeps a pointer to the roster, which
/// must outlive it and not change. Immutable once built.
class RecordMembers {
 public:
  explicit RecordMembers(const std::vector<Person>& roster);

  bool empty() const { return forms_.empty(); }

  struct Match {
    const Person* member = nullptr;  ///< null when no member fits or more than one does
    bool is_spelling_guess = false;  ///< matched only at one letter's distance ("HRALAN")
  };

  /// The member `printed` names: a printed alias with the same name (and the same state when
  /// the marker gives one, "Mr. HARLAN of Vermont"), else one whose surname ends the
  /// printed name ("Ms. ANA MARIA DELUCA"), else, for names of five letters or more, the
  /// one member whose printed name is one letter away (a misprint: "Mr. HRALAN" for "Mr.
  /// HARLAN"). The title decides between members who share a name; where still more than one
  /// fits, no one is chosen.
  Match find(const PrintedMember& printed) const;

  /// The member whose full name a byline prints ("HUGH T. HARLAN", "LEE McCALL, JR."), by the
  /// whole name or else by a surname only one member has; null when none or ambiguous.
  const Person* find_full_name(std::string_view name) const;

 private:
  struct Form {
    std::size_t member;  // index in the roster
    std::string title;   // "Mr."
    std::string key;     // text::name_key of the printed name: "lincoln diaz balart"
    std::string last;    // its last word: "balart"
  };
  const std::vector<Person>* roster_;
  std::vector<Form> forms_;
  std::vector<std::string> states_;  // name_key of each member's state, "" when unknown

  template <class Pred>
  Match pick(const PrintedMember& printed, Pred&& fits) const;
};

}  // namespace civic::indexer
