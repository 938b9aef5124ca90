#pragma once
// Validation of the identifiers and contact details the registry stores. Each returns an empty
// string when the value is fine, else a message for people naming what is wrong.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qorgan::core {

// Kazakhstan's individual identification number: 12 digits, YYMMDD of birth, a century/sex
// digit (1–6), four serial digits and a check digit computed with the two-pass weighted sum.
std::string check_iin(std::string_view iin);
// Empty when `value` is one of `allowed`, else "must be one of: a, b, c".
std::string check_choice(std::string_view value, const std::vector<std::string>& allowed);
// The check digit of an IIN's first 11 digits, or nullopt when none exists (the second pass
// gives 10). Contract: `first11` holds 11 ASCII digits.
std::optional<int> iin_check_digit(std::string_view first11);
// E.164: '+', country code not starting with 0, 8 to 15 digits in all.
std::string check_phone(std::string_view phone);
// A pragmatic address check: one '@', a non-empty local part, a dotted domain, no spaces.
std::string check_email(std::string_view email);

}  // namespace qorgan::core
