// Whether a call-history record passes the filters of the call-history listings, judged on the
// record as served (so a filter can only select by what the client sees).
#pragma once

#include <zoom/sandbox/sandbox.hpp>

#include <boost/json/object.hpp>

namespace zoom::sandbox::detail {

// keyword: a case-insensitive substring of the caller's or callee's name, number (did_number),
// extension number or email, or of call_id. Arrays: the record's value is one of them (an
// empty array does not filter); number_types and extension_types match the caller's OR the
// callee's; call_results matches call_result. department, cost_center, recording_status:
// equal (empty: no filter). `filters` are valid; time_type is the listing's business.
bool passes(const boost::json::object& record, const HistoryFilters& filters);

}  // namespace zoom::sandbox::detail
