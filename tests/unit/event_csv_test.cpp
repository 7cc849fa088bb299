// The CSV form of the exchange format (codec/event_csv.hpp, docs/CSV.md).
#include "codec/event_csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codec/event_json.hpp"

namespace rattvag {
namespace {

// Synthetic personnummer (serials 980–999, Luhn worked by hand in event_json_test.cpp).
constexpr Date kToday(2024, 6, 1);

struct Decoded {
  std::vector<CsvEvent> events;
  std::vector<CsvError> errors;
};

Decoded Decode(std::string_view text) {
  Decoded d;
  DecodeEventCsv(text, kToday, d.events, d.errors);
  return d;
}

std::string Describe(const std::vector<CsvError>& errors) {
  std::string out;
  for (const auto& e : errors)
    out += std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.error.ToString() + "\n";
  return out;
}

// The JSON line with the same fields decodes to the same event: the canonical JSON of both is equal.
void ExpectSameAsJson(const CsvEvent& row, std::string_view json_line) {
  const DecodedLine expected = DecodeEventLine(json_line, kToday);
  ASSERT_TRUE(expected.errors.empty()) << json_line;
  EXPECT_EQ(EncodeEventJson(row.event), EncodeEventJson(expected.event)) << json_line;
}

TEST(EventCsv, SwedishSpreadsheetFormWithBomSemicolonsCrlfAndQuotes) {
  // As Excel with Swedish settings saves "CSV UTF-8": BOM, `;`, CRLF, quotes where needed.
  const std::string file =
      "\xEF\xBB\xBFtype;person;date;municipality;source;parties;consent_id;purpose;note;direction\r\n"
      "target_group_identified;19850312-9804;2024-01-10;1380;mapping;;;;;\r\n"
      "consent_given;198503129804;2024-01-11;;;fk|region;c1;Samordning;;\r\n"
      "stance_taken;198503129804;2024-02-01;;;;;;\"Bedömd; se intyg\r\nrad två \"\"citat\"\"\";fk_coordination\r\n"
      ";;;;;;;;;\r\n"
      "mapping_meeting_held;199012249810;2024-02-02;;;;;;;\r\n";
  const Decoded d = Decode(file);
  ASSERT_TRUE(d.errors.empty()) << Describe(d.errors);
  ASSERT_EQ(d.events.size(), 4u);
  EXPECT_EQ(d.events[0].line, 2u);
  EXPECT_EQ(d.events[1].line, 3u);
  EXPECT_EQ(d.events[2].line, 4u);  // The row that spans lines 4 and 5.
  EXPECT_EQ(d.events[3].line, 7u);  // After the empty row on line 6.
  ExpectSameAsJson(d.events[0],
                   R"({"type":"target_group_identified","person":"198503129804","date":"2024-01-10","municipality":"1380","source":"mapping"})");
  ExpectSameAsJson(d.events[1],
                   R"({"type":"consent_given","person":"198503129804","date":"2024-01-11","consent_id":"c1","parties":["fk","region"],"purpose":"Samordning"})");
  EXPECT_EQ(d.events[2].event.note, "Bedömd; se intyg\r\nrad två \"citat\"");
  EXPECT_EQ(d.events[3].event.person, "199012249810");
}

TEST(EventCsv, CommaSeparatedWithTypedCells) {
  const std::string file =
      "Type , person,date,from,to,extent,supports_reduced_capacity,icd10\n"
      "sick_certificate,198503129804,2024-03-01,2024-03-01,2024-04-30,50,ja,F32\n"
      "sick_certificate,198503129804,2024-05-01,2024-05-01,2024-05-31,100,false,\n";
  const Decoded d = Decode(file);
  ASSERT_TRUE(d.errors.empty()) << Describe(d.errors);
  ASSERT_EQ(d.events.size(), 2u);
  ExpectSameAsJson(d.events[0],
                   R"({"type":"sick_certificate","person":"198503129804","date":"2024-03-01","from":"2024-03-01","to":"2024-04-30","extent":50,"icd10":"F32","supports_reduced_capacity":true})");
  ExpectSameAsJson(d.events[1],
                   R"({"type":"sick_certificate","person":"198503129804","date":"2024-05-01","from":"2024-05-01","to":"2024-05-31","extent":100,"supports_reduced_capacity":false})");
}

TEST(EventCsv, SurveyAnswersAreAJsonObject) {
  const std::string file = "type;date;survey;answers\nsurvey_answered;2024-03-01;staff;\"{\"\"contact\"\":\"\"good\"\"}\"\n";
  const Decoded d = Decode(file);
  ASSERT_TRUE(d.errors.empty()) << Describe(d.errors);
  ASSERT_EQ(d.events.size(), 1u);
  ExpectSameAsJson(d.events[0], R"({"type":"survey_answered","date":"2024-03-01","survey":"staff","answers":{"contact":"good"}})");
}

TEST(EventCsv, EveryBadCellIsNamedByLineColumnAndField) {
  const std::string file =
      "type;person;date;from;to;extent;supports_reduced_capacity\n"
      "sick_certificate;198503129804;2024-03-01;2024-03-01;2024-04-30;60;true\n"        // extent 60
      "sick_certificate;198503129804;2024-13-01;2024-03-01;2024-04-30;50;kanske\n"      // bool
      "sick_certificate;198503129804;2024-02-30;2024-03-01;2024-04-30;50;true\n"        // date
      "mapping_meeting_held;198503129804;2024-03-01;;;50;\n"                             // extent not of the type
      "sick_certificate;198503129804;2024-03-01;2024-03-01;2024-04-30;50;true;extra\n"  // too many cells
      "flytt;198503129804;2024-03-01;;;;\n";                                            // unknown type
  const Decoded d = Decode(file);
  EXPECT_TRUE(d.events.empty());
  struct Want { size_t line, column; std::string field; };
  const std::vector<Want> want = {{2, 6, "extent"}, {3, 7, "supports_reduced_capacity"}, {4, 3, "date"},
                                  {5, 6, "extent"}, {6, 8, ""},                           {7, 1, "type"}};
  ASSERT_EQ(d.errors.size(), want.size()) << Describe(d.errors);
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(Describe(d.errors));
    EXPECT_EQ(d.errors[i].line, want[i].line) << i;
    EXPECT_EQ(d.errors[i].column, want[i].column) << i;
    EXPECT_EQ(d.errors[i].error.field, want[i].field) << i;
    EXPECT_FALSE(d.errors[i].error.reason.empty());
  }
  // The reasons are the JSON codec's own (the same rules in both forms).
  const DecodedLine json = DecodeEventLine(
      R"({"type":"sick_certificate","person":"198503129804","date":"2024-03-01","from":"2024-03-01","to":"2024-04-30","extent":60,"supports_reduced_capacity":true})",
      kToday);
  ASSERT_EQ(json.errors.size(), 1u);
  EXPECT_EQ(d.errors[0].error, json.errors[0]);
}

TEST(EventCsv, ABadHeaderIsReportedAloneWithItsColumns) {
  const Decoded unknown = Decode("type,person,datum,person\nmapping_meeting_held,198503129804,2024-03-01,\n");
  ASSERT_EQ(unknown.errors.size(), 2u) << Describe(unknown.errors);
  EXPECT_EQ(unknown.errors[0].line, 1u);
  EXPECT_EQ(unknown.errors[0].column, 3u);
  EXPECT_EQ(unknown.errors[0].error.field, "datum");
  EXPECT_EQ(unknown.errors[1].column, 4u);
  EXPECT_EQ(unknown.errors[1].error.field, "person");
  EXPECT_TRUE(unknown.events.empty());

  const Decoded no_type = Decode("person;date\n198503129804;2024-03-01\n");
  ASSERT_EQ(no_type.errors.size(), 1u);
  EXPECT_EQ(no_type.errors[0].error.field, "type");
  EXPECT_EQ(no_type.errors[0].line, 1u);

  const Decoded empty = Decode("\xEF\xBB\xBF\r\n\r\n");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].line, 1u);
}

TEST(EventCsv, AnUnclosedQuoteAndBadUtf8AreErrorsNotCrashes) {
  const Decoded open = Decode("type;note\nstance_taken;\"no end\n");
  ASSERT_EQ(open.errors.size(), 1u) << Describe(open.errors);
  EXPECT_EQ(open.errors[0].line, 2u);
  EXPECT_EQ(open.errors[0].column, 2u);
  // Latin-1 "å" (0xE5), as an old spreadsheet saves it.
  const Decoded latin1 = Decode("type;person;date;direction;note\nstance_taken;198503129804;2024-03-01;fk_coordination;p\xE5\n");
  ASSERT_EQ(latin1.errors.size(), 1u) << Describe(latin1.errors);
  EXPECT_EQ(latin1.errors[0].column, 5u);
  EXPECT_EQ(latin1.errors[0].error.field, "note");
  EXPECT_NE(latin1.errors[0].error.reason.find("UTF-8"), std::string::npos);
}

TEST(EventCsv, TheTemplateHeaderNamesEveryFieldOnce) {
  const auto& columns = CsvColumns();
  std::string header;
  for (const auto& c : columns) header += (header.empty() ? "" : ";") + c;
  const Decoded d = Decode(header + "\nmapping_meeting_held;198503129804;2024-03-01\n");
  EXPECT_TRUE(d.errors.empty()) << Describe(d.errors);
  EXPECT_EQ(d.events.size(), 1u);
  EXPECT_EQ(columns.front(), "type");
}

}  // namespace
}  // namespace rattvag
