#include "api_error.hpp"

#include <boost/json/parse.hpp>

namespace zoom::detail {
namespace {

// At most `limit` characters of `text`, one line, with `secret` masked.
std::string excerpt(std::string_view text, std::string_view secret, std::size_t limit = 160) {
  std::string out{text.substr(0, limit)};
  if (!secret.empty())
    for (std::size_t at; (at = out.find(secret)) != std::string::npos;) out.replace(at, secret.size(), "***");
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  if (text.size() > limit) out += "...";
  return out;
}

std::string string_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string{value->get_string()} : std::string{};
}

}  // namespace

ApiError make_api_error(const Response& response, std::string request_line, std::string_view secret) {
  ApiError::Details details;
  details.status = response.status;
  details.tracking_id = std::string{response.header("x-zm-trackingid")};
  details.request = std::move(request_line);

  std::string what = "HTTP " + std::to_string(response.status) + " from " + details.request + ": ";
  boost::system::error_code ec;
  const boost::json::value body = boost::json::parse(response.body, ec);
  if (response.body.empty()) {
    what += "empty body";
  } else if (ec || !body.is_object()) {
    const std::string_view type = response.header("content-type");
    what += "non-JSON body";
    if (!type.empty()) what += " (" + std::string{type} + ")";
    what += ": " + excerpt(response.body, secret);
  } else {
    const boost::json::object& object = body.get_object();
    if (const auto* code = object.if_contains("code"); code && code->is_int64()) details.code = code->get_int64();
    details.message = string_member(object, "message");
    if (details.message.empty()) details.message = string_member(object, "reason");  // OAuth errors
    if (const auto* errors = object.if_contains("errors"); errors && errors->is_array())
      for (const auto& entry : errors->get_array())
        if (entry.is_object())
          details.field_errors.push_back({string_member(entry.get_object(), "field"),
                                          string_member(entry.get_object(), "message")});
    if (details.code) what += "Zoom error " + std::to_string(*details.code) + ": ";
    if (const std::string oauth_error = string_member(object, "error"); !oauth_error.empty())
      what += oauth_error + ": ";
    what += details.message.empty() ? excerpt(response.body, secret) : excerpt(details.message, secret, 400);
    std::string fields;
    for (const FieldError& field : details.field_errors)
      fields += (fields.empty() ? "" : "; ") + field.field + ": " + field.message;
    if (!fields.empty()) what += " (" + excerpt(fields, secret, 400) + ")";
  }
  if (!details.tracking_id.empty()) what += " [x-zm-trackingid " + details.tracking_id + "]";
  return ApiError(std::move(details), what);
}

}  // namespace zoom::detail
