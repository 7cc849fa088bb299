// The SIP (domain/sip.hpp) as JSON: the wire form of the API and the stored form of a version's
// plan (migration 0009). Decoding checks shapes and names (types, dates, party and status
// names) and names the field of the first problem the way the API spells it
// ("interventions[2].responsible"); the rules on the content are ValidateSipPlan's.
#pragma once

#include <span>
#include <string_view>

#include <boost/json.hpp>

#include "domain/result.hpp"
#include "domain/sip.hpp"

namespace rattvag {

boost::json::object SipPlanToJson(const SipPlan& plan);

// The plan of the fields of `object`; fields it lacks are empty (no goals, no date, …). Keys in
// `other_keys` belong to the caller (e.g. "comment") and are skipped; any other unknown key is
// an error naming it.
Result<SipPlan> SipPlanFromJson(const boost::json::object& object, std::span<const std::string_view> other_keys = {});

// One version with its plan, and a version's header without it (for history lists).
boost::json::object SipVersionToJson(const SipVersion& version);
boost::json::object SipVersionHeaderToJson(const SipVersion& version);

// One change of CompareSipPlans.
boost::json::object SipChangeToJson(const SipChange& change);

}  // namespace rattvag
