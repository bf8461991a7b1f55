// Decoding the generated models with zoom::json: Zoom's own example response, a page with
// fields and enum values the spec does not list, and every kind of mismatch, each of which
// must name its JSON path.
#include "catch_printers.hpp"

#include <zoom/error.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/phone/describe/call_logs.hpp>

#include "json_oracle.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

using namespace std::chrono;
using namespace std::chrono_literals;
using namespace std::string_view_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

// The models keep Boost.Describe reflection, from the describe/ headers beside them (the oracle
// below walks them by it).
static_assert(boost::describe::has_describe_members<zoom::phone::CallLog>::value);
static_assert(boost::describe::has_describe_members<zoom::phone::CallLogPage>::value);
using zoom::phone::CallDirection;
using zoom::phone::CalleeNumberType;
using zoom::phone::CallerNumberType;
using zoom::phone::CallLog;
using zoom::phone::CallLogPage;
using zoom::phone::CallParty;
using zoom::phone::ExtensionType;
using zoom::phone::NumberSource;
using zoom::phone::PhoneNumberType;
using zoom::phone::RecordingType;

namespace decode_test {

// Integer members narrower than int64, which the generated models only get from `format: int32`.
struct Counters {
  std::int32_t small = 0;
  std::optional<std::int32_t> tiny;
};
BOOST_DESCRIBE_STRUCT(Counters, (), (small, tiny))

// Every other kind of member a generated model can have: a map, free-form JSON, a free-form
// object, a oneOf of different JSON kinds, nested arrays; and a model without `extra`.
struct Mixed {
  std::map<std::string, std::int64_t> counts;
  boost::json::value any;
  std::optional<boost::json::object> meta;
  std::variant<std::string, std::int64_t, std::vector<std::string>> either;
  std::vector<std::vector<std::int32_t>> grid;
  std::optional<double> ratio;
  boost::json::object extra;
};
BOOST_DESCRIBE_STRUCT(Mixed, (), (counts, any, meta, either, grid, ratio))

struct Strict {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(Strict, (), (name))

// offsetof on a type that is not standard-layout, as in the generated tables: GCC and Clang
// support it for classes without virtual bases.
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
// Their tables, written as the generator writes a model's (zoom/json/binding.hpp).
using zoom::json::Member;
using zoom::json::Shape;
using zoom::json::Type;
using zoom::json::type_of;

constexpr Member counters_members[]{{"small", offsetof(Counters, small), &type_of<std::int32_t>(), true},
                                    {"tiny", offsetof(Counters, tiny), &type_of<std::optional<std::int32_t>>(), false}};
constexpr auto counters_index = zoom::json::member_index(counters_members);
constexpr Type counters_type{.shape = Shape::model, .members = counters_members, .index = counters_index};
constexpr const Type& zoom_json_type(const Counters*) noexcept { return counters_type; }

constexpr Member mixed_members[]{
    {"counts", offsetof(Mixed, counts), &type_of<std::map<std::string, std::int64_t>>(), false},
    {"any", offsetof(Mixed, any), &type_of<boost::json::value>(), false},
    {"meta", offsetof(Mixed, meta), &type_of<std::optional<boost::json::object>>(), false},
    {"either", offsetof(Mixed, either), &type_of<decltype(Mixed::either)>(), true},
    {"grid", offsetof(Mixed, grid), &type_of<std::vector<std::vector<std::int32_t>>>(), false},
    {"ratio", offsetof(Mixed, ratio), &type_of<std::optional<double>>(), false}};
constexpr auto mixed_index = zoom::json::member_index(mixed_members);
constexpr Type mixed_type{
    .shape = Shape::model, .members = mixed_members, .index = mixed_index, .extra = offsetof(Mixed, extra)};
constexpr const Type& zoom_json_type(const Mixed*) noexcept { return mixed_type; }

constexpr Member strict_members[]{{"name", offsetof(Strict, name), &type_of<std::string>(), true}};
constexpr auto strict_index = zoom::json::member_index(strict_members);
constexpr Type strict_type{.shape = Shape::model, .members = strict_members, .index = strict_index};
constexpr const Type& zoom_json_type(const Strict*) noexcept { return strict_type; }

}  // namespace decode_test

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The JSON object that starts at the first `{` after the line `marker`, up to its matching
// closing brace (braces inside strings do not count). Empty when there is none.
std::string object_after_line(std::string_view text, std::string_view marker) {
  std::size_t after_marker = std::string_view::npos;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == marker) {
      after_marker = end;
      break;
    }
    start = end + 1;
  }
  if (after_marker == std::string_view::npos) return {};
  const std::size_t open = text.find('{', after_marker);
  if (open == std::string_view::npos) return {};
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return std::string{text.substr(open, i - open + 1)};
    }
  }
  return {};
}

// The example response of Zoom's doc page for the endpoint (outside the repository); empty
// when the reference data is not there.
std::optional<std::string> seed_example_response() {
  const auto page = read_file(ZOOM_SHARED_DIR "/seed/zoom-phone-get-user-call-logs.txt");
  if (!page) return std::nullopt;
  return object_after_line(*page, "status OK");
}

std::string fixture(const std::string& name) {
  const auto text = read_file(ZOOM_TEST_DATA_DIR "/" + name);
  if (!text) FAIL("missing test data file tests/data/" << name);
  return *text;
}

// The two decoders every case below runs through: the decoder (what generated code calls), in
// strict mode, and the DOM walker it must agree with, the oracle (json_oracle.hpp). The lenient
// mode has its own cases (json_lenient_test.cpp).
struct Direct {
  template <class T>
  static T decode(std::string_view text) {
    return zoom::json::decode<T>(text, {.strict = true});
  }
};
struct DomWalker {
  template <class T>
  static T decode(std::string_view text) {
    return zoom::test::oracle::decode<T>(zoom::json::parse(text));
  }
};

// Whether `zoom::json::decode<CallLogPage>(text)` compiles for a `text` of type Text.
template <class Text>
concept DecodableFrom = requires(Text text) { zoom::json::decode<CallLogPage>(text); };

class HasPath : public Catch::MatcherBase<zoom::DecodeError> {
 public:
  explicit HasPath(std::string path) : path_(std::move(path)) {}
  bool match(const zoom::DecodeError& error) const override { return error.path() == path_; }
  std::string describe() const override { return "has path() == \"" + path_ + "\""; }

 private:
  std::string path_;
};

// Decoding `json` as T throws zoom::DecodeError with exactly this path and message.
template <class Decoder, class T>
void check_decode_error(std::string_view json, const std::string& path, const std::string& message) {
  INFO("decoding " << json);
  CHECK_THROWS_WITH(Decoder::template decode<T>(json), message);
  CHECK_THROWS_MATCHES(Decoder::template decode<T>(json), zoom::DecodeError, HasPath(path));
}

void check_seed_party(const std::optional<CallParty>& party, const char* location,
                      std::optional<ExtensionType> extension_type) {
  REQUIRE(party);
  CHECK(party->extension_number == "1009");
  if (extension_type) {
    REQUIRE(party->extension_type);
    CHECK(party->extension_type->known() == *extension_type);
    CHECK(party->extension_type->wire() == "user");
  } else {
    CHECK_FALSE(party->extension_type);
  }
  CHECK(party->location == location);
  CHECK(party->name == "Display name");
  REQUIRE(party->number_type);
  CHECK(party->number_type->known() == PhoneNumberType::extension);
  CHECK(party->number_type->wire() == 1);
  CHECK(party->phone_number == "+12055432724");
  CHECK(party->extra.empty());
}

void check_seed_record(const CallLog& log) {
  {
    INFO("accepted_by");
    check_seed_party(log.accepted_by, "Pontotoc MS", std::nullopt);
  }
  CHECK(log.answer_start_time == zoom::DateTime{sys_days{2021y / 10 / 9} + 16h + 52min + 5s});
  CHECK(log.call_end_time == zoom::DateTime{sys_days{2021y / 10 / 9} + 17h + 20min + 53s});
  CHECK(log.call_id == "7017184835983901126");
  CHECK(log.callee_country_code == "1");
  CHECK(log.callee_country_iso_code == "US");
  CHECK(log.callee_did_number == "+12055432724");
  CHECK(log.callee_name == "Callee name");
  CHECK(log.callee_number == "1018");
  REQUIRE(log.callee_number_type);
  CHECK(log.callee_number_type->known() == CalleeNumberType::extension);
  CHECK(log.callee_number_type->wire() == 1);
  REQUIRE(log.callee_number_source);
  CHECK(log.callee_number_source->known() == NumberSource::internal);
  CHECK(log.callee_number_source->wire() == "internal");
  CHECK(log.caller_country_code == "1");
  CHECK(log.caller_country_iso_code == "US");
  CHECK(log.caller_did_number == "+12055432724");
  CHECK(log.caller_name == "Caller name");
  CHECK(log.caller_number == "+12059300920");
  REQUIRE(log.caller_number_type);
  CHECK(log.caller_number_type->known() == CallerNumberType::extension);
  CHECK(log.caller_number_type->wire() == 1);
  REQUIRE(log.caller_number_source);
  CHECK(log.caller_number_source->known() == NumberSource::internal);
  CHECK(log.caller_number_source->wire() == "internal");
  CHECK(log.caller_billing_reference_id == "ZoomTelecom123456");
  CHECK(log.charge == "$0.0255");
  CHECK(log.client_code == "123");
  CHECK(log.date_time == zoom::DateTime{sys_days{2022y / 1 / 24} + 23h + 58min + 10s});
  REQUIRE(log.direction);
  CHECK(log.direction->known() == CallDirection::inbound);
  CHECK(log.direction->wire() == "inbound");
  CHECK(log.duration == 20);
  {
    INFO("forwarded_by");
    check_seed_party(log.forwarded_by, "Glendale CA", ExtensionType::user);
  }
  {
    INFO("forwarded_to");
    check_seed_party(log.forwarded_to, "Glendale CA", std::nullopt);
  }
  CHECK(log.has_recording == false);
  CHECK(log.has_voicemail == false);
  CHECK(log.id == "48c1dfd4-91ce-4df5-8495-7c9e33d10869");
  {
    INFO("outgoing_by");
    check_seed_party(log.outgoing_by, "Glendale CA", std::nullopt);
  }
  CHECK(log.path == "pstn");
  CHECK(log.rate == "$0.0255");
  // "1" is none of the spec's values (OnDemand, Automatic): kept as it came.
  REQUIRE(log.recording_type);
  CHECK_FALSE(log.recording_type->known());
  CHECK(log.recording_type->wire() == "1");
  CHECK(log.result == "call_connected");
  REQUIRE(log.site);
  CHECK(log.site->id == "8f71O6rWT8KFUGQmJIFAdQ");
  CHECK(log.site->name == "Main Site");
  CHECK(log.site->extra.empty());
  CHECK(log.user_id == "DnEopNmXQEGU2uvvzjgojw");
  CHECK(log.hold_time == 5);
  CHECK(log.waiting_time == 10);
  // Not in the example.
  CHECK_FALSE(log.department);
  CHECK_FALSE(log.cost_center);
  CHECK(log.extra.empty());
}

}  // namespace

TEST_CASE("The JSON object after a marker line is found by brace matching", "[json][seed]") {
  const std::string text = "RESPONSES\nstatus OK\n{\n\"a\": \"} {\\\" }\",\n\"b\": {\"c\": 1}\n} |\ntrailer {}\n";
  CHECK(object_after_line(text, "status OK") == "{\n\"a\": \"} {\\\" }\",\n\"b\": {\"c\": 1}\n}");
  CHECK(object_after_line(text, "status Created").empty());
  CHECK(object_after_line("status OK\n{\"unclosed\": {}", "status OK").empty());
}

TEMPLATE_TEST_CASE("Zoom's example response decodes field by field", "[json][seed]", Direct, DomWalker) {
  const auto body = seed_example_response();
  if (!body) {
    WARN("skipped: " ZOOM_SHARED_DIR "/seed/zoom-phone-get-user-call-logs.txt is not there");
    return;
  }
  REQUIRE_FALSE(body->empty());  // the doc page still has a JSON object after `status OK`

  const auto page = TestType::template decode<CallLogPage>(*body);

  REQUIRE(page.call_logs.size() == 2);
  for (std::size_t i = 0; i < page.call_logs.size(); ++i) {
    INFO("call_logs[" << i << "]");
    check_seed_record(page.call_logs[i]);
  }
  CHECK(page.from == zoom::Date{2021y / 10 / 1});
  CHECK(page.to == zoom::Date{2021y / 10 / 12});
  CHECK(page.next_page_token == "AmhfoKtF2Ey4TaPg2iZsAcmetRLs2ZY0Sk2");
  CHECK(page.page_count == 2);
  CHECK(page.page_size == 30);
  CHECK(page.total_records == 54);
  CHECK(page.extra.empty());

  SECTION("and encodes back to the same JSON, all 38 fields of each record included") {
    const boost::json::value original = boost::json::parse(*body);
    const boost::json::value encoded = zoom::json::to_value(page);
    CHECK(encoded.at("call_logs").at(0).as_object().size() == 38);
    CHECK(encoded == original);
  }
}

TEMPLATE_TEST_CASE("Fields and enum values the spec does not list are kept and written back", "[json]", Direct, DomWalker) {
  const std::string body = fixture("call_log_page_forward_compatible.json");
  const auto page = TestType::template decode<CallLogPage>(body);
  REQUIRE(page.call_logs.size() == 2);
  const CallLog& first = page.call_logs[0];
  const CallLog& second = page.call_logs[1];

  SECTION("unknown fields land in `extra`, at every level, and only there") {
    CHECK(page.extra == boost::json::parse(R"({"account_id": "Zq8TnW3xR2mYb7LkVc5Hdg",
        "query_meta": {"region": "eu-central", "served_by": ["fra1", "ams2"]}})").as_object());
    CHECK(first.extra == boost::json::parse(R"({"call_path_id": "a1b2c3d4-call-path",
        "recording_ids": ["rec_01", "rec_02"],
        "sip_info": {"codec": "opus", "mos": 4.3, "jitter_ms": 12}})").as_object());
    REQUIRE(first.accepted_by);
    CHECK(first.accepted_by->extra == boost::json::parse(R"({"queue_id": "cq_4Hn2Vx9LqTs",
        "presence": {"status": "In_Meeting", "since": "2026-10-01T09:29:00Z"}})").as_object());
    REQUIRE(first.site);
    CHECK(first.site->extra == boost::json::parse(R"({"country": "DE"})").as_object());
    CHECK(first.site->name == "Berlin Office");
    CHECK(second.extra.empty());
  }

  SECTION("round trip: to_value and encode give back exactly the input") {
    const boost::json::value original = boost::json::parse(body);
    CHECK(zoom::json::to_value(page) == original);
    CHECK(boost::json::parse(zoom::json::encode(page)) == original);
    CHECK(TestType::template decode<CallLogPage>(zoom::json::encode(page)) == page);
  }

  SECTION("unknown enum values are kept raw, known ones compare equal to their enumerators") {
    REQUIRE(first.direction);
    CHECK_FALSE(first.direction->known());
    CHECK(first.direction->wire() == "sideways");
    CHECK(*first.direction != CallDirection::inbound);
    CHECK(*first.direction != CallDirection::outbound);
    REQUIRE(first.caller_number_type);
    CHECK_FALSE(first.caller_number_type->known());
    CHECK(first.caller_number_type->wire() == 7);
    REQUIRE(first.caller_number_source);
    CHECK(first.caller_number_source->wire() == "carrier_exchange");
    CHECK_FALSE(first.caller_number_source->known());
    REQUIRE(first.accepted_by);
    CHECK(first.accepted_by->extension_type == ExtensionType::call_queue);
    CHECK(first.accepted_by->number_type == PhoneNumberType::extension);
    CHECK(first.callee_number_type == CalleeNumberType::phone_number);
    CHECK(first.callee_number_source == NumberSource::byop);
    CHECK(first.recording_type == RecordingType::on_demand);

    REQUIRE(second.forwarded_to);
    REQUIRE(second.forwarded_to->extension_type);
    REQUIRE(second.forwarded_to->number_type);
    REQUIRE(second.recording_type);
    REQUIRE(second.outgoing_by);
    CHECK(second.forwarded_to->extension_type->wire() == "voicemailBox");
    CHECK_FALSE(second.forwarded_to->extension_type->known());
    CHECK(second.forwarded_to->number_type->wire() == 9);
    CHECK_FALSE(second.forwarded_to->number_type->known());
    CHECK(second.recording_type->wire() == "On-demand");
    CHECK_FALSE(second.recording_type->known());
    CHECK(second.direction == CallDirection::outbound);
    CHECK(second.caller_number_type == CallerNumberType::extension);
    CHECK(second.callee_number_type == CalleeNumberType::custom_emergency_number);
    CHECK(second.outgoing_by->extension_type == ExtensionType::shared_line_group);

    const boost::json::value encoded = zoom::json::to_value(page);
    CHECK(encoded.at("call_logs").at(0).at("direction") == "sideways");
    CHECK(encoded.at("call_logs").at(0).at("caller_number_type") == 7);
    CHECK(encoded.at("call_logs").at(1).at("forwarded_to").at("number_type") == 9);
  }

  SECTION("values as they came: times with milliseconds, dates, an empty page token") {
    CHECK(first.date_time == zoom::DateTime{sys_days{2026y / 10 / 1} + 9h + 30min});
    CHECK(first.call_end_time == zoom::DateTime{sys_days{2026y / 10 / 1} + 9h + 31min + 39s + 250ms});
    CHECK(second.date_time == zoom::DateTime{sys_days{2026y / 10 / 2} + 17h + 5min + 9s + 125ms});
    CHECK(first.duration == 95);
    CHECK(second.duration == 0);
    CHECK(second.has_voicemail == true);
    CHECK(page.from == zoom::Date{2026y / 10 / 1});
    CHECK(page.to == zoom::Date{2026y / 10 / 31});
    CHECK(page.next_page_token == "");
  }

  SECTION("missing optionals are empty") {
    CHECK_FALSE(second.accepted_by);
    CHECK_FALSE(second.answer_start_time);
    CHECK_FALSE(second.call_id);
    CHECK_FALSE(second.caller_number);
    CHECK_FALSE(second.site);
    CHECK_FALSE(second.has_recording);
    CHECK_FALSE(second.hold_time);
    REQUIRE(second.forwarded_to);
    CHECK_FALSE(second.forwarded_to->extension_number);
    CHECK_FALSE(second.forwarded_to->phone_number);
    CHECK(second.forwarded_to->name == "Ada's voicemail");
  }
}

TEMPLATE_TEST_CASE("Missing and null values decode as empty", "[json]", Direct, DomWalker) {
  SECTION("null optionals are empty, and are left out when encoding") {
    const auto page = TestType::template decode<CallLogPage>(R"({
        "call_logs": [{"id": "a", "duration": null, "charge": null, "direction": null,
                       "caller_number_type": null, "date_time": null, "site": null,
                       "accepted_by": {"name": null, "number_type": null}}],
        "from": null, "next_page_token": null, "page_size": null})"sv);
    REQUIRE(page.call_logs.size() == 1);
    const CallLog& log = page.call_logs[0];
    CHECK(log.id == "a");
    CHECK_FALSE(log.duration);
    CHECK_FALSE(log.charge);
    CHECK_FALSE(log.direction);
    CHECK_FALSE(log.caller_number_type);
    CHECK_FALSE(log.date_time);
    CHECK_FALSE(log.site);
    REQUIRE(log.accepted_by);
    CHECK_FALSE(log.accepted_by->name);
    CHECK_FALSE(log.accepted_by->number_type);
    CHECK_FALSE(page.from);
    CHECK_FALSE(page.next_page_token);
    CHECK_FALSE(page.page_size);
    CHECK(log.extra.empty());
    CHECK(page.extra.empty());

    CHECK(zoom::json::to_value(page) ==
          boost::json::parse(R"({"call_logs": [{"id": "a", "accepted_by": {}}]})"));
  }

  SECTION("a missing or null array is empty") {
    CHECK(TestType::template decode<CallLogPage>(R"({"page_size": 30})"sv).call_logs.empty());
    CHECK(TestType::template decode<CallLogPage>(R"({"call_logs": null})"sv).call_logs.empty());
    CHECK(TestType::template decode<CallLogPage>(R"({"call_logs": []})"sv).call_logs.empty());
  }

  SECTION("an empty object is an empty page") {
    const auto page = TestType::template decode<CallLogPage>("{}"sv);
    CHECK(page == CallLogPage{});
    CHECK(zoom::json::encode(page) == R"({"call_logs":[]})");
  }

  SECTION("an integer written as a number with a zero fraction is an integer") {
    const auto page = TestType::template decode<CallLogPage>(R"({"call_logs": [{"id": "a", "duration": 20.0}]})"sv);
    CHECK(page.call_logs.at(0).duration == 20);
  }

  SECTION("a parsed value decodes through the oracle as text does through the decoder") {
    const auto page = zoom::test::oracle::decode<CallLogPage>(boost::json::parse(R"({"page_count": 3})"));
    CHECK(page.page_count == 3);
  }
}

TEMPLATE_TEST_CASE("A mismatch names its JSON path", "[json][errors]", Direct, DomWalker) {
  SECTION("wrong kinds of value") {
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "duration": 20}, {"id": "b", "duration": "20"}]})",
                                    "call_logs[1].duration", "call_logs[1].duration: expected integer, got string");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "accepted_by": {"number_type": "1"}}]})",
                                    "call_logs[0].accepted_by.number_type",
                                    "call_logs[0].accepted_by.number_type: expected integer, got string");
    check_decode_error<TestType, CallLogPage>(R"({"page_size": true})", "page_size", "page_size: expected integer, got boolean");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "duration": 20.5}]})", "call_logs[0].duration",
                                    "call_logs[0].duration: expected integer, got number");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "direction": 1}]})", "call_logs[0].direction",
                                    "call_logs[0].direction: expected string, got integer");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "has_recording": "false"}]})",
                                    "call_logs[0].has_recording",
                                    "call_logs[0].has_recording: expected boolean, got string");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "site": "Main Site"}]})", "call_logs[0].site",
                                    "call_logs[0].site: expected object, got string");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a"}, 5]})", "call_logs[1]",
                                    "call_logs[1]: expected object, got integer");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": {"id": "a"}})", "call_logs",
                                    "call_logs: expected array, got object");
    check_decode_error<TestType, CallLogPage>(R"({"next_page_token": 12345})", "next_page_token",
                                    "next_page_token: expected string, got integer");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": null}]})", "call_logs[0].id",
                                    "call_logs[0].id: expected string, got null");
  }

  SECTION("the document itself") {
    check_decode_error<TestType, CallLogPage>("[]", "", "(document): expected object, got array");
    check_decode_error<TestType, CallLogPage>("null", "", "(document): expected object, got null");
    check_decode_error<TestType, CallLogPage>(R"("call_logs")", "", "(document): expected object, got string");
  }

  SECTION("a required field that is missing") {
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"duration": 20}]})", "call_logs[0].id",
                                    "call_logs[0].id: required field is missing");
    check_decode_error<TestType, zoom::phone::ZoomError>(R"({"message": "Invalid access token."})", "code",
                                               "code: required field is missing");
  }

  SECTION("dates and times that are not") {
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "date_time": "yesterday"}]})",
                                    "call_logs[0].date_time",
                                    R"(call_logs[0].date_time: expected a date-time (RFC 3339), got "yesterday")");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "answer_start_time": 1633798325}]})",
                                    "call_logs[0].answer_start_time",
                                    "call_logs[0].answer_start_time: expected date-time string, got integer");
    check_decode_error<TestType, CallLogPage>(R"({"from": "2021-13-01"})", "from",
                                    R"(from: expected a date (yyyy-mm-dd), got "2021-13-01")");
    check_decode_error<TestType, CallLogPage>(R"({"to": 20211012})", "to", "to: expected date string, got integer");
    // Long values are shortened in the message.
    check_decode_error<TestType, CallLogPage>(
        R"({"call_logs": [{"id": "a", "call_end_time": "not a date, not a time, just text that goes on"}]})",
        "call_logs[0].call_end_time",
        R"(call_logs[0].call_end_time: expected a date-time (RFC 3339), got "not a date, not a time, just text th...)");
  }

  SECTION("integers out of range of their member") {
    check_decode_error<TestType, CallLogPage>(R"({"page_size": 18446744073709551615})", "page_size",
                                    "page_size: integer 18446744073709551615 is out of range");
    check_decode_error<TestType, decode_test::Counters>(R"({"small": 2147483648})", "small",
                                              "small: integer 2147483648 is out of range");
    check_decode_error<TestType, decode_test::Counters>(R"({"small": -2147483649})", "small",
                                              "small: integer -2147483649 is out of range");
    check_decode_error<TestType, decode_test::Counters>(R"({"small": 1, "tiny": -3000000000})", "tiny",
                                              "tiny: integer -3000000000 is out of range");
    const auto edges = TestType::template decode<decode_test::Counters>(R"({"small": -2147483648, "tiny": 65535})"sv);
    CHECK(edges.small == -2147483648LL);
    CHECK(edges.tiny == 65535);
    CHECK(TestType::template decode<CallLogPage>(R"({"total_records": 9223372036854775807})"sv).total_records ==
          9223372036854775807LL);
  }
}

TEMPLATE_TEST_CASE("Bad JSON is a DecodeError naming the byte offset", "[json][errors]", Direct, DomWalker) {
  SECTION("an empty body") {
    CHECK_THROWS_WITH(TestType::template decode<CallLogPage>(""sv), "(document): invalid JSON: the body is empty");
    CHECK_THROWS_MATCHES(TestType::template decode<CallLogPage>(""sv), zoom::DecodeError, HasPath(""));
  }
  SECTION("a truncated body") {
    const std::string_view body = R"({"call_logs": [{"id": "a", )";  // 27 bytes
    CHECK_THROWS_WITH(TestType::template decode<CallLogPage>(body), StartsWith("(document): invalid JSON at byte 27 of 27: "));
    CHECK_THROWS_MATCHES(TestType::template decode<CallLogPage>(body), zoom::DecodeError, HasPath(""));
  }
  SECTION("trailing garbage after the document") {
    const std::string_view body = R"({"page_size": 30}<html>)";  // the `<` is byte 17 of 23
    CHECK_THROWS_WITH(TestType::template decode<CallLogPage>(body), StartsWith("(document): invalid JSON at byte 17 of 23: "));
    CHECK_THROWS_MATCHES(TestType::template decode<CallLogPage>(body), zoom::DecodeError, HasPath(""));
  }
  SECTION("a syntax error inside the document") {
    const std::string_view body = R"({"page_size": 30,, "page_count": 1})";  // the second `,` is byte 17 of 35
    CHECK_THROWS_WITH(TestType::template decode<CallLogPage>(body), StartsWith("(document): invalid JSON at byte 17 of 35: "));
    CHECK_THROWS_AS(TestType::template decode<CallLogPage>(body), zoom::DecodeError);
  }
  SECTION("an HTML error page instead of JSON") {
    const std::string_view body = "<html><body>502 Bad Gateway</body></html>";
    CHECK_THROWS_WITH(TestType::template decode<CallLogPage>(body), StartsWith("(document): invalid JSON at byte 0 of 41: "));
    CHECK_THROWS_AS(TestType::template decode<CallLogPage>(body), zoom::Error);
  }
  SECTION("whitespace around the document is fine") {
    CHECK(TestType::template decode<CallLogPage>(" \n{\"page_size\": 30}\r\n"sv).page_size == 30);
  }
}

TEMPLATE_TEST_CASE("Zoom's error bodies decode as ZoomError", "[json]", Direct, DomWalker) {
  SECTION("a plain error") {
    const auto error = TestType::template decode<zoom::phone::ZoomError>(R"({"code":124,"message":"Invalid access token."})"sv);
    CHECK(error.code == 124);
    CHECK(error.message == "Invalid access token.");
    CHECK(error.errors.empty());
    CHECK(error.extra.empty());
  }
  SECTION("a validation error with one entry per field") {
    const auto error = TestType::template decode<zoom::phone::ZoomError>(R"({
        "code": 300, "message": "Validation Failed.",
        "errors": [{"field": "from", "message": "Invalid date format."},
                   {"field": "page_size", "message": "Must be at most 300.", "rejected_value": 500}]})"sv);
    CHECK(error.code == 300);
    CHECK(error.message == "Validation Failed.");
    REQUIRE(error.errors.size() == 2);
    CHECK(error.errors[0].field == "from");
    CHECK(error.errors[0].message == "Invalid date format.");
    CHECK(error.errors[0].extra.empty());
    CHECK(error.errors[1].field == "page_size");
    CHECK(error.errors[1].message == "Must be at most 300.");
    CHECK(error.errors[1].extra == boost::json::object{{"rejected_value", 500}});
  }
  SECTION("a rate-limit error") {
    const auto error = TestType::template decode<zoom::phone::ZoomError>(
        R"({"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."})"sv);
    CHECK(error.code == 429);
    CHECK_THAT(error.message, StartsWith("You have reached the maximum per-second rate limit"));
  }
  SECTION("a mismatch inside the errors array names its path") {
    check_decode_error<TestType, zoom::phone::ZoomError>(R"({"code": 300, "message": "m", "errors": [{"field": 1}]})",
                                               "errors[0].field", "errors[0].field: expected string, got integer");
  }
}

TEMPLATE_TEST_CASE("Every kind of member decodes, and names its path when it does not", "[json]", Direct, DomWalker) {
  using decode_test::Mixed;
  SECTION("maps, free-form JSON and objects, oneOf, nested arrays") {
    const auto mixed = TestType::template decode<Mixed>(R"({"counts": {"a": 1, "b": -2}, "any": [1, {"x": null}],
        "meta": {"k": [true, 1.5]}, "either": 7, "grid": [[1, 2], [], [3]], "ratio": 2, "later": {"n": [1e3]}})");
    CHECK(mixed.counts == std::map<std::string, std::int64_t>{{"a", 1}, {"b", -2}});
    CHECK(mixed.any == boost::json::parse(R"([1, {"x": null}])"));
    CHECK(mixed.meta == boost::json::parse(R"({"k": [true, 1.5]})").as_object());
    CHECK(mixed.either == decltype(mixed.either){std::int64_t{7}});
    CHECK(mixed.grid == std::vector<std::vector<std::int32_t>>{{1, 2}, {}, {3}});
    CHECK(mixed.ratio == 2.0);
    CHECK(mixed.extra == boost::json::parse(R"({"later": {"n": [1e3]}})").as_object());
    const auto text = TestType::template decode<Mixed>(R"({"either": "seven"})");
    CHECK(text.either == decltype(text.either){std::string{"seven"}});
    const auto list = TestType::template decode<Mixed>(R"({"either": ["a", "b"], "any": "s"})");
    CHECK(list.either == decltype(list.either){std::vector<std::string>{"a", "b"}});
    CHECK(list.any == "s");
    CHECK(list.counts.empty());
  }
  SECTION("mismatches inside them") {
    check_decode_error<TestType, Mixed>(R"({"either": 1, "counts": {"a": 1, "b": "2"}})", "counts.b",
                                        "counts.b: expected integer, got string");
    check_decode_error<TestType, Mixed>(R"({"either": 1, "grid": [[1], [2, 3.5]]})", "grid[1][1]",
                                        "grid[1][1]: expected integer, got number");
    check_decode_error<TestType, Mixed>(R"({"either": {"a": 1}})", "either",
                                        "either: expected one of the alternatives, got object");
    check_decode_error<TestType, Mixed>(R"({"either": 1, "meta": [1]})", "meta", "meta: expected object, got array");
    check_decode_error<TestType, Mixed>(R"({"either": 1, "grid": [[3000000000]]})", "grid[0][0]",
                                        "grid[0][0]: integer 3000000000 is out of range");
    check_decode_error<TestType, Mixed>(R"({"counts": {}})", "either", "either: required field is missing");
  }
  SECTION("a number beyond a double's range, wherever it is") {
    check_decode_error<TestType, Mixed>(R"({"either": 1, "ratio": 1e400})", "ratio",
                                        "ratio: number out of range (a double holds up to 1.8e308)");
    check_decode_error<TestType, Mixed>(R"({"either": 1, "any": {"deep": [0, -1e999]}})", "any.deep[1]",
                                        "any.deep[1]: number out of range (a double holds up to 1.8e308)");
    check_decode_error<TestType, CallLogPage>(R"({"call_logs": [{"id": "a", "unknown": {"x": [2e308]}}]})",
                                              "call_logs[0].unknown.x[0]",
                                              "call_logs[0].unknown.x[0]: number out of range (a double holds up to 1.8e308)");
    check_decode_error<TestType, decode_test::Strict>(R"({"name": "n", "skipped": [1e500]})", "skipped[0]",
                                                      "skipped[0]: number out of range (a double holds up to 1.8e308)");
  }
  SECTION("a model without `extra` skips unknown keys") {
    CHECK(TestType::template decode<decode_test::Strict>(R"({"a": {"b": [1, {"c": "d"}]}, "name": "n", "z": null})").name ==
          "n");
  }
}

TEMPLATE_TEST_CASE("A repeated key: its last value wins", "[json]", Direct, DomWalker) {
  const auto page = TestType::template decode<CallLogPage>(R"({"page_size": 1, "call_logs": [{"id": "a"}],
      "odd": 1, "page_size": 2, "call_logs": [{"id": "b", "site": {"name": "x"}, "site": {"id": "y"}}], "odd": [2]})");
  CHECK(page.page_size == 2);
  REQUIRE(page.call_logs.size() == 1);
  CHECK(page.call_logs[0].id == "b");
  REQUIRE(page.call_logs[0].site);
  CHECK(page.call_logs[0].site->id == "y");
  CHECK_FALSE(page.call_logs[0].site->name);
  CHECK(page.extra == boost::json::object{{"odd", boost::json::array{2}}});
  const auto counts = TestType::template decode<decode_test::Mixed>(R"({"either": 1, "counts": {"a": 1, "a": 2}})");
  CHECK(counts.counts == std::map<std::string, std::int64_t>{{"a", 2}});
}

TEMPLATE_TEST_CASE("The same page decodes the same however it is written", "[json]", Direct, DomWalker) {
  const std::string minified = fixture("call_log_page_forward_compatible.json");
  const auto page = TestType::template decode<CallLogPage>(minified);
  // Keys in reverse order, everything spread over lines, strings with escapes where the text has
  // none: the parser hands such strings over in parts.
  const auto reversed = [](const boost::json::value& v, auto& self) -> boost::json::value {
    if (const auto* object = v.if_object()) {
      boost::json::object out;
      for (auto it = object->end(); it != object->begin();) {
        --it;
        out.emplace(it->key(), self(it->value(), self));
      }
      return out;
    }
    if (const auto* array = v.if_array()) {
      boost::json::array out;
      for (const auto& element : *array) out.push_back(self(element, self));
      return out;
    }
    return v;
  };
  const std::string shuffled = zoom::json::encode(reversed(boost::json::parse(minified), reversed));
  CHECK(TestType::template decode<CallLogPage>(shuffled) == page);
  std::string pretty;
  for (const char c : zoom::json::encode(boost::json::parse(minified))) {
    pretty += c;
    if (c == ',' || c == '{' || c == '[') pretty += "\n    ";
  }
  CHECK(TestType::template decode<CallLogPage>(pretty) == page);
  const auto escaped = TestType::template decode<CallLogPage>(
      R"({"call_logs": [{"id": "\u0061\u0062", "caller_name": "J\u00f6rg \"JJ\" M\u00fcller\n", "direction": "in\u0062ound",
          "\u0064uration": 5, "note\u0021": "x\ty"}], "next_page_token": "a\/b"})");
  REQUIRE(escaped.call_logs.size() == 1);
  CHECK(escaped.call_logs[0].id == "ab");
  CHECK(escaped.call_logs[0].caller_name == "J\u00f6rg \"JJ\" M\u00fcller\n");
  CHECK(escaped.call_logs[0].direction == CallDirection::inbound);
  CHECK(escaped.call_logs[0].duration == 5);
  CHECK(escaped.call_logs[0].extra == boost::json::object{{"note!", "x\ty"}});
  CHECK(escaped.next_page_token == "a/b");
}

TEST_CASE("The decoder sizes a page's records from the text, and keeps no excess", "[json]") {
  // Two short records before a long unknown value: the guess from the first record is far too
  // high, and what was not used is given back.
  const std::string body = R"({"call_logs": [{"id": "a"}, {"id": "b"}], "padding": ")" + std::string(200000, 'x') + "\"}";
  const auto page = zoom::json::decode<CallLogPage>(body);
  REQUIRE(page.call_logs.size() == 2);
  CHECK(page.call_logs.capacity() <= 2 * 2 + 8);
  CHECK(page.extra.at("padding").as_string().size() == 200000);
}

TEST_CASE("decode takes a document as any kind of string", "[json][api]") {
  CHECK(DecodableFrom<std::string_view>);
  CHECK(DecodableFrom<const std::string&>);
  CHECK_FALSE(DecodableFrom<const boost::json::value&>);  // a DOM is decoded from its text
  // The most natural call, `decode<T>(R"({...})")`, must compile too: a string literal is a
  // document, not a JSON string value.
  CHECK(DecodableFrom<const char*>);
}

namespace decode_test {

// A model with the members std::vector<bool> and std::map<std::string, bool>.
struct Flags {
  std::vector<bool> flags;
  std::map<std::string, bool> switches;
  boost::json::object extra;
  friend bool operator==(const Flags&, const Flags&) = default;
};
BOOST_DESCRIBE_STRUCT(Flags, (), (flags, switches))

// A recursive model: a member of its own type (zoom::Box) and an array of its own type.
struct Node {
  std::string name;
  zoom::Box<Node> parent;
  std::vector<Node> children;
  boost::json::object extra;
  friend bool operator==(const Node&, const Node&) = default;
};
BOOST_DESCRIBE_STRUCT(Node, (), (name, parent, children))

// Mutual recursion through another model, declared ahead.
struct Beta;
struct Alpha {
  std::string id;
  zoom::Box<Beta> beta;
  friend bool operator==(const Alpha&, const Alpha&) = default;
};
struct Beta {
  std::vector<Alpha> alphas;
  std::optional<std::int64_t> depth;
  friend bool operator==(const Beta&, const Beta&) = default;
};
BOOST_DESCRIBE_STRUCT(Alpha, (), (id, beta))
BOOST_DESCRIBE_STRUCT(Beta, (), (alphas, depth))

constexpr Member flags_members[]{{"flags", offsetof(Flags, flags), &type_of<std::vector<bool>>(), false},
                                 {"switches", offsetof(Flags, switches), &type_of<std::map<std::string, bool>>(), false}};
constexpr auto flags_index = zoom::json::member_index(flags_members);
constexpr Type flags_type{
    .shape = Shape::model, .members = flags_members, .index = flags_index, .extra = offsetof(Flags, extra)};
constexpr const Type& zoom_json_type(const Flags*) noexcept { return flags_type; }

// Recursive: each refers to a table defined after it, as generated tables of a cycle do.
extern const Type node_type, alpha_type, beta_type;
constexpr const Type& zoom_json_type(const Node*) noexcept { return node_type; }
constexpr const Type& zoom_json_type(const Alpha*) noexcept { return alpha_type; }
constexpr const Type& zoom_json_type(const Beta*) noexcept { return beta_type; }

constexpr Member node_members[]{{"name", offsetof(Node, name), &type_of<std::string>(), true},
                                {"parent", offsetof(Node, parent), &type_of<zoom::Box<Node>>(), false},
                                {"children", offsetof(Node, children), &type_of<std::vector<Node>>(), false}};
constexpr auto node_index = zoom::json::member_index(node_members);
constinit const Type node_type{
    .shape = Shape::model, .members = node_members, .index = node_index, .extra = offsetof(Node, extra)};
constexpr Member alpha_members[]{{"id", offsetof(Alpha, id), &type_of<std::string>(), true},
                                 {"beta", offsetof(Alpha, beta), &type_of<zoom::Box<Beta>>(), false}};
constexpr auto alpha_index = zoom::json::member_index(alpha_members);
constinit const Type alpha_type{.shape = Shape::model, .members = alpha_members, .index = alpha_index};
constexpr Member beta_members[]{{"alphas", offsetof(Beta, alphas), &type_of<std::vector<Alpha>>(), false},
                                {"depth", offsetof(Beta, depth), &type_of<std::optional<std::int64_t>>(), false}};
constexpr auto beta_index = zoom::json::member_index(beta_members);
constinit const Type beta_type{.shape = Shape::model, .members = beta_members, .index = beta_index};

}  // namespace decode_test

namespace {

// `text` decodes to `expected` through Decoder, and `expected` encodes back to the same JSON (both
// through to_value and through encode, whose text decodes to `expected` again).
template <class Decoder, class T>
void check_round_trip(std::string_view text, const T& expected) {
  INFO("decoding " << text);
  CHECK(Decoder::template decode<T>(text) == expected);
  CHECK(zoom::json::to_value(expected) == boost::json::parse(text));
  const std::string encoded = zoom::json::encode(expected);
  CHECK(boost::json::parse(encoded) == boost::json::parse(text));
  CHECK(Decoder::template decode<T>(encoded) == expected);
}

}  // namespace

TEMPLATE_TEST_CASE("Every JSON type decodes and encodes as a whole document, an element and a map value", "[json]",
                   Direct, DomWalker) {
  using Value = boost::json::value;
  SECTION("scalars and free-form JSON as the whole document") {
    check_round_trip<TestType>("true", true);
    check_round_trip<TestType>("false", false);
    check_round_trip<TestType>(R"("text \"quoted\"")", std::string{"text \"quoted\""});
    check_round_trip<TestType>("2.5", 2.5);
    check_round_trip<TestType>("-9007199254740993", std::int64_t{-9007199254740993});
    check_round_trip<TestType>(R"({"a": [1, null, "x"]})", boost::json::parse(R"({"a": [1, null, "x"]})"));
    check_round_trip<TestType>("null", Value{});
    check_round_trip<TestType>("true", std::optional<bool>{true});
    check_round_trip<TestType>("null", std::optional<bool>{});
  }
  SECTION("arrays of every kind") {
    check_round_trip<TestType>("[true, false, true]", std::vector<bool>{true, false, true});
    check_round_trip<TestType>("[]", std::vector<bool>{});
    check_round_trip<TestType>("[1.5, -2.0, 3e-3]", std::vector<double>{1.5, -2.0, 3e-3});
    check_round_trip<TestType>(R"(["a", "", "c"])", std::vector<std::string>{"a", "", "c"});
    check_round_trip<TestType>(R"([1, "x", null, [true], {"k": {}}])",
                               std::vector<Value>{1, "x", nullptr, boost::json::array{true},
                                                  boost::json::parse(R"({"k": {}})")});
    check_round_trip<TestType>("[[1, 2], [], [3]]", std::vector<std::vector<std::int64_t>>{{1, 2}, {}, {3}});
  }
  SECTION("maps of booleans and of arrays of booleans") {
    check_round_trip<TestType>(R"({"a": true, "b": false})", std::map<std::string, bool>{{"a", true}, {"b", false}});
    check_round_trip<TestType>(R"({"a": [true, false], "b": []})",
                               std::map<std::string, std::vector<bool>>{{"a", {true, false}}, {"b", {}}});
  }
  SECTION("a model with std::vector<bool> and std::map<std::string, bool> members") {
    check_round_trip<TestType>(R"({"flags": [false, true], "switches": {"on": true}, "more": 1})",
                               decode_test::Flags{{false, true}, {{"on", true}}, {{"more", 1}}});
    CHECK(TestType::template decode<decode_test::Flags>("{}") == decode_test::Flags{});
    CHECK(TestType::template decode<decode_test::Flags>(R"({"flags": null, "switches": null})") == decode_test::Flags{});
  }
  SECTION("an element of the wrong kind names its path") {
    check_decode_error<TestType, bool>("1", "", "(document): expected boolean, got integer");
    check_decode_error<TestType, std::vector<bool>>("[true, 1]", "[1]", "[1]: expected boolean, got integer");
    check_decode_error<TestType, std::vector<bool>>("[true, false, {}]", "[2]", "[2]: expected boolean, got object");
    check_decode_error<TestType, std::vector<bool>>("[[true]]", "[0]", "[0]: expected boolean, got array");
    check_decode_error<TestType, std::vector<bool>>("{}", "", "(document): expected array, got object");
    check_decode_error<TestType, std::vector<double>>(R"([1, "2"])", "[1]", "[1]: expected number, got string");
    check_decode_error<TestType, std::vector<std::string>>(R"(["a", false])", "[1]", "[1]: expected string, got boolean");
    check_decode_error<TestType, std::vector<std::vector<std::int64_t>>>("[[1], [2, 2.5]]", "[1][1]",
                                                                         "[1][1]: expected integer, got number");
    check_decode_error<TestType, std::map<std::string, bool>>(R"({"a": true, "b": "yes"})", "b",
                                                              "b: expected boolean, got string");
    check_decode_error<TestType, std::map<std::string, std::vector<bool>>>(R"({"a": [true], "b": [false, null]})",
                                                                           "b[1]", "b[1]: expected boolean, got null");
    check_decode_error<TestType, std::optional<bool>>(R"("true")", "", "(document): expected boolean, got string");
    check_decode_error<TestType, decode_test::Flags>(R"({"flags": [true, 0]})", "flags[1]",
                                                     "flags[1]: expected boolean, got integer");
    check_decode_error<TestType, decode_test::Flags>(R"({"switches": {"x": [true]}})", "switches.x",
                                                     "switches.x: expected boolean, got array");
  }
}

TEMPLATE_TEST_CASE("Recursive models decode and encode through zoom::Box", "[json][box]", Direct, DomWalker) {
  using decode_test::Alpha;
  using decode_test::Beta;
  using decode_test::Node;
  SECTION("a tree three levels deep, each node with its parent") {
    const std::string text = R"({"name": "root", "children": [
        {"name": "child", "parent": {"name": "root"}, "children": [
          {"name": "leaf", "parent": {"name": "child", "parent": {"name": "root"}}, "note": 1}]},
        {"name": "second", "parent": null}]})";
    const auto tree = TestType::template decode<Node>(text);
    CHECK(tree.name == "root");
    CHECK_FALSE(tree.parent);
    REQUIRE(tree.children.size() == 2);
    const Node& child = tree.children[0];
    REQUIRE(child.parent);
    CHECK(child.parent->name == "root");
    CHECK_FALSE(child.parent->parent);
    REQUIRE(child.children.size() == 1);
    const Node& leaf = child.children[0];
    CHECK(leaf.name == "leaf");
    REQUIRE(leaf.parent);
    CHECK(leaf.parent->name == "child");
    REQUIRE(leaf.parent->parent);
    CHECK(leaf.parent->parent->name == "root");
    CHECK(leaf.children.empty());
    CHECK(leaf.extra == boost::json::object{{"note", 1}});
    CHECK_FALSE(tree.children[1].parent);  // null: empty

    // An empty Box is left out; an absent array is written as an empty one.
    CHECK(zoom::json::to_value(tree) == boost::json::parse(R"({"name": "root", "children": [
        {"name": "child", "parent": {"name": "root", "children": []}, "children": [
          {"name": "leaf", "parent": {"name": "child", "parent": {"name": "root", "children": []}, "children": []},
           "children": [], "note": 1}]},
        {"name": "second", "children": []}]})"));
    CHECK(TestType::template decode<Node>(zoom::json::encode(tree)) == tree);
  }
  SECTION("mutual recursion through another model") {
    const std::string text =
        R"({"id": "a1", "beta": {"depth": 1, "alphas": [{"id": "a2", "beta": {"alphas": []}}, {"id": "a3"}]}})";
    const auto alpha = TestType::template decode<Alpha>(text);
    REQUIRE(alpha.beta);
    CHECK(alpha.beta->depth == 1);
    REQUIRE(alpha.beta->alphas.size() == 2);
    CHECK(alpha.beta->alphas[0].id == "a2");
    REQUIRE(alpha.beta->alphas[0].beta);
    CHECK(alpha.beta->alphas[0].beta->alphas.empty());
    CHECK_FALSE(alpha.beta->alphas[1].beta);
    CHECK(zoom::json::to_value(alpha) == boost::json::parse(text));
    CHECK(TestType::template decode<Alpha>(zoom::json::encode(alpha)) == alpha);
  }
  SECTION("a Box as the whole document") {
    CHECK_FALSE(TestType::template decode<zoom::Box<Node>>("null"));
    const auto boxed = TestType::template decode<zoom::Box<Node>>(R"({"name": "n"})");
    REQUIRE(boxed);
    CHECK(boxed->name == "n");
    CHECK(zoom::json::to_value(zoom::Box<Node>{}) == nullptr);
    CHECK(zoom::json::encode(boxed) == R"({"name":"n","children":[]})");
  }
  SECTION("a mismatch inside nested nodes names its path") {
    check_decode_error<TestType, Node>(R"({"name": "r", "children": [{"name": "c", "children": [{"name": 5}]}]})",
                                       "children[0].children[0].name",
                                       "children[0].children[0].name: expected string, got integer");
    check_decode_error<TestType, Node>(R"({"name": "x", "parent": {"name": "p", "parent": {"name": []}}})",
                                       "parent.parent.name", "parent.parent.name: expected string, got array");
    check_decode_error<TestType, Node>(R"({"name": "x", "children": [{"name": "c", "parent": {}}]})",
                                       "children[0].parent.name", "children[0].parent.name: required field is missing");
    check_decode_error<TestType, Node>(R"({"name": "x", "parent": 3})", "parent", "parent: expected object, got integer");
    check_decode_error<TestType, Alpha>(R"({"id": "a", "beta": {"alphas": [{"id": "b", "beta": {"depth": "deep"}}]}})",
                                        "beta.alphas[0].beta.depth",
                                        "beta.alphas[0].beta.depth: expected integer, got string");
  }
}

TEST_CASE("Leniently, a value kept in place of a required variant is written back, not the empty default",
          "[json][lenient]") {
  std::vector<std::string> reported;
  const zoom::json::DecodeOptions lenient{.on_mismatch = [&](const zoom::json::Mismatch& m) {
    reported.push_back(m.path + ": " + m.problem);
  }};
  const std::string text = R"({"either": {"a": 1}, "counts": {}, "grid": []})";
  const auto mixed = zoom::json::decode<decode_test::Mixed>(text, lenient);
  CHECK(reported == std::vector<std::string>{"either: expected one of the alternatives, got object"});
  CHECK(mixed.extra.at("either") == boost::json::parse(R"({"a": 1})"));
  CHECK(boost::json::parse(zoom::json::encode(mixed)) == boost::json::parse(text));
}
