// Errors thrown by the SDK. Every failure reaches the caller's `co_await` as an exception
// derived from zoom::Error, so application code reads straight through and handles the
// cases it cares about. Messages never contain secrets (client secret, tokens).
#pragma once

#include <stdexcept>
#include <string>

namespace zoom {

/// Base of every exception the SDK throws.
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

/// The request never produced an HTTP response: no transport, connection refused, TLS
/// failure, timeout. The message names the host, the port and the cause.
class TransportError : public Error {
 public:
  using Error::Error;
};

}  // namespace zoom
