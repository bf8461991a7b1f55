// A zoom::TokenStore that keeps a user's OAuth tokens (access token, refresh token, expiry) in a
// JSON file, so that a program using zoom::UserOAuth survives a restart: Zoom rotates the refresh
// token on every refresh and the old one stops working at once, so the new one must be on disk
// before it is used.
//
//   auto store = std::make_shared<FileTokenStore>("tokens.json");
//   zoom::Client client{io.get_executor(),
//                       {.credentials = zoom::UserOAuth{client_id, client_secret, first_refresh_token, store}}};
//
// - save() is atomic: the tokens are written to a temporary file in the same folder, flushed to
//   the disk (fsync), and renamed over the old file, then the folder is flushed too. A crash or a
//   full disk at any moment leaves either the old file or the new one, never half of one.
// - The file is created with mode 0600 (owner read/write only): it holds secrets.
// - load() of a file that does not exist yet (the first run) is empty; a file that exists but
//   cannot be read or is not a token file throws FileTokenStore::Corrupt, naming the file.
// - Safe to share between clients and threads (one mutex).
//
// The file:
//   {"access_token":"...","refresh_token":"...","expires_at":"2026-11-15T13:00:00Z"}
#pragma once

#include <zoom/credentials.hpp>
#include <zoom/time.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

class FileTokenStore final : public zoom::TokenStore {
 public:
  /// The file exists but is not a token file this store wrote (or cannot be read): the message
  /// names the file and says what is wrong with it. Deleting the file starts over (the program
  /// then needs a new refresh token from the OAuth authorization flow).
  class Corrupt : public std::runtime_error {
   public:
    using std::runtime_error::runtime_error;
  };

  explicit FileTokenStore(std::filesystem::path path) : path_(std::move(path)) {}

  const std::filesystem::path& path() const noexcept { return path_; }

  std::optional<zoom::StoredTokens> load() override {
    const std::lock_guard lock(mutex_);
    std::string text;
    {
      const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;  // first run: no tokens yet
        throw Corrupt("token file " + path_.string() + " cannot be opened: " + std::strerror(errno));
      }
      char buffer[4096];
      for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n == 0) break;
        if (n < 0) {
          if (errno == EINTR) continue;
          const int error = errno;
          ::close(fd);
          throw Corrupt("token file " + path_.string() + " cannot be read: " + std::strerror(error));
        }
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > 1024 * 1024) {
          ::close(fd);
          throw Corrupt("token file " + path_.string() + " is corrupt: larger than 1 MiB");
        }
      }
      ::close(fd);
    }
    return parse(text);
  }

  void save(const zoom::StoredTokens& tokens) override {
    const std::lock_guard lock(mutex_);
    boost::json::object object;
    object["access_token"] = tokens.access_token;
    object["refresh_token"] = tokens.refresh_token;
    object["expires_at"] =
        zoom::format_date_time(std::chrono::time_point_cast<std::chrono::milliseconds>(tokens.expires_at));
    write_atomically(boost::json::serialize(object) + "\n");
  }

 private:
  zoom::StoredTokens parse(const std::string& text) const {
    const auto corrupt = [&](const std::string& why) {
      return Corrupt("token file " + path_.string() + " is corrupt: " + why +
                     " (delete it to start over with a new refresh token)");
    };
    boost::system::error_code ec;
    const boost::json::value value = boost::json::parse(text, ec);
    if (ec) throw corrupt("not JSON (" + ec.message() + ")");
    const boost::json::object* object = value.if_object();
    if (!object) throw corrupt("not a JSON object");
    const auto string_member = [&](const char* name) -> std::string {
      const boost::json::value* member = object->if_contains(name);
      if (!member || !member->is_string()) throw corrupt(std::string{"no string \""} + name + "\"");
      return std::string{member->get_string()};
    };
    zoom::StoredTokens tokens;
    tokens.access_token = string_member("access_token");
    tokens.refresh_token = string_member("refresh_token");
    if (tokens.refresh_token.empty()) throw corrupt("\"refresh_token\" is empty");
    const std::string expires_at = string_member("expires_at");
    const std::optional<zoom::DateTime> expiry = zoom::parse_date_time(expires_at);
    if (!expiry) throw corrupt("\"expires_at\" is not an RFC 3339 date-time: \"" + expires_at + "\"");
    tokens.expires_at = std::chrono::time_point_cast<std::chrono::system_clock::duration>(*expiry);
    return tokens;
  }

  [[noreturn]] void fail(const std::string& step, int error) const {
    throw std::system_error(error, std::generic_category(),
                            "saving the tokens to " + path_.string() + " failed: " + step);
  }

  // temp file in the same folder (rename is atomic only within one file system) -> write ->
  // fsync -> rename over the old file -> fsync the folder (so the rename itself is durable).
  void write_atomically(const std::string& text) const {
    const std::filesystem::path folder = path_.has_parent_path() ? path_.parent_path() : std::filesystem::path{"."};
    std::string temp = (folder / ("." + path_.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // created 0600
    if (fd < 0) fail("cannot create a temporary file in " + folder.string(), errno);
    const auto abandon = [&](const std::string& step) {
      const int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      fail(step, error);
    };
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) abandon("fchmod " + temp);
    for (std::size_t written = 0; written < text.size();) {
      const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        abandon("writing " + temp);
      }
      written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) abandon("fsync " + temp);
    if (::close(fd) != 0) {
      const int error = errno;
      ::unlink(temp.c_str());
      fail("closing " + temp, error);
    }
    if (::rename(temp.c_str(), path_.c_str()) != 0) {
      const int error = errno;
      ::unlink(temp.c_str());
      fail("renaming " + temp, error);
    }
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
      ::fsync(dir);  // best effort: the new file is in place either way
      ::close(dir);
    }
  }

  std::filesystem::path path_;
  std::mutex mutex_;
};
