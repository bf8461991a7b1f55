// The constructs fixture (golden/constructs: one of each construct real OpenAPI files use),
// generated and called on the wire against a scripted loopback server: a multipart upload
// parsed back part by part, a binary download streamed to a sink, a redirect returned as it
// came, a discriminated oneOf both ways, a recursive tree, an array of booleans, paging by the
// next_page_token shape, an operation named from its method and path, a query in a path key.
#include "../integration/raw_server.hpp"
#include "../integration/run_io.hpp"
#include "../runtime/multipart_parser.hpp"

#include <golden/constructs/files.hpp>
#include <golden/constructs/folders.hpp>
#include <golden/constructs/misc.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <numeric>
#include <string>
#include <vector>

namespace api = golden::constructs;
using zoom::test::RawServer;

namespace {

zoom::Client client_of(boost::asio::io_context& io, const RawServer& server) {
  zoom::ClientOptions options = server.client_options();
  options.retry.max_attempts = 1;
  return zoom::Client(io.get_executor(), options);
}

std::string json_reply(const std::string& body) { return RawServer::response(200, "application/json", body); }

}  // namespace

TEST_CASE("constructs: a multipart upload sends each field as its part, files byte for byte", "[constructs]") {
  boost::asio::io_context io;
  RawServer server(io);
  server.script({RawServer::response(201, "application/json", R"({"id": "f1", "name": null, "size": "12 KB"})")});
  zoom::Client client = client_of(io, server);

  std::string bytes(100'000, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 % 256);  // \0, \r, \n, "--" included
  api::UploadFileRequest upload;
  upload.file = {.filename = "report \"final\".bin", .content_type = "application/octet-stream", .data = bytes};
  upload.purpose = api::Purpose::share;
  upload.tags = {"a", "b"};
  upload.attachments = {{.filename = "x.txt", .content_type = "text/plain", .data = "x"}};
  upload.metadata = api::UploadFileRequestMetadata{.owner = "me", .extra = {}};
  const api::File created = zoom::test::run_io(io, api::upload_file(client, upload));
  CHECK(created.id == "f1");
  CHECK_FALSE(created.name);  // null in a required but nullable field: empty
  REQUIRE(created.size);
  CHECK(std::get<std::string>(*created.size) == "12 KB");  // integer or string: the string

  const auto& request = server.requests().at(0);
  CHECK(request.method_string() == "POST");
  CHECK(request.target() == "/v2/files");
  const auto parts = zoom::test::parse_multipart(request.body(), request[boost::beast::http::field::content_type]);
  REQUIRE(parts.size() == 6);
  CHECK(parts[0].header("Content-Disposition") == R"(form-data; name="file"; filename="report %22final%22.bin")");
  CHECK(parts[0].header("Content-Type") == "application/octet-stream");
  CHECK(parts[0].data == bytes);
  CHECK(parts[1].header("Content-Disposition") == R"(form-data; name="purpose")");
  CHECK(parts[1].data == "share");
  CHECK(parts[2].data == "a");
  CHECK(parts[3].data == "b");
  CHECK(parts[4].header("Content-Disposition") == R"(form-data; name="attachments"; filename="x.txt")");
  CHECK(parts[4].data == "x");
  CHECK(parts[5].header("Content-Type") == "application/json");
  CHECK(boost::json::parse(parts[5].data) == boost::json::parse(R"({"owner": "me"})"));
}

TEST_CASE("constructs: a binary download streams to a sink; a redirect is returned as it came", "[constructs]") {
  boost::asio::io_context io;
  RawServer server(io);
  std::string bytes(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i % 251);
  server.script({RawServer::response(200, "application/octet-stream", bytes)});
  server.script({RawServer::response(200, "application/octet-stream", "small")});
  server.script({RawServer::response(302, "", "", "Location: https://files.example.com/f1\r\n")});
  zoom::Client client = client_of(io, server);

  std::string received;
  std::size_t pieces = 0;
  const zoom::Response streamed = zoom::test::run_io(io, api::download_file_to(client, "f 1", [&](std::string_view chunk) {
    received.append(chunk);
    ++pieces;
  }));
  CHECK(streamed.status == 200);
  CHECK(streamed.header("content-type") == "application/octet-stream");
  CHECK(streamed.body.empty());
  CHECK(received == bytes);
  CHECK(pieces > 1);

  const zoom::Response whole = zoom::test::run_io(io, api::download_file(client, "f1"));
  CHECK(whole.body == "small");

  const zoom::Response link = zoom::test::run_io(io, api::file_link(client, "f1"));
  CHECK(link.status == 302);
  CHECK(link.header("Location") == "https://files.example.com/f1");

  REQUIRE(server.requests().size() == 3);
  CHECK(server.requests()[0].target() == "/v2/files/f%201/content");
}

TEST_CASE("constructs: a discriminated oneOf, a recursive tree and an array of booleans", "[constructs]") {
  boost::asio::io_context io;
  RawServer server(io);
  server.script({json_reply(R"({"side": 4, "kind": "square"})")});
  server.script({json_reply(R"({"name": "root", "children": [{"name": "a", "parent": {"name": "root"},
      "comments": [{"text": "hi", "replies": [{"text": "hello", "node": {"name": "b"}}]}]}]})")});
  server.script({json_reply("[true, false, true]")});
  zoom::Client client = client_of(io, server);

  const std::variant<api::Circle, api::Square> shape = zoom::test::run_io(io, api::draw_shape(client, api::Circle{.kind = "circle", .radius = 2.0, .extra = {}}));
  REQUIRE(std::holds_alternative<api::Square>(shape));
  CHECK(std::get<api::Square>(shape).side == 4.0);
  CHECK(boost::json::parse(server.requests()[0].body()) == boost::json::parse(R"({"kind": "circle", "radius": 2.0})"));

  const api::TreeNode tree = zoom::test::run_io(io, api::get_tree(client));
  CHECK(server.requests()[1].target() == "/v2/tree?beta=true");
  REQUIRE(tree.children.size() == 1);
  const api::TreeNode& child = tree.children[0];
  REQUIRE(child.parent);
  CHECK(child.parent->name == "root");
  REQUIRE(child.comments.size() == 1);
  REQUIRE(child.comments[0].replies.size() == 1);
  REQUIRE(child.comments[0].replies[0].node);
  CHECK(child.comments[0].replies[0].node->name == "b");
  api::TreeNode copy = tree;  // value semantics: a deep copy
  copy.children[0].parent->name = "changed";
  CHECK(tree.children[0].parent->name == "root");
  CHECK_FALSE(copy == tree);

  CHECK(zoom::test::run_io(io, api::list_flags(client)) == std::vector<bool>{true, false, true});
}

TEST_CASE("constructs: paging by shape, a name from the method and path, a path item from another file", "[constructs]") {
  boost::asio::io_context io;
  RawServer server(io);
  server.script({json_reply(R"({"next_page_token": "p2", "total_records": 3, "files": [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}]})")});
  server.script({json_reply(R"({"next_page_token": "", "total_records": 3, "files": [{"id": "3", "name": "c"}]})")});
  server.script({json_reply(R"({"id": "9", "name": "newest", "labels": {"x": [true]}})")});
  zoom::Client client = client_of(io, server);

  const auto ids = zoom::test::run_io(io, [&]() -> boost::asio::awaitable<std::vector<std::string>> {
    std::vector<std::string> out;
    auto items = api::get_files_items(client, {.page_size = 2});
    while (const auto file = co_await items.next()) out.push_back(file->id);
    co_return out;
  }());
  CHECK(ids == std::vector<std::string>{"1", "2", "3"});
  CHECK(server.requests()[1].target() == "/v2/files?page_size=2&next_page_token=p2");

  const api::File newest = zoom::test::run_io(io, api::get_folder(client, 7));
  CHECK(server.requests()[2].target() == "/v2/folders/7");
  CHECK(newest.labels.at("x") == std::vector<bool>{true});
}
