// One HTTP/1.1 connection, plain or TLS, reused for many requests (keep-alive). Each step
// that fails throws ConnectionError naming the server, the step and the cause.
#pragma once

#include "endpoint.hpp"

#include <zoom/response.hpp>
#include <zoom/error.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <variant>

namespace zoom::detail {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using HttpResponseParser = boost::beast::http::response_parser<boost::beast::http::string_body>;
/// Reads a response's status line and headers only; then a parser of the body wanted takes over.
using HttpHeadParser = boost::beast::http::response_parser<boost::beast::http::empty_body>;

/// A transport failure, with what the retry logic needs to know about it.
class ConnectionError : public TransportError {
 public:
  /// Where it failed: before a byte of the request could reach the server, or after.
  /// `certificate` and `tls_version` are refusals by this client (the server's certificate, or
  /// its TLS versions all below 1.2): no request is sent and trying again cannot help.
  enum class Step { resolve, connect, tls_handshake, certificate, tls_version, write, read };

  ConnectionError(const std::string& what, Step step, boost::system::error_code code, bool response_started)
      : TransportError(what), step_(step), code_(code), response_started_(response_started) {}

  Step step() const noexcept { return step_; }
  boost::system::error_code code() const noexcept { return code_; }
  /// Whether any byte of a response arrived: if not, the server cannot have acted on a request
  /// that a closed keep-alive connection swallowed.
  bool response_started() const noexcept { return response_started_; }

 private:
  Step step_;
  boost::system::error_code code_;
  bool response_started_;
};

struct ConnectionLimits {
  std::chrono::milliseconds connect_timeout;
  std::chrono::milliseconds request_timeout;
  std::size_t max_response_body;
};

/// Applies the limits every response is read with: `limits.max_response_body` for the body and
/// 64 KiB for the status line and headers. One place, so tests/fuzz parses as the client does.
/// (A streamed 2xx body is then read without the body limit.)
template <class Body>
void configure_response_parser(boost::beast::http::response_parser<Body>& parser, const ConnectionLimits& limits) {
  parser.body_limit(limits.max_response_body);
  parser.header_limit(64 * 1024);
}

/// All of a connection's operations run on its own strand (Beast's timeouts require it, and the
/// client's executor may be a multi-threaded io_context).
class Connection {
 public:
  Connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context& tls, Endpoint endpoint);

  /// Connects first when `connect_first`, then exchanges `request` (see exchange), all on the
  /// strand.
  boost::asio::awaitable<HttpResponse> run(const HttpRequest& request, const ConnectionLimits& limits,
                                           bool connect_first, const BodySink* sink = nullptr);

  /// Resolves, connects and (for https) does the TLS handshake with peer and host-name checks.
  boost::asio::awaitable<void> connect(const ConnectionLimits& limits);

  /// Writes `request` and reads the whole response. With a `sink`, a 2xx body is handed to it in
  /// pieces of up to 64 KiB as it arrives, never held whole and not bounded by
  /// `max_response_body`, and the response returned has an empty body; each read of it waits at
  /// most `request_timeout`. Any other status is read whole as without a sink. What the sink
  /// throws propagates: the connection is then in the middle of a response, unusable.
  boost::asio::awaitable<HttpResponse> exchange(const HttpRequest& request, const ConnectionLimits& limits,
                                                const BodySink* sink = nullptr);

  /// Closes the socket at once (no TLS shutdown: the connection is being abandoned).
  void close() noexcept;

 private:
  template <class Stream>
  boost::asio::awaitable<HttpResponse> exchange_on(Stream& stream, const HttpRequest& request,
                                                   const ConnectionLimits& limits, const BodySink* sink);
  /// Reads into `parser`: its header only, or all that is left of the message (with a
  /// buffer_body, until its buffer is full). The error, `need_buffer` (buffer full) excluded.
  template <class Stream, class Parser>
  boost::asio::awaitable<boost::system::error_code> read(Stream& stream, Parser& parser, bool header_only);
  /// Reads the rest of the response into `parser` (the whole response, or its body after the
  /// header) and returns it.
  template <class Stream>
  boost::asio::awaitable<HttpResponse> read_whole(Stream& stream, HttpResponseParser& parser,
                                                  const ConnectionLimits& limits);
  /// Streams the body of the 2xx response whose header `head` holds to `sink`.
  template <class Stream>
  boost::asio::awaitable<HttpResponse> stream_body(Stream& stream, HttpHeadParser&& head, const ConnectionLimits& limits,
                                                   const BodySink& sink);
  /// Throws the ConnectionError of a failed read (or the cancellation as itself).
  [[noreturn]] void fail_read(boost::system::error_code code, bool response_started,
                              const ConnectionLimits& limits) const;

  Endpoint endpoint_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  std::variant<boost::beast::tcp_stream, boost::beast::ssl_stream<boost::beast::tcp_stream>> stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace zoom::detail
