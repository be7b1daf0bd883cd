// Result<T>: a value or an Error, for everything that can go wrong in normal use
// (bad files, bad queries, a locked or missing index). Mirrors std::expected so that a later
// switch is a rename. Exceptions from libraries never cross a public function of ours.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace civic {

/// Domain error codes: never HTTP numbers; web/ maps them in one place.
enum class ErrorCode {
  InvalidInput,  ///< malformed file or parameter supplied by a user
  NotFound,      ///< unknown unit, facet, route or missing index
  Unavailable,   ///< index locked by another writer, shard down
  Internal,      ///< a bug or an unexpected library failure
};

/// Stable lower-case name of a code, as used in JSON error bodies ("invalid_input", …).
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  ///< says where and why: "archive/2010-03.xml:412: comment has no author"
};

/// Tag used to build a failed Result: `return civic::Unexpected{Error{...}};`.
struct Unexpected {
  Error error;
};

inline Unexpected fail(ErrorCode code, std::string message) {
  return Unexpected{Error{code, std::move(message)}};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit like std::expected
  Result(Unexpected failure) : state_(std::move(failure.error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!has_value());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

/// Result of an operation with no value.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected failure) : error_(std::move(failure.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace civic
