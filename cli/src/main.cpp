// zoom-phone: exports Zoom Phone call logs (see --help).
#include "export.hpp"
#include "options.hpp"
#include "output.hpp"

#include <zoom/error.hpp>
#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

#ifndef ZOOM_SDK_VERSION
#define ZOOM_SDK_VERSION "unknown"
#endif

namespace {

int run(const zoom::cli::Options& options) {
  boost::asio::io_context io;
  zoom::ClientOptions client_options;
  client_options.base_url = options.base_url;
  client_options.oauth_url = options.oauth_url;
  client_options.extra_ca_file = options.ca_file;
  client_options.retry.max_attempts = options.max_attempts;
  client_options.allow_plain_http = true;  // parse_options refused plain http:// to other machines
  std::unique_ptr<zoom::sandbox::Sandbox> sandbox;
  if (options.credentials) {
    client_options.credentials = *options.credentials;
  } else {
    sandbox = std::make_unique<zoom::sandbox::Sandbox>(io.get_executor());
    sandbox->start();
    std::cerr << "zoom-phone: no credentials given (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET or "
                 "ZOOM_ACCESS_TOKEN): using the built-in sandbox at "
              << sandbox->base_url() << " and its synthetic data\n";
    const auto& credentials = sandbox->credentials();
    client_options.credentials =
        zoom::ServerToServerOAuth{credentials.account_id, credentials.client_id, credentials.client_secret};
    client_options.base_url = sandbox->base_url();
    client_options.oauth_url = sandbox->oauth_url();
    client_options.allow_plain_http = true;
  }

  zoom::Client client(io.get_executor(), client_options);
  const auto writer = zoom::cli::make_writer(options.format, std::cout);
  std::exception_ptr failure;
  boost::asio::co_spawn(io, zoom::cli::export_call_logs(client, options.user, options.params, *writer),
                        [&](std::exception_ptr error, zoom::cli::ExportResult) {
                          failure = error;
                          if (sandbox) sandbox->stop();
                        });
  io.run();
  std::cout.flush();
  if (failure) std::rethrow_exception(failure);
  return std::cout ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  zoom::cli::Options options;
  try {
    options = zoom::cli::parse_options(std::vector<std::string>(argv + 1, argv + argc), &std::getenv);
  } catch (const zoom::cli::UsageError& e) {
    std::cerr << "zoom-phone: " << e.what() << "\n(see zoom-phone --help)\n";
    return 2;
  }
  if (options.help) {
    std::cout << zoom::cli::usage();
    return 0;
  }
  if (options.version) {
    std::cout << "zoom-phone " << ZOOM_SDK_VERSION << '\n';
    return 0;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "zoom-phone: " << e.what() << '\n';
    return 1;
  }
}
