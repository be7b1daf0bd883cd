// The role and organisation written around a person's name: the descriptor after it (", ROLE
// of ORG,", " (ORG)", " from ORG", " is a ROLE of ORG"), parsed piece by piece, and the
// possessive organisation before it ("Moorside Trust's Jane Corrigan") (names.h).
#include <algorithm>
#include <optional>
#include <utility>

#include "indexer/attribution/names.h"
#include "indexer/attribution/names_internal.h"

namespace civic::indexer::attribution {
namespace {

bool stops_apposition(const Token& t) {
  return t.lower == "who" || t.lower == "which" || t.lower == "whose" || t.lower == "where" ||
         t.lower == "that" || (is_speech_verb(t.text) && !t.capital);
}

// parse_descriptor() in steps: the descriptor is cut into comma-separated pieces, and each
// piece names an organisation (an organisation piece) or a role, maybe with its organisation
// after a preposition (a role piece). The first organisation and the first role found win.
class DescriptorParser {
 public:
  DescriptorParser(const std::vector<Token>& t, const Lexicon& lex) : t_(t), lex_(lex) {}

  Affiliation parse(std::size_t from, std::size_t to) {
    pieces_ = pieces_of(from, cut_at_apposition_end(from, to));
    for (std::size_t p = 0; p < pieces_.size(); ++p) {
      auto [b, e] = pieces_[p];
      // ", of the Centre for Public Scrutiny,": a piece that opens with a preposition.
      bool after_of = false;
      if (b + 1 < e && (t_[b].lower == "of" || t_[b].lower == "from" || t_[b].lower == "at" ||
                        t_[b].lower == "with")) {
        after_of = t_[b].lower == "of";
        ++b;
      }
      if (b < e && t_[b].lower == "the" && !t_[b].capital) ++b;
      if (b >= e) continue;
      // "Peterborough City Council's lead officer …": a possessive organisation first.
      const std::size_t poss = org_run(t_, b, e);
      if (poss > b && t_[poss - 1].possessive && plausible_org(t_, b, poss, lex_)) {
        set_org(b, poss);
        b = poss;
      }
      if (!has_role_word(t_, b, e)) {
        if (org_piece(p, b, e, after_of)) ++p;
        continue;
      }
      role_piece(b, e);
    }
    return a_;
  }

 private:
  // A phrase after a preposition that could be the organisation of a role piece.
  struct Candidate {
    std::size_t prep, body, end;
    bool sure;
  };

  const std::vector<Token>& t_;
  const Lexicon& lex_;
  std::vector<std::pair<std::size_t, std::size_t>> pieces_;
  Affiliation a_;

  void set_org(std::size_t b, std::size_t e) {
    if (a_.org.empty() && e > b) a_.org = clean_org(org_text(t_, b, e));
  }

  // Cut at the first speech verb or relative pronoun.
  std::size_t cut_at_apposition_end(std::size_t from, std::size_t to) const {
    for (std::size_t k = from; k < to; ++k) {
      if (stops_apposition(t_[k])) return k;
    }
    return to;
  }

  // Comma-separated pieces: "executive director" | "Moorside Trust".
  std::vector<std::pair<std::size_t, std::size_t>> pieces_of(std::size_t from,
                                                             std::size_t to) const {
    std::vector<std::pair<std::size_t, std::size_t>> pieces;
    for (std::size_t k = from, begin = from; k < to; ++k) {
      if ((t_[k].trail.find_first_of(",;") != std::string::npos && !comma_inside_name(t_, k)) ||
          k + 1 == to) {
        pieces.emplace_back(begin, k + 1);
        begin = k + 1;
      }
    }
    return pieces;
  }

  // Piece `p`, [b, e), has no role word: its organisation, if it names one. Returns true when
  // the organisation runs on into the next piece, which is then used up.
  bool org_piece(std::size_t p, std::size_t b, std::size_t e, bool after_of) {
    const std::vector<Token>& t = t_;
    const std::size_t end = org_run(t, b, e);
    // ", of Hexley," is where someone lives, and "Manager, Web Policy, Hexley Agency" has a
    // function between role and organisation: one plain word after "of", or dictionary
    // words alone before a further piece, name no organisation. (The last piece may:
    // "director, Open Kitchen".)
    bool plain = end > b && p + 1 < pieces_.size();
    for (std::size_t m = b; m < end && plain; ++m) {
      plain = is_org_connector(t[m].lower) ||
              (dictionary_word(t[m], lex_) && !is_org_head(t[m].text));
    }
    const bool home_town = after_of && end == b + 1 && !t[b].all_caps &&
                           !inner_capitals(t[b].text) && !is_org_head(t[b].text);
    // "Birkholme, University of Stanbridge": one word, then a piece that opens with a head.
    const bool joins_next = end == b + 1 && end == e && p + 1 < pieces_.size() &&
                            is_org_head(t[pieces_[p + 1].first].text);
    if ((plain && !joins_next) || home_town) return false;
    // "Senior Advisor, Informatics, Hexley Institute": a piece without a head word before
    // one with a head is the unit's function within it.
    if (!joins_next && !has_org_head_in(t, b, end) && head_piece_after(p)) return false;
    if (end <= b || !(joins_next || plausible_org(t, b, end, lex_))) return false;
    if (!joins_next) {
      set_org(b, end);
      return false;
    }
    const auto [next_from, next_to] = pieces_[p + 1];
    const std::size_t next_end = org_run(t, next_from, next_to);
    std::string joined = join(t, b, end) + ", " + join(t, next_from, next_end);
    if (a_.org.empty()) a_.org = clean_org(joined);
    return true;
  }

  // Whether a piece after `p` has an organisation head and no role word.
  bool head_piece_after(std::size_t p) const {
    for (std::size_t q = p + 1; q < pieces_.size(); ++q) {
      if (has_org_head_in(t_, pieces_[q].first, pieces_[q].second) &&
          !has_role_word(t_, pieces_[q].first, pieces_[q].second)) {
        return true;
      }
    }
    return false;
  }

  // A role piece [b, e); its organisation after "of", "at", "from", "with" (or "for", "in"
  // before an organisation head), or a name before "and": "CivicWorks and organiser for …".
  void role_piece(std::size_t b, std::size_t e) {
    const std::size_t role_from = org_before_and(b, e);
    std::size_t role_to = e;
    // Every phrase after a preposition that could be the organisation; the last one that is
    // surely one wins ("Vice President of Member Services at Kirkhope Credit Union": the
    // organisation is the credit union, "of Member Services" belongs to the role).
    std::vector<Candidate> found;
    for (std::size_t k = role_from; k < e; ++k) {
      if (const auto c = candidate_after(k, e)) {
        found.push_back(*c);
        k = c->end - 1;
      }
      // Otherwise a later preposition in the phrase may still bring the organisation:
      // "director of Social Innovation for The Hexley Foundation".
    }
    if (!found.empty() && a_.org.empty()) {
      const Candidate* pick = &found.front();
      for (const auto& c : found) {
        if (c.sure) pick = &c;
      }
      set_org(pick->body, pick->end);
      role_to = pick->prep;
    }
    if (a_.role.empty() && role_to > role_from) {
      std::string role = join_phrase(t_, role_from, role_to);
      while (!role.empty() && (role.back() == ',' || role.back() == ' ')) role.pop_back();
      if (role.size() <= 90) a_.role = role;
    }
  }

  // "CivicWorks and organiser for …": the organisation named before "and" in a role piece
  // [b, e). Returns where the role starts (after "and", or `b`).
  std::size_t org_before_and(std::size_t b, std::size_t e) {
    const std::vector<Token>& t = t_;
    const std::size_t lead = org_run(t, b, e);
    // Not "Web Content and Social Media Manager": a function's words before "and" are part
    // of the role.
    bool lead_common = true;
    for (std::size_t m = b; m < lead && lead_common; ++m) {
      lead_common = dictionary_word(t[m], lex_);
    }
    // And a role written in capitals after "and" ("… and Green Building Program Advisor")
    // needs an organisation that is surely one before it.
    const bool capital_role = lead + 1 < e && t[lead + 1].capital &&
                              !has_org_head_in(t, b, lead) && !t[b].all_caps;
    if (lead > b && !has_role_word(t, b, lead) && lead < e && !lead_common && !capital_role &&
        (t[lead].lower == "and" || t[lead].lower == "&") && plausible_org(t, b, lead, lex_)) {
      set_org(b, lead);
      return lead + 1;
    }
    return b;
  }

  // "Director of Policy", "Head of Customer Experience": dictionary words alone after "of"
  // name a function, not an organisation (an organisation's name has a head word, an
  // acronym or a word of its own: "Chief Executive of Nesta").
  // A region's name ("… North West") makes an organisation of its own too.
  bool all_common(std::size_t from, std::size_t to) const {
    for (std::size_t m = from; m < to; ++m) {
      const Token& x = t_[m];
      if (!is_org_connector(x.lower) && (!dictionary_word(x, lex_) || is_compass(x.lower))) {
        return false;
      }
    }
    return true;
  }

  // The organisation that the preposition at `k` may bring, in a role piece ending at `e`.
  std::optional<Candidate> candidate_after(std::size_t k, std::size_t e) const {
    const std::vector<Token>& t = t_;
    const Token& w = t[k];
    const bool of = w.lower == "of";
    const bool affiliating = w.lower == "at" || w.lower == "from" || w.lower == "with";
    const bool weak_prep = w.lower == "for" || w.lower == "in";
    if (!(of || affiliating || weak_prep) || k + 1 >= e || !w.trail.empty()) return std::nullopt;
    const std::size_t end = org_run(t, k + 1, e);
    if (end <= k + 1) return std::nullopt;
    std::size_t body = k + 1;
    if (t[body].lower == "the" && !t[body].capital) ++body;
    // A head after an inner "of" counts only when what comes before it is a name too:
    // "University of Stanbridge", "Hexley School of Government", but "Professor of the
    // Practice of Government" names a chair, not an organisation.
    std::size_t inner = body + 1;
    while (inner < end && t[inner].lower != "of" && t[inner].lower != "for") ++inner;
    bool head = has_org_head_in(t, body, inner) ||
                (has_org_head_in(t, body, end) && !all_common(body, inner));
    // "Director of Social Services", "Head of Digital Services": a department's function.
    if (head && of && all_common(body, end) &&
        (t[end - 1].lower == "services" || t[end - 1].lower == "service")) {
      bool other_head = false;
      for (std::size_t m = body; m + 1 < end; ++m) other_head = other_head || is_org_head(t[m].text);
      if (!other_head) head = false;
    }
    const bool lone_word = end - body == 1 && lex_.is_common_word(t[body].lower);
    // "Director of Member Services for KCU": an acronym after "for" is the organisation.
    const bool acronym = end == body + 1 && t[body].all_caps && t[body].text.size() >= 2;
    const bool usable = head || (of && !all_common(body, end)) || (affiliating && !lone_word) ||
                        (weak_prep && acronym);
    if (!usable || !plausible_org(t, body, end, lex_)) return std::nullopt;
    return Candidate{k, body, end, head || affiliating || acronym};
  }
};

}  // namespace

Affiliation parse_descriptor(const std::vector<Token>& t, std::size_t from, std::size_t to,
                             const Lexicon& lex) {
  return DescriptorParser(t, lex).parse(from, to);
}

Affiliation affiliation_after(const std::vector<Token>& t, std::size_t at, const Lexicon& lex) {
  Affiliation a;
  if (at == 0 || at > t.size()) return a;
  const Token& last = t[at - 1];
  if (at < t.size() && t[at].lead.find('(') != std::string::npos) {
    // "Nadia Okonjo (Birkholme, University of Stanbridge)".
    std::size_t end = at;
    while (end < t.size() && t[end].trail.find(')') == std::string::npos) ++end;
    if (end < t.size()) ++end;
    return parse_descriptor(t, at, end, lex);
  }
  if (last.trail.find('(') != std::string::npos) return a;
  if (last.trail == ",") {
    // ", ROLE of ORG," or ", ROLE, ORG" up to the apposition's end (a second comma followed
    // by a lower-case word, a relative pronoun or a verb).
    std::size_t end = at;
    int commas = 0;
    while (end < t.size()) {
      if (stops_apposition(t[end])) break;
      const bool abbreviation = t[end].trail == "." && t[end].text.find('.') != std::string::npos &&
                                end + 1 < t.size() && t[end + 1].capital;  // "U.S. Trade"
      if (!abbreviation && !t[end].trail.empty() &&
          t[end].trail.find_first_of(".:;!?") != std::string::npos) {
        ++end;
        break;
      }
      if (t[end].trail == "," && !comma_inside_name(t, end)) {
        ++commas;
        if (commas >= 2) {
          ++end;
          break;
        }
      }
      ++end;
    }
    return parse_descriptor(t, at, end, lex);
  }
  if (!last.trail.empty()) return a;
  if (at + 2 < t.size() && (t[at].lower == "is" || t[at].lower == "was") &&
      (t[at + 1].lower == "a" || t[at + 1].lower == "an" || t[at + 1].lower == "the") &&
      is_role_word(t[at + 2].text)) {
    // "Dr Haddad is a member of the Otley Energy Committee".
    std::size_t end = at + 2;
    while (end < t.size() && t[end].trail.find_first_of(".;:!?") == std::string::npos &&
           t[end].lower != "and" && t[end].lower != "who") {
      ++end;
    }
    if (end < t.size() && t[end].lower != "and" && t[end].lower != "who") ++end;
    return parse_descriptor(t, at + 2, end, lex);
  }
  if (at < t.size()) {
    const Token& next = t[at];
    if (next.lower == "of" || next.lower == "from" || next.lower == "at") {
      const std::size_t end = org_run(t, at + 1, t.size());
      // "Stanley Marsh of Hexley": one plain word after "of" is as often a home town as an
      // organisation, so it needs a head word or an acronym's capitals.
      std::size_t body = at + 1;
      if (body < end && t[body].lower == "the" && !t[body].capital) ++body;
      const bool one_word = end == body + 1 && !t[body].all_caps && !inner_capitals(t[body].text);
      const bool sure = next.lower != "of" || !one_word || is_org_head(t[body].text);
      if (end > at + 1 && sure && plausible_org(t, at + 1, end, lex)) {
        a.org = clean_org(org_text(t, at + 1, end));
      }
      return a;
    }
    if (is_role_word(next.text) && next.capital) {
      // "Amira Haddad Director of Policy for the Centre …".
      std::size_t end = at;
      while (end < t.size() && !stops_apposition(t[end]) &&
             t[end].trail.find_first_of(".;:!?") == std::string::npos) {
        ++end;
      }
      if (end < t.size()) ++end;
      return parse_descriptor(t, at, std::min(end, t.size()), lex);
    }
  }
  return a;
}

std::string possessive_org_before(const std::vector<Token>& t, std::size_t at, const Lexicon& lex) {
  if (at == 0 || !t[at - 1].possessive) return {};
  // "The Hexley Agency for Rivers (HAR)'s Jane Corrigan": the bracketed acronym.
  if (t[at - 1].lead.find('(') != std::string::npos) {
    std::string acronym = t[at - 1].text;
    while (!acronym.empty() && acronym.back() == ')') acronym.pop_back();
    return acronym.size() >= 2 ? clean_org(acronym) : std::string();
  }
  std::size_t b = at - 1;
  while (b > 0) {
    const Token& p = t[b - 1];
    if (!p.trail.empty() || p.possessive) break;
    // A word that never starts a person's name may still be an organisation's after "the":
    // "the Digital Analytics Programme's dashboard".
    const bool after_the = b >= 2 && t[b - 2].lower == "the" && !t[b - 2].capital;
    if ((p.capital || p.all_caps) && !p.dash && (!is_never_name_word(p.text) || after_the)) {
      --b;
      continue;
    }
    if (is_org_connector(p.lower) && b >= 2 && (t[b - 2].capital || t[b - 2].all_caps)) {
      --b;
      continue;
    }
    break;
  }
  // "Hexley's Sam Ortega and Open Kitchen's Dana Reyes": a person before "and" is not part of
  // the organisation.
  for (std::size_t k = b + 2; k + 1 < at; ++k) {
    if (t[k].lower != "and") continue;
    std::vector<std::string> words;
    for (std::size_t m = b; m < k; ++m) words.push_back(t[m].text);
    if (words.size() <= 3 && name_evidence(words, lex) >= Evidence::Strong) b = k + 1;
    break;
  }
  if (b < at && plausible_org(t, b, at, lex)) return clean_org(org_text(t, b, at));
  return {};
}

}  // namespace civic::indexer::attribution
