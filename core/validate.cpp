#include "core/validate.hpp"

#include <algorithm>
#include <array>

#include "core/time.hpp"

namespace qorgan::core {

std::string check_iin(std::string_view iin) {
  if (iin.size() != 12 ||
      !std::all_of(iin.begin(), iin.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "must be exactly 12 digits";
  std::array<int, 12> d{};
  for (int i = 0; i < 12; ++i) d[i] = iin[i] - '0';
  int century_digit = d[6];
  if (century_digit < 1 || century_digit > 6) return "has an invalid century digit (7th digit)";
  // The birth date as YYYY-MM-DD, written in place: snprintf was a twentieth of an import's
  // checking of a row.
  char date[] = "CCYY-MM-DD";
  const int century = 18 + (century_digit - 1) / 2;
  date[0] = char('0' + century / 10);
  date[1] = char('0' + century % 10);
  std::copy_n(iin.data(), 2, date + 2);
  std::copy_n(iin.data() + 2, 2, date + 5);
  std::copy_n(iin.data() + 4, 2, date + 8);
  if (!parse_date({date, 10})) return "does not start with a valid birth date (YYMMDD)";
  auto check = iin_check_digit(iin.substr(0, 11));
  if (!check) return "cannot be a valid number (no check digit exists)";
  if (*check != d[11]) return "has a wrong check digit";
  return {};
}

std::string check_choice(std::string_view value, const std::vector<std::string>& allowed) {
  std::string list;
  for (const auto& a : allowed) {
    if (a == value) return {};
    list += (list.empty() ? "" : ", ") + a;
  }
  return "must be one of: " + list;
}

std::optional<int> iin_check_digit(std::string_view first11) {
  // Two passes of a weighted sum mod 11: weights 1..11, then 3..11,1,2 when the first gives 10.
  static constexpr std::array<int, 11> second{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2};
  int sum = 0;
  for (int i = 0; i < 11; ++i) sum += (first11[i] - '0') * (i + 1);
  if (sum % 11 != 10) return sum % 11;
  sum = 0;
  for (int i = 0; i < 11; ++i) sum += (first11[i] - '0') * second[i];
  if (sum % 11 != 10) return sum % 11;
  return std::nullopt;
}

std::string check_phone(std::string_view phone) {
  if (phone.empty() || phone[0] != '+') return "must be in international format, e.g. +77011234567";
  auto digits = phone.substr(1);
  if (digits.size() < 8 || digits.size() > 15) return "must have 8 to 15 digits after '+'";
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "may contain only digits after '+'";
  if (digits[0] == '0') return "must start with a country code, which never begins with 0";
  return {};
}

std::string check_email(std::string_view email) {
  auto at = email.find('@');
  if (email.size() > 254) return "is too long";
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return "must contain exactly one '@' after a name";
  auto domain = email.substr(at + 1);
  auto dot = domain.find('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || domain.back() == '.')
    return "must have a domain like example.kz";
  if (std::any_of(email.begin(), email.end(),
                  [](char c) { return c == ' ' || c == '\t' || c == '<' || c == '>'; }))
    return "must not contain spaces or angle brackets";
  return {};
}

}  // namespace qorgan::core
