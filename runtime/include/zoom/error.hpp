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
/// (a base URL that does not parse, plain http:// not allowed, no credentials), for an OAuth
/// token response without a usable token, and when TokenStore::save fails. Not derived from it:
/// cancellation (boost::system::system_error with `operation_aborted`), std::invalid_argument
/// for a header value with a line break, std::bad_alloc.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A response body did not match the type it was decoded into. `path()` is the JSON path
/// of the offending value (`call_logs[3].duration`), empty for the document itself.
class DecodeError : public Error {
 public:
  /// An error whose message is `path: problem` (`(document): problem` when `path` is empty).
  DecodeError(std::string path, const std::string& problem);

  /// The JSON path of the offending value, e.g. `call_logs[3].duration`; empty when the document
  /// itself is wrong (bad JSON, an empty body).
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

/// The request never produced an HTTP response: connection refused, TLS failure (a rejected
/// certificate included), timeout, a connection closed mid-response, a body over the size limit.
/// The message names the host, the port and the cause.
class TransportError : public Error {
 public:
  using Error::Error;
};

/// One problem with one field of a request, as Zoom reports validation errors.
struct FieldError {
  std::string field;    ///< The rejected field or parameter, as Zoom names it.
  std::string message;  ///< Why Zoom rejected it.
};

/// Zoom answered with a status other than 2xx. Carries what Zoom said: the HTTP status, Zoom's
/// error code and message when the body has them, field errors, and `x-zm-trackingid` (the id
/// Zoom support asks for). `what()` says all of it in one line, also for an empty or non-JSON
/// body.
class ApiError : public Error {
 public:
  /// What Zoom said, as parsed from the response. Texts from the body are cut to a few hundred
  /// characters, with any secret of the request masked.
  struct Details {
    unsigned status = 0;            ///< The HTTP status, e.g. 404.
    std::optional<long long> code;  ///< Zoom's `code`, when the body has one
    std::string message;            ///< Zoom's `message` (or OAuth's `reason`), when the body has one
    std::vector<FieldError> field_errors;  ///< Zoom's `errors`: one entry per rejected field.
    std::string tracking_id;        ///< x-zm-trackingid, empty when absent
    std::string request;            ///< "GET /v2/phone/users/me/call_logs" (no query, no secrets)
    /// When the server said to try again (Retry-After), if it did.
    std::optional<std::chrono::system_clock::time_point> retry_at;
  };

  /// An error carrying `details`, with `what` as its message. The client builds these from
  /// responses; applications need it only to make one in a test.
  ApiError(Details details, const std::string& what);

  /// The HTTP status.
  unsigned status() const noexcept { return details_.status; }
  /// Zoom's error code (e.g. 124 for an invalid access token), when the body has one.
  const std::optional<long long>& code() const noexcept { return details_.code; }
  /// Zoom's error message, empty when the body has none.
  const std::string& message() const noexcept { return details_.message; }
  /// The fields Zoom rejected, for a validation error.
  const std::vector<FieldError>& field_errors() const noexcept { return details_.field_errors; }
  /// The `x-zm-trackingid` header, empty when absent.
  const std::string& tracking_id() const noexcept { return details_.tracking_id; }
  /// When the server said to try again (Retry-After), if it did.
  const std::optional<std::chrono::system_clock::time_point>& retry_at() const noexcept { return details_.retry_at; }
  /// Everything above at once.
  const Details& details() const noexcept { return details_; }

 private:
  Details details_;
};

/// The client-side daily cap of ClientOptions::rate_limits is used up; no request was sent.
class DailyLimitReached : public Error {
 public:
  /// An error with message `what`; the cap resets at `resets_at`.
  DailyLimitReached(const std::string& what, std::chrono::system_clock::time_point resets_at)
      : Error(what), resets_at_(resets_at) {}
  /// When the cap resets: the next midnight UTC.
  std::chrono::system_clock::time_point resets_at() const noexcept { return resets_at_; }

 private:
  std::chrono::system_clock::time_point resets_at_;
};

/// The call did not succeed within RetryPolicy::overall_deadline (attempts and waits included).
/// The message names the request and the last error.
class DeadlineExceeded : public Error {
 public:
  using Error::Error;
};

/// Zoom rejected a page token as invalid or expired (tokens last 15 minutes). The listing must
/// start again from its first page (or from a position saved less than 15 minutes ago).
class PageTokenExpired : public ApiError {
 public:
  /// The same as ApiError's.
  using ApiError::ApiError;
};

/// The server would make the listing run forever: it repeated a page token, or kept handing out
/// tokens past its own total. The listing stops with this error instead.
class PagingLoop : public Error {
 public:
  using Error::Error;
};

}  // namespace zoom
