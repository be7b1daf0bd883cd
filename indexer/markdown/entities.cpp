// Decoding of HTML character references for the Markdown reader (see entities.h).
#include "indexer/markdown/entities.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

namespace civic::indexer::markdown {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

struct NamedEntity {
  std::string_view name;
  std::uint32_t code_point;
};

// The entities that occur in blog Markdown and HTML; md4c passes entities through undecoded
// and has no table of its own. Unknown names are kept as written.
constexpr std::array<NamedEntity, 42> kEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},      {"apos", '\''},
    {"nbsp", 0xA0},    {"ensp", 0x2002},  {"emsp", 0x2003},   {"thinsp", 0x2009}, {"shy", 0xAD},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018},  {"rsquo", 0x2019},
    {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB},    {"raquo", 0xBB},    {"larr", 0x2190},
    {"rarr", 0x2192},  {"uarr", 0x2191},  {"darr", 0x2193},   {"harr", 0x2194},   {"copy", 0xA9},
    {"reg", 0xAE},     {"trade", 0x2122}, {"middot", 0xB7},   {"bull", 0x2022},   {"deg", 0xB0},
    {"times", 0xD7},   {"pound", 0xA3},   {"euro", 0x20AC},   {"cent", 0xA2},     {"sect", 0xA7},
    {"eacute", 0xE9},  {"egrave", 0xE8},  {"aacute", 0xE1},   {"oacute", 0xF3},   {"iacute", 0xED},
    {"ntilde", 0xF1},  {"uuml", 0xFC},
}};

}  // namespace

// `entity` is "&name;", "&#123;" or "&#x1F;".
std::string decode_entity(std::string_view entity) {
  std::string out;
  if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';')
    return std::string(entity);
  const std::string_view body = entity.substr(1, entity.size() - 2);
  if (body.front() == '#') {
    const bool is_hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(is_hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return std::string(entity);
    std::uint32_t cp = 0;
    for (char c : digits) {
      const int digit = std::isdigit(static_cast<unsigned char>(c))
                            ? c - '0'
                            : (is_hex && std::isxdigit(static_cast<unsigned char>(c))
                                   ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                   : -1);
      if (digit < 0) return std::string(entity);
      cp = cp * (is_hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    }
    append_utf8(out, cp);
    return out;
  }
  for (const NamedEntity& named : kEntities) {
    if (named.name == body) {
      if (named.code_point != 0xAD) append_utf8(out, named.code_point);  // soft hyphen: drop
      return out;
    }
  }
  return std::string(entity);
}

// Decodes the entities in `s`.
std::string decode_entities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      const std::size_t semi = s.substr(0, i + 33).find(';', i);  // entities are short
      if (semi != std::string_view::npos) {
        const std::string_view entity = s.substr(i, semi - i + 1);
        const bool plausible = std::all_of(entity.begin() + 1, entity.end() - 1, [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '#';
        });
        if (plausible) {
          out += decode_entity(entity);
          i = semi;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace civic::indexer::markdown
