// zoom::MultipartForm and zoom::add_part: the exact bytes of a multipart/form-data body, read
// back with an independent parser.
#include "catch_printers.hpp"
#include "multipart_parser.hpp"

#include <zoom/multipart.hpp>
#include <zoom/phone/call_logs.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono;
using namespace std::chrono_literals;
using namespace std::string_literals;
using zoom::test::multipart_boundary;
using zoom::test::parse_multipart;

namespace {

// (name, content) of each part, in order, with each part's headers checked to be what a text part has.
std::vector<std::pair<std::string, std::string>> text_parts(zoom::MultipartForm& form) {
  const std::string body = form.body();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& part : parse_multipart(body, form.content_type())) {
    REQUIRE(part.headers.size() == 1);
    const std::string& disposition = part.header("Content-Disposition");
    constexpr std::string_view prefix = "form-data; name=\"";
    REQUIRE(disposition.substr(0, prefix.size()) == prefix);
    REQUIRE(disposition.back() == '"');
    out.emplace_back(disposition.substr(prefix.size(), disposition.size() - prefix.size() - 1), part.data);
  }
  return out;
}

}  // namespace

TEST_CASE("A small form's body, byte for byte", "[multipart]") {
  const std::string binary = "\x00\x01\r\n--\r\n\xff\x00 end"s;
  zoom::MultipartForm form;
  form.add_text("note", "hello world");
  form.add_json("meta", R"({"k": [1, 2]})");
  form.add_file("file", {"a.bin", "application/octet-stream", binary});
  form.add_text("empty", "");
  const std::string body = form.body();
  const std::string content_type = form.content_type();

  const std::string boundary = multipart_boundary(content_type);
  CHECK(boundary.size() >= 24);
  CHECK(boundary.size() <= 70);
  CHECK(boundary.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") == std::string::npos);
  const std::string expected = "--" + boundary + "\r\n" +
                               "Content-Disposition: form-data; name=\"note\"\r\n"
                               "\r\n"
                               "hello world\r\n"
                               "--" + boundary + "\r\n" +
                               "Content-Disposition: form-data; name=\"meta\"\r\n"
                               "Content-Type: application/json\r\n"
                               "\r\n"
                               R"({"k": [1, 2]})" "\r\n"
                               "--" + boundary + "\r\n" +
                               "Content-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                               "Content-Type: application/octet-stream\r\n"
                               "\r\n" + binary + "\r\n" +
                               "--" + boundary + "\r\n" +
                               "Content-Disposition: form-data; name=\"empty\"\r\n"
                               "\r\n"
                               "\r\n"
                               "--" + boundary + "--\r\n";
  CHECK(body == expected);

  const auto parts = parse_multipart(body, content_type);
  REQUIRE(parts.size() == 4);
  CHECK(parts[0].headers == std::vector<std::pair<std::string, std::string>>{{"Content-Disposition", R"(form-data; name="note")"}});
  CHECK(parts[0].data == "hello world");
  CHECK(parts[1].header("Content-Type") == "application/json");
  CHECK(parts[1].data == R"({"k": [1, 2]})");
  CHECK(parts[2].header("Content-Disposition") == R"(form-data; name="file"; filename="a.bin")");
  CHECK(parts[2].header("Content-Type") == "application/octet-stream");
  CHECK(parts[2].data == binary);  // NULs and CRLFs inside survive
  CHECK(parts[3].data.empty());
  for (const auto& part : parts) CHECK(part.data.find(boundary) == std::string::npos);
}

TEST_CASE("Each body has a boundary of its own, which content_type names", "[multipart]") {
  zoom::MultipartForm form;
  CHECK_THROWS_AS(form.content_type(), std::logic_error);
  form.add_text("a", "1");
  const std::string first = form.body();
  const std::string first_type = form.content_type();
  const std::string second = form.body();
  CHECK(form.content_type() != first_type);
  CHECK(parse_multipart(second, form.content_type()).at(0).data == "1");
  CHECK(first.find(multipart_boundary(first_type)) == 2);

  zoom::MultipartForm empty;
  const std::string nothing = empty.body();
  CHECK(nothing == "--" + multipart_boundary(empty.content_type()) + "--\r\n");
  CHECK(parse_multipart(nothing, empty.content_type()).empty());
}

TEST_CASE("Names and filenames are quoted as RFC 7578 says; a content type with a line break is refused", "[multipart]") {
  zoom::MultipartForm form;
  form.add_text("a\"b\r\nc%d é", "v");
  form.add_file("f", {"my \"file\"\n.txt", "text/plain; charset=utf-8", "x"});
  const std::string body = form.body();
  const auto parts = parse_multipart(body, form.content_type());
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].header("Content-Disposition") == "form-data; name=\"a%22b%0D%0Ac%d é\"");
  CHECK(parts[1].header("Content-Disposition") == "form-data; name=\"f\"; filename=\"my %22file%22%0A.txt\"");
  CHECK(parts[1].header("Content-Type") == "text/plain; charset=utf-8");
  CHECK_THROWS_AS(form.add_file("g", {"g.txt", "text/plain\r\nX-Injected: 1", "x"}), std::invalid_argument);
  CHECK(form.size() == 2);

  zoom::MultipartForm untyped;
  untyped.add_file("f", {"f.bin", "", "x"});
  const std::string untyped_body = untyped.body();
  CHECK(parse_multipart(untyped_body, untyped.content_type()).at(0).headers.size() == 1);  // no Content-Type line
}

TEST_CASE("add_part writes typed values as add_query writes them", "[multipart]") {
  using zoom::phone::CallDirection;
  zoom::MultipartForm form;
  zoom::add_part(form, "count", 42);
  zoom::add_part(form, "big", std::int64_t{-9007199254740993});
  zoom::add_part(form, "ratio", 0.1);
  zoom::add_part(form, "flag", true);
  zoom::add_part(form, "literal", "text");  // a string literal is text, not a bool
  zoom::add_part(form, "string", std::string{"s"});
  zoom::add_part(form, "view", std::string_view{"v"});
  zoom::add_part(form, "day", zoom::Date{2026y / March / 9});
  zoom::add_part(form, "at", zoom::DateTime{sys_days{2026y / March / 9} + 8h + 5min});
  zoom::add_part(form, "direction", zoom::Enum<CallDirection>{CallDirection::inbound});
  zoom::add_part(form, "unlisted", zoom::Enum<CallDirection>::from_wire("sideways"));
  zoom::add_part(form, "none", std::optional<int>{});
  zoom::add_part(form, "some", std::optional<bool>{false});
  zoom::add_part(form, "ids", std::vector<std::string>{"a", "b", "c"});
  zoom::add_part(form, "no_ids", std::vector<int>{});
  zoom::add_part(form, "bits", std::vector<bool>{true, false});
  CHECK(text_parts(form) == std::vector<std::pair<std::string, std::string>>{
                                {"count", "42"},
                                {"big", "-9007199254740993"},
                                {"ratio", "0.1"},
                                {"flag", "true"},
                                {"literal", "text"},
                                {"string", "s"},
                                {"view", "v"},
                                {"day", "2026-03-09"},
                                {"at", "2026-03-09T08:05:00Z"},
                                {"direction", "inbound"},
                                {"unlisted", "sideways"},
                                {"some", "false"},
                                {"ids", "a"},
                                {"ids", "b"},
                                {"ids", "c"},
                                {"bits", "true"},
                                {"bits", "false"},
                            });
}

TEST_CASE("add_part adds file parts for Uploads", "[multipart]") {
  zoom::MultipartForm form;
  zoom::add_part(form, "one", zoom::Upload{"a.txt", "text/plain", "A"});
  zoom::add_part(form, "maybe", std::optional<zoom::Upload>{});
  zoom::add_part(form, "many", std::vector<zoom::Upload>{{"b.png", "image/png", "B"}, {"c.bin"}});
  const std::string body = form.body();
  const auto parts = parse_multipart(body, form.content_type());
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].header("Content-Disposition") == R"(form-data; name="one"; filename="a.txt")");
  CHECK(parts[0].header("Content-Type") == "text/plain");
  CHECK(parts[0].data == "A");
  CHECK(parts[1].header("Content-Disposition") == R"(form-data; name="many"; filename="b.png")");
  CHECK(parts[1].data == "B");
  CHECK(parts[2].header("Content-Disposition") == R"(form-data; name="many"; filename="c.bin")");
  CHECK(parts[2].header("Content-Type") == "application/octet-stream");
  CHECK(parts[2].data.empty());
}
