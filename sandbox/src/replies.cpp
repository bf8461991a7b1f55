#include "replies.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace zoom::sandbox::detail {

HttpReply json_reply(unsigned status, const boost::json::object& body) {
  return {status, boost::json::serialize(body), {}};
}

HttpReply zoom_error(unsigned status, int code, std::string_view message, const std::vector<FieldError>& errors) {
  boost::json::object body{{"code", code}, {"message", message}};
  if (!errors.empty()) {
    boost::json::array list;
    for (const FieldError& e : errors) list.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});
    body["errors"] = std::move(list);
  }
  return json_reply(status, body);
}

HttpReply validation_error(const ValidationError& error) { return zoom_error(400, 300, error.message, error.errors); }

HttpReply method_not_allowed(std::string_view method, std::string_view path, std::string_view allowed) {
  HttpReply reply = zoom_error(405, 405,
                               "Method not allowed: " + std::string(method) + ' ' + std::string(path) +
                                   " accepts " + std::string(allowed) + " only.");
  reply.headers.emplace_back("Allow", allowed);
  return reply;
}

}  // namespace zoom::sandbox::detail
