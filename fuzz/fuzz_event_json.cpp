// libFuzzer target: the exchange format (DOMAIN.md §10) as the import reads it.
//
// The input is one line of a JSON Lines file (or several: the import's line splitting is run
// over the whole input too). Every line that decodes must survive the round trips the journal
// relies on: canonical JSON and back, the binary stream (the digest) and back, the binary record
// of the import batch and back, each giving the same event. The raw input is also fed to the
// binary decoders, which must refuse garbage without reading out of bounds. Any broken invariant
// aborts (fuzz_support.hpp); so do crashes and sanitizer reports.
#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/import.hpp"
#include "codec/event_binary.hpp"
#include "codec/event_json.hpp"
#include "domain/case.hpp"
#include "domain/event.hpp"
#include "fuzz_support.hpp"

namespace rattvag::fuzz {
namespace {

// The reference day of the personnummer check ("today"); fixed, so runs are reproducible.
constexpr Date kToday(2026, 11, 1);

std::string Show(const Event& e) { return EncodeEventJson(e); }

bool IsValidJson(std::string_view text) {
  boost::json::error_code ec;
  boost::json::parse(text, ec);  // Validates UTF-8 too.
  return !ec;
}

// What must hold for every event the decoder accepted.
void CheckGoodEvent(const Event& e) {
  Check(ValidateEventFields(e).empty(), "a decoded event fails ValidateEventFields", Show(e));
  if (RequiresPerson(e.type)) Check(e.person.size() == 12, "a decoded person is not 12 digits", e.person);

  // Canonical JSON: valid JSON, decodes to the same event, and encodes again to the same text.
  const std::string json = EncodeEventJson(e);
  Check(IsValidJson(json), "EncodeEventJson wrote invalid JSON", json);
  const DecodedLine again = DecodeEventLine(json, kToday);
  if (!again.errors.empty()) Fail("the canonical JSON of a good event does not decode", json + "\n" + again.errors[0].ToString());
  if (auto field = FirstDifference(again.event, e); !field.empty()) Fail("JSON round trip changed field " + field, json);
  Check(EncodeEventJson(again.event) == json, "the canonical JSON is not stable", json);
  Check(IsValidJson(EncodeEventJson(e, /*include_person=*/false)), "the stored body is invalid JSON", json);

  // The digest: a one-event stream decodes to the same event, fully and for the rules.
  const Event one[] = {e};
  const std::string stream = EncodeEventStream(one);
  std::vector<Event> decoded;
  Status s = DecodeEventStream(stream, e.person, decoded);
  if (!s.ok()) Fail("the digest of a good event does not decode", s.error().ToString() + "\n" + json);
  Check(decoded.size() == 1, "the digest of one event decodes to another count", json);
  if (auto field = FirstDifference(decoded[0], e); !field.empty()) Fail("digest round trip changed field " + field, json);
  s = DecodeEventStream(stream, e.person, decoded, DecodeDetail::kRules);
  Check(s.ok() && decoded.size() == 1 && decoded[0].type == e.type && decoded[0].date == e.date,
        "the digest does not decode for the rules", json);
  std::vector<Event> storage;
  auto kept = DecodeEventStreamInto(stream, e.person, storage, DecodeDetail::kFull,
                                    kAllEventTypes & ~(1u << static_cast<unsigned>(e.type)));
  Check(kept.ok() && *kept == 0, "a digest filtered by type keeps an event of another type", json);
  // A cut digest is refused, never read past its end.
  for (size_t cut : {stream.size() - 1, stream.size() / 2, size_t{1}})
    if (cut < stream.size()) Check(!DecodeEventStream(std::string_view(stream).substr(0, cut), e.person, decoded).ok(),
                                   "a truncated digest decodes", json);

  // The record of the import batch.
  std::string record;
  AppendEventRecord(e, record);
  Event from_record;
  from_record.person = e.person;
  from_record.id = e.id;
  s = DecodeEventRecord(record, from_record);
  if (!s.ok()) Fail("the record of a good event does not decode", s.error().ToString() + "\n" + json);
  if (auto field = FirstDifference(from_record, e); !field.empty()) Fail("record round trip changed field " + field, json);

  // The relational rules take any single event without crashing (refusing is fine).
  CaseState state;
  (void)state.Apply(e);
}

// The binary decoders on arbitrary bytes: refuse or decode; what decodes re-encodes to bytes
// that decode to the same events.
void CheckBinaryDecoders(std::string_view bytes) {
  std::vector<Event> events;
  if (DecodeEventStream(bytes, "198503129804", events).ok()) {
    const std::string again = EncodeEventStream(events);
    std::vector<Event> second;
    Check(DecodeEventStream(again, "198503129804", second).ok() && second.size() == events.size(),
          "a re-encoded digest does not decode");
    for (size_t i = 0; i < events.size(); ++i)
      if (auto field = FirstDifference(second[i], events[i]); !field.empty())
        Fail("a re-encoded digest changed field " + field);
  }
  std::vector<Event> storage;
  (void)DecodeEventStreamInto(bytes, "198503129804", storage, DecodeDetail::kRules, kAllEventTypes);
  Event record;
  (void)DecodeEventRecord(bytes, record);
}

void CheckErrors(const std::vector<Error>& errors) {
  Check(!errors.empty(), "a refused line has no error");
  for (const Error& e : errors) {
    Check(!e.reason.empty(), "an error without a reason", e.field);
    // Errors are shown to people and sent in JSON answers (POST /api/v1/persons/{id}/events).
    Check(IsValidJson(boost::json::serialize(boost::json::value(e.ToString()))), "an error is not valid UTF-8",
          e.ToString());
  }
}

}  // namespace
}  // namespace rattvag::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace rattvag;
  using namespace rattvag::fuzz;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // One line, as DecodeEventLine sees it.
  const DecodedLine line = DecodeEventLine(input, kToday);
  if (line.errors.empty())
    CheckGoodEvent(line.event);
  else
    CheckErrors(line.errors);

  // The import's reading of the same bytes as a file: every good line ends up in the batch and
  // comes back out of it unchanged.
  EventBatch batch;
  std::vector<LineError> errors;
  ParseJsonLines(input, kToday, batch, errors);
  for (size_t i = 0; i < batch.size(); ++i) {
    Event e;
    Status s = batch.Decode(i, e);
    if (!s.ok()) Fail("an event of the import batch does not decode", s.error().ToString());
    CheckGoodEvent(e);
    Check(batch.Body(i) == EncodeEventJson(e, /*include_person=*/false), "the batch body is not the canonical JSON",
          std::string(batch.Body(i)));
  }
  for (const LineError& e : errors) Check(e.line >= 1, "an import error without a line number");
  // A single line (no line break, not blank) is read the same way by both.
  const bool single = input.find('\n') == std::string_view::npos && !input.empty() && input.back() != '\r' &&
                      input.find_first_not_of(" \t") != std::string_view::npos;
  if (single) {
    Check(batch.size() == (line.errors.empty() ? 1u : 0u), "the import and DecodeEventLine disagree on a line");
    if (batch.size() == 1) {
      Event e;
      (void)batch.Decode(0, e);
      if (auto field = FirstDifference(e, line.event); !field.empty()) Fail("the import batch changed field " + field);
    }
  }

  CheckBinaryDecoders(input);
  return 0;
}
