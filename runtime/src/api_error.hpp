// Non-2xx responses as zoom::ApiError, with a message a person can act on for any body:
// Zoom's JSON error, OAuth's error, an empty body or an HTML page from a proxy.
#pragma once

#include <zoom/response.hpp>
#include <zoom/error.hpp>

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

namespace zoom::detail {

/// The error for `response` to `request_line` ("GET /v2/phone/users/me/call_logs"). Any
/// occurrence of one of `secrets` in an excerpt of the body is masked. `now` dates a Retry-After.
ApiError make_api_error(const Response& response, std::string request_line,
                        std::initializer_list<std::string_view> secrets,
                        std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace zoom::detail
