// Shared body of the reader fuzz targets: arbitrary bytes → read_bytes() with one format. A
// reader may refuse the bytes (InvalidInput), but must not crash, hang, throw, or give units
// that break the model (text not valid UTF-8, over the unit limit, empty ids).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "indexer/reader.h"
#include "query/core/text.h"

namespace civic::fuzz {

// Stops the run with a message: libFuzzer saves the input that got here as a crash.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

inline int fuzz_reader(indexer::Format format, const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const indexer::Source source{"fuzz-input", "/fuzz/input"};
  auto read = indexer::read_bytes(format, bytes, source);
  if (!read) {
    if (read.error().code != ErrorCode::InvalidInput)
      broken("a reader failed with a code other than InvalidInput");
    return 0;
  }
  const indexer::ReadLimits limits;
  for (const PostDoc& doc : read->posts) {
    if (doc.post.id.empty()) broken("a post has no id");
    if (doc.units.empty()) broken("a post with no units was kept");
    for (const Unit& unit : doc.units) {
      if (!text::is_valid_utf8(unit.text)) broken("unit text is not valid UTF-8");
      if (!text::is_valid_utf8(unit.context)) broken("unit context is not valid UTF-8");
      if (unit.text.size() > limits.max_unit_bytes) broken("unit over the unit limit");
      if (unit.id.empty()) broken("a unit has no id");
    }
  }
  return 0;
}

}  // namespace civic::fuzz
