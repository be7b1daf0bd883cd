// The web module's subcommand: `civicsearch serve`.
#pragma once

namespace civic::web {

/// `civicsearch serve [--db PATH] [--host H] [--port P] [--threads N] [--allow-origin O]…`.
/// Serves until SIGINT or SIGTERM, then exits 0; exits 2 when it cannot start.
int serve_main(int argc, char** argv);

}  // namespace civic::web
