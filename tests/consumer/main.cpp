// A user's program built against the installed SDK: one page of call logs through the SDK's
// zoom::phone API and the same page through an API zoom_generate() made from a spec. Prints
// what it got; exits 1 when the two differ or a call fails.
//   consumer BASE_URL OAUTH_URL CA_FILE ACCOUNT_ID CLIENT_ID CLIENT_SECRET
#include <consumer/api/call_logs.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/version.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <exception>
#include <iostream>
#include <string>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

int main(int argc, char** argv) {
  if (argc != 7) {
    std::cerr << "usage: consumer BASE_URL OAUTH_URL CA_FILE ACCOUNT_ID CLIENT_ID CLIENT_SECRET\n";
    return 2;
  }
  using namespace std::chrono;
  boost::asio::io_context io;
  zoom::Client client{io.get_executor(),
                      {.credentials = zoom::ServerToServerOAuth{argv[4], argv[5], argv[6]},
                       .base_url = argv[1],
                       .oauth_url = argv[2],
                       .extra_ca_file = argv[3]}};
  const auto today = year_month_day{floor<days>(system_clock::now())};
  const auto from = year_month_day{sys_days{today} - days{27}};

  auto both = [&]() -> boost::asio::awaitable<int> {
    const auto sdk = co_await zoom::phone::list_user_call_logs(client, "me", {.from = from, .to = today, .page_size = 300});
    const auto own = co_await consumer::api::list_user_call_logs(client, "me", {.from = from, .to = today, .page_size = 300});
    std::cout << "zoom_sdk " << zoom::version() << ": " << sdk.call_logs.size() << " records through zoom::phone, "
              << own.call_logs.size() << " through zoom_generate()\n";
    if (sdk.call_logs.empty() || sdk.call_logs.size() != own.call_logs.size()) co_return 1;
    for (std::size_t i = 0; i < sdk.call_logs.size(); ++i)
      if (sdk.call_logs[i].id != own.call_logs[i].id) co_return 1;
    co_return 0;
  };
  auto result = boost::asio::co_spawn(io, both(), boost::asio::use_future);
  io.run();
  try {
    return result.get();
  } catch (const std::exception& e) {
    std::cerr << "consumer: " << e.what() << '\n';
    return 1;
  }
}
