// Helpers shared by the files that implement names.h: tokens.cpp (tokens and their joins),
// person_names.cpp, org_names.cpp (organisation phrases) and affiliation.cpp (role and
// organisation around a name). Not for the passes: they use names.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/attribution/lexicon.h"
#include "indexer/attribution/names.h"

namespace civic::indexer::attribution {

// --- tokens.cpp -----------------------------------------------------------------------------

/// An organisation as written: "Kirkhope Tenants' Federation", "Environment, Food and Rural
/// Affairs", "U.S. Trade"; a final possessive dropped.
std::string org_text(const std::vector<Token>& tokens, std::size_t from, std::size_t to);

/// Tokens [from, to) as written, possessives kept: "panellist on Labour's Start-up Review".
std::string join_phrase(const std::vector<Token>& tokens, std::size_t from, std::size_t to);

// --- org_names.cpp --------------------------------------------------------------------------

/// "CivicWorks", "DigitalGov": a capital after the first letter.
bool inner_capitals(const std::string& w);

/// A word of the dictionary, not an acronym or a word in inner capitals.
bool dictionary_word(const Token& w, const Lexicon& lex);

/// "north", "south", "east" or "west" (lower case).
bool is_compass(std::string_view lower);

/// Whether the comma after token `k` is inside an organisation's name that lists its remit
/// ("Department for Environment, Food and Rural Affairs").
bool comma_inside_name(const std::vector<Token>& t, std::size_t k);

/// One past the organisation name written from `from` (a leading lower-case "the" skipped),
/// at most `to`; `from` when there is none.
std::size_t org_run(const std::vector<Token>& t, std::size_t from, std::size_t to);

/// Whether a token of [from, to) is a role word / an organisation head.
bool has_role_word(const std::vector<Token>& t, std::size_t from, std::size_t to);
bool has_org_head_in(const std::vector<Token>& t, std::size_t from, std::size_t to);

/// Whether the organisation phrase [from, to) is a name worth keeping, not a lone dictionary
/// word, a place or a person's name.
bool plausible_org(const std::vector<Token>& t, std::size_t from, std::size_t to,
                   const Lexicon& lex);

}  // namespace civic::indexer::attribution
