// zoom_bench_compile: what Zoom's whole Phone API (reference data in ../shared/specs) costs to
// compile, as a user's build pays it:
//   - the whole generated API, optimized (-O2), in the shards zoom_generate() makes and with its
//     options (g++ collects garbage later), as many shards as compilers run at once (2, the CI
//     machine's cores), sources spread over them largest first;
//   - a translation unit that includes one tag's header (Sites, the largest) and calls one of its
//     operations, optimized, alone.
// The baseline of each is the form before the generator owned the JSON binding (the per-type
// template decoders; commit 2e76c0d), recorded on the same 2-core machine with the commands
// printed below: rebuilding that form takes twelve minutes, too long to repeat on every run.
// ZOOM_BENCH_QUICK=1 (or --quick) compiles the one-tag translation unit only.
#include "harness.hpp"

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
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

namespace bench = zoom::bench;
namespace fs = std::filesystem;

constexpr int kShards = 2;  // the CI machine's cores: zoom_generate()'s default there

// The figures of the form before, on the same machine, and how they were measured.
struct Before {
  double seconds;
  const char* how;
};
constexpr Before kWholeApiBefore{
    155, "its 45 tag sources, each its own translation unit, g++ -O2, 2 at a time, generated and compiled with "
         "the tree of commit 2e76c0d (git worktree add /tmp/old 2e76c0d; build its zoom-codegen; generate into "
         "/tmp/zp; ls /tmp/zp/src/*.cpp | xargs -P 2 -I{} g++ -std=c++20 -O2 -I/tmp/zp/include "
         "-I/tmp/old/runtime/include -c {}); through zoom_generate()'s one unity file it took 12 min 25 s"};
constexpr Before kOneTagBefore{4.66, "the same translation unit, g++ -O2, headers of commit 2e76c0d"};

std::string read_file(const fs::path& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

// Starts a program, its output into `log`; returns its pid.
pid_t start(std::vector<std::string> args, const fs::path& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + args[0] + ": " + std::strerror(error));
  return pid;
}

void wait_for(pid_t pid, const std::string& what, const fs::path& log) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error(what + " failed:\n" + read_file(log).substr(0, 4000));
}

std::vector<std::string> compile_command(const fs::path& source, const fs::path& include, const fs::path& object) {
  return {ZOOM_BENCH_CXX, "-std=c++20", "-O2", "-I" + include.string(), "-I" ZOOM_BENCH_RUNTIME_INCLUDE, "-c",
          source.string(), "-o", object.string()};
}

// A shard as zoom_generate() compiles it: with g++'s garbage collector's thresholds raised.
std::vector<std::string> shard_command(const fs::path& source, const fs::path& include, const fs::path& object) {
  std::vector<std::string> command = compile_command(source, include, object);
  if (ZOOM_BENCH_CXX_IS_GNU)
    command.insert(command.begin() + 1, {"--param", "ggc-min-expand=400", "--param", "ggc-min-heapsize=524288"});
  return command;
}

// The generated sources spread over `shards` files as zoom_generate() spreads them: largest first,
// each into the lightest shard so far.
std::vector<fs::path> write_shards(const fs::path& out, int shards) {
  std::vector<fs::path> sources;
  for (const auto& entry : fs::directory_iterator(out / "src")) sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end(), [](const fs::path& a, const fs::path& b) {
    const auto sa = fs::file_size(a), sb = fs::file_size(b);
    return sa != sb ? sa > sb : a < b;
  });
  std::vector<std::string> text(static_cast<std::size_t>(shards));
  std::vector<std::uintmax_t> weight(static_cast<std::size_t>(shards), 0);
  for (const fs::path& source : sources) {
    const auto lightest = static_cast<std::size_t>(std::min_element(weight.begin(), weight.end()) - weight.begin());
    text[lightest] += "#include \"" + source.string() + "\"\n";
    weight[lightest] += fs::file_size(source);
  }
  std::vector<fs::path> files;
  for (std::size_t i = 0; i < text.size(); ++i) {
    files.push_back(out / ("shard_" + std::to_string(i + 1) + ".cpp"));
    std::ofstream(files.back()) << text[i];
  }
  return files;
}

double compile_whole_api(const fs::path& out) {
  const std::vector<fs::path> shards = write_shards(out, kShards);
  const auto begin = bench::now();
  std::vector<pid_t> running;
  for (const fs::path& shard : shards) {
    fs::path object = shard;
    running.push_back(start(shard_command(shard, out / "include", object.replace_extension(".o")),
                            fs::path{shard}.replace_extension(".log")));
  }
  for (std::size_t i = 0; i < running.size(); ++i)
    wait_for(running[i], "compiling " + shards[i].string(), fs::path{shards[i]}.replace_extension(".log"));
  return std::chrono::duration<double>(bench::now() - begin).count();
}

double compile_one_tag(const fs::path& out) {
  const fs::path source = out / "one_tag.cpp";
  std::ofstream(source) << R"(#include <zoom/phone_api/sites.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>

boost::asio::awaitable<std::size_t> count_sites(zoom::Client& client) {
  const auto page = co_await zoom::phone_api::list_phone_sites(client, {});
  co_return page.sites.size();
}
)";
  std::vector<double> seconds;
  for (int round = 0; round < 3; ++round) {
    const auto begin = bench::now();
    wait_for(start(compile_command(source, out / "include", out / "one_tag.o"), out / "one_tag.log"),
             "compiling the one-tag translation unit", out / "one_tag.log");
    seconds.push_back(std::chrono::duration<double>(bench::now() - begin).count());
  }
  return bench::median(seconds);
}

}  // namespace

int main(int argc, char** argv) try {
  const bool quick = bench::quick_mode(argc, argv);
  std::cout << "zoom_bench_compile: Zoom's whole Phone API compiled (" ZOOM_BENCH_CXX " -O2), against the form "
               "before the generator owned the JSON binding\n";
  if (!fs::exists(ZOOM_BENCH_PHONE_SPEC)) {
    std::cout << "skipped: " ZOOM_BENCH_PHONE_SPEC " is absent (reference data kept outside the repository)\n";
    return 0;
  }
  const fs::path out = fs::temp_directory_path() / ("zoom_bench_compile_" + std::to_string(::getpid()));
  fs::remove_all(out);
  fs::create_directories(out);
  wait_for(start({ZOOM_CODEGEN_PROGRAM, "--spec", ZOOM_BENCH_PHONE_SPEC, "--out", out.string(), "--namespace",
                  "zoom::phone_api"},
                 out / "codegen.log"),
           "zoom-codegen", out / "codegen.log");

  bench::Table table{{"build", "seconds", "before", "time vs before"}, 1};
  if (!quick) {
    const double whole = compile_whole_api(out);
    table.add({"the whole API, " + std::to_string(kShards) + " shards, 2 compilers at once", bench::fixed(whole),
               bench::fixed(kWholeApiBefore.seconds, 0), bench::times(whole / kWholeApiBefore.seconds)});
  }
  const double one_tag = compile_one_tag(out);
  table.add({"one tag's header + one call (Sites)", bench::fixed(one_tag, 2), bench::fixed(kOneTagBefore.seconds, 2),
             bench::times(one_tag / kOneTagBefore.seconds)});
  table.print(std::cout);
  std::cout << "\nbefore, the whole API: " << kWholeApiBefore.how << "\nbefore, one tag: " << kOneTagBefore.how
            << (quick ? "\n(quick mode: the whole API is not compiled)\n" : "\n");
  fs::remove_all(out);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "zoom_bench_compile: " << e.what() << '\n';
  return 1;
}
