// zoom-phone: exports Zoom Phone call history and call logs (see --help).
#include "call_path.hpp"
#include "export.hpp"
#include "listen.hpp"
#include "options.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "sandbox_process.hpp"

#include <zoom/error.hpp>
#include <zoom/json/decode_options.hpp>
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
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#ifndef ZOOM_SDK_VERSION
#define ZOOM_SDK_VERSION "unknown"
#endif

namespace {

using zoom::cli::ExitCode;

// Values of Zoom's responses that did not fit the SDK's models. The records are written as Zoom
// sent them whatever happens; these are counted, and the first few named at the end, so that a
// person can tell Zoom's data from the SDK's models.
struct Mismatches {
  static constexpr std::size_t shown = 5;
  std::size_t count = 0;
  std::vector<std::string> first;

  void add(const zoom::json::Mismatch& mismatch) {
    if (count++ < shown) first.push_back(mismatch.path + ": " + mismatch.problem);
  }
  void report(std::ostream& err) const {
    if (count == 0) return;
    err << "zoom-phone: " << count << (count == 1 ? " value" : " values")
        << " in Zoom's responses did not fit the SDK's models; the records were written as Zoom sent them. "
        << (count > first.size() ? "The first " + std::to_string(first.size()) + ":" : "Here:") << '\n';
    for (const std::string& line : first) err << "  " << line << '\n';
  }
};

// Where the records come from: Zoom, with the credentials given, or (--sandbox) a zoom-sandbox
// started here as a child process, and stopped (SIGTERM, waited for) when this is destroyed: when
// the export ends, fails or is interrupted.
struct Source {
  zoom::ClientOptions client;
  std::string name;  // identifies the server in checkpoints and state files
  std::unique_ptr<zoom::cli::SandboxProcess> sandbox;
  std::shared_ptr<Mismatches> mismatches = std::make_shared<Mismatches>();
};

Source open_source(const zoom::cli::Options& options) {
  Source source;
  zoom::ClientOptions& client = source.client;
  client.base_url = options.base_url;
  client.oauth_url = options.oauth_url;
  client.extra_ca_file = options.ca_file;
  client.retry.max_attempts = options.max_attempts;
  client.rate_limits = options.rate_limits;
  client.allow_plain_http = true;  // parse_options refused plain http:// to other machines
  client.decoding.on_mismatch = [mismatches = source.mismatches](const zoom::json::Mismatch& m) { mismatches->add(m); };
  if (options.credentials) {
    client.credentials = *options.credentials;
    source.name = options.base_url;
    return source;
  }
  // --sandbox: parse_options refused neither credentials nor --sandbox.
  const char* path = std::getenv("PATH");
  source.sandbox = std::make_unique<zoom::cli::SandboxProcess>(zoom::cli::SandboxProcess::find(path ? path : ""));
  std::cerr << "zoom-phone: --sandbox: started " << source.sandbox->program().string() << " (pid "
            << source.sandbox->pid() << ") at " << source.sandbox->base_url()
            << "; exporting the synthetic data of the built-in sandbox, not Zoom\n";
  client.credentials = source.sandbox->credentials();
  client.base_url = source.sandbox->base_url();
  client.oauth_url = source.sandbox->oauth_url();
  source.name = "built-in sandbox";
  return source;
}

// How a task ended: its value, or its failure, or a signal.
template <class T>
struct Outcome {
  T value{};
  std::exception_ptr failure;
  bool interrupted = false;
};

// Runs `task` until it ends; SIGINT or SIGTERM cancels it.
template <class T>
Outcome<T> run_to_end(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  Outcome<T> outcome;
  boost::asio::cancellation_signal cancel;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code error, int) {
    if (error) return;
    outcome.interrupted = true;
    cancel.emit(boost::asio::cancellation_type::terminal);
  });
  boost::asio::co_spawn(io, std::move(task),
                        boost::asio::bind_cancellation_slot(cancel.slot(), [&](std::exception_ptr error, T value) {
                          outcome.failure = error;
                          outcome.value = std::move(value);
                          signals.cancel();
                        }));
  io.run();
  return outcome;
}

// The message of a failure, on standard error.
void report(const std::exception_ptr& failure, const std::string& suffix = {}) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    std::cerr << "zoom-phone: " << e.what() << suffix << '\n';
  }
}

int run_call_paths(const zoom::cli::Options& options) {
  boost::asio::io_context io;
  Source source = open_source(options);
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "zoom-phone: cannot write " << options.output << '\n';
      return zoom::cli::exit_failed;
    }
  }
  std::ostream& out = options.output.empty() ? std::cout : file;
  zoom::Client client(io.get_executor(), source.client);
  const auto outcome = run_to_end(io, zoom::cli::write_call_paths(client, options.call_ids, options.format, out));
  out.flush();
  source.mismatches->report(std::cerr);
  if (outcome.interrupted) return zoom::cli::exit_interrupted;
  if (outcome.failure) {
    report(outcome.failure);
    return zoom::cli::exit_failed;
  }
  return out ? zoom::cli::exit_ok : zoom::cli::exit_failed;
}

int run_export(const zoom::cli::Options& options) {
  boost::asio::io_context io;
  Source source = open_source(options);

  std::optional<zoom::cli::IncrementalRun> incremental;
  zoom::cli::Options window = options;
  if (!options.state.empty()) {
    incremental.emplace(zoom::cli::incremental_run(options, source.name));
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
                << zoom::format_date_or_time(*range.from) << " to " << zoom::format_date_or_time(*range.to)
                << (options.checkpoint.empty() ? " (its earlier output is incomplete: keep only this run's)" : "")
                << '\n';
  }
  zoom::cli::ExportJob job{.listing = zoom::cli::make_listing(window),
                           .users = options.users,
                           .format = options.format,
                           .concurrency = options.concurrency,
                           .output = options.output,
                           .checkpoint = options.checkpoint,
                           .command = {},
                           .incremental = incremental ? &*incremental : nullptr};
  job.command = zoom::cli::fingerprint(job, source.name);

  // The progress line shares the terminal only with messages, not with the records.
  const bool records_on_terminal = options.output.empty() && ::isatty(STDOUT_FILENO);
  zoom::cli::ProgressLine progress(std::cerr, options.progress && ::isatty(STDERR_FILENO) && !records_on_terminal);
  zoom::Client client(io.get_executor(), source.client);
  const auto outcome = run_to_end(
      io, zoom::cli::export_records(client, job, std::cout, std::cerr, [&](const auto& p) { progress.update(p); }));
  progress.clear();
  std::cout.flush();
  source.mismatches->report(std::cerr);
  const std::string resume = options.checkpoint.empty()
                                 ? std::string{}
                                 : "; run the same command again to continue from " + options.checkpoint;
  if (outcome.interrupted) {
    std::cerr << "zoom-phone: interrupted" << resume << '\n';
    return zoom::cli::exit_interrupted;
  }
  if (outcome.failure) {
    try {
      std::rethrow_exception(outcome.failure);
    } catch (const zoom::cli::CheckpointMismatch& e) {
      std::cerr << "zoom-phone: " << e.what() << '\n';
      return zoom::cli::exit_checkpoint;
    } catch (const std::exception&) {
      report(outcome.failure, resume);
      return zoom::cli::exit_failed;
    }
  }
  if (!std::cout) {
    std::cerr << "zoom-phone: writing to standard output failed\n";
    return zoom::cli::exit_failed;
  }
  if (incremental) incremental->finish();
  const zoom::cli::ExportResult& result = outcome.value;
  if (options.progress && ::isatty(STDERR_FILENO))  // people see a summary; scripts read the exit code
    std::cerr << "zoom-phone: " << result.records << " records in the output"
              << (result.resumed_records ? " (" + std::to_string(result.resumed_records) + " from earlier runs)" : "")
              << ", " << result.pages << " pages read by this run\n";
  return zoom::cli::exit_ok;
}

int run(const zoom::cli::Options& options) {
  return options.command == zoom::cli::Command::call_path ? run_call_paths(options) : run_export(options);
}

}  // namespace

int main(int argc, char** argv) {
  // `listen` has flags of its own (see listen.hpp).
  if (argc > 1 && std::string_view{argv[1]} == "listen")
    return zoom::cli::run_listen(std::vector<std::string>(argv + 2, argv + argc), &std::getenv);
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
  } catch (const zoom::cli::SandboxNotFound& e) {
    std::cerr << "zoom-phone: " << e.what() << '\n';
    return zoom::cli::exit_usage;
  } catch (const std::exception& e) {
    std::cerr << "zoom-phone: " << e.what() << '\n';
    return zoom::cli::exit_failed;
  }
}
