// A realistic call-log page, as the sandbox's API serves it: the sandbox's own synthetic records
// (every property of the spec's CallLog occurs, plus `call_path_id`, which the spec omits, as on
// real Zoom) in its page envelope.
#pragma once

#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace zoom::bench {

/// A page of `records` call logs of the last month, from as many sandbox users as it takes.
inline boost::json::object call_log_page(std::size_t records) {
  using namespace std::chrono;
  boost::asio::io_context io;  // the sandbox is only asked for data here, never started
  zoom::sandbox::Sandbox sandbox{io.get_executor(), {.users = 50}};
  const year_month_day to{floor<days>(system_clock::now())};
  const year_month_day from{sys_days{to} - days{30}};
  boost::json::array logs;
  for (const auto& user : sandbox.users()) {
    for (auto& record : sandbox.call_logs(user.id, from, to)) {
      if (logs.size() == records) break;
      logs.emplace_back(std::move(record));
    }
  }
  if (logs.size() < records) throw std::runtime_error("the sandbox has fewer call logs than the page needs");
  auto date = [](year_month_day day) {
    return std::to_string(int(day.year())) + (unsigned(day.month()) < 10 ? "-0" : "-") +
           std::to_string(unsigned(day.month())) + (unsigned(day.day()) < 10 ? "-0" : "-") +
           std::to_string(unsigned(day.day()));
  };
  // The envelope the sandbox's endpoint writes: a page of a longer listing, with a token.
  return {{"from", date(from)},
          {"to", date(to)},
          {"page_count", 7},
          {"page_size", records},
          {"total_records", 7 * records},
          {"next_page_token", "vzGmxgbHbpHQZ4AKlOrIbQaSCcrVQfWbQOg2"},
          {"call_logs", std::move(logs)}};
}

}  // namespace zoom::bench
