// Faults scripted per request (Sandbox::inject): a queue in scripted order, matched by path
// prefix. What a fault does to the connection is server.cpp's job.
#pragma once

#include <zoom/sandbox/sandbox.hpp>

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zoom::sandbox::detail {

class FaultQueue {
 public:
  // Throws std::invalid_argument for a fault that cannot be sent (see Sandbox::inject).
  void add(std::string path_prefix, Fault fault, std::size_t times);
  // The earliest-scripted fault whose prefix `path` starts with, used up once; nullopt if none.
  std::optional<Fault> take(std::string_view target);
  void clear();
  std::size_t pending() const;

 private:
  struct Entry {
    std::string prefix;
    Fault fault;
    std::size_t remaining;
  };
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;  // in scripted order
};

// The body a fault of kind malformed_json sends: JSON cut off in the middle of a value.
inline constexpr std::string_view malformed_json_body =
    R"({"from":"2026-10-01","to":"2026-10-31","page_count":1,"page_size":30,"total_records":1,)"
    R"("next_page_token":"","call_logs":[{"id":"8ab0dcb4-1d0e-4e8a-bc1c-2d9a3c5e6f70","direction":"outbo)";

}  // namespace zoom::sandbox::detail
