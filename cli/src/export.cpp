#include "export.hpp"

#include <zoom/json.hpp>

#include <algorithm>

namespace zoom::cli {

boost::asio::awaitable<ExportResult> export_call_logs(Client& client, std::string user,
                                                      phone::ListUserCallLogsParams params, RecordWriter& writer) {
  ExportResult result;
  // Zoom serves at most one month per request: a longer range is fetched month by month, newest
  // first, so the whole export is newest first like each of Zoom's pages.
  std::vector<std::pair<Date, Date>> windows{{Date{}, Date{}}};
  if (params.from && params.to) {
    windows = month_windows(*params.from, *params.to);
    std::reverse(windows.begin(), windows.end());
  }
  for (const auto& [from, to] : windows) {
    if (params.from) {
      params.from = from;
      params.to = to;
    }
    params.next_page_token.reset();
    while (true) {
      // The raw page is kept beside the decoded one so that JSON lines carry every field Zoom sent.
      const Response response = co_await client.send(phone::make_list_user_call_logs_request(user, params));
      const boost::json::value body = json::parse(response.body);
      const phone::CallLogPage page = json::decode<phone::CallLogPage>(body);
      const boost::json::value* raw = body.as_object().if_contains("call_logs");  // decode checked its shape
      for (std::size_t i = 0; i < page.call_logs.size(); ++i)
        writer.write(raw->as_array()[i].as_object(), page.call_logs[i]);
      result.records += page.call_logs.size();
      ++result.pages;
      if (!page.next_page_token || page.next_page_token->empty()) break;
      params.next_page_token = page.next_page_token;
    }
  }
  writer.finish();
  co_return result;
}

}  // namespace zoom::cli
