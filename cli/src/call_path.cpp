#include "call_path.hpp"

#include "output.hpp"

#include <zoom/json.hpp>
#include <zoom/phone/call_history.hpp>

#include <boost/json/serialize.hpp>


namespace zoom::cli {
namespace {

// How the legs are written: the table's columns (jsonl writes each leg as it came).
Listing legs_layout() {
  Listing legs;
  legs.command = "call-path";
  legs.table = {{"call", 22, {"call_id"}, false},       {"leg", 5, {"segment"}, false},
                {"start (UTC)", 22, {"start_time"}, false}, {"event", 16, {"event"}, false},
                {"result", 14, {"result"}, false},          {"from", 22, {"caller_name", "caller_did_number"}, false},
                {"to", 0, {"callee_name", "callee_did_number"}, false}};
  return legs;
}

}  // namespace

boost::asio::awaitable<std::size_t> write_call_paths(Client& client, std::vector<std::string> ids, Format format,
                                                     std::ostream& out) {
  const auto writer = make_writer(format == Format::table ? Format::table : Format::jsonl, out, legs_layout());
  writer->start();
  std::size_t legs = 0;
  for (const std::string& id : ids) {
    const Response response = co_await client.send(phone::make_get_call_path_request(id));
    (void)json::decode<phone::CallPath>(response.body, client.decoding());  // as the generated API decodes it
    const boost::json::value document = json::parse(response.body);
    const auto* path = document.as_object().if_contains("call_path");
    if (!path || !path->is_array()) continue;
    for (const boost::json::value& leg : path->get_array()) {
      if (!leg.is_object()) continue;
      writer->write(leg.get_object());
      ++legs;
    }
  }
  co_return legs;
}

}  // namespace zoom::cli
