// Letters and word shapes of the names the Congressional Record prints ("Mr. HARLAN", "Ms.
// DeLUCA of Oregon"). The Record is ASCII but for accented letters in names, which GPO's HTML
// gives as UTF-8 after parsing; the Latin-1 supplement (U+00C0–U+00FE, two bytes C3 xx) covers
// them, so "letter" here means an ASCII letter or one of those.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace civic::indexer::record {

/// True when the character at byte `i` of `s` is an upper-case letter (A–Z, À–Þ but ×).
bool is_upper_at(std::string_view s, std::size_t i);
/// True when the character at byte `i` of `s` is a lower-case letter (a–z, ß–ÿ but ÷).
bool is_lower_at(std::string_view s, std::size_t i);
/// Bytes of the character at `i` (1 for ASCII, 2 for a C3 letter, else the UTF-8 length).
std::size_t char_size(std::string_view s, std::size_t i);

/// How many upper- and lower-case letters a word has, and whether it has anything else.
struct Shape {
  int upper = 0;
  int lower = 0;
  bool other = false;  // a character that is neither a letter nor ' or -
  bool starts_upper = false;
};

Shape shape_of(std::string_view w);

/// A surname in capitals: "HARLAN", "McCALL", "DeLUCA", "DiMARCO", "O'HARE", "MARTIN-DELUCA",
/// "VELÁZ".
bool is_capitals_word(std::string_view w);
/// "McCall", "Hale", "O'Hare": a capital and then lower-case letters.
bool is_mixed_word(std::string_view w);
/// A lower-case name particle: "de", "la", "van", "von", "y"…
bool is_particle(std::string_view w);
/// A name key (text::name_key) that is a suffix: "Jr.", "III"; after a surname, never one.
bool is_suffix_key(std::string_view key);
/// Mr. and Mrs. name different members; Mrs., Ms. and Miss may name the same one.
bool same_kind_of_title(std::string_view a, std::string_view b);
/// A word of a state's name as the Record prints it after "of": "New", "Jersey", "Rhode".
bool is_state_word(std::string_view w);

/// A printed word in normal case: "HARLAN" → "Harlan", "McCALL" → "McCall", "O'HARE" →
/// "O'Hare"; particles and roman numerals unchanged.
std::string normal_case_word(std::string_view w);

}  // namespace civic::indexer::record
