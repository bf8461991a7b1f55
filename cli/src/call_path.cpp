#include "call_path.hpp"

#include "output.hpp"

#include <zoom/json.hpp>
#include <zoom/phone/call_history.hpp>

#include <boost/json/serialize.hpp>

#include <iomanip>

namespace zoom::cli {
namespace {

// One line of the table: the call, the leg's place in it, and what happened.
void table_row(std::ostream& out, const std::string& call, const boost::json::object& leg) {
  const auto text = [&](std::string_view field, std::size_t width) {
    std::string value = column_value(leg, field);
    if (width && value.size() >= width) value = value.substr(0, width - 2) + "~";
    return value;
  };
  out << std::left << std::setw(38) << call << std::setw(6) << text("segment", 6) << std::setw(22)
      << text("start_time", 22) << std::setw(16) << text("event", 16) << std::setw(14) << text("result", 14)
      << std::setw(22) << text("caller_name", 22) << text("callee_name", 0) << '\n';
}

}  // namespace

boost::asio::awaitable<std::size_t> write_call_paths(Client& client, std::vector<std::string> ids, Format format,
                                                     std::ostream& out) {
  std::size_t legs = 0;
  if (format == Format::table)
    out << std::left << std::setw(38) << "call" << std::setw(6) << "leg" << std::setw(22) << "start (UTC)"
        << std::setw(16) << "event" << std::setw(14) << "result" << std::setw(22) << "from" << "to" << '\n';
  for (const std::string& id : ids) {
    const Response response = co_await client.send(phone::make_get_call_path_request(id));
    const boost::json::value document = json::parse(response.body);
    (void)json::decode<phone::CallPath>(document);  // a body that does not match fails here, naming the path
    const auto* path = document.as_object().if_contains("call_path");
    if (!path || !path->is_array()) continue;
    for (const boost::json::value& leg : path->get_array()) {
      if (!leg.is_object()) continue;
      if (format == Format::table) table_row(out, id, leg.get_object());
      else out << boost::json::serialize(leg) << '\n';
      ++legs;
    }
  }
  co_return legs;
}

}  // namespace zoom::cli
