// The call-history family of endpoints (Service members; routing is in service.cpp):
// the user and account listings, one call with its path, the sync, client codes, deletion.
#include "service.hpp"

#include "history_query.hpp"
#include "sync.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdexcept>
#include <variant>

namespace zoom::sandbox::detail {
namespace {

using std::chrono::days;

// `from` / `to` as the call-history listings echo them: as sent, else the default window's day.
std::string echo(const std::string& text, sys_seconds instant) {
  return text.empty() ? format_date(year_month_day{std::chrono::floor<days>(instant)}) : text;
}

HttpReply call_log_not_found(const std::string& id) {
  return zoom_error(404, 404, "Call log does not exist: " + id + ".");
}

// The client code of a PATCH body: 3 to 16 digits; else the problem.
std::variant<std::string, ValidationError> read_client_code(std::string_view body) {
  boost::system::error_code ec;
  const boost::json::value json = boost::json::parse(body, ec);
  if (ec || !json.is_object()) return ValidationError{"The request body is not a JSON object.", {}};
  const boost::json::value* code = json.get_object().if_contains("client_code");
  if (!code) return ValidationError{"Missing 'client_code'.", {{"client_code", "Missing 'client_code'."}}};
  const bool text = code->is_string();
  const std::string value = text ? std::string(code->get_string()) : boost::json::serialize(*code);
  const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
  if (!text || !digits || value.size() < 3 || value.size() > 16) {
    std::string message = "Invalid client code: " + quoted(value) + ": expected a string of 3 to 16 digits.";
    return ValidationError{message, {{"client_code", message}}};
  }
  return value;
}

}  // namespace

HttpReply Service::history_endpoint(const HttpRequest& request, const std::optional<std::string>& user_key,
                                    boost::urls::params_view query) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::heavy, now)) return std::move(*denied);

  std::optional<std::size_t> user;
  if (user_key) {
    user = data_.find_user(*user_key);
    if (!user) return zoom_error(404, 1001, "User does not exist: " + *user_key + ".");
  }
  auto validated = validate_history_query(read_values(query), now);
  if (const auto* error = std::get_if<ValidationError>(&validated)) return validation_error(*error);
  const HistoryQuery& q = std::get<HistoryQuery>(validated);

  const std::string fingerprint = q.fingerprint(user ? data_.users()[*user].id : "");
  const auto cursor = listing_cursor(q.next_page_token, fingerprint, q.window.begin, q.window.end, now);
  if (!cursor) return zoom_error(400, 300, "The next page token is invalid or expired.");
  return page_reply(calls_.history(user, cursor->begin, cursor->end, cursor->now, q.filters), *cursor, q.page_size,
                    echo(q.window.from_text, cursor->begin), echo(q.window.to_text, cursor->end), now);
}

HttpReply Service::sync_endpoint(const HttpRequest& request, const std::string& user_key,
                                 boost::urls::params_view query) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::medium, now)) return std::move(*denied);

  const auto user = data_.find_user(user_key);
  if (!user) return zoom_error(404, 1001, "User does not exist: " + user_key + ".");
  auto validated = validate_sync_query(read_values(query));
  if (const auto* error = std::get_if<ValidationError>(&validated)) return validation_error(*error);
  const SyncQuery& q = std::get<SyncQuery>(validated);
  const std::string& user_id = data_.users()[*user].id;
  if (q.cursor && q.cursor->user_id != user_id)
    return zoom_error(400, 300, "Invalid sync token.", {{"sync_token", "Invalid sync token."}});

  const std::vector<Call> calls = calls_.sync_calls(*user, now);
  const std::vector<const Call*> page = sync_page(calls, q.type, q.cursor, static_cast<std::size_t>(q.count));
  boost::json::array records;
  for (const Call* c : page) records.push_back(calls_.history_record(*c));
  // The cursor after this page: its last record; unchanged when it is empty (an empty full
  // sync: before every record, so that ISync from it gets them all once there are some).
  const SyncCursor next = !page.empty() ? cursor_of(*page.back(), user_id)
                          : q.cursor    ? *q.cursor
                                        : SyncCursor{user_id, sys_seconds{}, ""};
  boost::json::object body;
  body["call_logs"] = std::move(records);
  body["sync_token"] = encode_sync_token(next);
  return json_reply(200, body);
}

HttpReply Service::call_path_endpoint(const HttpRequest& request, const std::string& id) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::light, now)) return std::move(*denied);
  const auto call = calls_.find(id, now);
  if (!call) return call_log_not_found(id);
  return json_reply(200, calls_.call_path_record(*call));
}

HttpReply Service::client_code_endpoint(const HttpRequest& request, const std::string& id) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::light, now)) return std::move(*denied);
  auto code = read_client_code(request.body);
  if (const auto* error = std::get_if<ValidationError>(&code)) return validation_error(*error);
  if (!calls_.set_client_code(id, std::move(std::get<std::string>(code)), now))
    return zoom_error(404, 300, "Call history not found: " + id + ".");
  return {204, "", {}};
}

HttpReply Service::delete_history_endpoint(const HttpRequest& request, const std::string& user_key,
                                           const std::string& id) {
  const sys_seconds now = this->now();
  if (auto denied = admit(request, RateLabel::light, now)) return std::move(*denied);
  const auto user = data_.find_user(user_key);
  if (!user) return zoom_error(404, 1001, "User does not exist: " + user_key + ".");
  if (!calls_.erase(*user, id, now)) return zoom_error(404, 301, "Call history not found: " + id + ".");
  return {204, "", {}};
}

std::vector<boost::json::object> Service::call_history(std::string_view user, sys_seconds from, sys_seconds to,
                                                       const HistoryFilters& filters) const {
  std::optional<std::size_t> index;
  if (!user.empty()) {
    index = data_.find_user(user);
    if (!index) throw std::invalid_argument("zoom::sandbox: call_history: no such user: '" + std::string(user) + "'");
  }
  if (const auto problem = check_history_filters(filters))
    throw std::invalid_argument("zoom::sandbox: call_history: " + *problem);
  if (to < from) throw std::invalid_argument("zoom::sandbox: call_history: 'to' is before 'from'");
  return calls_.history(index, from, to, now(), filters);
}

std::optional<boost::json::object> Service::call_path(std::string_view id) const {
  const auto call = calls_.find(id, now());
  if (!call) return std::nullopt;
  return calls_.call_path_record(*call);
}

std::vector<boost::json::object> Service::sync_records(std::string_view user) const {
  const auto index = data_.find_user(user);
  if (!index) throw std::invalid_argument("zoom::sandbox: sync_records: no such user: '" + std::string(user) + "'");
  std::vector<boost::json::object> out;
  for (const Call& c : calls_.sync_calls(*index, now())) out.push_back(calls_.history_record(c));
  return out;
}

}  // namespace zoom::sandbox::detail
