#include "listing.hpp"

#include <zoom/json.hpp>
#include <zoom/months.hpp>
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

// An owner's listing read by a generated pager (a zoom::Chain of its months) that keeps each
// page's body, so that every record goes out as Zoom sent it.
template <class Page>
class ChainPages final : public OwnerPages {
 public:
  explicit ChainPages(Chain<Page> chain) : chain_(std::move(chain)) {}

  boost::asio::awaitable<std::optional<RawPage>> next() override {
    std::optional<Page> page = co_await chain_.next();
    if (!page) co_return std::nullopt;
    co_return RawPage{chain_.json_records(), zoom_page_total(*page)};
  }
  ChainPosition position() const override { return chain_.position(); }
  std::size_t segment() const override { return chain_.segment(); }

 private:
  Chain<Page> chain_;
};

template <class Page>
std::unique_ptr<OwnerPages> raw(Chain<Page> chain) {
  return std::make_unique<ChainPages<Page>>(std::move(chain));
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

// The generated functions of a family of listings (call history, call logs): the users' and the
// account's pagers, and their requests (for the checkpoint's fingerprint).
template <class Page, class UserParams, class AccountParams>
struct Family {
  Chain<Page> (*user_pages)(Client&, std::string, UserParams, ChainOptions, ChainPosition);
  Chain<Page> (*account_pages)(Client&, AccountParams, ChainOptions, ChainPosition);
  Request (*user_request)(std::string_view, const UserParams&);
  Request (*account_request)(const AccountParams&);
};

// The listing of `family`: the owners' segments, each owner's pager, the records' columns.
template <class Record, class Page, class UserParams, class AccountParams>
Listing listing_of(const Options& options, std::string command, const UserParams& user, const AccountParams& account,
                   Family<Page, UserParams, AccountParams> family, std::string time_field,
                   std::vector<TableColumn> table) {
  Listing listing;
  listing.command = std::move(command);
  listing.time_field = std::move(time_field);
  listing.table = std::move(table);
  const std::vector<std::string> owners = options.account ? std::vector<std::string>{""} : options.users;
  listing.segments = plan_segments(owners, user.from, user.to);
  listing.months = owners.empty() ? 0 : listing.segments.size() / owners.size();
  listing.pages = [family, user, account](Client& client, const std::string& owner, ChainOptions chain,
                                          ChainPosition start) -> std::unique_ptr<OwnerPages> {
    if (owner.empty()) return raw(family.account_pages(client, account, chain, std::move(start)));
    return raw(family.user_pages(client, owner, user, chain, std::move(start)));
  };
  listing.query = query_of(options.account ? family.account_request(account) : family.user_request("", user));
  listing.csv_columns = columns_of<Record>();
  return listing;
}

Listing call_history_listing(const Options& options) {
  return listing_of<phone::CallHistory>(
      options, "call-history", options.history, options.account_history,
      Family{&phone::list_user_call_history_pages, &phone::list_account_call_history_pages,
             &phone::make_list_user_call_history_request, &phone::make_list_account_call_history_request},
      options.history.time_type == phone::CallHistoryTimeType::end_time ? "end_time" : "start_time", history_table());
}

Listing call_logs_listing(const Options& options) {
  return listing_of<phone::CallLog>(
      options, "call-logs", options.logs, options.account_logs,
      Family{&phone::list_user_call_logs_pages, &phone::list_account_call_logs_pages,
             &phone::make_list_user_call_logs_request, &phone::make_list_account_call_logs_request},
      options.logs.time_type == phone::CallLogTimeType::end_time ? "call_end_time" : "date_time", logs_table());
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
    for (const auto& [start, end] : newest_months_first(*from, *to)) segments.push_back({owner, start, end});
  }
  return segments;
}

Listing make_listing(const Options& options) {
  return options.command == Command::call_history ? call_history_listing(options) : call_logs_listing(options);
}

}  // namespace zoom::cli
