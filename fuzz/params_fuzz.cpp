// libFuzzer target: the request-parameter parser of GET /api/search. The input is read as lines
// of "name=value" (a line without '=' is a name with an empty value), so the fuzzer can repeat,
// omit and garble parameters. parse_search_params may refuse (InvalidInput only); what it accepts
// must pass the query library's own validate() and respect the documented limits.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "query/core/text.h"
#include "web/params.h"

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace civic;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::multimap<std::string, std::string> params;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find('\n'), rest.size());
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      params.emplace(std::string(line), std::string());
    } else {
      params.emplace(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
    }
  }

  auto request = web::parse_search_params(params);
  if (!request) {
    if (request.error().code != ErrorCode::InvalidInput)
      broken("refused with a code other than InvalidInput");
    if (request.error().message.empty()) broken("refused without a message");
    return 0;
  }
  if (!query::validate(*request)) broken("accepted a request that validate() refuses");
  if (request->q.size() > query::kMaxQueryBytes) broken("accepted q over the limit");
  if (!text::is_valid_utf8(request->q)) broken("accepted q that is not UTF-8");
  std::size_t values = 0;
  for (const auto& [facet, list] : request->filters) values += list.size();
  if (values > query::kMaxFilterValues) broken("accepted too many filter values");
  if (static_cast<long long>(request->page) * request->per_page > query::kMaxResultWindow) {
    broken("accepted a page past the result window");
  }
  return 0;
}
