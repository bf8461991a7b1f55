// The account-level call-log endpoints (Service members; routing is in service.cpp): GET
// /phone/call_logs, every user's call logs merged, and GET /phone/call_logs/{callLogId}, one call
// log with its legs (log_details[]).
#include "service.hpp"

#include <stdexcept>

namespace zoom::sandbox::detail {

HttpReply Service::account_logs_endpoint(const HttpRequest& request, boost::urls::params_view query) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::heavy, now)) return std::move(*denied);

  auto validated = validate_account_query(read_values(query), now);
  if (const auto* error = std::get_if<ValidationError>(&validated)) return validation_error(*error);
  const AccountLogQuery& q = std::get<AccountLogQuery>(validated);

  const auto cursor = listing_cursor(q.next_page_token, q.fingerprint(), q.window.begin, q.window.end, now);
  if (!cursor) return zoom_error(400, 300, "The next page token is invalid or expired.");
  // As the user's listing: an explicit window echoed as its days, the default one as the days it spans.
  const bool explicit_window = !q.window.from_text.empty();
  const year_month_day from_date =
      explicit_window ? q.window.from_date : year_month_day{std::chrono::floor<std::chrono::days>(cursor->begin)};
  const year_month_day to_date =
      explicit_window ? q.window.to_date : year_month_day{std::chrono::floor<std::chrono::days>(cursor->end)};
  return page_reply(calls_.account_call_logs(cursor->begin, cursor->end, cursor->now, q.filters), *cursor,
                    q.page_size, format_date(from_date), format_date(to_date), now);
}

HttpReply Service::log_details_endpoint(const HttpRequest& request, const std::string& id) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::light, now)) return std::move(*denied);
  const auto call = calls_.find(id, now);
  if (!call) return zoom_error(404, 404, "Call log does not exist: " + id + ".");
  return json_reply(200, calls_.call_log_details(*call));
}

std::vector<boost::json::object> Service::account_call_logs(year_month_day from, year_month_day to,
                                                            const AccountFilters& filters) const {
  if (const auto problem = check_account_filters(filters))
    throw std::invalid_argument("zoom::sandbox: account_call_logs: " + *problem);
  if (!from.ok() || !to.ok()) throw std::invalid_argument("zoom::sandbox: account_call_logs: invalid date");
  return calls_.account_call_logs(sys_days{from}, sys_days{to} + std::chrono::days{1} - std::chrono::seconds{1},
                                  now(), filters);
}

}  // namespace zoom::sandbox::detail
