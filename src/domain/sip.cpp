#include "domain/sip.hpp"

#include <array>

namespace rattvag {
namespace {

constexpr std::array<std::string_view, 4> kInterventionStatusNames = {"planned", "ongoing", "done", "cancelled"};
constexpr std::array<std::string_view, 4> kInterventionStatusSwedish = {"Planerad", "Pågår", "Klar", "Avbruten"};

}  // namespace

std::string_view Name(InterventionStatus v) { return kInterventionStatusNames[static_cast<size_t>(v)]; }
std::string_view SwedishName(InterventionStatus v) { return kInterventionStatusSwedish[static_cast<size_t>(v)]; }

std::optional<InterventionStatus> ParseInterventionStatus(std::string_view s) {
  for (size_t i = 0; i < kInterventionStatusNames.size(); ++i)
    if (kInterventionStatusNames[i] == s) return static_cast<InterventionStatus>(i);
  return std::nullopt;
}

}  // namespace rattvag
