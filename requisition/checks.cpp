#include "requisition/checks.hpp"

#include <algorithm>

#include "core/validate.hpp"

namespace qorgan::requisition {

namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string check_bin(std::string_view bin) {
  if (bin.size() != 12 || !all_digits(bin)) return "must be exactly 12 digits";
  int month = (bin[2] - '0') * 10 + (bin[3] - '0');
  if (month < 1 || month > 12) return "does not start with a valid registration year and month";
  if (bin[4] < '4' || bin[4] > '6')
    return "has an invalid type digit (5th digit: 4, 5 or 6 for organisations)";
  auto check = core::iin_check_digit(bin.substr(0, 11));
  if (!check) return "cannot be a valid number (no check digit exists)";
  if (*check != bin[11] - '0') return "has a wrong check digit";
  return {};
}

std::string normalise_iban(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c;
  }
  return out;
}

std::string check_iban(std::string_view iban) {
  if (iban.size() < 15 || iban.size() > 34) return "must have 15 to 34 characters";
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!letter(iban[0]) || !letter(iban[1]) || !digit(iban[2]) || !digit(iban[3]))
    return "must start with two country letters and two check digits";
  if (!std::all_of(iban.begin(), iban.end(), [&](char c) { return letter(c) || digit(c); }))
    return "may contain only letters A–Z and digits";
  if (iban.starts_with("KZ") && iban.size() != 20) return "a Kazakh IBAN has 20 characters";
  // The account, then the country and check digits, letters as 10..35, taken mod 97 piecewise.
  int rest = 0;
  auto feed = [&](char c) {
    if (digit(c)) {
      rest = (rest * 10 + (c - '0')) % 97;
    } else {
      int v = c - 'A' + 10;
      rest = (rest * 100 + v) % 97;
    }
  };
  for (size_t i = 4; i < iban.size(); ++i) feed(iban[i]);
  for (size_t i = 0; i < 4; ++i) feed(iban[i]);
  if (rest != 1) return "has wrong check digits";
  return {};
}

char vin_check_character(std::string_view vin) {
  static constexpr int weights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    static constexpr std::string_view letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static constexpr int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                     5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    auto at = letters.find(c);
    return at == std::string_view::npos ? 0 : values[at];
  };
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += value(vin[size_t(i)]) * weights[i];
  int check = sum % 11;
  return check == 10 ? 'X' : char('0' + check);
}

std::string check_vin(std::string_view vin) {
  if (vin.size() != 17) return "must have exactly 17 characters";
  for (char c : vin)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) || c == 'I' || c == 'O' || c == 'Q')
      return "may contain only digits and capital letters other than I, O and Q";
  const bool check_digit_required = (vin[0] >= '1' && vin[0] <= '5') || vin[0] == 'L';
  if (check_digit_required && vin[8] != vin_check_character(vin))
    return "has a wrong check digit (9th character)";
  return {};
}

std::string check_plate(std::string_view plate) {
  if (plate.size() < 4 || plate.size() > 10) return "must have 4 to 10 characters";
  for (char c : plate)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')))
      return "may contain only capital Latin letters and digits, without spaces";
  return {};
}

std::string check_cadastral(std::string_view number) {
  if (number.size() < 5 || number.size() > 40) return "must have 5 to 40 characters";
  if (number.front() == ':' || number.back() == ':' || number.find("::") != number.npos)
    return "must be groups of digits separated by ':'";
  for (char c : number)
    if (!(c == ':' || (c >= '0' && c <= '9'))) return "must be groups of digits separated by ':'";
  return {};
}

std::string format_tenge(std::int64_t tiyn) {
  bool negative = tiyn < 0;
  std::uint64_t v = negative ? std::uint64_t(0) - std::uint64_t(tiyn) : std::uint64_t(tiyn);
  std::string whole = std::to_string(v / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += "\u202f";
    grouped += whole[i];
  }
  unsigned cents = unsigned(v % 100);
  std::string out = (negative ? "−" : "") + grouped + "," + char('0' + cents / 10) +
                    char('0' + cents % 10) + "\u00a0₸";
  return out;
}

std::optional<std::int64_t> parse_tenge(std::string_view typed) {
  std::string_view t = typed;
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  bool negative = false;
  if (t.starts_with("-")) {
    negative = true;
    t.remove_prefix(1);
  } else if (t.starts_with("\u2212")) {
    negative = true;
    t.remove_prefix(std::string_view("\u2212").size());
  }
  std::int64_t whole = 0, cents = 0;
  int decimals = -1;
  bool digits = false;
  while (!t.empty()) {
    if (t.starts_with("\u00a0") || t.starts_with("\u202f")) {
      t.remove_prefix(t.starts_with("\u00a0") ? 2 : 3);
      if (decimals >= 0) return std::nullopt;
      continue;
    }
    char c = t.front();
    t.remove_prefix(1);
    if (c == ' ') {
      if (decimals >= 0) return std::nullopt;
      continue;
    }
    if (c == ',' || c == '.') {
      if (decimals >= 0 || !digits) return std::nullopt;
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (decimals >= 0) {
      if (++decimals > 2) return std::nullopt;
      cents = cents * 10 + (c - '0');
    } else {
      if (whole > kMaxTiyn / 100) return std::nullopt;
      whole = whole * 10 + (c - '0');
    }
  }
  if (!digits || decimals == 0) return std::nullopt;
  if (decimals == 1) cents *= 10;
  std::int64_t tiyn = whole * 100 + cents;
  if (tiyn > kMaxTiyn) return std::nullopt;
  return negative ? -tiyn : tiyn;
}

}  // namespace qorgan::requisition
