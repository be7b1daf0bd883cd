// ICU-backed text normalisation. Every ICU call's UErrorCode is checked; on failure we fall back
// to the input (already valid UTF-8), which is the safest thing to index or search.
#include "query/core/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace civic::text {
namespace {

bool is_dropped_control(UChar32 c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

// Characters folded before anything else, so query and text agree on them.
UChar32 fold_punctuation(UChar32 c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0x0060:
    case 0x00B4:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0xFE58: case 0xFE63: case 0xFF0D:
      return '-';
    case 0x00A0: case 0x2007: case 0x202F: case 0x2009: case 0x200A: case 0x3000:
      return ' ';
    case 0x2022:  // bullet
      return ' ';
    default:
      return c;
  }
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  int32_t length = static_cast<int32_t>(bytes.size());
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c <= 0) return false;  // negative: ill-formed; 0: NUL
  }
  return true;
}

std::string to_valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  // Work in chunks below INT32_MAX so that U8_NEXT's int32 indices cannot overflow.
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    int32_t length = static_cast<int32_t>(std::min<std::size_t>(bytes.size() - offset, 1 << 30));
    int32_t i = 0;
    const uint8_t* chunk = s + offset;
    while (i < length) {
      int32_t start = i;
      UChar32 c;
      U8_NEXT(chunk, i, length, c);
      if (c < 0) {
        out += "\xEF\xBF\xBD";
      } else if (is_dropped_control(c)) {
        continue;
      } else {
        out.append(reinterpret_cast<const char*>(chunk + start), static_cast<std::size_t>(i - start));
      }
    }
    offset += static_cast<std::size_t>(length);
  }
  return out;
}

std::string normalise(std::string_view utf8) {
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      else if (c == '`') c = '\'';
    }
    return out;
  }
  // fromUTF8 turns ill-formed bytes into U+FFFD, so the result is always valid.
  icu::UnicodeString folded;
  {
    icu::UnicodeString raw = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(std::min<std::size_t>(utf8.size(), INT32_MAX))));
    folded.remove();
    for (int32_t i = 0; i < raw.length();) {
      UChar32 c = raw.char32At(i);
      i += U16_LENGTH(c);
      folded.append(fold_punctuation(c));
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = U_SUCCESS(status) ? icu::Normalizer2::getNFDInstance(status) : nullptr;
  const icu::Normalizer2* nfc = U_SUCCESS(status) ? icu::Normalizer2::getNFCInstance(status) : nullptr;
  if (U_FAILURE(status)) return to_valid_utf8(utf8);

  icu::UnicodeString cased = nfkc_cf->normalize(folded, status);
  if (U_FAILURE(status)) return to_valid_utf8(utf8);
  icu::UnicodeString decomposed = nfd->normalize(cased, status);
  if (U_FAILURE(status)) return to_valid_utf8(utf8);

  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;  // the accent of a decomposed letter
    // NFKC can produce new curly quotes or dashes (e.g. from full-width forms): fold again.
    bare.append(fold_punctuation(c));
  }
  icu::UnicodeString composed = nfc->normalize(bare, status);
  if (U_FAILURE(status)) return to_valid_utf8(utf8);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

std::string collapse_whitespace(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    std::size_t skip = 0;
    if (c == 0xC2 && i + 1 < utf8.size() && static_cast<unsigned char>(utf8[i + 1]) == 0xA0) {
      space = true;  // U+00A0 NO-BREAK SPACE
      skip = 1;
    }
    if (space) {
      pending_space = !out.empty();
      i += skip;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::string name_key(std::string_view utf8) {
  std::string folded = normalise(utf8);
  std::string out;
  out.reserve(folded.size());
  auto add_space = [&out] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < folded.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c == '&') {
      add_space();
      out += "and";
      add_space();
    } else if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == '\'' || c == '.') {
      // "Dept." → "dept", "O'Brien" → "obrien": these join rather than separate.
    } else {
      add_space();
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string slug(std::string_view utf8) {
  std::string out = name_key(utf8);
  std::replace(out.begin(), out.end(), ' ', '-');
  return out;
}

std::string_view truncate_utf8(std::string_view utf8, std::size_t max_bytes) {
  if (utf8.size() <= max_bytes) return utf8;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) --end;
  return utf8.substr(0, end);
}

std::string quoted_excerpt(std::string_view utf8, std::size_t max_bytes) {
  if (utf8.size() <= max_bytes) return "'" + std::string(utf8) + "'";
  return "'" + std::string(truncate_utf8(utf8, max_bytes)) + "\u2026'";
}

std::string percent_encode(std::string_view bytes, std::string_view unreserved) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    const bool kept = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      (c != 0 && unreserved.find(ch) != std::string_view::npos);
    if (kept) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace civic::text
