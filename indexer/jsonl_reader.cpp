// Placeholder until the reader lands (being written now).
#include "indexer/reader.h"

namespace civic::indexer {

Result<ReadOutput> read_jsonl(std::string_view, const Source& source) {
  return fail(ErrorCode::Internal, source.path + ": jsonl reader not built yet");
}

}  // namespace civic::indexer
