// A oneOf of models with a discriminator (std::variant + zoom_discriminator): the alternative is
// the one the property names, wherever the property comes in the object, through both the
// direct decoder (zoom::json::decode of text) and the DOM walker (zoom::json::decode of a parsed value), with the
// same JSON paths in their errors.
#include <zoom/discriminator.hpp>
#include <zoom/error.hpp>
#include <zoom/json.hpp>

#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

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

// As the generator writes it: `Circle` also names the first alternative (its component name).
inline zoom::Discriminator zoom_discriminator(const std::variant<Circle, Square>*) noexcept {
  static constexpr std::pair<std::string_view, std::size_t> values[]{{"circle", 0}, {"Circle", 0}, {"square", 1}};
  return {"kind", values};
}

struct Drawing {
  std::vector<Shape> shapes;
  std::optional<Shape> main;
  boost::json::object extra;
  friend bool operator==(const Drawing&, const Drawing&) = default;
};
BOOST_DESCRIBE_STRUCT(Drawing, (), (shapes, main))

}  // namespace discriminator_test

using discriminator_test::Circle;
using discriminator_test::Drawing;
using discriminator_test::Shape;
using discriminator_test::Square;

namespace {

// Decodes with the direct decoder and with the DOM walker; both must agree.
template <class T>
T decode_both(std::string_view text) {
  T direct = zoom::json::decode<T>(text);
  const T walked = zoom::json::decode<T>(boost::json::parse(text));
  CHECK(direct == walked);
  return direct;
}

// The message of the error each decoder throws; both must say the same.
template <class T>
std::string error_of(std::string_view text) {
  std::string direct, walked;
  try {
    (void)zoom::json::decode<T>(text);
  } catch (const zoom::DecodeError& e) {
    direct = e.what();
  }
  try {
    (void)zoom::json::decode<T>(boost::json::parse(text));
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
  CHECK(error_of<Shape>(R"({"kind": "circle", "radius": "big"})") == "radius: expected number, got string");
  CHECK(error_of<Drawing>(R"({"shapes": [{"kind": "circle"}, {"kind": "circle", "radius": []}]})") ==
        "shapes[1].radius: expected number, got array");
}
