#include "listing.hpp"

#include <zoom/json.hpp>
#include <zoom/phone/call_history.hpp>
#include <zoom/phone/call_logs.hpp>

// The call-logs listings are deprecated by Zoom in favour of call history; `zoom-phone call-logs`
// reads them on purpose, for accounts and records that predate call history.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace zoom::cli {
namespace {

// The column names of a model's fields, from its JSON table, recursing into nested models.
void add_columns(const json::Type& model, const std::string& prefix, std::vector<std::string>& out) {
  for (const json::Member& member : model.members) {
    const json::Type* type = member.type;
    while (type->shape == json::Shape::optional) type = type->element;  // not through a Box: a recursive model
    const std::string name = prefix + std::string{member.name};
    if (type->shape == json::Shape::model) add_columns(*type, name + ".", out);
    else out.push_back(name);
  }
}

template <class T>
std::vector<std::string> columns_of() {
  std::vector<std::string> columns;
  add_columns(json::type_of<T>(), "", columns);
  return columns;
}

// Decodes the page into its model as the generated API would (what does not fit is reported, or
// with strict options throws zoom::DecodeError), then keeps each record's JSON as received.
template <class Page>
RawPage decode_raw(std::string_view body, std::string_view items_field, const json::DecodeOptions& options) {
  const Page page = json::decode<Page>(body, options);
  const boost::json::value document = json::parse(body);
  RawPage out;
  out.next_page_token = std::string{zoom_next_page_token(page)};
  out.total_records = zoom_page_total(page);
  if (const auto* object = document.if_object())
    if (const auto* items = object->if_contains(items_field); items && items->is_array()) {
      out.records.reserve(items->get_array().size());
      for (const boost::json::value& record : items->get_array())
        out.records.push_back(record.is_object() ? record.get_object() : boost::json::object{});
    }
  return out;
}

std::vector<TableColumn> history_table() {
  return {{"start (UTC)", 22, {"start_time"}, false},
          {"direction", 10, {"direction"}, false},
          {"from", 18, {"caller_did_number", "caller_ext_number", "caller_name"}, false},
          {"to", 18, {"callee_did_number", "callee_ext_number", "callee_name"}, false},
          {"seconds", 8, {"duration", "talk_time"}, true},
          {"result", 0, {"call_result", "result"}, false}};
}

std::vector<TableColumn> logs_table() {
  return {{"start (UTC)", 22, {"date_time"}, false},
          {"direction", 10, {"direction"}, false},
          {"from", 18, {"caller_number"}, false},
          {"to", 18, {"callee_number"}, false},
          {"seconds", 8, {"duration"}, true},
          {"result", 0, {"result"}, false}};
}

// The query string of a request (what follows `?` in its target).
std::string query_of(const Request& request) {
  const std::string target = request.target();
  const auto mark = target.find('?');
  return mark == std::string::npos ? std::string{} : target.substr(mark + 1);
}

Listing call_history_listing(const Options& options) {
  Listing listing;
  listing.command = "call-history";
  const phone::ListUserCallHistoryParams& params = options.history;
  listing.segments = plan_segments(options.account ? std::vector<std::string>{""} : options.users, params.from, params.to);
  listing.decode = [](std::string_view body, const json::DecodeOptions& decoding) {
    return decode_raw<phone::CallHistoryPage>(body, "call_logs", decoding);
  };
  // The account's listing takes the same query as a user's (Zoom's reference gives both the same
  // parameters): its request is the account's path with the user listing's query, so every
  // filter reaches it without a copy to keep in step.
  const bool account = options.account;
  listing.request = [params, account](const Segment& segment, const std::optional<std::string>& token) {
    phone::ListUserCallHistoryParams window = params;
    window.from = segment.from;
    window.to = segment.to;
    window.next_page_token = token;
    zoom::Request request = phone::make_list_user_call_history_request(segment.user, window);
    if (!account) return request;
    zoom::Request whole = phone::make_list_account_call_history_request();
    whole.query = std::move(request.query);
    return whole;
  };
  listing.query = query_of(phone::make_list_user_call_history_request("", params));
  listing.time_field =
      params.time_type == phone::CallHistoryTimeType::end_time ? "end_time" : "start_time";
  listing.csv_columns = columns_of<phone::CallHistory>();
  listing.table = history_table();
  return listing;
}

Listing call_logs_listing(const Options& options) {
  Listing listing;
  listing.command = "call-logs";
  const phone::ListUserCallLogsParams& params = options.logs;
  listing.segments = plan_segments(options.account ? std::vector<std::string>{""} : options.users, params.from, params.to);
  listing.decode = [](std::string_view body, const json::DecodeOptions& decoding) {
    return decode_raw<phone::CallLogPage>(body, "call_logs", decoding);
  };
  // As for call history: the account's request takes the user listing's query, followed by the
  // filters only the account's listing has (path, site_id, charged_call_logs).
  const bool account = options.account;
  const phone::ListAccountCallLogsParams account_only = options.account_logs;
  listing.request = [params, account, account_only](const Segment& segment, const std::optional<std::string>& token) {
    phone::ListUserCallLogsParams window = params;
    window.from = segment.from;
    window.to = segment.to;
    window.next_page_token = token;
    zoom::Request request = phone::make_list_user_call_logs_request(segment.user, window);
    if (!account) return request;
    zoom::Request whole = phone::make_list_account_call_logs_request(account_only);
    request.query.insert(request.query.end(), whole.query.begin(), whole.query.end());
    whole.query = std::move(request.query);
    return whole;
  };
  listing.query = query_of(listing.request(Segment{"", params.from, params.to}, std::nullopt));
  listing.time_field = params.time_type == phone::CallLogTimeType::end_time ? "call_end_time" : "date_time";
  listing.csv_columns = columns_of<phone::CallLog>();
  listing.table = logs_table();
  return listing;
}

}  // namespace

std::string Segment::label() const {
  const std::string owner = user.empty() ? "account" : user;
  if (!from || !to) return owner + " (last 24 hours)";
  return owner + " " + format_date_or_time(*from) + ".." + format_date_or_time(*to);
}

std::vector<Segment> plan_segments(const std::vector<std::string>& owners, const std::optional<DateOrTime>& from,
                                   const std::optional<DateOrTime>& to) {
  std::vector<Segment> segments;
  for (const std::string& owner : owners) {
    if (!from || !to) {
      segments.push_back({owner, std::nullopt, std::nullopt});
      continue;
    }
    const auto windows = month_windows(*from, *to);
    for (auto it = windows.rbegin(); it != windows.rend(); ++it) segments.push_back({owner, it->first, it->second});
  }
  return segments;
}

Listing make_listing(const Options& options) {
  return options.command == Command::call_history ? call_history_listing(options) : call_logs_listing(options);
}

}  // namespace zoom::cli
