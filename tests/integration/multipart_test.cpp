// A multipart/form-data upload on the wire: the server on loopback reads back every part of the
// body it received, byte for byte.
#include "../runtime/multipart_parser.hpp"
#include "raw_server.hpp"
#include "run_io.hpp"

#include <zoom/client.hpp>
#include <zoom/multipart.hpp>
#include <zoom/phone/call_logs.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using zoom::test::RawServer;

TEST_CASE("a multipart form is posted as it was built, every part byte for byte", "[multipart]") {
  boost::asio::io_context io;
  RawServer server{io};
  server.script({RawServer::response(201, "application/json", R"({"id": "F1"})")});
  zoom::ClientOptions options = server.client_options();
  options.retry.max_attempts = 1;
  zoom::Client client(io.get_executor(), options);

  std::string audio(1024 * 1024, '\0');  // every byte value, CRLFs and dashes included
  for (std::size_t i = 0; i < audio.size(); ++i) audio[i] = static_cast<char>((i * 131 + i / 256) & 0xff);
  zoom::MultipartForm form;
  zoom::add_part(form, "description", std::string{"Greeting, \"main\" line\r\nsecond line"});
  zoom::add_part(form, "direction", zoom::Enum<zoom::phone::CallDirection>{zoom::phone::CallDirection::outbound});
  zoom::add_part(form, "site_ids", std::vector<std::string>{"s1", "s2", "s3"});
  zoom::add_part(form, "file", zoom::Upload{"greeting.wav", "audio/wav", audio});

  zoom::Request request;
  request.operation = "uploadAudio";
  request.method = zoom::Method::post;
  request.path = {"phone", "users", "me", "audios"};
  request.idempotent = false;
  request.body = form.body();
  request.content_type = form.content_type();
  const zoom::Response response = zoom::test::run_io(io, client.send(request));
  CHECK(response.status == 201);

  REQUIRE(server.requests().size() == 1);
  const auto& received = server.requests()[0];
  CHECK(received.method_string() == "POST");
  CHECK(received.target() == "/v2/phone/users/me/audios");
  const std::string content_type{received[boost::beast::http::field::content_type]};
  const auto parts = zoom::test::parse_multipart(received.body(), content_type);
  REQUIRE(parts.size() == 6);
  const auto text_part = [&](std::size_t i, const std::string& name, const std::string& value) {
    INFO("part " << i);
    CHECK(parts[i].headers ==
          std::vector<std::pair<std::string, std::string>>{{"Content-Disposition", "form-data; name=\"" + name + "\""}});
    CHECK(parts[i].data == value);
  };
  text_part(0, "description", "Greeting, \"main\" line\r\nsecond line");
  text_part(1, "direction", "outbound");
  text_part(2, "site_ids", "s1");
  text_part(3, "site_ids", "s2");
  text_part(4, "site_ids", "s3");
  CHECK(parts[5].header("Content-Disposition") == R"(form-data; name="file"; filename="greeting.wav")");
  CHECK(parts[5].header("Content-Type") == "audio/wav");
  CHECK(parts[5].data.size() == audio.size());
  CHECK(parts[5].data == audio);
}
