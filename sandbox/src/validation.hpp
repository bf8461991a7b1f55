// Reading and checking listing queries as Zoom checks them (field errors for 400 code 300): the
// window (`from`, `to`) and `page_size` every listing shares, and the query of the call-log
// listings (GET /phone/users/{userId}/call_logs and GET /phone/call_logs).
#pragma once

#include "time.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/url/params_view.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zoom::sandbox::detail {

// Every value of every parameter, percent-decoded with `+` as space (form encoding: a client
// that sends `+1205...` unencoded asks for " 1205..."), in the order sent. Empty values are
// left out (an empty value counts as absent).
using QueryValues = std::map<std::string, std::vector<std::string>, std::less<>>;
QueryValues read_values(boost::urls::params_view params);
// The first value of a parameter, if any: a parameter the endpoint takes once.
std::optional<std::string> first_value(const QueryValues& values, std::string_view key);

// The first value of each parameter the user call-log listing knows. Unknown parameters are
// ignored, as Zoom ignores them.
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

// A listing's window on its time field, both ends included.
struct ListingWindow {
  sys_seconds begin;
  sys_seconds end;
  year_month_day from_date;  // echoed by the call-log listings as the response's `from` / `to`
  year_month_day to_date;
  std::string from_text, to_text;  // as sent ("" when absent): part of the fingerprint
};

// `from` / `to`: each yyyy-mm-dd or yyyy-MM-ddTHH:mm:ssZ (a date `to` is the end of its day),
// both or neither, at most one month apart, `from` within six months of `now`; neither: the 24
// hours up to `now`. Problems are added to `errors`.
ListingWindow read_window(const std::optional<std::string>& from, const std::optional<std::string>& to,
                          sys_seconds now, std::vector<FieldError>& errors);
// 1..300, default 30. Problems are added to `errors`.
int read_page_size(const std::optional<std::string>& text, std::vector<FieldError>& errors);
// `value` quoted for an error message, cut short when long.
std::string quoted(std::string_view value);
// The errors as the variant's error, or nullopt when there are none.
std::optional<ValidationError> first_problem(std::vector<FieldError> errors);

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

// GET /phone/call_logs: the account's call logs.
struct AccountLogQuery {
  ListingWindow window;
  AccountFilters filters;
  int page_size = 30;
  std::string next_page_token;
  std::string fingerprint() const;
};
std::variant<AccountLogQuery, ValidationError> validate_account_query(const QueryValues& values, sys_seconds now);
std::optional<std::string> check_account_filters(const AccountFilters& filters);

}  // namespace zoom::sandbox::detail
