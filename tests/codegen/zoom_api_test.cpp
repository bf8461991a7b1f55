// Zoom's whole published Phone API (../shared/specs/zoom-phone-api-2024-12.json), generated at
// build time by zoom_generate() and compiled with the project's warnings: one GET, one POST with a
// JSON body, one PATCH and one DELETE called against a loopback server that records the requests.
#include "../integration/raw_server.hpp"
#include "../integration/run_io.hpp"

#include <zoom/phone_api/sites.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

namespace api = zoom::phone_api;
using zoom::test::RawServer;

TEST_CASE("Zoom's Phone API: GET, POST with a body, PATCH and DELETE on the wire", "[zoom-api]") {
  boost::asio::io_context io;
  RawServer server(io);
  server.script({RawServer::response(200, "application/json",
                                     R"({"next_page_token":"","page_size":30,"total_records":1,)"
                                     R"("sites":[{"id":"s1","name":"Main","site_code":12,"level":"main"}]})")});
  server.script({RawServer::response(201, "application/json", R"({"id":"s2","name":"Branch"})")});
  server.script({RawServer::response(204, "", "")});
  server.script({RawServer::response(204, "", "")});
  zoom::ClientOptions options;
  options.base_url = server.base_url() + "/v2";
  options.allow_plain_http = true;
  options.credentials = zoom::BearerToken{"token"};
  options.retry.max_attempts = 1;
  zoom::Client client(io.get_executor(), options);

  const auto sites = zoom::test::run_io(io, api::list_phone_sites(client, {.page_size = 10}));
  REQUIRE(sites.sites.size() == 1);
  CHECK(sites.sites[0].id == "s1");
  CHECK(sites.sites[0].extra.contains("level"));  // a field the spec does not list, kept

  api::CreatePhoneSiteRequest site;
  site.name = "Branch";
  site.auto_receptionist_name = "Branch AR";
  site.default_emergency_address = {.address_line1 = "1 Main St", .address_line2 = {}, .city = "San Jose",
                                    .country = "US", .state_code = "CA", .zip = "95113", .extra = {}};
  site.site_code = 42;
  const auto created = zoom::test::run_io(io, api::create_phone_site(client, site));
  CHECK(created.id == "s2");

  api::UpdateSiteDetailsRequest update;
  update.name = "Branch (renamed)";
  zoom::test::run_io(io, api::update_site_details(client, "s2", update));
  zoom::test::run_io(io, api::delete_phone_site(client, "s2", {.transfer_site_id = "s1"}));

  const auto& requests = server.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].method_string() == "GET");
  CHECK(requests[0].target() == "/v2/phone/sites?page_size=10");
  CHECK(requests[0][boost::beast::http::field::authorization] == "Bearer token");
  CHECK(requests[0].body().empty());

  CHECK(requests[1].method_string() == "POST");
  CHECK(requests[1].target() == "/v2/phone/sites");
  CHECK(requests[1][boost::beast::http::field::content_type] == "application/json");
  CHECK(boost::json::parse(requests[1].body()) == boost::json::parse(R"({
      "auto_receptionist_name": "Branch AR",
      "default_emergency_address": {"address_line1": "1 Main St", "city": "San Jose", "country": "US",
                                    "state_code": "CA", "zip": "95113"},
      "name": "Branch", "site_code": 42})"));

  CHECK(requests[2].method_string() == "PATCH");
  CHECK(requests[2].target() == "/v2/phone/sites/s2");
  CHECK(boost::json::parse(requests[2].body()) == boost::json::parse(R"j({"name": "Branch (renamed)"})j"));

  CHECK(requests[3].method_string() == "DELETE");
  CHECK(requests[3].target() == "/v2/phone/sites/s2?transfer_site_id=s1");
  CHECK(requests[3].body().empty());
}

// Zoom's file declares no paging: the generator recognises its next_page_token listings by their
// shape (a next_page_token query parameter and response field, one array) and pages them.
TEST_CASE("Zoom's Phone API: a next_page_token listing pages by its shape alone", "[zoom-api]") {
  boost::asio::io_context io;
  RawServer server(io);
  server.script({RawServer::response(200, "application/json",
                                     R"({"next_page_token":"t2","page_size":2,"total_records":3,)"
                                     R"("sites":[{"id":"s1","name":"Main"},{"id":"s2","name":"Branch"}]})")});
  server.script({RawServer::response(200, "application/json",
                                     R"({"next_page_token":"","page_size":2,"total_records":3,"sites":[{"id":"s3"}]})")});
  zoom::ClientOptions options;
  options.base_url = server.base_url() + "/v2";
  options.allow_plain_http = true;
  options.credentials = zoom::BearerToken{"token"};
  options.retry.max_attempts = 1;
  zoom::Client client(io.get_executor(), options);

  const auto ids = zoom::test::run_io(io, [&]() -> boost::asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> out;
    auto items = api::list_phone_sites_items(client, {.page_size = 2});
    while (const auto site = co_await items.next()) out.push_back(site->id.value_or(""));
    co_return out;
  }());
  CHECK(ids == std::vector<std::string>{"s1", "s2", "s3"});
  const auto& requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target() == "/v2/phone/sites?page_size=2");
  CHECK(requests[1].target() == "/v2/phone/sites?page_size=2&next_page_token=t2");
}
