// The snippet highlighter: tokenises a unit's stored text the way the TermGenerator tokenised
// its normalised form (Xapian's word characters, infix apostrophes and '&', digit separators,
// "C++"-style suffixes), compares each word's normalised form with the query's words, stems,
// phrases and wildcards, and writes the best window as escaped HTML.
#include "query/highlight.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "query/core/html.h"
#include "query/core/schema.h"
#include "query/core/text.h"

namespace civic::query {
namespace {

constexpr std::string_view kMarkStart = "<mark>";
constexpr std::string_view kMarkEnd = "</mark>";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::size_t kMaxSpansConsidered = 512;  // window search is quadratic in matches

// One code point at `at`: its value and length. Invalid bytes count as one character each.
struct CodePoint {
  unsigned value;
  std::size_t length;
};

CodePoint decode(std::string_view s, std::size_t at) {
  const auto b0 = static_cast<unsigned char>(s[at]);
  if (b0 < 0x80) return {b0, 1};
  auto continuation = [&](std::size_t i) {
    return at + i < s.size() && (static_cast<unsigned char>(s[at + i]) & 0xC0) == 0x80;
  };
  auto bits = [&](std::size_t i) { return static_cast<unsigned>(s[at + i]) & 0x3F; };
  if (b0 >= 0xC2 && b0 < 0xE0 && continuation(1)) return {((b0 & 0x1Fu) << 6) | bits(1), 2};
  if (b0 >= 0xE0 && b0 < 0xF0 && continuation(1) && continuation(2)) {
    return {((b0 & 0x0Fu) << 12) | (bits(1) << 6) | bits(2), 3};
  }
  if (b0 >= 0xF0 && b0 < 0xF5 && continuation(1) && continuation(2) && continuation(3)) {
    return {((b0 & 0x07u) << 18) | (bits(1) << 12) | (bits(2) << 6) | bits(3), 4};
  }
  return {0xFFFD, 1};
}

bool is_word_char(unsigned c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  return Xapian::Unicode::is_wordchar(c);
}

bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

// Characters the TermGenerator keeps inside a word when a word character follows.
bool is_infix(unsigned c) {
  return c == '\'' || c == '&' || c == 0xB7 || c == 0x5F4 || c == 0x2027 || c == 0x2019 ||
         c == 0x201B;
}

// Separators it keeps between two digits ("1,000", "3.5").
bool is_digit_infix(unsigned c) {
  switch (c) {
    case ',':
    case '.':
    case ';':
    case 0x37E:
    case 0x589:
    case 0x60C:
    case 0x60D:
    case 0x66B:
    case 0x66C:
    case 0x66D:
    case 0x7F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE13:
    case 0xFE14:
      return true;
    default:
      return false;
  }
}

bool is_space(unsigned c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x2028 ||
         c == 0x2029 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000;
}

bool is_opening(unsigned c) {
  return c == '(' || c == '[' || c == '{' || c == '"' || c == '\'' || c == 0x201C || c == 0x2018 ||
         c == 0xAB;
}

bool is_sentence_end(char c) { return c == '.' || c == '!' || c == '?'; }

struct Token {
  std::size_t begin, end;  // bytes of the text
  std::string key;         // the indexed form: normalised, lower case
};

// A marked stretch of text: one word, or a whole phrase.
struct Span {
  std::size_t begin, end;
  std::uint32_t term;  // which query term (for counting distinct terms in a window)
};


}  // namespace

struct Highlighter::Impl {
  Xapian::Stem stemmer{schema::kStemLanguage};
  std::unordered_map<std::string, std::uint32_t> words, stems;  // → term id
  std::vector<std::pair<std::string, std::uint32_t>> prefixes;
  std::vector<std::vector<std::string>> phrases;  // term id of phrase p: phrase_ids[p]
  std::vector<std::uint32_t> phrase_ids;
  std::uint32_t term_count = 0;
  // The one id shared by the words of phrases a text holds only loosely (see find_spans()).
  std::uint32_t loose_phrase_id = 0;
  // Per text, kept as members so that their memory is reused from one hit to the next.
  std::vector<Token> tokens;
  std::vector<Span> spans;
  std::vector<bool> in_phrase;                         // per token, of find_spans()
  std::unordered_set<std::string> loose_phrase_words;  // of phrases absent from this text
  std::vector<std::uint32_t> seen;                     // per term id, for scoring windows

  explicit Impl(HighlightTerms terms) {
    for (auto& w : terms.words) {
      if (!w.empty()) words.emplace(std::move(w), term_count++);
    }
    for (auto& s : terms.stems) {
      if (!s.empty()) stems.emplace(std::move(s), term_count++);
    }
    for (auto& p : terms.prefixes) {
      if (!p.empty()) prefixes.emplace_back(std::move(p), term_count++);
    }
    for (auto& phrase : terms.phrases) {
      phrase.erase(std::remove(phrase.begin(), phrase.end(), std::string()), phrase.end());
      if (phrase.empty()) continue;
      phrases.push_back(std::move(phrase));
      phrase_ids.push_back(term_count++);
    }
    loose_phrase_id = term_count++;
    seen.assign(term_count, 0);
  }

  bool empty() const {
    return words.empty() && stems.empty() && prefixes.empty() && phrases.empty();
  }

  void tokenise(std::string_view text) {
    tokens.clear();
    std::size_t i = 0;
    while (i < text.size()) {
      CodePoint c = decode(text, i);
      if (!is_word_char(c.value)) {
        i += c.length;
        continue;
      }
      const std::size_t begin = i;
      bool is_ascii = c.value < 0x80;
      unsigned previous = c.value;
      i += c.length;
      while (i < text.size()) {
        c = decode(text, i);
        if (is_word_char(c.value)) {
          if (c.value >= 0x80) is_ascii = false;
          previous = c.value;
          i += c.length;
          continue;
        }
        const bool digits = is_digit(previous);
        if (!is_infix(c.value) && !(digits && is_digit_infix(c.value))) break;
        if (i + c.length >= text.size()) break;
        const CodePoint next = decode(text, i + c.length);
        if (!is_word_char(next.value) || (!is_infix(c.value) && !is_digit(next.value))) break;
        if (c.value >= 0x80) is_ascii = false;
        i += c.length;
      }
      // "C++", "C#": up to three '+' or '#' ending a word.
      std::size_t suffix = 0;
      while (suffix < 3 && i + suffix < text.size() &&
             (text[i + suffix] == '+' || text[i + suffix] == '#'))
        ++suffix;
      if (suffix && (i + suffix == text.size() || !is_word_char(decode(text, i + suffix).value)))
        i += suffix;
      Token token{begin, i, {}};
      const std::string_view word = text.substr(begin, i - begin);
      if (is_ascii) {
        token.key.resize(word.size());
        std::transform(word.begin(), word.end(), token.key.begin(), [](char ch) {
          return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
        });
      } else {
        token.key = text::normalise(word);
      }
      tokens.push_back(std::move(token));
    }
  }

  // The English stem of a word. Stemming every word of every hit was a sixth of a search's time,
  // so each thread remembers the stems of the words it has seen (stems never change). Bounded
  // small, as every server worker thread (64 or more) has its own: the hits of one query touch a
  // few hundred words, so 20,000 keeps a thread's recent queries (a few MB) where 200,000 let the
  // threads together grow towards a GB.
  const std::string& stem_of(const std::string& word) {
    constexpr std::size_t kMaxRemembered = 20000;
    thread_local std::unordered_map<std::string, std::string> stems_seen;
    if (auto it = stems_seen.find(word); it != stems_seen.end()) return it->second;
    if (stems_seen.size() >= kMaxRemembered) stems_seen.clear();
    return stems_seen.emplace(word, stemmer(word)).first->second;
  }

  // The term id a single word matches, or -1.
  std::int64_t match_word(const std::string& key) {
    if (auto it = words.find(key); it != words.end()) return it->second;
    if (!stems.empty()) {
      if (auto it = stems.find(stem_of(key)); it != stems.end()) return it->second;
    }
    for (const auto& [prefix, id] : prefixes) {
      if (key.size() >= prefix.size() && key.compare(0, prefix.size(), prefix) == 0) return id;
    }
    return -1;
  }

  void find_spans() {
    spans.clear();
    in_phrase.assign(tokens.size(), false);
    loose_phrase_words.clear();
    for (std::size_t p = 0; p < phrases.size(); ++p) {
      const auto& phrase = phrases[p];
      bool found = false;
      for (std::size_t t = 0; t + phrase.size() <= tokens.size(); ++t) {
        bool is_match = true;
        for (std::size_t k = 0; k < phrase.size() && is_match; ++k) {
          is_match = !in_phrase[t + k] && tokens[t + k].key == phrase[k];
        }
        if (!is_match) continue;
        found = true;
        spans.push_back({tokens[t].begin, tokens[t + phrase.size() - 1].end, phrase_ids[p]});
        for (std::size_t k = 0; k < phrase.size(); ++k) in_phrase[t + k] = true;
        t += phrase.size() - 1;
      }
      // The unit matched through a looser form (NEAR, ADJ/n, a tokenisation we do not
      // reproduce): mark the phrase's words wherever they are.
      if (!found) loose_phrase_words.insert(phrase.begin(), phrase.end());
    }
    for (std::size_t t = 0; t < tokens.size(); ++t) {
      if (in_phrase[t]) continue;
      std::int64_t id = match_word(tokens[t].key);
      if (id < 0 && loose_phrase_words.count(tokens[t].key)) id = loose_phrase_id;
      if (id >= 0)
        spans.push_back({tokens[t].begin, tokens[t].end, static_cast<std::uint32_t>(id)});
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
  }

  // The stretch [begin, end) of spans with the most distinct terms (then the most matches)
  // that fits in max_bytes; the first one on ties.
  std::pair<std::size_t, std::size_t> best_cluster(std::size_t max_bytes) {
    const std::size_t n = std::min(spans.size(), kMaxSpansConsidered);
    double best_score = -1;
    std::pair<std::size_t, std::size_t> best{spans[0].begin, spans[0].end};
    for (std::size_t i = 0; i < n; ++i) {
      std::fill(seen.begin(), seen.end(), 0);
      double score = 0;
      std::size_t end = spans[i].end;
      for (std::size_t j = i; j < n && spans[j].end - spans[i].begin <= max_bytes; ++j) {
        score += seen[spans[j].term]++ ? 0.25 : 1.0;
        end = spans[j].end;
      }
      if (score > best_score) {
        best_score = score;
        best = {spans[i].begin, end};
      }
    }
    return best;
  }

  // Bytes [begin, end) of the text as escaped HTML with marks (clipped to the range).
  void emit(std::string& out, std::string_view text, std::size_t begin, std::size_t end) const {
    std::size_t at = begin;
    for (const Span& span : spans) {
      if (span.end <= at) continue;
      if (span.begin >= end) break;
      const std::size_t from = std::max(span.begin, at), to = std::min(span.end, end);
      html::append_escaped(out, text.substr(at, from - at));
      out += kMarkStart;
      html::append_escaped(out, text.substr(from, to - from));
      out += kMarkEnd;
      at = to;
    }
    html::append_escaped(out, text.substr(at, end - at));
  }

  // The first token starting at or after byte `at` (tokens.size() when none).
  std::size_t token_from(std::size_t at) const {
    return static_cast<std::size_t>(
        std::lower_bound(tokens.begin(), tokens.end(), at,
                         [](const Token& t, std::size_t pos) { return t.begin < pos; }) -
        tokens.begin());
  }

  // The start of the character before byte `at` (at > 0).
  static std::size_t previous_char(std::string_view text, std::size_t at) {
    std::size_t i = at - 1;
    while (i > 0 && at - i < 4 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    return i;
  }

  bool starts_sentence(std::string_view text, std::size_t at) const {
    std::size_t i = at;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\t' ||
                     text[i - 1] == '\r'))
      --i;
    return i == 0 || (i < at && is_sentence_end(text[i - 1]));
  }

  std::string highlight(std::string_view text, std::size_t max_bytes) {
    std::string out;
    if (text.empty()) return out;
    spans.clear();
    if (!empty()) {
      tokenise(text);
      find_spans();
    }
    if (text.size() <= max_bytes) {
      out.reserve(text.size() + spans.size() * 13 + 16);
      emit(out, text, 0, text.size());
      return out;
    }
    if (empty()) tokenise(text);  // no query terms: still cut at word boundaries
    std::size_t start = 0, end = 0;
    if (!spans.empty()) {
      const auto [a, b] = best_cluster(max_bytes);
      start = a;
      if (b - a < max_bytes) {
        // Some context before the matches: back to a sentence start when one is near, else a
        // quarter of what is left.
        const std::size_t slack = max_bytes - (b - a);
        std::size_t t = token_from(a > slack / 2 ? a - slack / 2 : 0);
        for (; t < tokens.size() && tokens[t].begin < a; ++t) {
          if (starts_sentence(text, tokens[t].begin)) break;
        }
        if (t < tokens.size() && tokens[t].begin < a) {
          start = tokens[t].begin;
        } else if (std::size_t q = token_from(a > slack / 4 ? a - slack / 4 : 0);
                   q < tokens.size()) {
          start = std::min(a, tokens[q].begin);
        }
      }
    }
    auto fits = [&](std::size_t e) { return e - start <= max_bytes; };
    // End after the last whole token that fits.
    for (std::size_t t = token_from(start); t < tokens.size() && fits(tokens[t].end); ++t)
      end = tokens[t].end;
    if (end <= start) {
      // Not even one word fits: cut inside it at a character boundary.
      end = start + text::truncate_utf8(text.substr(start), max_bytes).size();
    } else {
      // When the text ends inside the window, spend what is left on more context before.
      if (tokens.back().end <= end && start > 0) {
        const std::size_t t = token_from(end > max_bytes ? end - max_bytes : 0);
        if (t < tokens.size() && tokens[t].begin < start) start = tokens[t].begin;
      }
      // Closing punctuation after the last word, and an opening quote or bracket before the first.
      while (end < text.size()) {
        const CodePoint c = decode(text, end);
        if (is_word_char(c.value) || is_space(c.value) || !fits(end + c.length)) break;
        end += c.length;
      }
      if (start > 0) {
        const std::size_t before = previous_char(text, start);
        if (is_opening(decode(text, before).value) && end - before <= max_bytes) start = before;
      }
    }
    out.reserve(max_bytes + spans.size() * 13 + 16);
    if (start > 0 && !starts_sentence(text, start)) out += kEllipsis;
    emit(out, text, start, end);
    const bool more_words = !tokens.empty() && tokens.back().end > end;
    if (more_words && (end == 0 || !is_sentence_end(text[end - 1]))) out += kEllipsis;
    return out;
  }
};

Highlighter::Highlighter(HighlightTerms terms) : impl_(std::make_unique<Impl>(std::move(terms))) {}
Highlighter::Highlighter(Highlighter&&) noexcept = default;
Highlighter& Highlighter::operator=(Highlighter&&) noexcept = default;
Highlighter::~Highlighter() = default;

std::string Highlighter::operator()(std::string_view text, std::size_t max_bytes) {
  return impl_->highlight(text, max_bytes);
}

}  // namespace civic::query
