#pragma once
// Name lists for the demo's fictional people, written for the project: common Kazakh, Russian and
// Korean-Kazakhstani family names, given names and the fathers' names that patronymics are made
// from. Any resemblance of a generated combination to a real person is coincidence.
#include <span>
#include <string>
#include <string_view>

namespace qorgan::demo {

enum class Sex { male, female };
enum class Origin { kazakh, russian, korean };

// A family name in its male form; `female` is empty when the female form is derived by rule.
struct FamilyName {
  std::string_view male;
  std::string_view female;  // only for irregular or invariant names
};

// A man's given name with the patronymics his children carry. Kazakh names also give the
// Kazakh-style patronymic stem (`kk`), which takes -ұлы (son) or -қызы (daughter).
struct FatherName {
  std::string_view name;
  std::string_view son, daughter;  // Russian-style patronymics, e.g. Серикович / Сериковна
  std::string_view kk;  // Kazakh spelling for -ұлы / -қызы; empty for Russian names
};

std::span<const FamilyName> family_names(Origin o);
std::span<const FatherName> father_names(Origin o);  // also the men's given names
std::span<const std::string_view> women_names(Origin o);

// The female form of a family name: Ахметов → Ахметова, Соловьёв → Соловьёва,
// Ковальский → Ковальская; invariant names (Ким, Шевченко) stay as they are.
std::string female_family_name(const FamilyName& f);

}  // namespace qorgan::demo
