// zoom::Request as the generated list_user_call_logs builds it, and its encoded target.
#include "catch_printers.hpp"

#include <zoom/phone/call_history.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/request.hpp>
#include <zoom/url_encoding.hpp>

#include <boost/json/parse.hpp>


#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace std::chrono;
using namespace std::chrono_literals;
using zoom::phone::CallLogFilter;
using zoom::phone::CallLogTimeType;
using zoom::phone::ListUserCallLogsParams;
using zoom::phone::make_list_user_call_logs_request;
using Query = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("list_user_call_logs describes its call", "[request]") {
  const zoom::Request request = make_list_user_call_logs_request("me");
  CHECK(request.method == zoom::Method::get);
  CHECK(zoom::to_string(request.method) == "GET");
  CHECK(request.operation == "listUserCallLogs");
  CHECK(request.rate_limit == zoom::RateLimitLabel::heavy);
  CHECK(zoom::to_string(request.rate_limit) == "Heavy");
  CHECK(request.idempotent);
  CHECK(request.path == std::vector<std::string>{"phone", "users", "me", "call_logs"});
}

TEST_CASE("Only the parameters the caller set are sent: a spec default is the server's", "[request]") {
  SECTION("no parameters: nothing in the query, not even the spec's defaults (type, time_type, page_size)") {
    const zoom::Request request = make_list_user_call_logs_request("me");
    CHECK(request.query.empty());
    CHECK(request.target("/v2") == "/v2/phone/users/me/call_logs");
  }

  SECTION("a parameter set to its default value is sent: the caller asked for it") {
    const zoom::Request request =
        make_list_user_call_logs_request("me", {.type = CallLogFilter::all, .page_size = 30});
    CHECK(request.query == Query{{"type", "all"}, {"page_size", "30"}});
  }

  SECTION("the account's call history: recording_status (Zoom's default: recorded) is not sent unless set") {
    using zoom::phone::make_list_account_call_history_request;
    CHECK(make_list_account_call_history_request({.from = 2026y / October / 1, .to = 2026y / October / 31}).query ==
          Query{{"from", "2026-10-01"}, {"to", "2026-10-31"}});
    CHECK(make_list_account_call_history_request({.recording_status = zoom::phone::RecordingStatus::non_recorded}).query ==
          Query{{"recording_status", "non_recorded"}});
  }

  SECTION("array filters repeat the key, in order; date-time bounds in whole seconds") {
    using namespace zoom::phone;
    const zoom::Request request = make_list_user_call_history_request(
        "me", {.from = zoom::DateTime{sys_days{2026y / October / 1} + 8h + 30min + 15s + 250ms},
               .to = 2026y / October / 2,
               .directions = {CallDirection::inbound, CallDirection::outbound},
               .site_ids = {"s1", "s 2"},
               .time_type = CallHistoryTimeType::end_time});
    CHECK(request.query == Query{{"from", "2026-10-01T08:30:15Z"},
                                 {"to", "2026-10-02"},
                                 {"directions", "inbound"},
                                 {"directions", "outbound"},
                                 {"site_ids", "s1"},
                                 {"site_ids", "s 2"},
                                 {"time_type", "end_time"}});
    CHECK(request.target().ends_with("&site_ids=s1&site_ids=s%202&time_type=end_time"));
  }

  SECTION("designated initializers, dates as yyyy-mm-dd") {
    const zoom::Request request = make_list_user_call_logs_request(
        "me", {.from = 2026y / October / 1, .to = 2026y / October / 31, .page_size = 300});
    CHECK(request.query == Query{{"from", "2026-10-01"}, {"to", "2026-10-31"}, {"page_size", "300"}});
    CHECK(request.target("/v2") == "/v2/phone/users/me/call_logs?from=2026-10-01&to=2026-10-31&page_size=300");
  }

  SECTION("every parameter, in the order the spec lists them") {
    const zoom::Request request =
        make_list_user_call_logs_request("a@b.com", {.from = 2021y / 10 / 1,
                                                     .to = 2021y / 10 / 12,
                                                     .type = CallLogFilter::missed,
                                                     .phone_number = "+12055432724",
                                                     .time_type = CallLogTimeType::end_time,
                                                     .page_size = 1,
                                                     .next_page_token = "BJLYC6PABbAHdjwSkGVQeeR6B1juwHqj3G2"});
    CHECK(request.query == Query{{"from", "2021-10-01"},
                                 {"to", "2021-10-12"},
                                 {"type", "missed"},
                                 {"phone_number", "+12055432724"},
                                 {"time_type", "endTime"},
                                 {"page_size", "1"},
                                 {"next_page_token", "BJLYC6PABbAHdjwSkGVQeeR6B1juwHqj3G2"}});
    CHECK(request.target("/v2") ==
          "/v2/phone/users/a%40b.com/call_logs?from=2021-10-01&to=2021-10-12&type=missed"
          "&phone_number=%2B12055432724&time_type=endTime&page_size=1"
          "&next_page_token=BJLYC6PABbAHdjwSkGVQeeR6B1juwHqj3G2");
  }

  SECTION("an enum value the spec does not list is sent as given") {
    const zoom::Request request = make_list_user_call_logs_request(
        "me", {.type = zoom::Enum<CallLogFilter>::from_wire("voicemail"),
               .time_type = zoom::Enum<CallLogTimeType>::from_wire("createTime")});
    CHECK(request.query == Query{{"type", "voicemail"}, {"time_type", "createTime"}});
  }

  SECTION("only `from`: `to` is not invented") {
    const zoom::Request request = make_list_user_call_logs_request("me", {.from = 2026y / 1 / 5});
    CHECK(request.query == Query{{"from", "2026-01-05"}});
  }

  SECTION("an empty page token is still sent: it was set") {
    const zoom::Request request = make_list_user_call_logs_request("me", {.next_page_token = ""});
    CHECK(request.query.back() == std::pair<std::string, std::string>{"next_page_token", ""});
  }
}

TEST_CASE("The target percent-encodes path segments and query values", "[request]") {
  SECTION("the user id stays one path segment") {
    CHECK(make_list_user_call_logs_request("a@b.com").path.at(2) == "a@b.com");  // decoded in the request
    CHECK(make_list_user_call_logs_request("a@b.com").target("/v2") ==
          "/v2/phone/users/a%40b.com/call_logs");
    CHECK(make_list_user_call_logs_request("first.last+phone@example.co.uk").target("/v2").starts_with(
        "/v2/phone/users/first.last%2Bphone%40example.co.uk/call_logs"));
    CHECK(make_list_user_call_logs_request("John Doe").target().starts_with("/phone/users/John%20Doe/call_logs"));
    CHECK(make_list_user_call_logs_request("../admin").target().starts_with("/phone/users/..%2Fadmin/call_logs"));
    CHECK(make_list_user_call_logs_request("a/b?c#d").target().starts_with("/phone/users/a%2Fb%3Fc%23d/call_logs"));
    CHECK(make_list_user_call_logs_request("100%").target().starts_with("/phone/users/100%25/call_logs"));
    CHECK(make_list_user_call_logs_request("Zoë").target().starts_with("/phone/users/Zo%C3%AB/call_logs"));
    // Unreserved characters are left alone.
    CHECK(make_list_user_call_logs_request("Qx7L-mN2_pR.t8~v").target().starts_with(
        "/phone/users/Qx7L-mN2_pR.t8~v/call_logs"));
  }

  SECTION("query values: `+` as %2B, a space as %20, `&` and `=` encoded") {
    CHECK(make_list_user_call_logs_request("me", {.phone_number = "+12055432724"}).target() ==
          "/phone/users/me/call_logs?phone_number=%2B12055432724");
    CHECK(make_list_user_call_logs_request("me", {.next_page_token = "a b&c=d+e/f"}).target() ==
          "/phone/users/me/call_logs?next_page_token=a%20b%26c%3Dd%2Be%2Ff");
  }

  SECTION("base paths") {
    zoom::Request request;
    request.path = {"phone", "users"};
    CHECK(request.target() == "/phone/users");
    CHECK(request.target("/v2") == "/v2/phone/users");
    CHECK(request.target("/v2/") == "/v2/phone/users");
    CHECK(request.target("/") == "/phone/users");
    request.path.clear();
    CHECK(request.target() == "/");
    CHECK(request.target("/v2") == "/v2");
    request.query = {{"q", "1"}};
    CHECK(request.target() == "/?q=1");
  }

  SECTION("query names are encoded too") {
    zoom::Request request;
    request.path = {"x"};
    request.query = {{"a b", "1"}, {"c&d", "2"}};
    CHECK(request.target() == "/x?a%20b=1&c%26d=2");
  }
}

TEST_CASE("add_query writes typed values as text", "[request]") {
  zoom::Request request;
  zoom::add_query(request, "s", std::string_view{"text"});
  zoom::add_query(request, "yes", true);
  zoom::add_query(request, "no", false);
  zoom::add_query(request, "half", 2.5);
  zoom::add_query(request, "n", std::int32_t{-42});
  zoom::add_query(request, "big", std::int64_t{9007199254740993});
  zoom::add_query(request, "day", zoom::Date{2026y / 10 / 1});
  zoom::add_query(request, "at", zoom::DateTime{sys_days{2026y / 10 / 1} + 9h + 30min});
  zoom::add_query(request, "at_ms", zoom::DateTime{sys_days{2026y / 10 / 1} + 9h + 30min + 250ms});
  zoom::add_query(request, "filter", zoom::Enum<CallLogFilter>{CallLogFilter::missed});
  zoom::add_query(request, "absent", std::optional<std::string>{});
  zoom::add_query(request, "absent_day", std::optional<zoom::Date>{});
  zoom::add_query(request, "present", std::optional<std::int64_t>{7});
  CHECK(request.query == Query{{"s", "text"},
                               {"yes", "true"},
                               {"no", "false"},
                               {"half", "2.5"},
                               {"n", "-42"},
                               {"big", "9007199254740993"},
                               {"day", "2026-10-01"},
                               {"at", "2026-10-01T09:30:00Z"},
                               {"at_ms", "2026-10-01T09:30:00.250Z"},
                               {"filter", "missed"},
                               {"present", "7"}});
  request.path = {"t"};
  CHECK(request.target() ==
        "/t?s=text&yes=true&no=false&half=2.5&n=-42&big=9007199254740993&day=2026-10-01"
        "&at=2026-10-01T09%3A30%3A00Z&at_ms=2026-10-01T09%3A30%3A00.250Z&filter=missed&present=7");
}

TEST_CASE("percent_encode keeps RFC 3986's unreserved characters only", "[request][encoding]") {
  CHECK(zoom::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(zoom::percent_encode("+1 650@x/y?z=&") == "%2B1%20650%40x%2Fy%3Fz%3D%26");
  CHECK(zoom::percent_encode("\xC3\xA9") == "%C3%A9");  // é in UTF-8: each byte
  CHECK(zoom::percent_encode("\xE9") == "%E9");          // a byte a Latin-1 locale calls a letter
  CHECK(zoom::percent_encode("") == "");
}

TEST_CASE("form_encode writes an object as name=value pairs", "[request][encoding]") {
  const auto form = [](std::string_view json) { return zoom::form_encode(boost::json::parse(json)); };
  CHECK(form(R"({"grant_type":"refresh_token","refresh_token":"a+b/c"})") ==
        "grant_type=refresh_token&refresh_token=a%2Bb%2Fc");
  CHECK(form(R"({"n":3,"ok":true,"skip":null,"ids":["a","b c"]})") == "n=3&ok=true&ids=a&ids=b%20c");
  CHECK(form(R"({"nested":{"a":1}})") == "nested=%7B%22a%22%3A1%7D");  // as JSON text
  CHECK(form("{}").empty());
  CHECK_THROWS_AS(form("[1]"), std::invalid_argument);
}
