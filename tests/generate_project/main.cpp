// Uses the API zoom_generate() wrote from directory.json: builds requests, decodes a response.
// Exit code 1 on any mismatch. Prints which of the test's spec edits it was compiled against, so
// the test can tell that a changed spec reached this file's compilation.
#include <acme/directory/call_queues.hpp>
#include <acme/directory/users.hpp>

#include <zoom/json.hpp>

#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

namespace dir = acme::directory;

namespace {

int failures = 0;

void check(bool ok, std::string_view what) {
  if (!ok) {
    std::cerr << "mismatch: " << what << "\n";
    ++failures;
  }
}

void check_equal(const std::string& actual, std::string_view expected, std::string_view what) {
  if (actual != expected) {
    std::cerr << "mismatch: " << what << ": '" << actual << "', expected '" << expected << "'\n";
    ++failures;
  }
}

// The test adds the property `nickname` to User: a member once generated, an extra field before.
template <class User>
void check_nickname(const User& user) {
  if constexpr (requires { user.nickname; }) {
    check(user.nickname == std::optional<std::string>{"annie"}, "User::nickname");
    std::cout << "nickname: member\n";
  } else {
    check(user.extra.contains("nickname"), "User::extra holds nickname");
    std::cout << "nickname: extra\n";
  }
}

// The test adds the query parameter `site_id` to listCallQueueMembers (a change to that tag's
// header alone, models.hpp stays as it is).
template <class Params>
void check_site_id(Params params) {
  params.role = dir::ListCallQueueMembersRole::supervisor;
  if constexpr (requires { params.site_id; }) {
    params.site_id = "s 1";
    check_equal(dir::make_list_call_queue_members_request("q1", params).target(),
                "/call_queues/q1/members?role=supervisor&site_id=s%201", "list_call_queue_members");
    std::cout << "site_id: parameter\n";
  } else {
    check_equal(dir::make_list_call_queue_members_request("q1", params).target(),
                "/call_queues/q1/members?role=supervisor", "list_call_queue_members");
    std::cout << "site_id: absent\n";
  }
}

}  // namespace

int main() {
  try {
    const zoom::Request get = dir::make_get_user_request("ann@example.com");
    check(get.method == zoom::Method::get, "get_user is a GET");
    check_equal(get.target("/v2"), "/v2/users/ann%40example.com", "get_user");

    dir::ListUsersParams list;
    list.status = dir::UserStatus::pending_review;
    // page_size has a spec default (30): it is the server's, not sent unless set.
    check_equal(dir::make_list_users_request(list).target(), "/users?status=pending-review", "list_users");
    list.page_size = 30;
    check_equal(dir::make_list_users_request(list).target(), "/users?status=pending-review&page_size=30",
                "list_users with page_size");

    const auto user = zoom::json::decode<dir::User>(
        R"({"id": "u1", "name": "Ann", "status": "pending-review", "extension_number": 101, "nickname": "annie"})");
    check_equal(user.id, "u1", "User::id");
    check(user.name == std::optional<std::string>{"Ann"}, "User::name");
    check(user.status && *user.status == dir::UserStatus::pending_review, "User::status");
    check(user.extension_number == std::optional<std::int64_t>{101}, "User::extension_number");
    check_nickname(user);

    const auto members = zoom::json::decode<dir::MemberList>(R"({"members": [{"user_id": "u1", "role": "agent"}]})");
    check(members.members.size() == 1 && members.members[0].user_id == std::optional<std::string>{"u1"},
          "MemberList::members");
    check_site_id(dir::ListCallQueueMembersParams{});  } catch (const std::exception& e) {
    std::cerr << "exception: " << e.what() << "\n";
    return 1;
  }
  if (failures != 0) return 1;
  std::cout << "ok\n";
  return 0;
}
