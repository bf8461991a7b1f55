// Lenient decoding: one odd value in one field of one record loses nothing. The member is left
// empty, the value kept in `extra` under its key (so encoding writes it back), and the event
// reported with its JSON path; strict mode keeps each of these an error.
#include "catch_printers.hpp"

#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <string_view>
#include <vector>

using zoom::phone::CallDirection;
using zoom::phone::CallLogPage;
using zoom::phone::CallerNumberType;

namespace {

// Decodes leniently, collecting the reported mismatches as `path: problem`.
struct Lenient {
  std::vector<std::string> reported;
  zoom::json::DecodeOptions options{
      .strict = false, .on_mismatch = [this](const zoom::json::Mismatch& m) { reported.push_back(m.path + ": " + m.problem); }};

  template <class T>
  T decode(std::string_view text) {
    return zoom::json::decode<T>(text, options);
  }
};

std::string page_of(std::string_view record) { return R"({"call_logs": [{"id": "a"}, )" + std::string{record} + "]}"; }

// `text` decodes leniently, reporting exactly `expected`, and encodes back to the same JSON.
CallLogPage check_kept(std::string_view text, const std::vector<std::string>& expected) {
  INFO("decoding " << text);
  Lenient lenient;
  const auto page = lenient.decode<CallLogPage>(text);
  CHECK(lenient.reported == expected);
  CHECK(boost::json::parse(zoom::json::encode(page)) == boost::json::parse(text));
  CHECK_THROWS_AS(zoom::json::decode<CallLogPage>(text, {.strict = true}), zoom::DecodeError);
  return page;
}

}  // namespace

TEST_CASE("A value of the right kind but the wrong format leaves its member empty and is kept", "[json][lenient]") {
  SECTION("a date-time that does not parse (what Prism makes up)") {
    const auto page = check_kept(page_of(R"({"id": "b", "answer_start_time": "exercitation", "duration": 3})"),
                                 {R"(call_logs[1].answer_start_time: expected a date-time (RFC 3339), got "exercitation")"});
    const auto& log = page.call_logs.at(1);
    CHECK_FALSE(log.answer_start_time);
    CHECK(log.duration == 3);  // the rest of the record decodes
    CHECK(log.extra.at("answer_start_time") == "exercitation");
  }
  SECTION("an empty string for a time, a date, an enum") {
    const auto page = check_kept(R"({"from": "", "call_logs": [{"id": "b", "answer_start_time": "", "direction": ""}]})",
                                 {R"(from: expected a date (yyyy-mm-dd), got "")",
                                  R"(call_logs[0].answer_start_time: expected a date-time (RFC 3339), got "")",
                                  R"(call_logs[0].direction: expected one of the enum's values, got "")"});
    CHECK_FALSE(page.from);
    CHECK_FALSE(page.call_logs[0].direction);
    CHECK(page.extra.at("from") == "");
  }
  SECTION("an empty string or text for a number") {
    const auto page = check_kept(page_of(R"({"id": "b", "duration": "", "hold_time": "long"})"),
                                 {"call_logs[1].duration: expected integer, got string",
                                  "call_logs[1].hold_time: expected integer, got string"});
    CHECK_FALSE(page.call_logs[1].duration);
    CHECK(page.call_logs[1].extra.at("hold_time") == "long");
  }
}

TEST_CASE("A scalar of another kind converts when the conversion is exact", "[json][lenient]") {
  Lenient lenient;
  const auto page = lenient.decode<CallLogPage>(
      R"({"page_size": "20", "call_logs": [{"id": 7017184835983901126, "call_id": 12.50, "has_recording": "true",
          "duration": "-3", "caller_number_type": "2", "direction": "inbound"}]})");
  CHECK(lenient.reported.empty());
  CHECK(page.page_size == 20);
  const auto& log = page.call_logs.at(0);
  CHECK(log.id == "7017184835983901126");  // the digits as sent, not a double's rounding
  CHECK(log.call_id == "12.50");
  CHECK(log.has_recording == true);
  CHECK(log.duration == -3);
  CHECK(log.caller_number_type == CallerNumberType::phone_number);
  CHECK(log.direction == CallDirection::inbound);
  SECTION("strict mode refuses each") {
    CHECK_THROWS_WITH(zoom::json::decode<CallLogPage>(R"({"page_size": "20"})", {.strict = true}),
                      "page_size: expected integer, got string");
    CHECK_THROWS_WITH(zoom::json::decode<CallLogPage>(R"({"call_logs": [{"id": 7}]})", {.strict = true}),
                      "call_logs[0].id: expected string, got integer");
  }
  SECTION("what does not convert exactly is kept instead") {
    check_kept(page_of(R"({"id": "b", "duration": 2.5, "page_count": "1e3"})"),
               {"call_logs[1].duration: expected integer, got number"});
    check_kept(R"({"call_logs": [], "page_size": "20.0", "total_records": "99999999999999999999"})",
               {"page_size: expected integer, got string", "total_records: expected integer, got string"});
  }
}

TEST_CASE("Null for a required member, a scalar for an object, an object for a scalar: kept", "[json][lenient]") {
  const auto page = check_kept(
      page_of(R"({"id": null, "accepted_by": "", "site": 0, "duration": {"seconds": 3}, "caller_name": [1, 2]})"),
      {"call_logs[1].id: expected string, got null", "call_logs[1].accepted_by: expected object, got string",
       "call_logs[1].site: expected object, got integer", "call_logs[1].duration: expected integer, got object",
       "call_logs[1].caller_name: expected string, got array"});
  const auto& log = page.call_logs.at(1);
  CHECK(log.id.empty());
  CHECK_FALSE(log.accepted_by);
  CHECK_FALSE(log.duration);
  CHECK(log.extra.at("duration") == boost::json::parse(R"({"seconds": 3})"));
}

TEST_CASE("A missing required member is reported, not fatal", "[json][lenient]") {
  Lenient lenient;
  const auto page = lenient.decode<CallLogPage>(R"({"call_logs": [{"duration": 1}]})");
  CHECK(lenient.reported == std::vector<std::string>{"call_logs[0].id: required field is missing"});
  CHECK(page.call_logs.at(0).id.empty());
  CHECK(zoom::json::encode(page) == R"({"call_logs":[{"duration":1,"id":""}]})");
  CHECK_THROWS_WITH(zoom::json::decode<CallLogPage>(R"({"call_logs": [{"duration": 1}]})", {.strict = true}),
                    "call_logs[0].id: required field is missing");
}

TEST_CASE("What stays an error when lenient: not JSON, an object for an array and the reverse", "[json][lenient]") {
  Lenient lenient;
  CHECK_THROWS_WITH(lenient.decode<CallLogPage>(R"({"call_logs": [{"id": "a"})"),
                    Catch::Matchers::StartsWith("(document): invalid JSON at byte"));
  CHECK_THROWS_WITH(lenient.decode<CallLogPage>(R"({"call_logs": {"id": "a"}})"),
                    "call_logs: expected array, got object (an object never stands for an array, nor an array for an "
                    "object, even when lenient)");
  CHECK_THROWS_WITH(lenient.decode<CallLogPage>(R"({"call_logs": [{"id": "a", "site": []}]})"),
                    Catch::Matchers::StartsWith("call_logs[0].site: expected object, got array (an object never"));
  CHECK(lenient.reported.empty());
}

TEST_CASE("A repeated key: a later value that fits replaces one kept aside", "[json][lenient]") {
  Lenient lenient;
  const auto page = lenient.decode<CallLogPage>(R"({"page_size": "x", "page_size": 30})");
  CHECK(page.page_size == 30);
  CHECK(page.extra.empty());
  CHECK(zoom::json::encode(page) == R"({"call_logs":[],"page_size":30})");  // a list is always written
}

TEST_CASE("An element of a list that does not fit is reported and left empty", "[json][lenient]") {
  Lenient lenient;
  const auto values = lenient.decode<std::vector<std::int64_t>>(R"([1, "2", "three", 4])");
  CHECK(values == std::vector<std::int64_t>{1, 2, 0, 4});
  CHECK(lenient.reported == std::vector<std::string>{"[2]: expected integer, got string"});
}

TEST_CASE("A member the encoder holds a value for wins over a kept value of the same name", "[json][lenient]") {
  Lenient lenient;
  auto page = lenient.decode<CallLogPage>(R"({"page_size": "many"})");
  CHECK(zoom::json::encode(page) == R"({"call_logs":[],"page_size":"many"})");
  page.page_size = 50;  // set by the program after decoding
  CHECK(zoom::json::encode(page) == R"({"call_logs":[],"page_size":50})");
}

TEST_CASE("A document that does not fit at all is an error even when lenient: nothing could keep it", "[json][lenient]") {
  Lenient lenient;
  CHECK_THROWS_WITH(lenient.decode<CallLogPage>("null"), "(document): expected object, got null");
  CHECK_THROWS_WITH(lenient.decode<CallLogPage>(R"("page")"), "(document): expected object, got string");
  CHECK_THROWS_WITH(lenient.decode<std::int64_t>(R"("many")"), "(document): expected integer, got string");
  CHECK(lenient.reported.empty());
}

TEST_CASE("A list of booleans keeps its places: an element that does not fit is left false", "[json][lenient]") {
  Lenient lenient;
  CHECK(lenient.decode<std::vector<bool>>(R"([true, "yes", true])") == std::vector<bool>{true, false, true});
  CHECK(lenient.reported == std::vector<std::string>{"[1]: expected boolean, got string"});
}
