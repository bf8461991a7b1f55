// The generated code of tests/codegen/golden/features, run: the requests it puts on the wire (a
// scripted loopback server records them) and the JSON it reads and writes, for each OpenAPI
// feature the fixture holds.
#include "../integration/raw_server.hpp"
#include "../integration/run_io.hpp"

#include <golden/features/numbers.hpp>
#include <golden/features/sites.hpp>

#include <zoom/json.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <type_traits>

namespace features = golden::features;
using zoom::test::RawServer;

namespace {

struct Fixture {
  Fixture() : server(io) {
    options.base_url = server.base_url() + "/v2";
    options.allow_plain_http = true;
    options.credentials = zoom::BearerToken{"t"};
    options.retry.max_attempts = 1;
  }

  template <class T>
  T run(boost::asio::awaitable<T> task) {
    return zoom::test::run_io(io, std::move(task));
  }

  boost::asio::io_context io;
  RawServer server;
  zoom::ClientOptions options;
};

const std::string kSite = R"({"id":"s1","created":"2026-11-01T10:00:00Z","name":"HQ","class":"gold","main number":null,
  "status":"closing","settings":{"setting_01":7,"setting_30":"x","setting_55":"last"},"future_field":[1,2]})";

}  // namespace

TEST_CASE("GET: a header parameter, array query parameters exploded or not, an allOf model decoded", "[features]") {
  Fixture f;
  f.server.script({RawServer::response(200, "application/json", kSite)});
  zoom::Client client(f.io.get_executor(), f.options);
  const features::Site site = f.run(features::get_site(
      client, "s/1",
      {.x_request_id = "abc", .fields = {features::GetSiteFieldsItem::name, features::GetSiteFieldsItem::settings}, .ids = {1, 2}}));
  REQUIRE(f.server.requests().size() == 1);
  const auto& request = f.server.requests()[0];
  CHECK(request.method_string() == "GET");
  CHECK(request.target() == "/v2/sites/s%2F1?fields=name&fields=settings&ids=1%2C2");
  CHECK(request["X-Request-Id"] == "abc");
  CHECK(request.body().empty());

  // allOf: the fields of Base and of the second part in one struct.
  CHECK(site.id == "s1");
  CHECK(site.name == "HQ");
  CHECK(site.class_ == "gold");           // a C++ keyword
  CHECK_FALSE(site.main_number.has_value());  // "main number": nullable, null
  CHECK_FALSE(site.status->known());      // an enum value the spec does not list, kept
  CHECK(site.status->wire() == "closing");
  // 55 properties: one struct to use, its fields in bases.
  static_assert(std::is_base_of_v<features::SettingsFields1, features::Settings>);
  REQUIRE(site.settings.has_value());
  CHECK(site.settings->setting_01 == 7);
  CHECK(site.settings->setting_30 == "x");
  CHECK(site.settings->setting_55 == "last");
  CHECK(site.extra.at("future_field") == boost::json::array{1, 2});
  // Written back as read, unknown field included.
  CHECK(zoom::json::to_value(site) == zoom::json::to_value(zoom::json::decode<features::Site>(zoom::json::encode(site))));
  CHECK(zoom::json::to_value(*site.settings).as_object().at("setting_55") == "last");
}

TEST_CASE("POST and PATCH send JSON bodies; DELETE has no response body", "[features]") {
  Fixture f;
  f.server.script({RawServer::response(201, "application/json", R"({"id":"new"})")});
  f.server.script({RawServer::response(204, "", "")});
  f.server.script({RawServer::response(204, "", "")});
  zoom::Client client(f.io.get_executor(), f.options);

  const auto created = f.run(features::create_site(
      client, {.name = "Branch", .level = features::CreateSiteRequestLevel::v2, .labels = {{"region", "EU"}}}));
  CHECK(created.id == "new");
  features::Site update;
  update.name = "Renamed";
  update.secret = "s3cret";  // write-only: sent
  f.run(features::update_site(client, "s1", update));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  f.run(features::delete_site(client, "s1", {.force = true}));
#pragma GCC diagnostic pop

  REQUIRE(f.server.requests().size() == 3);
  const auto& post = f.server.requests()[0];
  CHECK(post.method_string() == "POST");
  CHECK(post.target() == "/v2/sites");
  CHECK(post[boost::beast::http::field::content_type] == "application/json");
  CHECK(boost::json::parse(post.body()) == boost::json::parse(R"({"name":"Branch","level":2,"labels":{"region":"EU"}})"));
  const auto& patch = f.server.requests()[1];
  CHECK(patch.method_string() == "PATCH");
  CHECK(patch.target() == "/v2/sites/s1");
  CHECK(boost::json::parse(patch.body()) == boost::json::parse(R"({"name":"Renamed","secret":"s3cret"})"));
  const auto& del = f.server.requests()[2];
  CHECK(del.method_string() == "DELETE");
  CHECK(del.target() == "/v2/sites/s1?force=true");
  CHECK(del.body().empty());
}

TEST_CASE("PUT with an integer path parameter; oneOf as std::variant or as JSON", "[features]") {
  Fixture f;
  f.server.script({RawServer::response(200, "application/json", R"({"number":"+1","kind":2})")});
  f.server.script({RawServer::response(200, "application/json", R"({"number":"+2","kind":9})")});
  f.server.script({RawServer::response(200, "application/json", R"({"number":"+3"})")});
  zoom::Client client(f.io.get_executor(), f.options);
  features::AssignNumberRequest body;
  body.target = std::string{"1001"};
  body.note = boost::json::object{{"b", "free-form"}};
  const auto first = f.run(features::assign_number(client, 12055550100, body));
  CHECK(first.kind == features::NumberKind::external);
  body.target = features::AssignNumberRequestTargetUser{.user_id = "u1", .extra = {}};
  body.note = nullptr;
  const auto second = f.run(features::assign_number(client, 12055550100, body));
  CHECK(second.kind->wire() == 9);  // not a listed value: kept
  f.run(features::assign_number(client, 12055550100, std::nullopt));  // the body is optional
  REQUIRE(f.server.requests().size() == 3);
  CHECK(f.server.requests()[0].method_string() == "PUT");
  CHECK(f.server.requests()[0].target() == "/v2/numbers/12055550100");
  CHECK(boost::json::parse(f.server.requests()[0].body()) ==
        boost::json::parse(R"({"target":"1001","note":{"b":"free-form"}})"));
  CHECK(boost::json::parse(f.server.requests()[1].body()) == boost::json::parse(R"({"target":{"user_id":"u1"}})"));
  CHECK(f.server.requests()[2].body().empty());
  CHECK(f.server.requests()[2][boost::beast::http::field::content_type].empty());

  // The variant picks its alternative by the JSON value's kind.
  const auto by_string = zoom::json::decode<features::AssignNumberRequest>(R"({"target":"1002"})");
  CHECK(std::get<std::string>(*by_string.target) == "1002");
  const auto by_object = zoom::json::decode<features::AssignNumberRequest>(R"({"target":{"user_id":"u9"}})");
  CHECK(std::get<features::AssignNumberRequestTargetUser>(*by_object.target).user_id == "u9");
  CHECK_THROWS_WITH(zoom::json::decode<features::AssignNumberRequest>(R"({"target":5})", {.strict = true}),
                    "target: expected one of the alternatives, got integer");
}

TEST_CASE("a form body and a raw body go out with their media types", "[features]") {
  Fixture f;
  f.server.script({RawServer::response(204, "", "")});
  f.server.script({RawServer::response(204, "", "")});
  zoom::Client client(f.io.get_executor(), f.options);
  f.run(features::add_site_note(client, "s1", {.text = "Back door: 4711 & more", .pinned = true, .tags = {"a b", "c"}, .extra = {}}));
  const std::string png("\x89PNG\r\n\x1a\n\0data", 13);
  f.run(features::upload_site_logo(client, "s1", png));
  REQUIRE(f.server.requests().size() == 2);
  const auto& form = f.server.requests()[0];
  CHECK(form.method_string() == "POST");
  CHECK(form[boost::beast::http::field::content_type] == "application/x-www-form-urlencoded");
  CHECK(form.body() == "text=Back%20door%3A%204711%20%26%20more&pinned=true&tags=a%20b&tags=c");
  const auto& raw = f.server.requests()[1];
  CHECK(raw.method_string() == "PUT");
  CHECK(raw.target() == "/v2/sites/s1/logo");
  CHECK(raw[boost::beast::http::field::content_type] == "image/png");
  CHECK(raw.body() == png);
}

TEST_CASE("a header parameter with a line break is refused before anything is sent", "[features]") {
  CHECK_THROWS_WITH(features::make_get_site_request("s1", {.x_request_id = "a\r\nInjected: 1"}),
                    "header parameter 'X-Request-Id' has a line break in its value");
}
