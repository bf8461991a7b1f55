#include "connection.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <utility>
#include <vector>

namespace zoom::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::use_awaitable;

namespace {

bool is_ip_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

std::string describe(boost::system::error_code code, std::chrono::milliseconds timeout) {
  if (code == beast::error::timeout) return "timed out after " + std::to_string(timeout.count()) + " ms";
  if (code == http::error::end_of_stream || code == asio::error::eof)
    return "the server closed the connection";
  if (code == http::error::body_limit) return "the response body is larger than ClientOptions::max_response_body";
  return code.message();
}

// Cancellation is not a transport failure: it is reported as itself, and never retried.
void throw_if_aborted(boost::system::error_code code) {
  if (code == asio::error::operation_aborted) throw boost::system::system_error(code);
}

using Step = ConnectionError::Step;

// The OpenSSL reason of a TLS error, 0 for other errors.
int ssl_reason(boost::system::error_code code) {
  if (code.category() != asio::error::get_ssl_category()) return 0;
  return ERR_GET_REASON(static_cast<unsigned long>(code.value()));
}

// OpenSSL's verdict on the certificate, with what a person can do about it.
std::string certificate_problem(long verify, const std::string& host) {
  std::string why = std::string{"certificate rejected: "} + X509_verify_cert_error_string(verify);
  switch (verify) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return why + " (the server's certificate is outside its validity dates, or this machine's clock is wrong)";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return why + " (the certificate is not issued for " + host + ")";
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return why + " (it is not signed by a CA this client trusts: the system's CAs, ClientOptions::extra_ca_pem "
                   "or ClientOptions::extra_ca_file)";
    default: return why;
  }
}

// Why a handshake failed and at which step: a certificate or a TLS version this client refuses
// is its own step (trying again cannot help); anything else is a failed handshake.
std::pair<std::string, Step> handshake_problem(SSL* ssl, boost::system::error_code code, const std::string& host,
                                                std::chrono::milliseconds timeout) {
  if (const long verify = SSL_get_verify_result(ssl); verify != X509_V_OK)
    return {certificate_problem(verify, host), Step::certificate};
  const int reason = ssl_reason(code);
  const char* openssl = reason ? ERR_reason_error_string(static_cast<unsigned long>(code.value())) : nullptr;
  const std::string said = openssl ? std::string{" ("} + openssl + ")" : std::string{};
  switch (reason) {
    case SSL_R_UNSUPPORTED_PROTOCOL:  // a server that predates TLS 1.3 answered in an older version
      return {"the server speaks only TLS below 1.2, which this client refuses" + said, Step::tls_version};
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:  // the server knows the versions offered and refused them
      return {"the server accepts no TLS version this client offers (1.2 or newer); it likely speaks only TLS "
              "below 1.2, which this client refuses" + said,
              Step::tls_version};
    case SSL_R_WRONG_VERSION_NUMBER:  // what OpenSSL says when the answer is not TLS at all
      return {"the server did not answer in TLS (is it a plain http:// server?)" + said, Step::tls_handshake};
    default: return {describe(code, timeout), Step::tls_handshake};
  }
}

}  // namespace

Connection::Connection(const asio::any_io_executor& executor, asio::ssl::context& tls, Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      strand_(asio::make_strand(executor)),
      stream_(endpoint_.tls ? decltype(stream_){std::in_place_index<1>, strand_, tls}
                            : decltype(stream_){std::in_place_index<0>, strand_}) {
  // Beast reads as much as the buffer has room for: with its default (empty) buffer a 300 KB page
  // arrived in ~1 KB reads, each re-arming the request timer. 64 KiB reads cost a fraction of that.
  buffer_.reserve(64 * 1024);
}

asio::awaitable<HttpResponse> Connection::run(const HttpRequest& request, const ConnectionLimits& limits,
                                              bool connect_first, const BodySink* sink) {
  const auto on_strand = [&]() -> asio::awaitable<HttpResponse> {
    if (connect_first) co_await connect(limits);
    co_return co_await exchange(request, limits, sink);
  };
  co_return co_await asio::co_spawn(strand_, on_strand(), use_awaitable);
}

asio::awaitable<void> Connection::connect(const ConnectionLimits& limits) {
  beast::tcp_stream& tcp = endpoint_.tls ? beast::get_lowest_layer(std::get<1>(stream_)) : std::get<0>(stream_);
  asio::ip::tcp::resolver resolver(tcp.get_executor());
  boost::system::error_code ec;
  const auto results =
      co_await resolver.async_resolve(endpoint_.host, endpoint_.port, asio::redirect_error(use_awaitable, ec));
  throw_if_aborted(ec);
  if (ec) throw ConnectionError("resolving " + endpoint_.name() + " failed: " + ec.message(), Step::resolve, ec, false);
  tcp.expires_after(limits.connect_timeout);
  co_await tcp.async_connect(results, asio::redirect_error(use_awaitable, ec));
  throw_if_aborted(ec);
  if (ec)
    throw ConnectionError("connecting to " + endpoint_.name() + " failed: " + describe(ec, limits.connect_timeout),
                          Step::connect, ec, false);
  if (!endpoint_.tls) co_return;

  auto& tls = std::get<1>(stream_);
  SSL* ssl = tls.native_handle();
  // SNI, and the name the certificate must carry (OpenSSL checks it during the handshake, so a
  // mismatch fails there with "hostname mismatch").
  const bool name_set = is_ip_address(endpoint_.host)
                            ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), endpoint_.host.c_str()) == 1
                            : SSL_set_tlsext_host_name(ssl, endpoint_.host.c_str()) == 1 &&
                                  SSL_set1_host(ssl, endpoint_.host.c_str()) == 1;
  if (!name_set)  // never connect without checking the name
    throw ConnectionError("TLS setup for " + endpoint_.name() + " failed: cannot set the host name to verify",
                          Step::certificate, {}, false);
  tls.set_verify_mode(asio::ssl::verify_peer);
  co_await tls.async_handshake(asio::ssl::stream_base::client, asio::redirect_error(use_awaitable, ec));
  throw_if_aborted(ec);
  if (ec) {
    const auto [why, step] = handshake_problem(ssl, ec, endpoint_.host, limits.connect_timeout);
    throw ConnectionError("TLS handshake with " + endpoint_.name() + " failed: " + why, step, ec, false);
  }
  tcp.expires_never();
}

void Connection::fail_read(boost::system::error_code code, bool response_started,
                           const ConnectionLimits& limits) const {
  throw_if_aborted(code);
  std::string why = describe(code, limits.request_timeout);
  if (code == http::error::body_limit)
    why += " (" + std::to_string(limits.max_response_body) + " bytes)";
  else if (response_started &&
           (code == http::error::partial_message || code == http::error::end_of_stream || code == asio::error::eof))
    why = "the server closed the connection before the response was complete";
  throw ConnectionError("reading the response from " + endpoint_.name() + " failed: " + why, Step::read, code,
                        response_started);
}

template <class Stream, class Parser>
asio::awaitable<boost::system::error_code> Connection::read(Stream& stream, Parser& parser, bool header_only) {
  boost::system::error_code ec;
  if (header_only)
    co_await http::async_read_header(stream, buffer_, parser, asio::redirect_error(use_awaitable, ec));
  else
    co_await http::async_read(stream, buffer_, parser, asio::redirect_error(use_awaitable, ec));
  if (ec == http::error::need_buffer) ec = {};  // a buffer_body's buffer is full: not an error
  co_return ec;
}

template <class Stream>
asio::awaitable<HttpResponse> Connection::exchange_on(Stream& stream, const HttpRequest& request,
                                                       const ConnectionLimits& limits, const BodySink* sink) {
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  boost::system::error_code ec;
  tcp.expires_after(limits.request_timeout);
  co_await http::async_write(stream, request, asio::redirect_error(use_awaitable, ec));
  throw_if_aborted(ec);
  if (ec)
    throw ConnectionError("sending the request to " + endpoint_.name() + " failed: " + describe(ec, limits.request_timeout),
                          Step::write, ec, false);
  const bool no_body = request.method() == http::verb::head;  // whatever its Content-Length says
  if (!sink) {  // the whole response in one read
    HttpResponseParser parser;
    configure_response_parser(parser, limits);
    parser.skip(no_body);
    co_return co_await read_whole(stream, parser, limits);
  }
  // The header first; its status decides where the body goes.
  HttpHeadParser head;
  configure_response_parser(head, limits);
  head.skip(no_body);
  head.body_limit(boost::none);  // the Content-Length of a streamed body is no concern
  ec = co_await read(stream, head, true);
  if (ec) fail_read(ec, head.got_some(), limits);
  if (head.get().result_int() / 100 == 2) co_return co_await stream_body(stream, std::move(head), limits, *sink);
  HttpResponseParser parser{std::move(head)};  // a body kept in memory after all: bounded as always
  parser.body_limit(limits.max_response_body);
  if (parser.content_length().value_or(0) > limits.max_response_body) fail_read(http::error::body_limit, true, limits);
  co_return co_await read_whole(stream, parser, limits);
}

template <class Stream>
asio::awaitable<HttpResponse> Connection::read_whole(Stream& stream, HttpResponseParser& parser,
                                                      const ConnectionLimits& limits) {
  if (const boost::system::error_code ec = co_await read(stream, parser, false)) fail_read(ec, parser.got_some(), limits);
  beast::get_lowest_layer(stream).expires_never();
  co_return parser.release();
}

template <class Stream>
asio::awaitable<HttpResponse> Connection::stream_body(Stream& stream, HttpHeadParser&& head,
                                                       const ConnectionLimits& limits, const BodySink& sink) {
  http::response_parser<http::buffer_body> parser{std::move(head)};
  parser.body_limit(boost::none);  // the sink takes it piece by piece: no memory to protect
  std::vector<char> piece(64 * 1024);
  beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
  while (!parser.is_done()) {
    auto& body = parser.get().body();
    body.data = piece.data();
    body.size = piece.size();
    tcp.expires_after(limits.request_timeout);  // per read: a download may take longer than any timeout
    const boost::system::error_code ec = co_await read(stream, parser, false);
    // What arrived before a failure is delivered too: the error then says how far it got.
    if (const std::size_t received = piece.size() - body.size; received > 0) sink({piece.data(), received});
    if (ec) fail_read(ec, true, limits);
  }
  tcp.expires_never();
  co_return HttpResponse{std::move(parser.release().base())};
}

asio::awaitable<HttpResponse> Connection::exchange(const HttpRequest& request, const ConnectionLimits& limits,
                                                   const BodySink* sink) {
  if (endpoint_.tls) co_return co_await exchange_on(std::get<1>(stream_), request, limits, sink);
  co_return co_await exchange_on(std::get<0>(stream_), request, limits, sink);
}

void Connection::close() noexcept {
  boost::system::error_code ignored;
  beast::tcp_stream& tcp = endpoint_.tls ? beast::get_lowest_layer(std::get<1>(stream_)) : std::get<0>(stream_);
  tcp.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  tcp.socket().close(ignored);
}

}  // namespace zoom::detail
