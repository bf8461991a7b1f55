#include "directory.hpp"

namespace zoom::sandbox::detail {
namespace {

// Call history's number_type of a number of the account, by where it comes from.
std::string account_number_type(std::string_view source) {
  if (source == "external") return "byoc";
  if (source == "byop") return "byop";
  return "zoom_pstn";
}

Participant member_by_extension(const Member& m, const Site& site) {
  Participant p;
  p.ext_id = m.extension_id;
  p.name = m.user.name;
  p.email = m.user.email;
  p.employee_id = m.employee_id;
  p.ext_number = m.user.extension_number;
  p.ext_type = "user";
  p.log_ext_type = "user";
  p.site_id = site.id;
  p.department = m.department;
  p.cost_center = m.cost_center;
  p.user = true;
  return p;
}

Participant with_number(Participant p, const std::string& number, std::string number_type, const Site& site) {
  p.did_number = number;
  p.number_type = std::move(number_type);
  p.country_code = site.country_code;
  p.country_iso_code = site.iso_code;
  return p;
}

// A site's extension (auto receptionist, call queue, lobby phone), reached by extension.
Participant site_extension(const Party& party, std::string ext_type, const Site& site) {
  Participant p;
  p.ext_id = party.extension_id;
  p.name = party.name;
  p.ext_number = party.extension_number;
  p.ext_type = std::move(ext_type);
  p.log_ext_type = party.extension_type;
  p.site_id = site.id;
  return p;
}

Directory::ForSite for_site(const Site& s) {
  Directory::ForSite out;
  out.auto_receptionist = site_extension(s.auto_receptionist, "auto_receptionist", s);
  out.main_line = with_number(out.auto_receptionist, s.main_number, "zoom_pstn", s);
  out.main_line.name = "Main Line";  // as the call log names it
  out.queue = site_extension(s.call_queue, "call_queue", s);
  // The queue's number came in through BYOC (the call log's callee_number_source: external).
  out.queue_number = with_number(out.queue, s.call_queue.phone_number, "byoc", s);
  out.lobby = site_extension(s.common_area_phone, "common_area", s);
  return out;
}

Directory::ForMember for_member(const Member& m, const Site& site) {
  Directory::ForMember out;
  out.by_extension = member_by_extension(m, site);
  out.by_number = with_number(out.by_extension, m.user.phone_number, account_number_type(m.number_source), site);
  out.mobile.name = m.user.name;
  out.mobile = with_number(out.mobile, m.mobile_number, "external_pstn", site);
  return out;
}

Participant for_contact(const Contact& k) {
  Participant p;
  p.name = k.name;
  p.did_number = k.number;
  p.number_type = "external_pstn";
  p.country_code = k.country_code;
  p.country_iso_code = k.iso_code;
  return p;
}

}  // namespace

Directory make_directory(const std::vector<Site>& sites, const std::vector<Member>& members,
                         const std::vector<Contact>& contacts) {
  Directory d;
  for (const Site& s : sites) d.sites.push_back(for_site(s));
  for (const Member& m : members) d.members.push_back(for_member(m, sites[m.site]));
  for (const Contact& k : contacts) d.contacts.push_back(for_contact(k));
  d.emergency_test.name = "Emergency Address Test";
  d.emergency_test.did_number = "933";
  d.emergency_test.number_type = "zoom_service_number";
  return d;
}

}  // namespace zoom::sandbox::detail
