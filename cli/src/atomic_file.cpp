#include "atomic_file.hpp"

#include <zoom/error.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace zoom::cli {

void write_atomically(const std::filesystem::path& path, std::string_view text, std::string_view what) {
  std::filesystem::path temporary = path;
  temporary += ".new";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw Error("cannot write " + std::string{what} + " " + temporary.string() + ": " + std::strerror(errno));
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw Error("cannot write " + std::string{what} + " " + path.string() + ": " + error.message());
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return std::nullopt;
    throw Error("cannot read " + std::string{what} + " " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace zoom::cli
