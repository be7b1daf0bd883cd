// The person-name model over one sentence: tokens, the spans that may be people's names (with
// the evidence for each), and the role and organisation written around a name ("X, Chief
// Executive of ORG", "ORG's X", "X from ORG", "X (ORG)"). Capitalisation alone never makes a
// person: a span is a name when a given name, an honorific or, for a weaker span, an explicit
// speaking cue says so (the live-blog pass decides the cue).
//
// Implemented by tokens.cpp (tokens, sentences, joins), person_names.cpp (name spans and their
// evidence), org_names.cpp (organisation phrases, clean_org) and affiliation.cpp (role and
// organisation around a name), which share names_internal.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/attribution/lexicon.h"

namespace civic::indexer::attribution {

struct Token {
  std::string text;   ///< the word without surrounding punctuation or a possessive 's
  std::string lower;  ///< text in ASCII lower case
  std::string lead;   ///< punctuation before it: "(", "“", …
  std::string trail;  ///< punctuation after it: ",", ":", ")", ".", …
  bool possessive = false;
  bool plural_possessive = false;  ///< "Tenants'": the possessive written as a bare apostrophe
  bool capital = false;   ///< first letter upper case
  bool all_caps = false;  ///< two or more letters, none lower case
  bool initial = false;   ///< one capital letter, maybe with a full stop ("S", "J.")
  bool dash = false;      ///< a free-standing dash or bullet: "–", "—", "-", "·", "▪", "|"
};

/// `s` with curly quotes made straight, so that possessives and names compare as ASCII.
std::string straight_quotes(std::string_view s);

/// Words of one sentence (already straight-quoted).
std::vector<Token> tokenize(std::string_view sentence);

/// The sentences of a unit's text: split after ". ", "! ", "? " before a capital, a digit or
/// a quote, but not after an honorific ("Dr.") or an initial ("S.").
std::vector<std::string> sentences_of(std::string_view text);

/// Joins tokens [from, to) with single spaces.
std::string join(const std::vector<Token>& tokens, std::size_t from, std::size_t to);

enum class Evidence {
  None,    ///< capitalised words only ("Summer Camp", "Case Studies"): never a person
  Weak,    ///< not dictionary words ("Zorvath Quill"): a person only with a speaking cue
  Strong,  ///< a given name ("Mary Holt") or an initial ("R Adebayo")
  Titled,  ///< an honorific ("Councillor Fenwick", "Hon. Anwen Mair Price")
};

struct NameSpan {
  std::size_t start = 0;  ///< first token, honorifics included
  std::size_t first = 0;  ///< first token of the name proper
  std::size_t end = 0;    ///< one past the name's last token
  std::size_t after = 0;  ///< one past the post-nominals that follow ("MP", "CBE")
  std::string honorific;  ///< as written, without its full stop ("Dr", "Councillor"), or empty
  std::string name;       ///< the name proper: "Anwen Mair Price"
  Evidence evidence = Evidence::None;
  bool possessive = false;  ///< written "X's"
  std::size_t words() const { return end - first; }
};

/// Every span of `tokens` that could be a name, in order: runs of capitalised words (with
/// particles, initials and hyphens) after optional honorifics, never containing a sentence
/// opener, a role word or an organisation head, at most four words. One-word spans are kept
/// (they may refer to someone named in full earlier); their evidence is None unless titled.
std::vector<NameSpan> find_names(const std::vector<Token>& tokens, const Lexicon& lex);

/// The evidence for a run of name words (without honorifics).
Evidence name_evidence(const std::vector<std::string>& words, const Lexicon& lex);

struct Affiliation {
  std::string role;  ///< "Chief Executive", or empty
  std::string org;   ///< as written, possessive and leading "the" dropped, or empty
};

/// The role and organisation written right after a name (from token `at`, the span's
/// `after`): ", ROLE of ORG,", ", ROLE, ORG", " (ORG)", " from ORG", " of ORG", " ROLE at ORG".
/// Stops at a speech verb, "who", "which" or the end of the apposition.
Affiliation affiliation_after(const std::vector<Token>& tokens, std::size_t at, const Lexicon& lex);

/// The organisation written as a possessive just before token `at` ("Moorside Trust's Jane
/// Corrigan"), or empty.
std::string possessive_org_before(const std::vector<Token>& tokens, std::size_t at,
                                  const Lexicon& lex);

/// Parses a descriptor such as "executive director, Moorside Trust", "Chief Executive of Kirkhope
/// Borough Council", "Stanbridge Council's lead officer", "CivicWorks and organiser for
/// Kirkhope Hack Night" into role and organisation.
Affiliation parse_descriptor(const std::vector<Token>& tokens, std::size_t from, std::size_t to,
                             const Lexicon& lex);

/// An organisation as a facet value: without a leading "the", a trailing possessive or a
/// qualifying country prefix ("U.S. General Services Administration" → "General Services
/// Administration").
std::string clean_org(std::string_view org);

}  // namespace civic::indexer::attribution
