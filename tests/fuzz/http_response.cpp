// Fuzz target: bytes as a server might send them, read with the parser setup of the client's
// connections (configure_response_parser, default ClientOptions limits), then handled as the
// client handles a response: header lookups, the ApiError for a non-2xx status and the retry
// verdict. Neither may crash or hit UB; the error's message must be one non-empty line that
// never shows the access token.
#include "api_error.hpp"
#include "connection.hpp"
#include "retry_decision.hpp"
#include "transport.hpp"

#include <zoom/client.hpp>
#include <zoom/retry.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace {

namespace http = boost::beast::http;
using namespace std::chrono_literals;

// The token the client sent with the request; seeds echo it back in bodies and headers.
constexpr std::string_view kToken = "s3cr3t-token";
// Fixed, so that every run of an input is the same: 2026-11-27T19:00:00Z.
const auto kNow = std::chrono::system_clock::time_point{std::chrono::sys_days{std::chrono::November / 27 / 2026} + 19h};

[[noreturn]] void bug(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// The whole of `bytes` through a parser set up as Connection sets it up; the server then
// closes the connection. Empty when the bytes are not one complete response.
std::optional<zoom::Response> read_response(std::string_view bytes) {
  const zoom::ClientOptions options;
  const zoom::detail::ConnectionLimits limits{options.connect_timeout, options.request_timeout,
                                               options.max_response_body};
  zoom::detail::HttpResponseParser parser;
  zoom::detail::configure_response_parser(parser, limits);
  parser.eager(true);  // as http::async_read reads a whole message
  boost::asio::const_buffer rest(bytes.data(), bytes.size());
  boost::system::error_code ec;
  while (!parser.is_done()) {
    const std::size_t used = parser.put(rest, ec);
    rest += used;
    if (ec == http::error::need_more || (!ec && used == 0)) {
      parser.put_eof(ec);  // no more bytes will come
      if (!parser.is_done()) return std::nullopt;
    }
    if (ec) return std::nullopt;
  }
  return zoom::detail::to_response(parser.release());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto response = read_response({reinterpret_cast<const char*>(data), size});
  if (!response) return 0;
  for (const char* name : {"retry-after", "x-zm-trackingid", "content-type", "x-ratelimit-type"})
    (void)response->header(name);
  if (response->status / 100 == 2) return 0;  // the client returns it for decoding (call_log_page)

  const zoom::ApiError error =
      zoom::detail::make_api_error(*response, "GET /v2/phone/users/me/call_logs", {kToken}, kNow);
  const std::string_view what = error.what();
  if (what.empty()) bug("an ApiError without a message", what);
  if (what.find('\n') != std::string_view::npos || what.find('\r') != std::string_view::npos)
    bug("an ApiError message of more than one line", what);
  if (what.find(kToken) != std::string_view::npos) bug("an ApiError message shows the token", what);

  for (const bool idempotent : {true, false}) {
    const zoom::detail::Verdict verdict = zoom::detail::judge_response(*response, idempotent, zoom::RetryPolicy{}, kNow);
    if (verdict.reason.empty()) bug("a verdict without a reason", what);
    if (verdict.wait && *verdict.wait < 0ms) bug("a negative wait", what);
  }
  return 0;
}
