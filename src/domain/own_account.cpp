#include "domain/own_account.hpp"

#include <array>
#include <utility>

namespace rattvag {

LoginPolicy OwnLoginPolicy() {
  LoginPolicy policy;
  policy.idle_seconds = 15 * 60;
  policy.absolute_seconds = 2 * 60 * 60;
  return policy;
}

std::string MakeActivationCode(std::string_view random) {
  std::string code;
  for (size_t i = 0; i < kActivationCodeLength && i < random.size(); ++i) {
    if (i > 0 && i % 4 == 0) code += '-';
    code += kActivationAlphabet[static_cast<unsigned char>(random[i]) % kActivationAlphabet.size()];
  }
  return code;
}

std::optional<std::string> NormalizeActivationCode(std::string_view typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string plain;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kActivationAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    plain += c;
  }
  if (plain.size() != kActivationCodeLength) return std::nullopt;
  return plain;
}

namespace {

// Code points of UTF-8 text; nothing when it is not well-formed.
std::optional<std::vector<char32_t>> Decode(std::string_view text) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
    if (length == 0 || text.size() - i < length) return std::nullopt;
    char32_t code = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      code = (code << 6) | (next & 0x3F);
    }
    out.push_back(code);
    i += length;
  }
  return out;
}

}  // namespace

Status CheckFirstName(std::string_view name) {
  auto points = Decode(name);
  if (!points) return Error{"first_name", "must be UTF-8 text"};
  if (points->size() > 40) return Error{"first_name", "must be at most 40 characters"};
  for (char32_t c : *points) {
    const bool ascii_letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    // Letters outside ASCII: Latin-1 letters and everything from Latin Extended on, except
    // the general punctuation and symbol blocks.
    const bool other_letter = (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c < 0x2000) ||
                              (c >= 0x3040 && c <= 0xFFEF);
    if (!(ascii_letter || other_letter || c == ' ' || c == '-' || c == '\'' || c == 0x2019))
      return Error{"first_name", "may hold only letters, spaces, hyphens and apostrophes"};
  }
  return Status::Ok();
}

std::string FirstNameOf(std::string_view name) {
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  return std::string(name.substr(0, name.find(' ')));
}

namespace {

// Events in plain words, as the person reads them ("Skrev in …").
constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kEventWords = {{
    {"eb_period_started", "att du fick ekonomiskt bistånd"},
    {"eb_period_ended", "att ditt ekonomiska bistånd slutade"},
    {"target_group_identified", "att du fick stöd i Rätt väg"},
    {"sgi_checked", "om du har sjukpenninggrundande inkomst"},
    {"consent_given", "ett samtycke"},
    {"consent_revoked", "att ett samtycke togs tillbaka"},
    {"mapping_meeting_held", "ett kartläggningsmöte"},
    {"sick_certificate", "ett läkarintyg"},
    {"stance_taken", "en bedömning av vad som ska hända härnäst"},
    {"fk_referral_sent", "en fråga till Försäkringskassan"},
    {"fk_contact_made", "att Försäkringskassan hörde av sig"},
    {"fk_coordination_started", "att samordning med Försäkringskassan började"},
    {"avstamningsmote_held", "ett avstämningsmöte"},
    {"fk_readiness_assessed", "en bedömning av om du är redo för nästa steg"},
    {"fk_coordination_ended", "att samordningen med Försäkringskassan slutade"},
    {"sip_meeting_held", "ett SIP-möte"},
    {"work_capacity_assessed", "en bedömning av din arbetsförmåga"},
    {"benefit_applied", "en ansökan om ersättning"},
    {"benefit_decided", "ett beslut om ersättning"},
    {"survey_answered", "svar på en enkät"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kActions = {{
    {"register_person", "Registrerade dig i Rätt väg"},
    {"read_person", "Läste ditt ärende"},
    {"search_person", "Sökte fram ditt ärende"},
    {"read_consents", "Läste dina samtycken"},
    {"read_log", "Läste vem som har läst om dig"},
    {"read_worklist", "Såg ditt ärende i en arbetslista"},
    {"consent_give", "Skrev in ett samtycke från dig"},
    {"consent_limit", "Ändrade ett samtycke så att det gäller färre"},
    {"consent_revoke", "Skrev in att du tog tillbaka ett samtycke"},
    {"assign", "Blev ansvarig för ditt ärende"},
    {"unassign", "Tog bort vem som är ansvarig för ditt ärende"},
    {"link_referral", "Kopplade en fråga till Försäkringskassan till ditt ärende"},
    {"import", "Läste in uppgifter om dig från en fil"},
    {"record", "Försökte skriva i ditt ärende"},
    {"own_account_create", "Skapade ditt konto för Mina sidor"},
    {"own_account_reset", "Gav dig en ny engångskod till Mina sidor"},
    {"own_account_read", "Såg om du har ett konto för Mina sidor"},
    {"own_activate", "Du loggade in första gången och valde lösenord"},
    {"own_login", "Du loggade in på Mina sidor"},
    {"own_logout", "Du loggade ut från Mina sidor"},
    {"own_read_me", "Du öppnade Mina sidor"},
    {"own_read_consents", "Du läste dina samtycken"},
    {"own_read_log", "Du läste vem som har läst om dig"},
    {"own_consent_revoke", "Du tog tillbaka ett samtycke"},
    {"own_denied", "Du försökte öppna något som inte är ditt"},
    // Mina sidor: the plan, the meetings and the questionnaires (own_plan_routes.cpp).
    {"own_read_sips", "Du läste dina planer"},
    {"own_read_sip", "Du läste din plan"},
    {"own_print_sip", "Du skrev ut din plan"},
    {"own_read_meetings", "Du läste dina möten"},
    {"own_read_surveys", "Du såg frågorna till dig"},
    {"own_survey_answer", "Du svarade på frågor"},
}};

}  // namespace

std::string PlainSwedishAction(std::string_view action) {
  if (action.rfind("record:", 0) == 0) {
    const std::string_view type = action.substr(7);
    for (const auto& [name, words] : kEventWords)
      if (name == type) return "Skrev in " + std::string(words);
    return "Skrev i ditt ärende";
  }
  for (const auto& [name, words] : kActions)
    if (name == action) return std::string(words);
  if (action.rfind("sip", 0) == 0) return "Din plan (SIP)";
  if (action.rfind("meeting", 0) == 0) return "Ett möte om dig";
  if (action.rfind("survey", 0) == 0) return "En enkät";
  if (action.rfind("own_", 0) == 0) return "Du använde Mina sidor";
  return "Annan åtgärd (" + std::string(action) + ")";
}

}  // namespace rattvag
