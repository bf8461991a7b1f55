// zoom-sandbox: the Zoom look-alike server as a program, for trying the CLI or any other
// client by hand, and the server `zoom-phone --sandbox` runs as a child process (it reads the
// "ready:" line, see the usage). Runs until SIGINT or SIGTERM.
#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view usage =
    "Usage: zoom-sandbox [--port N] [--address A] [--tls] [--ca-out FILE] [--seed S]\n"
    "                    [--token-lifetime SECONDS] [--users N] [--tls-host-name NAME]...\n"
    "                    [--rate-limits pro|business] [--clock-offset SECONDS]\n"
    "                    [--webhook-url URL [--webhook-secret-env NAME] [--webhook-event NAME]...\n"
    "                     [--webhook-deadline-ms MS] [--webhook-retry-delays-ms MS,MS,...]] [--help]\n"
    "\n"
    "Serves a Zoom look-alike API with deterministic synthetic calls, until SIGINT or SIGTERM:\n"
    "Server-to-Server and refresh-token OAuth (POST /oauth/token), the call logs\n"
    "(GET /v2/phone/users/{userId}/call_logs, GET /v2/phone/call_logs, GET /v2/phone/call_logs/{id})\n"
    "and the call history (GET /v2/phone/users/{userId}/call_history, GET /v2/phone/call_history,\n"
    "GET /v2/phone/call_history/{id}, GET /v2/phone/users/{userId}/call_history/sync,\n"
    "PATCH /v2/phone/call_history/{id}/client_code, DELETE /v2/phone/users/{userId}/call_history/{id}).\n"
    "\n"
    "  --port N                 port to listen on (default 0: any free port)\n"
    "  --address A              address to listen on (default 127.0.0.1)\n"
    "  --tls                    serve HTTPS with a CA and certificate made at start\n"
    "  --ca-out FILE            with --tls: where to write the CA certificate (default ./zoom-sandbox-ca.pem)\n"
    "  --seed S                 seed of the synthetic data (default 1; same seed, same data)\n"
    "  --token-lifetime SECONDS lifetime of access tokens (default 3600)\n"
    "  --users N                number of users of the account, 1..500 (default 5)\n"
    "  --tls-host-name NAME     with --tls: a name for the certificate (repeatable; default localhost, 127.0.0.1)\n"
    "  --rate-limits PLAN       enforce Zoom Phone's rate limits of plan pro or business (default: none)\n"
    "  --clock-offset SECONDS   run the sandbox's clock this far from the real one (negative: in the\n"
    "                           past), for tokens and for which calls have ended (default 0)\n"
    "  --webhook-url URL        deliver Zoom's webhook events to URL (http://host:port/path), as Zoom\n"
    "                           does: the endpoint.url_validation challenge first, then signed events\n"
    "                           (x-zm-signature, x-zm-request-timestamp): phone.{callee,caller}_call_\n"
    "                           history_completed and ..._call_log_completed as calls end, retried\n"
    "                           when not answered 2xx in time; a line on stdout per attempt\n"
    "  --webhook-secret-env NAME  the environment variable holding the secret token the events are\n"
    "                           signed with (default ZOOM_WEBHOOK_SECRET_TOKEN; required with --webhook-url)\n"
    "  --webhook-event NAME     deliver only this event (repeatable; default every event)\n"
    "  --webhook-deadline-ms MS the receiver's time to answer an attempt (default 3000)\n"
    "  --webhook-retry-delays-ms MS,MS,...  waits before the retries of a failed event\n"
    "                           (default 300000,1200000,3600000: 5, 20 and 60 minutes; empty: no retry)\n"
    "  --help                   print this and exit\n"
    "\n"
    "Once it serves, it prints its URLs, credentials and users for people and, last, one line for\n"
    "programs (`zoom-phone --sandbox` reads it): \"ready: \" and a JSON object,\n"
    "  ready: {\"base_url\":\"http://127.0.0.1:PORT/v2\",\"oauth_url\":\"http://127.0.0.1:PORT\",\n"
    "         \"account_id\":...,\"client_id\":...,\"client_secret\":...,\"refresh_token\":...,\"ca_file\":...}\n"
    "where ca_file is null without --tls. After it, stdout has only the lines of --webhook-url.\n";

struct Arguments {
  zoom::sandbox::Options options;
  std::chrono::seconds clock_offset{0};
  std::string ca_out = "./zoom-sandbox-ca.pem";
  std::string rate_limits = "none";
  std::string webhook_secret_env = "ZOOM_WEBHOOK_SECRET_TOKEN";
  bool help = false;
};

struct UsageError {
  std::string message;
};

template <class T>
T parse_number(std::string_view flag, std::string_view text, T min, T max) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < min || value > max)
    throw UsageError{std::string(flag) + ": expected a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", got '" + std::string(text) + "'"};
  return value;
}

Arguments parse_arguments(int argc, char** argv) {
  Arguments args;
  std::vector<std::string> host_names;
  bool ca_out_given = false;
  zoom::sandbox::WebhookSubscription webhook;
  bool webhook_given = false;
  bool webhook_option_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::optional<std::string_view> inline_value;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto value = [&]() -> std::string_view {
      if (inline_value) return *inline_value;
      if (i + 1 >= argc) throw UsageError{std::string(arg) + ": missing value"};
      return argv[++i];
    };
    auto no_value = [&] {
      if (inline_value) throw UsageError{std::string(arg) + ": takes no value"};
    };
    if (arg == "--help" || arg == "-h") {
      no_value();
      args.help = true;
    } else if (arg == "--tls") {
      no_value();
      args.options.tls = true;
    } else if (arg == "--port") {
      args.options.port = parse_number<std::uint16_t>(arg, value(), 0, 65535);
    } else if (arg == "--address") {
      args.options.address = std::string(value());
      boost::system::error_code ec;
      boost::asio::ip::make_address(args.options.address, ec);
      if (ec) throw UsageError{"--address: expected an IPv4 or IPv6 address, got '" + args.options.address + "'"};
    } else if (arg == "--ca-out") {
      args.ca_out = std::string(value());
      ca_out_given = true;
      if (args.ca_out.empty()) throw UsageError{"--ca-out: empty file name"};
    } else if (arg == "--seed") {
      args.options.seed = parse_number<std::uint64_t>(arg, value(), 0, UINT64_MAX);
    } else if (arg == "--token-lifetime") {
      args.options.token_lifetime = std::chrono::seconds{parse_number<std::int64_t>(arg, value(), 1, 10LL * 365 * 86400)};
    } else if (arg == "--users") {
      args.options.users = parse_number<int>(arg, value(), 1, 500);
    } else if (arg == "--rate-limits") {
      const std::string_view plan = value();
      if (plan == "pro")
        args.options.rate_limits = zoom::sandbox::RateLimits::pro();
      else if (plan == "business")
        args.options.rate_limits = zoom::sandbox::RateLimits::business();
      else
        throw UsageError{"--rate-limits: expected pro or business, got '" + std::string(plan) + "'"};
      args.rate_limits = plan;
    } else if (arg == "--clock-offset") {
      constexpr std::int64_t ten_years = 10LL * 365 * 86400;
      args.clock_offset = std::chrono::seconds{parse_number<std::int64_t>(arg, value(), -ten_years, ten_years)};
    } else if (arg == "--webhook-url") {
      webhook.url = std::string(value());
      webhook_given = true;
    } else if (arg == "--webhook-secret-env") {
      args.webhook_secret_env = std::string(value());
      if (args.webhook_secret_env.empty()) throw UsageError{"--webhook-secret-env: empty"};
      webhook_option_given = true;
    } else if (arg == "--webhook-event") {
      webhook.events.emplace_back(value());
      if (webhook.events.back().empty()) throw UsageError{"--webhook-event: empty"};
      webhook_option_given = true;
    } else if (arg == "--webhook-deadline-ms") {
      webhook.deadline = std::chrono::milliseconds{parse_number<std::int64_t>(arg, value(), 1, 600000)};
      webhook_option_given = true;
    } else if (arg == "--webhook-retry-delays-ms") {
      webhook.retry_delays.clear();
      webhook_option_given = true;
      std::string_view list = value();
      while (!list.empty()) {
        const auto comma = list.find(',');
        webhook.retry_delays.emplace_back(
            parse_number<std::int64_t>(arg, list.substr(0, comma), 0, 7LL * 86400 * 1000));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
      }
    } else if (arg == "--tls-host-name") {
      host_names.emplace_back(value());
      if (host_names.back().empty()) throw UsageError{"--tls-host-name: empty"};
    } else {
      throw UsageError{"unknown argument '" + std::string(arg) + "'"};
    }
  }
  if (!host_names.empty()) args.options.tls_host_names = std::move(host_names);
  if (!args.options.tls && ca_out_given) throw UsageError{"--ca-out needs --tls"};
  if (webhook_given) {
    if (args.help) return args;
    const char* secret = std::getenv(args.webhook_secret_env.c_str());
    if (!secret || !*secret)
      throw UsageError{"--webhook-url needs the secret token in the environment variable " + args.webhook_secret_env +
                       " (or name another with --webhook-secret-env)"};
    webhook.secret_token = secret;
    args.options.webhook = std::move(webhook);
  } else if (webhook_option_given) {
    throw UsageError{"--webhook-* options need --webhook-url"};
  }
  if (args.clock_offset.count() != 0)
    args.options.clock = [offset = args.clock_offset] { return std::chrono::system_clock::now() + offset; };
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  try {
    args = parse_arguments(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "zoom-sandbox: " << e.message << "\n\n" << usage;
    return 2;
  }
  if (args.help) {
    std::cout << usage;
    return 0;
  }

  if (args.options.webhook) {
    // One line per delivery attempt (never the secret).
    args.options.webhook->on_attempt = [](const zoom::sandbox::WebhookAttempt& a) {
      std::cout << "webhook:       " << a.event;
      if (a.delivery != 0) std::cout << " #" << a.delivery << " attempt " << a.attempt;
      if (!a.fault.empty()) std::cout << " (fault " << a.fault << ')';
      std::cout << ": " << (a.ok ? "delivered, HTTP " + std::to_string(a.status) : a.error) << std::endl;
    };
  }

  try {
    boost::asio::io_context io;
    zoom::sandbox::Sandbox sandbox(io.get_executor(), args.options);
    sandbox.start();

    std::string ca_path;
    if (args.options.tls) {
      std::error_code ec;
      const std::filesystem::path path = std::filesystem::absolute(args.ca_out, ec);
      ca_path = ec ? args.ca_out : path.string();
      std::ofstream out(ca_path, std::ios::binary | std::ios::trunc);
      out << sandbox.ca_pem();
      out.close();
      if (!out) {
        std::cerr << "zoom-sandbox: cannot write the CA certificate to " << ca_path << '\n';
        return 1;
      }
    }

    const auto& credentials = sandbox.credentials();
    const std::string refresh_token = sandbox.issue_refresh_token();
    std::cout << "zoom-sandbox: serving a Zoom look-alike API (seed " << args.options.seed << ", "
              << args.options.users << " users)\n"
              << "base URL:      " << sandbox.base_url() << '\n'
              << "OAuth URL:     " << sandbox.oauth_url() << "   (POST /oauth/token)\n"
              << "account id:    " << credentials.account_id << '\n'
              << "client id:     " << credentials.client_id << '\n'
              << "client secret: " << credentials.client_secret << '\n'
              << "refresh token: " << refresh_token
              << "   (grant_type=refresh_token; each answer holds the next one)\n";
    const auto& limits = args.options.rate_limits;
    if (args.rate_limits == "none")
      std::cout << "rate limits:   none\n";
    else
      std::cout << "rate limits:   " << args.rate_limits << ": Light " << limits.light_per_second << "/s, Medium "
                << limits.medium_per_second << "/s, Heavy " << limits.heavy_per_second << "/s, Resource-intensive "
                << limits.resource_intensive_per_minute << "/min, daily " << limits.daily_cap
                << " (Heavy + Resource-intensive; listings are Heavy, the sync Medium, one call Light)\n";
    if (args.clock_offset.count() != 0)
      std::cout << "clock offset:  " << args.clock_offset.count() << " s from the real clock\n";
    if (args.options.tls) std::cout << "CA file:       " << ca_path << '\n';
    if (const auto& webhook = args.options.webhook) {
      std::cout << "webhook URL:   " << webhook->url << " (secret token from $" << args.webhook_secret_env
                << "; events: ";
      if (webhook->events.empty()) std::cout << "all";
      for (std::size_t i = 0; i < webhook->events.size(); ++i) std::cout << (i ? ", " : "") << webhook->events[i];
      std::cout << "; completed calls as they end)\n";
    }
    for (std::size_t i = 0; i < sandbox.users().size(); ++i) {
      const auto& u = sandbox.users()[i];
      std::cout << "user:          " << u.id << ' ' << u.email << " ext " << u.extension_number << ' '
                << u.phone_number << ' ' << u.name << (i == 0 ? "  (me)" : "") << '\n';
    }
    std::cout << "Stop with Ctrl-C (SIGINT) or SIGTERM.\n";
    // The same for programs, in one line (see the usage).
    const boost::json::object ready{{"base_url", sandbox.base_url()},
                                    {"oauth_url", sandbox.oauth_url()},
                                    {"account_id", credentials.account_id},
                                    {"client_id", credentials.client_id},
                                    {"client_secret", credentials.client_secret},
                                    {"refresh_token", refresh_token},
                                    {"ca_file", args.options.tls ? boost::json::value(ca_path) : nullptr}};
    std::cout << "ready: " << boost::json::serialize(ready) << std::endl;

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      std::cerr << "zoom-sandbox: " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
      sandbox.stop();
    });
    io.run();
    return 0;
  } catch (const std::invalid_argument& e) {
    std::cerr << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
}
