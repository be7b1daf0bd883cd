// Byte-wise ASCII helpers for markup, flags and labels: the one trim, lower-case and
// case-insensitive compare every module uses. They never look past ASCII: a byte ≥ 0x80 is
// neither space nor letter, so UTF-8 passes through unchanged. Text that a person reads or
// searches goes through civic::text (ICU) instead.
#pragma once

#include <string>
#include <string_view>

namespace civic::ascii {

/// ' ', '\t', '\n', '\v', '\f' or '\r' (what std::isspace means in the "C" locale).
constexpr bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

constexpr char to_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

/// `s` without leading and trailing is_space() bytes.
constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

constexpr std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

constexpr bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace civic::ascii
