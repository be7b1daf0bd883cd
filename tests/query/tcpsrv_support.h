// Test helpers for sharded indexes: xapian-tcpsrv processes on free loopback ports (stopped,
// paused and restarted on the same port by the tests), and building indexes through run_index
// (tests/index_fixture.h). Every process is started in its own process group and killed
// with it (xapian-tcpsrv forks one child per connection), also when a test fails.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/index_fixture.h"

namespace civic::testing {

/// A TCP port on 127.0.0.1 that was free a moment ago.
inline int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// True when something accepts connections on 127.0.0.1:port.
inline bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

/// `xapian-tcpsrv --interface 127.0.0.1 --port P DIR` for the object's lifetime.
class TcpSrv {
 public:
  explicit TcpSrv(std::filesystem::path dir) : dir_(std::move(dir)) {
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(free_loopback_port());
    if (pid_ <= 0) throw std::runtime_error("xapian-tcpsrv did not start for " + dir_.string());
  }
  ~TcpSrv() { stop(); }
  TcpSrv(const TcpSrv&) = delete;
  TcpSrv& operator=(const TcpSrv&) = delete;

  int port() const { return port_; }
  std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }
  std::string label() const { return stub_line(); }

  /// Kills the server and every connection it serves (the whole process group).
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  /// Starts it again on the same port (true once it accepts connections).
  bool restart() {
    stop();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      start(port_);
      if (pid_ > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // port still held: retry
    }
    return false;
  }

  /// Freezes the server (a shard that hangs rather than refuses), and lets it go on.
  void pause() const {
    if (pid_ > 0) ::kill(-pid_, SIGSTOP);
  }
  void resume() const {
    if (pid_ > 0) ::kill(-pid_, SIGCONT);
  }

 private:
  // Starts the server on `port`; pid_ stays -1 when it exited (port taken) or never listened.
  void start(int port) {
    port_ = port;
    const std::string port_text = std::to_string(port);
    const pid_t pid = ::fork();
    if (pid < 0) return;
    if (pid == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
               port_text.c_str(), "--quiet", dir_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid, pid);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return;  // exited: port in use, or no tcpsrv
      if (accepts_connections(port)) {
        pid_ = pid;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

/// Indexes `inputs` into `db` through run_index (what `civicsearch index` runs, with the
/// repository's gazetteer and themes), into `shards` shards for a new index (0: one database, or
/// the existing layout); true when the run succeeds and no file is refused.
inline bool run_indexer(const std::filesystem::path& db,
                        const std::vector<std::filesystem::path>& inputs, std::size_t shards = 0) {
  indexer::BuildOptions build;
  build.shards = shards;
  const auto indexed = index_with_attribution(db, inputs, build);
  return indexed && indexed->refused.empty();
}

}  // namespace civic::testing
