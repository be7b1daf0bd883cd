// Reading Xapian stub files (the format of Xapian's docs/admin_notes: one database per line,
// "TYPE PATH" or "remote HOST:PORT", '#' comments), so each shard can be opened on its own.
#include "query/shards.h"

#include <fstream>
#include <sstream>
#include <system_error>

#include "query/core/ascii.h"
#include "query/core/schema.h"

namespace civic::query {
namespace fs = std::filesystem;

std::string ShardSpec::label() const {
  if (kind == Kind::Remote) {
    const bool v6 = host.find(':') != std::string::npos;
    return "remote " + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
  return "local " + path.string();
}

namespace {

// "host:port" or "[v6]:port" → host and port; false when it is neither.
bool split_host_port(const std::string& where, std::string& host, int& port) {
  std::string port_text;
  if (!where.empty() && where[0] == '[') {
    const auto close = where.find(']');
    if (close == std::string::npos || close + 1 >= where.size() || where[close + 1] != ':')
      return false;
    host = where.substr(1, close - 1);
    port_text = where.substr(close + 2);
  } else {
    const auto colon = where.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = where.substr(0, colon);
    port_text = where.substr(colon + 1);
    if (host.find(':') != std::string::npos) return false;  // bare IPv6: needs brackets
  }
  if (host.empty() || port_text.empty() || port_text.size() > 5) return false;
  port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + (c - '0');
  }
  return port >= 1 && port <= 65535;
}

}  // namespace

Result<std::vector<ShardSpec>> parse_stub(const std::string& text, const fs::path& base_dir,
                                          const std::string& name_for_errors) {
  std::vector<ShardSpec> shards;
  std::istringstream in(text);
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string line(ascii::trim(raw));
    if (line.empty() || line[0] == '#') continue;
    const auto where = name_for_errors + ":" + std::to_string(line_no);
    const auto space = line.find_first_of(" \t");
    const std::string type = line.substr(0, space);
    const std::string rest =
        space == std::string::npos ? std::string()
                                   : std::string(ascii::trim(std::string_view(line).substr(space)));
    if (rest.empty())
      return fail(ErrorCode::InvalidInput, where + ": '" + type + "' needs a path or HOST:PORT");
    ShardSpec spec;
    if (type == "auto" || type == "glass") {
      spec.kind = ShardSpec::Kind::Local;
      spec.path = fs::path(rest).is_absolute() ? fs::path(rest) : base_dir / rest;
      spec.path = spec.path.lexically_normal();
    } else if (type == "remote") {
      if (rest[0] == ':') {
        return fail(ErrorCode::InvalidInput,
                    where +
                        ": 'remote :PROGRAM' shards are not supported; serve the shard with "
                        "xapian-tcpsrv and write 'remote HOST:PORT'");
      }
      spec.kind = ShardSpec::Kind::Remote;
      if (!split_host_port(rest, spec.host, spec.port)) {
        return fail(ErrorCode::InvalidInput,
                    where + ": expected 'remote HOST:PORT', not 'remote " + rest + "'");
      }
    } else {
      return fail(ErrorCode::InvalidInput, where + ": unknown shard type '" + type.substr(0, 40) +
                                               "' (expected auto, glass or remote)");
    }
    shards.push_back(std::move(spec));
  }
  if (shards.empty())
    return fail(ErrorCode::InvalidInput, name_for_errors + ": the stub lists no shard");
  return shards;
}

Result<std::vector<ShardSpec>> read_shards(const fs::path& db) {
  std::error_code ec;
  fs::path stub;
  if (fs::is_directory(db, ec)) {
    if (fs::exists(db / schema::kStubFile, ec) && !fs::exists(db / "iamglass", ec)) {
      stub = db / schema::kStubFile;
    } else {
      ShardSpec spec;
      spec.path = db;
      return std::vector<ShardSpec>{spec};  // a database directory (Xapian says what is wrong)
    }
  } else if (fs::is_regular_file(db, ec)) {
    stub = db;
  } else {
    return fail(ErrorCode::NotFound,
                db.string() + ": no index here; run 'civicsearch index' first");
  }
  std::ifstream in(stub, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::NotFound,
                stub.string() + ": cannot read the stub file; check that this user may read it");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > 1 << 20)
    return fail(ErrorCode::InvalidInput, stub.string() + ": not a stub file (too large)");
  return parse_stub(text.str(), stub.parent_path(), stub.string());
}

}  // namespace civic::query
