// libFuzzer target: arbitrary bytes read as ParlParse / TheyWorkForYou debate XML (see
// reader_fuzz.h for the checks).
#include "fuzz/reader_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return civic::fuzz::fuzz_reader(civic::indexer::Format::Hansard, data, size);
}
