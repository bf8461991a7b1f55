// Errors thrown by the SDK. Every failure reaches the caller's `co_await` as an exception
// derived from zoom::Error, so application code reads straight through and handles the
// cases it cares about. Messages never contain secrets (client secret, tokens).
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zoom {

/// Base of every exception the SDK throws. Also thrown as is for a misconfigured client
/// (a base URL that does not parse, plain http:// not allowed, no credentials).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A response body did not match the type it was decoded into. `path()` is the JSON path
/// of the offending value (`call_logs[3].duration`), empty for the document itself.
class DecodeError : public Error {
 public:
  DecodeError(std::string path, const std::string& problem);

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// The request never produced an HTTP response: connection refused, TLS failure, timeout,
/// a connection closed mid-response, a body over the size limit. The message names the host,
/// the port and the cause.
class TransportError : public Error {
 public:
  using Error::Error;
};

/// One problem with one field of a request, as Zoom reports validation errors.
struct FieldError {
  std::string field;
  std::string message;
};

/// Zoom answered with a status other than 2xx. Carries what Zoom said: the HTTP status, Zoom's
/// error code and message when the body has them, field errors, and `x-zm-trackingid` (the id
/// Zoom support asks for). `what()` says all of it in one line, also for an empty or non-JSON
/// body.
class ApiError : public Error {
 public:
  struct Details {
    unsigned status = 0;
    std::optional<long long> code;  // Zoom's `code`, when the body has one
    std::string message;            // Zoom's `message` (or OAuth's `reason`), when the body has one
    std::vector<FieldError> field_errors;
    std::string tracking_id;        // x-zm-trackingid, empty when absent
    std::string request;            // "GET /v2/phone/users/me/call_logs" (no query, no secrets)
    /// When the server said to try again (Retry-After), if it did.
    std::optional<std::chrono::system_clock::time_point> retry_at;
  };

  ApiError(Details details, const std::string& what);

  unsigned status() const noexcept { return details_.status; }
  const std::optional<long long>& code() const noexcept { return details_.code; }
  const std::string& message() const noexcept { return details_.message; }
  const std::vector<FieldError>& field_errors() const noexcept { return details_.field_errors; }
  const std::string& tracking_id() const noexcept { return details_.tracking_id; }
  const std::optional<std::chrono::system_clock::time_point>& retry_at() const noexcept { return details_.retry_at; }
  const Details& details() const noexcept { return details_; }

 private:
  Details details_;
};

/// The client-side daily cap of ClientOptions::rate_limits is used up; no request was sent.
class DailyLimitReached : public Error {
 public:
  DailyLimitReached(const std::string& what, std::chrono::system_clock::time_point resets_at)
      : Error(what), resets_at_(resets_at) {}
  std::chrono::system_clock::time_point resets_at() const noexcept { return resets_at_; }

 private:
  std::chrono::system_clock::time_point resets_at_;
};

/// The call did not succeed within RetryPolicy::overall_deadline (attempts and waits included).
class DeadlineExceeded : public Error {
 public:
  using Error::Error;
};

}  // namespace zoom
