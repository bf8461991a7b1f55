// zoom_bench_codegen: generating the C++ API of Zoom's full Phone API spec (reference data in
// ../shared/specs, read from there), in-process with the codegen library and as the zoom-codegen
// program writing its files. The baseline is reading the spec file and parsing it with
// Boost.JSON: the least any generator pays before it generates anything.
#include "harness.hpp"

#include <generate.hpp>

#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace bench = zoom::bench;
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

// Runs a program to its end, its stdout discarded and its stderr (the spec's warnings, once per
// run) kept in `errors`, shown only when it fails; throws unless it exits 0.
void run_program(std::vector<std::string> args, const fs::path& errors) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(error));
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(args[0] + " failed:\n" + read_file(errors));
}

}  // namespace

int main(int argc, char** argv) try {
  const bool quick = bench::quick_mode(argc, argv);
  const fs::path spec = ZOOM_BENCH_PHONE_SPEC;
  if (!fs::exists(spec)) {
    std::cout << "zoom_bench_codegen: skipped: Zoom's Phone API spec is not at " << spec.string()
              << " (the shared reference data is absent)\n";
    return 0;
  }
  const int runs = quick ? 1 : 5;
  const zoom::codegen::CppOptions options{.cpp_namespace = "zoom::phone_api"};

  // What is generated, once, for the counts.
  const zoom::codegen::GeneratedFiles files = zoom::codegen::generate(spec, options);
  std::size_t lines = 0, bytes = 0;
  for (const auto& [path, text] : files) {
    lines += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    bytes += text.size();
  }
  std::cout << "zoom_bench_codegen: Zoom's full Phone API spec (" << fs::file_size(spec) / 1024 << " KiB) to C++"
            << (quick ? " (quick mode)" : "") << "\n  " << files.size() << " files, " << lines << " lines, "
            << bytes / 1024 << " KiB written; median of " << runs << " runs\n\n";

  const fs::path out = fs::temp_directory_path() / ("zoom_bench_codegen." + std::to_string(getpid()));
  const fs::path errors = out.string() + ".stderr";
  // The three take turns run by run, so that a neighbour's load falls on all of them.
  std::vector<double> parse_times, in_process_times, program_times;
  auto time = [](std::vector<double>& times, auto&& op) {
    const auto start = bench::now();
    op();
    times.push_back(bench::Seconds{bench::now() - start}.count());
  };
  for (int run = 0; run < runs; ++run) {
    time(parse_times, [&] { bench::keep(boost::json::parse(read_file(spec)).as_object().size()); });
    time(in_process_times, [&] { bench::keep(zoom::codegen::generate(spec, options).size()); });
    fs::remove_all(out);
    time(program_times, [&] {
      run_program({ZOOM_CODEGEN_PROGRAM, "--spec", spec.string(), "--out", out.string(), "--namespace",
                   "zoom::phone_api"},
                  errors);
    });
  }
  fs::remove_all(out);
  fs::remove(errors);
  const double parse_only = bench::median(parse_times);
  const double in_process = bench::median(in_process_times);
  const double program = bench::median(program_times);

  bench::Table table{{"what", "seconds", "vs parse only", "lines/s"}};
  auto add = [&](const std::string& what, double seconds, bool generates) {
    table.add({what, bench::fixed(seconds, 3), bench::times(seconds / parse_only),
               generates ? bench::fixed(static_cast<double>(lines) / seconds, 0) : "-"});
  };
  add("read + Boost.JSON parse (baseline)", parse_only, false);
  add("codegen::generate, in-process", in_process, true);
  add("zoom-codegen program, files written", program, true);
  table.print(std::cout);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "zoom_bench_codegen: " << e.what() << '\n';
  return 1;
}
