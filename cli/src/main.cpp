// zoom-phone: exports Zoom Phone call history and call logs (see --help).
#include "call_path.hpp"
#include "export.hpp"
#include "options.hpp"
#include "output.hpp"
#include "progress.hpp"

#include <zoom/error.hpp>
#include <zoom/sandbox/sandbox.hpp>
#include <zoom/version.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <fstream>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <unistd.h>

#ifndef ZOOM_SDK_VERSION
#define ZOOM_SDK_VERSION "unknown"
#endif

namespace {

using zoom::cli::ExitCode;

int run(const zoom::cli::Options& options) {
  boost::asio::io_context io;
  zoom::ClientOptions client_options;
  client_options.base_url = options.base_url;
  client_options.oauth_url = options.oauth_url;
  client_options.extra_ca_file = options.ca_file;
  client_options.retry.max_attempts = options.max_attempts;
  client_options.rate_limits = options.rate_limits;
  client_options.allow_plain_http = true;  // parse_options refused plain http:// to other machines
  std::unique_ptr<zoom::sandbox::Sandbox> sandbox;
  if (options.credentials) {
    client_options.credentials = *options.credentials;
  } else {  // --sandbox (parse_options refused neither credentials nor --sandbox)
    sandbox = std::make_unique<zoom::sandbox::Sandbox>(io.get_executor());
    sandbox->start();
    std::cerr << "zoom-phone: --sandbox: exporting the synthetic data of the built-in sandbox at "
              << sandbox->base_url() << ", not Zoom\n";
    const auto& credentials = sandbox->credentials();
    client_options.credentials =
        zoom::ServerToServerOAuth{credentials.account_id, credentials.client_id, credentials.client_secret};
    client_options.base_url = sandbox->base_url();
    client_options.oauth_url = sandbox->oauth_url();
  }

  const std::string server = options.credentials ? options.base_url : "built-in sandbox";
  std::optional<zoom::cli::IncrementalRun> incremental;
  zoom::cli::Options window = options;
  if (!options.state.empty()) {
    incremental.emplace(zoom::cli::incremental_run(options, server));
    try {
      window = zoom::cli::with_run_window(options, *incremental,
                                          std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()));
    } catch (const zoom::cli::StateMismatch& e) {
      std::cerr << "zoom-phone: " << e.what() << '\n';
      return zoom::cli::exit_checkpoint;
    } catch (const std::invalid_argument& e) {
      std::cerr << "zoom-phone: " << e.what() << "\n(see zoom-phone --help)\n";
      return zoom::cli::exit_usage;
    }
    const auto& range = window.history;  // with_run_window sets the window in both families' parameters
    if (incremental->continues_pending())
      std::cerr << "zoom-phone: the last run of " << options.state << " did not complete: running it again, from "
                << zoom::format_date_or_time(*range.from) << " to " << zoom::format_date_or_time(*range.to) << '\n';
  }
  zoom::cli::ExportJob job{.listing = zoom::cli::make_listing(window),
                           .users = options.users,
                           .format = options.format,
                           .concurrency = options.concurrency,
                           .output = options.output,
                           .checkpoint = options.checkpoint,
                           .command = {},
                           .incremental = incremental ? &*incremental : nullptr};
  job.command = zoom::cli::fingerprint(job, server);

  // The progress line shares the terminal only with messages, not with the records.
  const bool records_on_terminal = options.output.empty() && ::isatty(STDOUT_FILENO);
  zoom::cli::ProgressLine progress(std::cerr, options.progress && ::isatty(STDERR_FILENO) && !records_on_terminal);

  zoom::Client client(io.get_executor(), client_options);
  boost::asio::cancellation_signal cancel;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  int interrupted_by = 0;
  signals.async_wait([&](boost::system::error_code error, int signal) {
    if (error) return;
    interrupted_by = signal;
    cancel.emit(boost::asio::cancellation_type::terminal);
  });

  std::exception_ptr failure;
  zoom::cli::ExportResult result;
  if (options.command == zoom::cli::Command::call_path) {
    std::ofstream file;
    if (!options.output.empty()) file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!options.output.empty() && !file) {
      std::cerr << "zoom-phone: cannot write " << options.output << '\n';
      return zoom::cli::exit_failed;
    }
    std::ostream& out = options.output.empty() ? std::cout : file;
    boost::asio::co_spawn(io, zoom::cli::write_call_paths(client, options.call_ids, options.format, out),
                          boost::asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr error, std::size_t) {
                            failure = error;
                            signals.cancel();
                            if (sandbox) sandbox->stop();
                          }));
    io.run();
    out.flush();
    if (interrupted_by) return zoom::cli::exit_interrupted;
    if (failure) {
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        std::cerr << "zoom-phone: " << e.what() << '\n';
        return zoom::cli::exit_failed;
      }
    }
    return out ? zoom::cli::exit_ok : zoom::cli::exit_failed;
  }
  boost::asio::co_spawn(
      io, zoom::cli::export_records(client, job, std::cout, std::cerr, [&](const auto& p) { progress.update(p); }),
      boost::asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr error, zoom::cli::ExportResult done) {
        failure = error;
        result = done;
        signals.cancel();
        if (sandbox) sandbox->stop();
      }));
  io.run();
  progress.clear();
  std::cout.flush();
  const std::string resume = options.checkpoint.empty()
                                 ? std::string{}
                                 : "; run the same command again to continue from " + options.checkpoint;
  if (interrupted_by) {
    std::cerr << "zoom-phone: interrupted" << resume << '\n';
    return zoom::cli::exit_interrupted;
  }
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const zoom::cli::CheckpointMismatch& e) {
      std::cerr << "zoom-phone: " << e.what() << '\n';
      return zoom::cli::exit_checkpoint;
    } catch (const zoom::cli::StateMismatch& e) {
      std::cerr << "zoom-phone: " << e.what() << '\n';
      return zoom::cli::exit_checkpoint;
    } catch (const std::exception& e) {
      std::cerr << "zoom-phone: " << e.what() << resume << '\n';
      return zoom::cli::exit_failed;
    }
  }
  if (!std::cout) {
    std::cerr << "zoom-phone: writing to standard output failed\n";
    return zoom::cli::exit_failed;
  }
  if (incremental) incremental->finish();
  if (options.progress && ::isatty(STDERR_FILENO))  // people see a summary; scripts read the exit code
    std::cerr << "zoom-phone: " << result.records << " records in the output"
              << (result.resumed_records ? " (" + std::to_string(result.resumed_records) + " from earlier runs)" : "")
              << ", " << result.pages << " pages read by this run\n";
  return zoom::cli::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  zoom::cli::Options options;
  try {
    options = zoom::cli::parse_options(std::vector<std::string>(argv + 1, argv + argc), &std::getenv);
    if (!options.help && !options.version) zoom::cli::read_users_file(options);
  } catch (const zoom::cli::UsageError& e) {
    std::cerr << "zoom-phone: " << e.what() << "\n(see zoom-phone --help)\n";
    return zoom::cli::exit_usage;
  }
  if (options.help) {
    std::cout << zoom::cli::usage();
    return zoom::cli::exit_ok;
  }
  if (options.version) {
    std::cout << "zoom-phone " << zoom::version() << '\n';
    return zoom::cli::exit_ok;
  }
  try {
    return run(options);
  } catch (const std::exception& e) {
    std::cerr << "zoom-phone: " << e.what() << '\n';
    return zoom::cli::exit_failed;
  }
}
