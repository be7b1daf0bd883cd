// libFuzzer target: the text normaliser shared by indexing and querying. Checks that every
// function gives valid UTF-8 and that the ones meant to be idempotent are: to_valid_utf8,
// normalise (a query normalised twice must find what the index normalised once),
// collapse_whitespace and name_key; truncate_utf8 never passes its limit nor splits a character.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "query/core/text.h"

namespace {

[[noreturn]] void broken(const char* what, std::string_view input, std::string_view output) {
  std::fprintf(stderr,
               "fuzz invariant broken: %s\ninput  (%zu bytes): %.*s\noutput (%zu bytes): %.*s\n",
               what, input.size(), static_cast<int>(input.size()), input.data(), output.size(),
               static_cast<int>(output.size()), output.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace civic::text;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);

  const std::string valid = to_valid_utf8(raw);
  if (!is_valid_utf8(valid)) broken("to_valid_utf8 output is not valid UTF-8", raw, valid);
  if (to_valid_utf8(valid) != valid) broken("to_valid_utf8 is not idempotent", raw, valid);
  if (is_valid_utf8(raw) &&
      raw.find_first_of(std::string_view("\0", 1)) == std::string_view::npos &&
      valid.size() > raw.size()) {
    broken("to_valid_utf8 grew valid input", raw, valid);
  }

  const std::string normal = normalise(valid);
  if (!is_valid_utf8(normal)) broken("normalise output is not valid UTF-8", valid, normal);
  if (normalise(normal) != normal) broken("normalise is not idempotent", valid, normal);

  const std::string collapsed = collapse_whitespace(valid);
  if (!is_valid_utf8(collapsed))
    broken("collapse_whitespace output is not valid UTF-8", valid, collapsed);
  if (collapse_whitespace(collapsed) != collapsed)
    broken("collapse_whitespace is not idempotent", valid, collapsed);
  if (!collapsed.empty() && (collapsed.front() == ' ' || collapsed.back() == ' ')) {
    broken("collapse_whitespace left a space at an end", valid, collapsed);
  }

  const std::string key = name_key(valid);
  if (!is_valid_utf8(key)) broken("name_key output is not valid UTF-8", valid, key);
  if (name_key(key) != key) broken("name_key is not idempotent", valid, key);

  const std::size_t limit = size == 0 ? 0 : data[0] % 64;
  const std::string_view cut = truncate_utf8(valid, limit);
  if (cut.size() > limit) broken("truncate_utf8 passed its limit", valid, cut);
  if (!is_valid_utf8(cut)) broken("truncate_utf8 split a character", valid, cut);
  if (valid.substr(0, cut.size()) != cut) broken("truncate_utf8 is not a prefix", valid, cut);
  return 0;
}
