// The query of GET /phone/users/{userId}/call_logs: read from the URL, checked as Zoom checks
// it (field errors for 400 code 300), turned into a window and filters.
#pragma once

#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/url/params_view.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zoom::sandbox::detail {

// The first value of each parameter the endpoint knows, percent-decoded with `+` as space
// (form encoding: a client that sends `+1205...` unencoded asks for " 1205..."). Unknown
// parameters are ignored, as Zoom ignores them. An empty value counts as absent.
struct RawQuery {
  std::optional<std::string> from, to, type, page_size, next_page_token, phone_number, time_type;
};
RawQuery read_query(boost::urls::params_view params);

struct FieldError {
  std::string field;
  std::string message;
};
struct ValidationError {
  std::string message;  // the first problem, in words
  std::vector<FieldError> errors;
};

struct CallLogQuery {
  sys_seconds begin;  // the window on the time_type field, both ends included
  sys_seconds end;
  year_month_day from_date;  // echoed as the response's `from` / `to`
  year_month_day to_date;
  Filters filters;
  int page_size = 30;
  std::string next_page_token;  // empty: first page
  std::string from_text, to_text;  // as sent ("" when absent): part of the fingerprint

  // Everything that must not change between the pages of one listing.
  std::string fingerprint(std::string_view user_id) const;
};

// `now` decides the six-month limit and the default window (the last 24 hours).
std::variant<CallLogQuery, ValidationError> validate_query(const RawQuery& raw, sys_seconds now);

// For the ground-truth API: the first problem with a Filters value, if any.
std::optional<std::string> check_filters(const Filters& filters);

}  // namespace zoom::sandbox::detail
