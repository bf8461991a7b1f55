// The call-log export: every page of a range, each record handed to a writer as it arrives.
#pragma once

#include "output.hpp"

#include <zoom/client.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/awaitable.hpp>

namespace zoom::cli {

struct ExportResult {
  std::size_t records = 0;
  std::size_t pages = 0;
};

/// Pages through `list_user_call_logs` for `user` and `params`, writing each record, newest first;
/// a range over a month is fetched month by month. Throws what the client throws, and
/// zoom::DecodeError for a page that does not match the spec.
boost::asio::awaitable<ExportResult> export_call_logs(Client& client, std::string user,
                                                      phone::ListUserCallLogsParams params, RecordWriter& writer);

}  // namespace zoom::cli
