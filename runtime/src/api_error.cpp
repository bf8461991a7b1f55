#include "api_error.hpp"

#include <zoom/retry.hpp>
#include <zoom/time.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace zoom::detail {
namespace {

using Secrets = std::initializer_list<std::string_view>;

// At most `limit` characters of `text`, one line, with every secret masked.
std::string excerpt(std::string_view text, Secrets secrets, std::size_t limit = 160) {
  std::string out{text};
  for (const std::string_view secret : secrets)
    if (!secret.empty())
      for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3))
        out.replace(at, secret.size(), "***");
  const bool cut = out.size() > limit;
  out.resize(std::min(out.size(), limit));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  if (cut) out += "...";
  return out;
}

std::string string_member(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value && value->is_string() ? std::string{value->get_string()} : std::string{};
}

}  // namespace

ApiError make_api_error(const Response& response, std::string request_line, Secrets secrets,
                        std::chrono::system_clock::time_point now) {
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
    if (!type.empty()) what += " (" + excerpt(type, secrets, 100) + ")";
    what += ": " + excerpt(response.body, secrets);
  } else {
    const boost::json::object& object = body.get_object();
    if (const auto* code = object.if_contains("code"); code && code->is_int64()) details.code = code->get_int64();
    details.message = excerpt(string_member(object, "message"), secrets, 400);
    if (details.message.empty()) details.message = excerpt(string_member(object, "reason"), secrets, 400);  // OAuth
    if (const auto* errors = object.if_contains("errors"); errors && errors->is_array())
      for (const auto& entry : errors->get_array())
        if (entry.is_object())
          details.field_errors.push_back({excerpt(string_member(entry.get_object(), "field"), secrets, 100),
                                          excerpt(string_member(entry.get_object(), "message"), secrets, 400)});
    if (details.code) what += "Zoom error " + std::to_string(*details.code) + ": ";
    if (const std::string oauth_error = string_member(object, "error"); !oauth_error.empty())
      what += excerpt(oauth_error, secrets, 100) + ": ";
    what += details.message.empty() ? excerpt(response.body, secrets) : details.message;
    std::string fields;
    for (const FieldError& field : details.field_errors)
      fields += (fields.empty() ? "" : "; ") + field.field + ": " + field.message;
    if (!fields.empty()) what += " (" + fields + ")";
  }
  if (const auto wait = parse_retry_after(response.header("retry-after"), now)) {
    details.retry_at = now + *wait;
    what += "; try again after " + format_date_time(std::chrono::floor<std::chrono::milliseconds>(*details.retry_at));
  }
  // Header values go through excerpt() too: a proxy may echo the request's token in one.
  if (!details.tracking_id.empty()) what += " [x-zm-trackingid " + excerpt(details.tracking_id, secrets) + "]";
  return ApiError(std::move(details), what);
}

}  // namespace zoom::detail
