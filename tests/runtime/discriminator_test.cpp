// A oneOf of models with a discriminator (a std::variant whose table has a zoom::Discriminator):
// the alternative is the one the property names, wherever the property comes in the object,
// through both the decoder (strict) and the oracle (json_oracle.hpp), with the same JSON paths
// in their errors; lenient, a value that names no alternative is kept aside.
#include <zoom/discriminator.hpp>
#include <zoom/error.hpp>
#include <zoom/json.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>

#include "json_oracle.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace discriminator_test {

struct Circle {
  std::string kind;
  std::optional<double> radius;
  boost::json::object extra;
  friend bool operator==(const Circle&, const Circle&) = default;
};
BOOST_DESCRIBE_STRUCT(Circle, (), (kind, radius))

struct Square {
  std::string kind;
  std::optional<double> side;
  boost::json::object extra;
  friend bool operator==(const Square&, const Square&) = default;
};
BOOST_DESCRIBE_STRUCT(Square, (), (kind, side))

using Shape = std::variant<Circle, Square>;

struct Drawing {
  std::vector<Shape> shapes;
  std::optional<Shape> main;
  boost::json::object extra;
  friend bool operator==(const Drawing&, const Drawing&) = default;
};
BOOST_DESCRIBE_STRUCT(Drawing, (), (shapes, main))

// offsetof on a type that is not standard-layout, as in the generated tables: GCC and Clang
// support it for classes without virtual bases.
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
// The tables, as the generator writes them: the variant's, with its discriminator (`Circle`
// also names the first alternative: its component name), is named, and the members that hold
// it refer to it.
using zoom::json::Member;
using zoom::json::Type;
using zoom::json::type_of;

constexpr Member circle_members[]{{"kind", offsetof(Circle, kind), &type_of<std::string>(), true},
                                  {"radius", offsetof(Circle, radius), &type_of<std::optional<double>>(), false}};
constexpr auto circle_index = zoom::json::member_index(circle_members);
constexpr Type circle_type{.shape = zoom::json::Shape::model, .members = circle_members, .index = circle_index,
                           .extra = offsetof(Circle, extra)};
constexpr const Type& zoom_json_type(const Circle*) noexcept { return circle_type; }
constexpr Member square_members[]{{"kind", offsetof(Square, kind), &type_of<std::string>(), true},
                                  {"side", offsetof(Square, side), &type_of<std::optional<double>>(), false}};
constexpr auto square_index = zoom::json::member_index(square_members);
constexpr Type square_type{.shape = zoom::json::Shape::model, .members = square_members, .index = square_index,
                           .extra = offsetof(Square, extra)};
constexpr const Type& zoom_json_type(const Square*) noexcept { return square_type; }

constexpr const Type* shape_alternatives[]{&circle_type, &square_type};
constexpr std::pair<std::string_view, std::size_t> shape_values[]{{"circle", 0}, {"Circle", 0}, {"square", 1}};
constexpr zoom::Discriminator shape_discriminator{"kind", shape_values};
constexpr Type shape_type = zoom::json::variant_type<Shape>(shape_alternatives, &shape_discriminator);

constexpr Member drawing_members[]{
    {"shapes", offsetof(Drawing, shapes), &zoom::json::container_of<std::vector<Shape>, shape_type>, false},
    {"main", offsetof(Drawing, main), &zoom::json::container_of<std::optional<Shape>, shape_type>, false}};
constexpr auto drawing_index = zoom::json::member_index(drawing_members);
constexpr Type drawing_type{.shape = zoom::json::Shape::model, .members = drawing_members, .index = drawing_index,
                            .extra = offsetof(Drawing, extra)};
constexpr const Type& zoom_json_type(const Drawing*) noexcept { return drawing_type; }

}  // namespace discriminator_test

using discriminator_test::Circle;
using discriminator_test::Drawing;
using discriminator_test::Shape;
using discriminator_test::Square;

namespace {

// Decodes with the decoder and with the oracle; both must agree.
template <class T>
T decode_both(std::string_view text, const zoom::json::Type& type = zoom::json::type_of<T>()) {
  T direct = zoom::json::decode_as<T>(text, type, {.strict = true});
  T walked{};
  zoom::test::oracle::from_value(boost::json::parse(text), walked, type, "");
  CHECK(direct == walked);
  return direct;
}

// The message of the error each decoder throws; both must say the same.
template <class T>
std::string error_of(std::string_view text, const zoom::json::Type& type = zoom::json::type_of<T>()) {
  std::string direct, walked;
  try {
    (void)zoom::json::decode_as<T>(text, type, {.strict = true});
  } catch (const zoom::DecodeError& e) {
    direct = e.what();
  }
  try {
    T out{};
    zoom::test::oracle::from_value(boost::json::parse(text), out, type, "");
  } catch (const zoom::DecodeError& e) {
    walked = e.what();
  }
  CHECK(direct == walked);
  return direct;
}

}  // namespace

TEST_CASE("a discriminated oneOf decodes the alternative its property names, wherever the property comes") {
  const auto drawing = decode_both<Drawing>(
      R"({"shapes": [{"kind": "square", "side": 2}, {"radius": 1.5, "kind": "circle", "color": "red"}, {"kind": "Circle"}],
          "main": {"side": 3, "kind": "square"}})");
  REQUIRE(drawing.shapes.size() == 3);
  REQUIRE(std::holds_alternative<Square>(drawing.shapes[0]));
  CHECK(std::get<Square>(drawing.shapes[0]).side == 2.0);
  REQUIRE(std::holds_alternative<Circle>(drawing.shapes[1]));
  CHECK(std::get<Circle>(drawing.shapes[1]).radius == 1.5);
  CHECK(std::get<Circle>(drawing.shapes[1]).extra.at("color") == "red");  // unknown fields kept
  CHECK(std::holds_alternative<Circle>(drawing.shapes[2]));
  REQUIRE(drawing.main);
  CHECK(std::get<Square>(*drawing.main).side == 3.0);

  // Encoded back, the property and the unknown field are there; decoded again, the same value.
  const std::string encoded = zoom::json::encode(drawing);
  CHECK(encoded.find(R"("kind":"circle")") != std::string::npos);
  CHECK(encoded.find(R"("color":"red")") != std::string::npos);
  CHECK(decode_both<Drawing>(encoded) == drawing);
}

TEST_CASE("a discriminated oneOf whose property is missing, unknown or not a string names its path") {
  CHECK(error_of<Drawing>(R"({"shapes": [{"kind": "square"}, {"kind": "hexagon"}]})") ==
        R"(shapes[1].kind: "hexagon" names no alternative (expected one of circle, Circle, square))");
  CHECK(error_of<Drawing>(R"({"shapes": [{"side": 1}]})") ==
        R"(shapes[0]: the property "kind" that says which alternative this is is missing)");
  CHECK(error_of<Drawing>(R"({"main": {"kind": 7}})") == "main.kind: expected a string naming the alternative, got integer");
  CHECK(error_of<Drawing>(R"({"main": "circle"})") == R"(main: expected an object, got string)");
  CHECK(error_of<Shape>(R"({"kind": "circle", "radius": "big"})", discriminator_test::shape_type) ==
        "radius: expected number, got string");
  CHECK(error_of<Drawing>(R"({"shapes": [{"kind": "circle"}, {"kind": "circle", "radius": []}]})") ==
        "shapes[1].radius: expected number, got array");
}

TEST_CASE("leniently, a discriminated oneOf that names no alternative is kept aside") {
  std::vector<std::string> reported;
  const zoom::json::DecodeOptions lenient{.on_mismatch = [&](const zoom::json::Mismatch& m) {
    reported.push_back(m.path + ": " + m.problem);
  }};
  const std::string text = R"({"main": {"kind": "hexagon", "sides": 6}, "shapes": [{"kind": "circle", "radius": "big"}]})";
  const auto drawing = zoom::json::decode<Drawing>(text, lenient);
  CHECK(reported == std::vector<std::string>{
                        R"(main.kind: "hexagon" names no alternative (expected one of circle, Circle, square))",
                        "shapes[0].radius: expected number, got string"});
  CHECK_FALSE(drawing.main);
  CHECK(drawing.extra.at("main") == boost::json::parse(R"({"kind": "hexagon", "sides": 6})"));
  REQUIRE(drawing.shapes.size() == 1);
  CHECK(std::get<Circle>(drawing.shapes[0]).extra.at("radius") == "big");
  CHECK(boost::json::parse(zoom::json::encode(drawing)) == boost::json::parse(text));
}
