#pragma once
// Validation of the identifiers a requisition records. Each returns an empty string when the
// value is fine, else a message for people naming what is wrong (as core/validate.hpp does).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qorgan::requisition {

// Kazakhstan's business identification number: 12 digits, YYMM of registration, a type digit
// (4 resident legal entity, 5 non-resident, 6 joint venture / individual entrepreneur), an
// attribute digit, five serial digits and the check digit computed as the IIN's.
std::string check_bin(std::string_view bin);
// An IBAN (ISO 13616): country letters, two check digits, the account; spaces are not allowed
// (normalise first). Its mod-97 remainder must be 1; a Kazakh IBAN has 20 characters.
std::string check_iban(std::string_view iban);
// Upper-cases and removes spaces, as a person types an IBAN from paper.
std::string normalise_iban(std::string_view typed);
// A vehicle identification number (ISO 3779): 17 characters of 0–9 and A–Z without I, O and Q.
// The 9th is a check digit (the weighted transliterated sum mod 11, 10 written "X") only where
// the maker's country requires one — North America (first character 1–5) and China (L) — so it
// is checked only there: European, Japanese, Korean and Russian makers use the 9th freely.
std::string check_vin(std::string_view vin);
// The check character a VIN must carry in position 9; contract: 17 allowed characters.
char vin_check_character(std::string_view vin);
// A registration plate as written in Kazakhstan: 4–10 characters of A–Z and 0–9.
std::string check_plate(std::string_view plate);
// A cadastral number: digits in groups separated by ':' (e.g. 20:315:023:004), 5–40 characters.
std::string check_cadastral(std::string_view number);

// The largest sum the module accepts anywhere (10^11 tenge): larger ones are typing mistakes.
inline constexpr std::int64_t kMaxTiyn = 10'000'000'000'000;

// "1 234 567,89 ₸" with a narrow no-break space between groups, as Kazakh and Russian write it.
std::string format_tenge(std::int64_t tiyn);
// Tiyn from tenge as a person types them: an optional sign ('-' or '−'), digits grouped by
// spaces, no-break or narrow no-break spaces, and at most two decimals after ',' or '.'
// ("1 250 000,50", "-300"). Nothing else, and nothing beyond kMaxTiyn.
std::optional<std::int64_t> parse_tenge(std::string_view typed);

}  // namespace qorgan::requisition
