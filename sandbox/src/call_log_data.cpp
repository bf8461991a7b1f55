#include "call_log_data.hpp"

#include "random.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <utility>

namespace zoom::sandbox::detail {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

const std::vector<std::string> first_names = {
    "Sam",   "Jordan", "Alex",  "Taylor", "Morgan", "Casey",  "Riley", "Jamie",
    "Avery", "Quinn",  "Priya", "Wei",    "Mateo",  "Sofia",  "Hiroshi", "Amara",
    "Lars",  "Fatima", "Diego", "Elena",  "Noah",   "Olivia", "Liam",  "Emma",
    "Kofi",  "Aisha",  "Chen",  "Ines",   "Marta",  "Yusuf"};
const std::vector<std::string> last_names = {
    "Rivera", "Lee",    "Kim",      "Nguyen", "Patel",  "Garcia",  "Smith",  "Johnson",
    "Brown",  "Wilson", "Martinez", "Clark",  "Lewis",  "Walker",  "Young",  "Allen",
    "Wright", "Scott",  "Torres",   "Hill",   "Adams",  "Baker",   "Nelson", "Carter",
    "Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell"};
// Outside contacts: real directories have non-ASCII names, commas and quotes.
const std::vector<std::string> contact_last_names = {
    "Müller", "Dubois", "Søndergaard", "Okafor", "Tanaka", "García", "O'Brien", "Kowalski",
    "Haddad", "Rossi",  "Fischer",     "Lindqvist", "Moreau", "Sato", "Nakamura", "Ramírez"};
const std::vector<std::string> companies = {
    "Northwind Ltd",   "Contoso, Inc.",       "Fabrikam",          "Adventure Works",
    "Tailspin Toys",   "Wide World Importers", "Litware Inc",    "Proseware \"PW\" Labs",
    "Woodgrove Bank",  "Alpine Ski House",  "Coho Winery",       "Fourth Coffee",
    "Lucerne Publishing", "Margie's Travel", "Trey Research",    "Blue Yonder Airlines",
    "Graphic Design Institute", "City Power & Light", "Humongous Insurance", "Wingtip Toys"};

struct Department {
  const char* name;
  const char* cost_center;
};
const Department departments[] = {
    {"Customer Support", "CC-1200"}, {"Sales", "CC-1400"},      {"Engineering", "CC-2100"},
    {"Finance", "CC-3100"},          {"Marketing", "CC-1500"},  {"Operations", "CC-2600"}};

struct SiteTemplate {
  const char* name;
  const char* location;
  int utc_offset_minutes;
  const char* country_code;
  const char* iso_code;
  const char* area;    // area code for US mobiles
  const char* prefix;  // the site's numbers are prefix + 3 digits
  const char* short_name;
};
const SiteTemplate site_templates[] = {
    {"Main Site", "Glendale CA", -8 * 60, "1", "US", "818", "+18185550", "Main"},
    {"New York Office", "New York NY", -5 * 60, "1", "US", "212", "+12125550", "New York"},
    {"London Office", "London", 0, "44", "GB", "", "+442079460", "London"},
};

struct Country {
  const char* code;
  const char* iso;
  int weight;
  int rate;  // per minute in 1/10000 dollars, calling it from abroad
};
const Country countries[] = {{"1", "US", 60, 255},  {"1", "CA", 5, 255},   {"44", "GB", 12, 210},
                             {"49", "DE", 7, 280},  {"33", "FR", 5, 310},  {"61", "AU", 4, 450},
                             {"81", "JP", 3, 630},  {"52", "MX", 4, 1200}};

std::string three_digits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", n % 1000);
  return buf;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string money(long long units) {  // 1/10000 dollars -> "$0.0255"
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%lld.%04lld", units / 10000, units % 10000);
  return buf;
}

// A national number for a country, in E.164.
std::string phone_number(Rng& rng, std::string_view iso) {
  auto pick = [&](std::initializer_list<const char*> items) {
    return std::string(*(items.begin() + rng.below(items.size())));
  };
  if (iso == "US" || iso == "CA") {
    const std::string area = iso == "US" ? pick({"205", "212", "305", "312", "415", "512", "617",
                                                 "646", "702", "818", "917", "972"})
                                         : pick({"416", "514", "604", "613"});
    return "+1" + area + std::to_string(rng.between(2, 9)) + rng.digits(2) + rng.digits(4);
  }
  if (iso == "GB") return pick({"+4420", "+44161", "+44117"}) + std::to_string(rng.between(2, 8)) + rng.digits(6);
  if (iso == "DE") return pick({"+4930", "+4989", "+4940"}) + std::to_string(rng.between(2, 9)) + rng.digits(6);
  if (iso == "FR") return pick({"+331", "+334", "+336"}) + rng.digits(8);
  if (iso == "AU") return pick({"+612", "+613"}) + std::to_string(rng.between(8, 9)) + rng.digits(7);
  if (iso == "JP") return pick({"+813", "+816"}) + std::to_string(rng.between(5, 6)) + rng.digits(7);
  return "+5255" + std::to_string(rng.between(1, 9)) + rng.digits(7);  // MX
}

std::string zoom_id(Rng& rng) {  // 22 base64url characters, never starting with - or _
  return rng.chars(1, alnum_alphabet) + rng.chars(21, zoom_id_alphabet);
}

template <class T>
T weighted(Rng& rng, const std::vector<std::pair<T, int>>& items) {
  int total = 0;
  for (const auto& item : items) total += item.second;
  int r = static_cast<int>(rng.below(static_cast<std::uint64_t>(total)));
  for (const auto& item : items) {
    if (r < item.second) return item.first;
    r -= item.second;
  }
  return items.back().first;
}

Party user_party(const Member& m, const Site& site) {
  return {m.user.extension_number, "user", site.location, m.user.name, 1, m.user.phone_number};
}

boost::json::object party_json(const Party& p) {
  boost::json::object o;
  if (!p.extension_number.empty()) o["extension_number"] = p.extension_number;
  o["extension_type"] = p.extension_type;
  if (!p.location.empty()) o["location"] = p.location;
  o["name"] = p.name;
  o["number_type"] = p.number_type;
  if (!p.phone_number.empty()) o["phone_number"] = p.phone_number;
  return o;
}

End extension_end(const Party& p) { return {p.extension_number, p.name, "", "", "", "", "", 1}; }

// The ids only the call history shows (extension ids, employee ids, group ids), each from a
// generator of its own: drawing them from the generators above would change the call logs.
void add_history_ids(std::uint64_t seed, std::vector<Site>& sites, std::vector<Member>& members) {
  Rng site_rng(hash_values(seed, 0xE7E75173));
  for (Site& s : sites)
    for (Party* p : {&s.auto_receptionist, &s.call_queue, &s.shared_line_group, &s.common_area_phone})
      p->extension_id = zoom_id(site_rng);
  Rng group_rng(hash_values(seed, 0x6A0C9));
  std::vector<std::string> group_ids;  // one primary group per department
  for (std::size_t i = 0; i < std::size(departments); ++i) group_ids.push_back(zoom_id(group_rng));
  Rng member_rng(hash_values(seed, 0xE7E7A11C));
  for (Member& m : members) {
    m.extension_id = zoom_id(member_rng);
    m.employee_id = "E" + member_rng.digits(6);
    for (std::size_t i = 0; i < std::size(departments); ++i)
      if (m.department == departments[i].name) m.group_id = group_ids[i];
  }
}

int talk_seconds(Rng& rng) {
  const double r = rng.unit();
  if (r < 0.55) return rng.between(15, 240);
  if (r < 0.93) return rng.between(240, 1200);
  return rng.between(1200, 3600);
}

bool is_answered(const std::string& result) {
  return result == "Call connected" || result == "Answered by Other Member";
}

}  // namespace

CallLogData::CallLogData(std::uint64_t seed, int users) : seed_(seed) {
  if (users < 1 || users > 500)
    throw std::invalid_argument("zoom::sandbox: Options::users must be between 1 and 500, got " +
                                std::to_string(users));

  Rng site_rng(hash_values(seed, 0x5173));
  for (std::size_t i = 0; i < std::size(site_templates); ++i) {
    const SiteTemplate& t = site_templates[i];
    Site s;
    s.id = zoom_id(site_rng);
    s.name = t.name;
    s.location = t.location;
    s.utc_offset_minutes = t.utc_offset_minutes;
    s.country_code = t.country_code;
    s.iso_code = t.iso_code;
    s.main_number = std::string(t.prefix) + "100";
    const std::string base = "8" + std::to_string(i);  // extensions 80xx, 81xx, 82xx
    const std::string short_name = t.short_name;
    s.auto_receptionist = {base + "00", "autoReceptionist", s.location,
                           short_name + " Auto Receptionist", 2, s.main_number};
    s.call_queue = {base + "10", "callQueue", s.location, short_name + " Support Queue", 2,
                    std::string(t.prefix) + "110"};
    s.shared_line_group = {base + "20", "sharedLineGroup", s.location, short_name + " Sales Line",
                           2, std::string(t.prefix) + "120"};
    s.common_area_phone = {base + "30", "commonAreaPhone", s.location, short_name + " Lobby Phone",
                           1, ""};
    sites_.push_back(std::move(s));
  }

  Rng user_rng(hash_values(seed, 0xA11CE));
  std::set<std::string> names, ids;
  for (int i = 0; i < users; ++i) {
    Member m;
    std::string first, last;
    for (int attempt = 0;; ++attempt) {
      first = user_rng.pick(first_names);
      last = user_rng.pick(last_names);
      if (attempt >= 50) last += std::to_string(i);  // more users than name pairs left
      if (names.insert(first + ' ' + last).second) break;
    }
    m.user.name = first + ' ' + last;
    // Plus-addressing is common: one email has a '+', which a path segment carries as is.
    m.user.email = lower(first) + '.' + lower(last) + (i == 2 ? "+phone" : "") + "@example.com";
    do m.user.id = zoom_id(user_rng);
    while (!ids.insert(m.user.id).second);
    m.site = i == 0 ? 0 : weighted<std::size_t>(user_rng, {{0, 5}, {1, 3}, {2, 2}});
    const Department& dept = i == 0 ? departments[0] : departments[user_rng.below(std::size(departments))];
    m.department = dept.name;
    m.cost_center = dept.cost_center;
    m.user.extension_number = std::to_string(1001 + i);
    const SiteTemplate& t = site_templates[m.site];
    m.user.phone_number = std::string(t.prefix) + three_digits(200 + i);
    // The first user ("me") has a number brought in through peering, so that its call logs show
    // every NumberSource value (main line: internal; call queues: external through BYOC).
    m.number_source = i == 0 ? std::string("byop")
                             : weighted<std::string>(user_rng, {{"internal", 80}, {"external", 12}, {"byop", 8}});
    if (m.number_source == "byop")
      m.billing_reference = "PEER-" + user_rng.digits(4) + '-' + user_rng.digits(4);
    m.mobile_number = m.site == 2 ? "+447700900" + user_rng.digits(3)
                                  : "+1" + std::string(t.area) + std::to_string(user_rng.between(2, 9)) +
                                        user_rng.digits(6);
    users_.push_back(m.user);
    members_.push_back(std::move(m));
  }
  add_history_ids(seed, sites_, members_);

  Rng contact_rng(hash_values(seed, 0xC0FFEE));
  std::vector<std::pair<const Country*, int>> country_weights;
  for (const Country& c : countries) country_weights.emplace_back(&c, c.weight);
  std::set<std::string> contact_names;
  for (int i = 0; i < 60; ++i) {
    const Country& country = *weighted(contact_rng, country_weights);
    Contact c;
    for (int attempt = 0;; ++attempt) {
      if (contact_rng.chance(0.4))
        c.name = contact_rng.pick(companies);
      else
        c.name = contact_rng.pick(first_names) + ' ' +
                 (contact_rng.chance(0.3) ? contact_rng.pick(contact_last_names) : contact_rng.pick(last_names));
      if (contact_names.insert(c.name).second || attempt >= 20) break;
    }
    c.number = phone_number(contact_rng, country.iso);
    c.country_code = country.code;
    c.iso_code = country.iso;
    c.rate = country.rate;
    contacts_.push_back(std::move(c));
  }
  directory_ = make_directory(sites_, members_, contacts_);
}

std::optional<std::size_t> CallLogData::find_user(std::string_view key) const {
  if (key == "me") return 0;
  for (std::size_t i = 0; i < users_.size(); ++i)
    if (users_[i].id == key) return i;
  const std::string wanted = lower(std::string(key));
  for (std::size_t i = 0; i < users_.size(); ++i)
    if (lower(users_[i].email) == wanted) return i;
  return std::nullopt;
}

CallContext CallLogData::context(std::size_t user) const {
  const Member& m = members_[user];
  return {m, sites_[m.site], directory_.members[user], directory_.sites[m.site]};
}

sys_days CallLogData::oldest_day(sys_seconds now) {
  return sys_days{add_months(year_month_day{std::chrono::floor<days>(now)}, -7)};
}

sys_days CallLogData::newest_day(sys_seconds now) { return std::chrono::floor<days>(now) + days{1}; }

std::vector<Call> CallLogData::day(std::size_t user, sys_days local_day) const {
  const auto day_number = static_cast<std::uint64_t>(local_day.time_since_epoch().count());
  Rng rng(hash_values(seed_, 0x10000 + user, day_number));
  const std::chrono::weekday weekday{local_day};
  const bool weekend = weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
  const int count = weekend ? (rng.chance(0.65) ? 0 : rng.between(1, 3)) : rng.between(0, 12);

  std::vector<int> starts;  // seconds after local midnight, business hours with a lunch dip
  for (int k = 0; k < count; ++k) {
    int minute = rng.between(8 * 60, 18 * 60 - 1);
    if (minute >= 12 * 60 && minute < 13 * 60 && rng.chance(0.5)) minute = rng.between(8 * 60, 18 * 60 - 1);
    starts.push_back(minute * 60 + rng.between(0, 59));
  }
  std::sort(starts.begin(), starts.end());

  const Site& site = sites_[members_[user].site];
  std::vector<Call> out;
  out.reserve(starts.size());
  for (std::size_t k = 0; k < starts.size(); ++k) {
    sys_seconds start = sys_days{local_day} + seconds{starts[k]} - minutes{site.utc_offset_minutes};
    if (!out.empty() && start < out.back().end + seconds{20})  // one call at a time
      start = out.back().end + seconds{rng.between(20, 300)};
    out.push_back(make_call(user, hash_values(seed_ ^ 0xCA11, hash_values(user, day_number), k), start));
  }
  return out;
}

Call CallLogData::make_call(std::size_t user, std::uint64_t call_seed, sys_seconds start) const {
  Rng rng(call_seed);
  const Member& me = members_[user];
  const Site& site = sites_[me.site];
  const Directory::ForSite& here = directory_.sites[me.site];
  const Party self = user_party(me, site);
  const End self_number{me.user.phone_number, me.user.name, me.user.phone_number, site.country_code,
                        site.iso_code, me.number_source, me.billing_reference, 2};
  const bool has_other = members_.size() > 1;
  auto other_member = [&]() -> std::size_t {
    return (user + 1 + rng.below(members_.size() - 1)) % members_.size();
  };
  auto contact = [&]() -> std::size_t { return static_cast<std::size_t>(&rng.pick(contacts_) - contacts_.data()); };

  Call c;
  c.owner = user;
  c.seed = call_seed;
  c.start = start;
  c.id = rng.uuid();
  const bool inbound = rng.chance(0.55);
  const bool external = rng.chance(0.7);
  int rate = 0;  // per minute in 1/10000 dollars; charged on connected time
  bool priced = false;

  if (inbound && external) {
    const std::size_t ki = contact();
    const Contact& k = contacts_[ki];
    c.direction = "inbound";
    c.path = "pstn";
    c.caller = {k.number, k.name, "", k.country_code, k.iso_code, "", "", 2};
    c.far = &directory_.contacts[ki];
    c.international = k.country_code != site.country_code;
    const double route = rng.unit();
    if (route < 0.30) {  // the main line, through the auto receptionist
      c.route = Route::main_line;
      c.callee = {site.main_number, "Main Line", site.main_number, site.country_code, site.iso_code, "internal", "", 2};
      c.forwarded_by = site.auto_receptionist;
      c.forwarded_to = self;
      rate = 85;  // toll-free style inbound charge
      priced = true;
      c.result = weighted<std::string>(rng, {{"Call connected", 68}, {"Missed", 14}, {"Voicemail", 9},
                                             {"Call Cancel", 6}, {"Rejected", 3}});
    } else if (route < 0.45) {  // a call queue the user is a member of
      c.route = Route::call_queue;
      const Party& q = site.call_queue;
      c.callee = {q.phone_number, q.name, q.phone_number, site.country_code, site.iso_code, "external", "", 2};
      c.forwarded_by = q;
      c.forwarded_to = self;
      c.result = weighted<std::string>(rng, {{"Call connected", 58}, {"Answered by Other Member", has_other ? 17 : 0},
                                             {"Missed", 12}, {"Voicemail", 8}, {"Call Cancel", 5}});
    } else {  // the user's direct number
      c.route = Route::direct;
      c.callee = self_number;
      c.callee.billing_reference.clear();
      if (rng.chance(0.04)) c.forwarded_by = site.common_area_phone;  // transferred from the lobby
      c.result = weighted<std::string>(rng, {{"Call connected", 65}, {"Missed", 14}, {"Voicemail", 9},
                                             {"Call Cancel", 5}, {"Rejected", 3}, {"Blocked", 2}, {"Busy", 2}});
      if (c.result == "Missed" && rng.chance(0.25))  // forwarded to the user's mobile, unanswered
        c.forwarded_to = Party{me.user.extension_number, "user", site.location, me.user.name, 3, me.mobile_number};
    }
    if (c.result == "Call connected") c.accepted_by = self;
    if (c.result == "Answered by Other Member") {
      const std::size_t o = other_member();
      c.accepted_by = user_party(members_[o], sites_[members_[o].site]);
      c.forwarded_to = c.accepted_by;
      c.answered_by = &directory_.members[o].by_extension;
    }
  } else if (inbound) {  // from another extension of the account
    c.route = Route::from_extension;
    c.direction = "inbound";
    c.path = "extension";
    std::optional<std::size_t> peer;
    if (has_other && rng.chance(0.8)) peer = other_member();
    const Party from = peer ? user_party(members_[*peer], sites_[members_[*peer].site]) : site.common_area_phone;
    c.far = peer ? &directory_.members[*peer].by_extension : &here.lobby;
    c.caller = extension_end(from);
    c.callee = extension_end(self);
    c.result = weighted<std::string>(rng, {{"Call connected", 74}, {"Missed", 14}, {"Voicemail", 6},
                                           {"Call Cancel", 4}, {"Rejected", 2}});
    if (c.result == "Call connected") c.accepted_by = self;
    priced = true;
  } else if (external) {  // out to the phone network
    const std::size_t ki = contact();
    const Contact& k = contacts_[ki];
    const bool international = k.country_code != site.country_code;
    c.route = Route::to_pstn;
    c.far = &directory_.contacts[ki];
    c.international = international;
    c.direction = "outbound";
    c.path = "pstn";
    c.caller = self_number;
    c.callee = {k.number, k.name, "", k.country_code, k.iso_code, "", "", 2};
    c.outgoing_by = me.department == "Sales" && rng.chance(0.25) ? site.shared_line_group : self;
    if (international && rng.chance(0.06))
      c.result = "International Disabled";
    else
      c.result = weighted<std::string>(rng, {{"Call connected", 70}, {"No Answer", 12}, {"Busy", 6},
                                             {"Call Cancel", 6}, {"Voicemail", 4}, {"Call failed", 1},
                                             {"Wrong Number", 1}});
    rate = international ? k.rate : (site.country_code == "1" ? weighted<int>(rng, {{85, 2}, {100, 2}, {255, 1}}) : 150);
    priced = true;
    if (rng.chance(0.15)) c.client_code = rng.digits(4);
  } else if (site.country_code == "1" && rng.chance(0.015)) {  // an emergency address test call (US)
    c.route = Route::emergency_test;
    c.far = &directory_.emergency_test;
    c.direction = "outbound";
    c.path = "pstn";
    c.caller = self_number;
    c.callee = {"933", "Emergency Address Test", "", "", "", "", "", 3};
    c.outgoing_by = self;
    c.result = "Call connected";
    priced = true;
  } else {  // to another extension of the account
    c.route = Route::to_extension;
    c.direction = "outbound";
    c.path = "extension";
    const double r = rng.unit();
    std::optional<std::size_t> peer;
    if (has_other && r < 0.7) peer = other_member();
    const Party to = peer ? user_party(members_[*peer], sites_[members_[*peer].site])
                          : (r < 0.85 ? site.call_queue : site.auto_receptionist);
    c.far = peer ? &directory_.members[*peer].by_extension : (r < 0.85 ? &here.queue : &here.auto_receptionist);
    c.caller = extension_end(self);
    c.callee = extension_end(to);
    c.outgoing_by = self;
    c.result = weighted<std::string>(rng, {{"Call connected", 76}, {"No Answer", 10}, {"Busy", 4},
                                           {"Call Cancel", 6}, {"Voicemail", to.extension_type == "user" ? 4 : 0}});
    priced = true;
  }

  // Times: waiting (ringing), then talking; answer_start_time only for answered inbound calls.
  const bool answered = is_answered(c.result);
  if (answered) {
    c.waiting = rng.between(2, 20);
    c.duration = c.callee.number_type == 3 ? rng.between(20, 60) : talk_seconds(rng);
  } else if (c.result == "Voicemail") {
    c.waiting = rng.between(15, 30);
    c.duration = rng.between(8, 120);
  } else if (c.result == "Missed" || c.result == "No Answer" || c.result == "Call Cancel") {
    c.waiting = rng.between(c.result == "Call Cancel" ? 3 : 20, 45);
  } else {
    c.waiting = rng.between(0, 5);
  }
  if (answered && c.direction == "inbound") c.answer = start + seconds{c.waiting};
  if (answered) c.hold = c.duration > 60 && rng.chance(0.3) ? rng.between(5, std::min(180, c.duration / 2)) : 0;

  if (priced) {
    const long long minutes_billed = c.duration > 0 ? (c.duration + 59) / 60 : 0;
    c.rate = money(rate);
    c.charge = money(rate * minutes_billed);
  }

  if (answered && rng.chance(me.department == "Customer Support" ? 0.6 : 0.15)) {
    // Support records by policy; anyone may start a recording by hand.
    c.recording_type = me.department == "Customer Support" && rng.chance(0.8) ? "Automatic" : "OnDemand";
    c.has_recording = true;
  } else {
    c.has_recording = false;
  }
  c.has_voicemail = c.result == "Voicemail";
  if (rng.chance(0.15)) {  // deprecated since 2021: not always sent
    c.has_recording.reset();
    c.has_voicemail.reset();
  }
  if (rng.chance(0.35)) c.call_path_id = rng.hex(32);

  // Zoom's call ids grow with time: milliseconds since 1970 << 22 | sequence: 19 digits.
  const auto ms = static_cast<std::uint64_t>(start.time_since_epoch().count()) * 1000 + rng.below(1000);
  c.call_id = std::to_string((ms << 22) | (rng.next() & 0x3FFFFF));
  c.end = start + seconds{c.waiting + c.duration};
  return c;
}

boost::json::object CallLogData::log_json(const Call& c) const {
  const Member& me = members_[c.owner];
  const Site& site = sites_[me.site];
  boost::json::object o;
  if (c.accepted_by) o["accepted_by"] = party_json(*c.accepted_by);
  if (c.answer) o["answer_start_time"] = format_date_time(*c.answer);
  o["call_end_time"] = format_date_time(c.end);
  o["call_id"] = c.call_id;
  if (!c.callee.country_code.empty()) o["callee_country_code"] = c.callee.country_code;
  if (!c.callee.iso_code.empty()) o["callee_country_iso_code"] = c.callee.iso_code;
  if (!c.callee.did.empty()) o["callee_did_number"] = c.callee.did;
  o["callee_name"] = c.callee.name;
  o["callee_number"] = c.callee.number;
  o["callee_number_type"] = c.callee.number_type;
  if (!c.callee.source.empty()) o["callee_number_source"] = c.callee.source;
  if (!c.caller.country_code.empty()) o["caller_country_code"] = c.caller.country_code;
  if (!c.caller.iso_code.empty()) o["caller_country_iso_code"] = c.caller.iso_code;
  if (!c.caller.did.empty()) o["caller_did_number"] = c.caller.did;
  o["caller_name"] = c.caller.name;
  o["caller_number"] = c.caller.number;
  o["caller_number_type"] = c.caller.number_type;
  if (!c.caller.source.empty()) o["caller_number_source"] = c.caller.source;
  if (!c.caller.billing_reference.empty()) o["caller_billing_reference_id"] = c.caller.billing_reference;
  if (!c.charge.empty()) o["charge"] = c.charge;
  if (!c.client_code.empty()) o["client_code"] = c.client_code;
  o["date_time"] = format_date_time(c.start);
  o["direction"] = c.direction;
  o["duration"] = c.duration;
  if (c.forwarded_by) o["forwarded_by"] = party_json(*c.forwarded_by);
  if (c.forwarded_to) o["forwarded_to"] = party_json(*c.forwarded_to);
  if (c.has_recording) o["has_recording"] = *c.has_recording;
  if (c.has_voicemail) o["has_voicemail"] = *c.has_voicemail;
  o["id"] = c.id;
  if (c.outgoing_by) o["outgoing_by"] = party_json(*c.outgoing_by);
  o["path"] = c.path;
  if (!c.rate.empty()) o["rate"] = c.rate;
  if (!c.recording_type.empty()) o["recording_type"] = c.recording_type;
  o["result"] = c.result;
  o["site"] = boost::json::object{{"id", site.id}, {"name", site.name}};
  o["user_id"] = me.user.id;
  if (c.hold) o["hold_time"] = *c.hold;
  o["waiting_time"] = c.waiting;
  o["department"] = me.department;
  o["cost_center"] = me.cost_center;
  if (!c.call_path_id.empty()) o["call_path_id"] = c.call_path_id;  // not in the spec, as on real Zoom
  return o;
}

std::vector<Call> CallLogData::window(const Window& w) const {
  const sys_days first = std::max(std::chrono::floor<days>(w.begin) - days{1}, oldest_day(w.now));
  const sys_days last = std::min(std::chrono::floor<days>(w.end) + days{1}, newest_day(w.now));
  std::vector<Call> out;
  for (sys_days d = first; d <= last; d += days{1}) {
    for (Call& c : day(w.user, d)) {
      const sys_seconds key = w.by_end ? c.end : c.start;
      if (key < w.begin || key > w.end || c.end > w.now) continue;
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<Call> CallLogData::calls(const Selection& sel) const {
  const bool by_end = sel.filters.time_type == "endTime";
  const bool missed_only = sel.filters.type == "missed";
  const std::string& phone = sel.filters.phone_number;
  std::vector<Call> matches = window({sel.user, sel.begin, sel.end, sel.now, by_end});
  std::erase_if(matches, [&](const Call& c) {
    return (missed_only && c.result != "Missed") ||
           (!phone.empty() && c.caller.number != phone && c.callee.number != phone);
  });
  sort_newest_first(matches, by_end);
  return matches;
}

void sort_newest_first(std::vector<Call>& calls, bool by_end) {
  std::sort(calls.begin(), calls.end(), [by_end](const Call& a, const Call& b) {
    const sys_seconds ka = by_end ? a.end : a.start;
    const sys_seconds kb = by_end ? b.end : b.start;
    if (ka != kb) return ka > kb;
    return a.id < b.id;
  });
}

}  // namespace zoom::sandbox::detail
