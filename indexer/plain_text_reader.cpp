#include "indexer/reader.h"
namespace civic::indexer {
Result<ReadOutput> read_plain_text(std::string_view, const Source& s) { return fail(ErrorCode::Internal, s.path); }
}
