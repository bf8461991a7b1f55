// The bodies the API answers with: JSON replies and Zoom's error bodies.
#pragma once

#include "validation.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom::sandbox::detail {

struct HttpReply {
  unsigned status = 200;
  std::string body;  // JSON (empty for 204)
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type and x-zm-trackingid
};

HttpReply json_reply(unsigned status, const boost::json::object& body);

// Zoom's error body: {"code": N, "message": "...", "errors": [{"field", "message"}]} (no
// "errors" when there are none).
HttpReply zoom_error(unsigned status, int code, std::string_view message, const std::vector<FieldError>& errors = {});

// 400 code 300 with the validation's message and field errors.
HttpReply validation_error(const ValidationError& error);

// 405 with Allow: `allowed`; `path` is the endpoint's template, as its message names it.
HttpReply method_not_allowed(std::string_view method, std::string_view path, std::string_view allowed);

}  // namespace zoom::sandbox::detail
