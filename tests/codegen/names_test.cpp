#include "names.hpp"

#include <catch2/catch.hpp>

using zoom::codegen::pascal_case;
using zoom::codegen::snake_case;

TEST_CASE("snake_case splits words and makes valid identifiers") {
  CHECK(snake_case("startTime") == "start_time");
  CHECK(snake_case("call_logs") == "call_logs");
  CHECK(snake_case("listUserCallLogs") == "list_user_call_logs");
  CHECK(snake_case("HTTPServer") == "http_server");
  CHECK(snake_case("callQueue") == "call_queue");
  CHECK(snake_case("x-custom-header") == "x_custom_header");
  CHECK(snake_case("Resource-intensive") == "resource_intensive");
  CHECK(snake_case("e164Number") == "e164_number");
  CHECK(snake_case("class") == "class_");
  CHECK(snake_case("default") == "default_");
  CHECK(snake_case("2fa") == "_2fa");
  CHECK(snake_case("") == "value_");
  CHECK(snake_case("$%") == "value_");
  CHECK(snake_case("Call connected") == "call_connected");
}

TEST_CASE("pascal_case names types") {
  CHECK(pascal_case("call_logs") == "CallLogs");
  CHECK(pascal_case("listUserCallLogs") == "ListUserCallLogs");
  CHECK(pascal_case("Call Logs") == "CallLogs");
  CHECK(pascal_case("get-yearly_Report") == "GetYearlyReport");
  CHECK(pascal_case("2fa") == "T2fa");
  CHECK(pascal_case("") == "Value");
}

TEST_CASE("string literals and upper case for generated code") {
  CHECK(zoom::codegen::cpp_string_literal("plain") == "\"plain\"");
  CHECK(zoom::codegen::cpp_string_literal("say \"hi\" \\ bye") == "\"say \\\"hi\\\" \\\\ bye\"");
  CHECK(zoom::codegen::upper_case("delete") == "DELETE");
}
