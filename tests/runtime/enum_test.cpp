// zoom::Enum: a known enumerator or the raw wire value of one the spec does not list.
#include "catch_printers.hpp"

#include <zoom/enum.hpp>
#include <zoom/phone/call_logs.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <type_traits>

using zoom::phone::CallDirection;
using zoom::phone::CalleeNumberType;
using zoom::phone::CallerNumberType;
using zoom::phone::CallLogTimeType;
using zoom::phone::ExtensionType;
using zoom::phone::NumberSource;
using zoom::phone::PhoneNumberType;
using zoom::phone::RecordingType;

static_assert(std::is_same_v<zoom::Enum<CallDirection>::wire_type, std::string>);
static_assert(std::is_same_v<zoom::Enum<CallerNumberType>::wire_type, std::int64_t>);

namespace {

// Every listed value maps both ways, and no two enumerators share a wire value.
template <class E>
void check_listed_values() {
  std::set<typename zoom::Enum<E>::wire_type> seen;
  for (const auto& entry : zoom_enum_values(E{})) {
    const typename zoom::Enum<E>::wire_type wire{entry.wire};
    INFO("wire value " << wire);
    const auto decoded = zoom::Enum<E>::from_wire(wire);
    CHECK(decoded.known() == entry.value);
    CHECK(decoded == entry.value);
    CHECK(zoom::Enum<E>{entry.value}.wire() == wire);
    CHECK(seen.insert(wire).second);
  }
  CHECK_FALSE(seen.empty());
}

}  // namespace

TEST_CASE("A default-constructed Enum is unknown with an empty wire value", "[enum]") {
  const zoom::Enum<CallDirection> text;
  CHECK_FALSE(text.known());
  CHECK(text.wire() == "");
  CHECK(text != CallDirection::inbound);
  CHECK(text != CallDirection::outbound);

  const zoom::Enum<CallerNumberType> number;
  CHECK_FALSE(number.known());
  CHECK(number.wire() == 0);
  CHECK(number != CallerNumberType::extension);
}

TEST_CASE("from_wire finds listed values and keeps the others raw", "[enum]") {
  SECTION("string enums") {
    const auto inbound = zoom::Enum<CallDirection>::from_wire("inbound");
    CHECK(inbound.known() == CallDirection::inbound);
    CHECK(inbound.wire() == "inbound");

    // Wire names differ from the C++ names.
    const auto end_time = zoom::Enum<CallLogTimeType>::from_wire("endTime");
    CHECK(end_time.known() == CallLogTimeType::end_time);
    CHECK(zoom::Enum<ExtensionType>::from_wire("commonAreaPhone").known() == ExtensionType::common_area_phone);
    CHECK(zoom::Enum<RecordingType>::from_wire("OnDemand").known() == RecordingType::on_demand);

    const auto sideways = zoom::Enum<CallDirection>::from_wire("sideways");
    CHECK_FALSE(sideways.known());
    CHECK(sideways.wire() == "sideways");

    // Matching is exact: other spellings are other values, kept as they came.
    const auto spelled = zoom::Enum<RecordingType>::from_wire("On-demand");
    CHECK_FALSE(spelled.known());
    CHECK(spelled.wire() == "On-demand");
    CHECK_FALSE(zoom::Enum<CallDirection>::from_wire("Inbound").known());
    CHECK_FALSE(zoom::Enum<CallLogTimeType>::from_wire("end_time").known());
    CHECK_FALSE(zoom::Enum<CallDirection>::from_wire("").known());
  }

  SECTION("integer enums") {
    const auto phone = zoom::Enum<CalleeNumberType>::from_wire(2);
    CHECK(phone.known() == CalleeNumberType::phone_number);
    CHECK(phone.wire() == 2);

    const auto seven = zoom::Enum<CallerNumberType>::from_wire(7);
    CHECK_FALSE(seven.known());
    CHECK(seven.wire() == 7);

    // 3 is listed for callee numbers, not for caller numbers.
    CHECK(zoom::Enum<CalleeNumberType>::from_wire(3).known() == CalleeNumberType::custom_emergency_number);
    CHECK_FALSE(zoom::Enum<CallerNumberType>::from_wire(3).known());
    CHECK_FALSE(zoom::Enum<PhoneNumberType>::from_wire(0).known());
    CHECK_FALSE(zoom::Enum<PhoneNumberType>::from_wire(-1).known());
    CHECK(zoom::Enum<PhoneNumberType>::from_wire(-1).wire() == -1);
  }
}

TEST_CASE("Equality: by value on the wire, and against enumerators", "[enum]") {
  using Direction = zoom::Enum<CallDirection>;
  CHECK(Direction{CallDirection::inbound} == CallDirection::inbound);
  CHECK(Direction{CallDirection::inbound} != CallDirection::outbound);
  CHECK(CallDirection::inbound == Direction{CallDirection::inbound});
  CHECK(Direction::from_wire("inbound") == Direction{CallDirection::inbound});
  CHECK(Direction::from_wire("outbound") != Direction{CallDirection::inbound});
  CHECK(Direction::from_wire("sideways") == Direction::from_wire("sideways"));
  CHECK(Direction::from_wire("sideways") != Direction::from_wire("upwards"));
  CHECK(Direction::from_wire("sideways") != CallDirection::inbound);
  CHECK(Direction::from_wire("sideways") != Direction{CallDirection::inbound});
  CHECK(Direction{} == Direction{});
  CHECK(Direction{} != Direction{CallDirection::inbound});

  using Caller = zoom::Enum<CallerNumberType>;
  CHECK(Caller::from_wire(1) == CallerNumberType::extension);
  CHECK(Caller::from_wire(1) == Caller{CallerNumberType::extension});
  CHECK(Caller::from_wire(7) == Caller::from_wire(7));
  CHECK(Caller::from_wire(7) != Caller::from_wire(8));
  CHECK(Caller::from_wire(7) != CallerNumberType::extension);
  CHECK(Caller::from_wire(7) != CallerNumberType::phone_number);

  // Assignment from an enumerator replaces a raw value.
  Direction direction = Direction::from_wire("sideways");
  direction = CallDirection::outbound;
  CHECK(direction.known() == CallDirection::outbound);
  CHECK(direction.wire() == "outbound");
}

TEST_CASE("Every generated enum maps its listed values both ways", "[enum]") {
  check_listed_values<CallDirection>();
  check_listed_values<zoom::phone::CallLogFilter>();
  check_listed_values<CallLogTimeType>();
  check_listed_values<CalleeNumberType>();
  check_listed_values<CallerNumberType>();
  check_listed_values<ExtensionType>();
  check_listed_values<NumberSource>();
  check_listed_values<PhoneNumberType>();
  check_listed_values<RecordingType>();

  // The values the spec lists, spelled as on the wire.
  CHECK(zoom::Enum<CallLogTimeType>{CallLogTimeType::start_time}.wire() == "startTime");
  CHECK(zoom::Enum<ExtensionType>{ExtensionType::auto_receptionist}.wire() == "autoReceptionist");
  CHECK(zoom::Enum<ExtensionType>{ExtensionType::shared_line_group}.wire() == "sharedLineGroup");
  CHECK(zoom::Enum<RecordingType>{RecordingType::automatic}.wire() == "Automatic");
  CHECK(zoom::Enum<NumberSource>{NumberSource::byop}.wire() == "byop");
  CHECK(zoom::Enum<PhoneNumberType>{PhoneNumberType::e164}.wire() == 2);
  CHECK(zoom::Enum<CalleeNumberType>{CalleeNumberType::custom_emergency_number}.wire() == 3);
}
