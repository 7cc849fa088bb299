// Errors as values (STYLE.md 4): expected failures are returned, bugs are asserts.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rattvag {

// One thing wrong with the input: the field it concerns and the reason, in words a
// caseworker or an operator can act on. `field` is empty when the error is not about one field.
struct Error {
  std::string field;
  std::string reason;

  std::string ToString() const { return field.empty() ? reason : field + ": " + reason; }
  bool operator==(const Error&) const = default;
};

// A value or the error that prevented it.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok().
  T& value() & { assert(ok()); return std::get<T>(state_); }
  const T& value() const& { assert(ok()); return std::get<T>(state_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok().
  const Error& error() const { assert(!ok()); return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// The result of an operation that yields nothing but may fail.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // REQUIRES: !ok().
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace rattvag

// Early-return propagation of a failed Status or Result (SerenityOS TRY).
#define RATTVAG_TRY_STATUS(expr)                         \
  do {                                                   \
    auto&& rattvag_try_status_ = (expr);                 \
    if (!rattvag_try_status_.ok()) return rattvag_try_status_.error(); \
  } while (false)
