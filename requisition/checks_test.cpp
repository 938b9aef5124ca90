#include "requisition/checks.hpp"

#include <gtest/gtest.h>

namespace qorgan::requisition {

TEST(RequisitionChecks, BinTakesTheIinCheckDigit) {
  EXPECT_EQ(check_bin("050540004455"), "");
  EXPECT_NE(check_bin("050540004454"), "") << "a wrong check digit";
  EXPECT_NE(check_bin("051340004455"), "") << "month 13";
  EXPECT_NE(check_bin("050510004455"), "") << "type digit 1 is a person's";
  EXPECT_NE(check_bin("05054000445"), "");
}

TEST(RequisitionChecks, IbanMod97) {
  EXPECT_EQ(check_iban("KZ86125KZT5004100100"), "");
  EXPECT_EQ(check_iban("GB82WEST12345698765432"), "");
  EXPECT_NE(check_iban("KZ87125KZT5004100100"), "") << "check digits changed";
  EXPECT_NE(check_iban("KZ86125KZT500410010"), "") << "a Kazakh IBAN has 20 characters";
  EXPECT_NE(check_iban("KZ86 125KZT5004100100"), "");
  EXPECT_EQ(normalise_iban("kz86 125k zt50 0410 0100"), "KZ86125KZT5004100100");
}

TEST(RequisitionChecks, VinCheckDigit) {
  EXPECT_EQ(check_vin("1M8GDM9AXKP042788"), "");
  EXPECT_EQ(check_vin("11111111111111111"), "");
  EXPECT_NE(check_vin("1M8GDM9A1KP042788"), "") << "a wrong check digit";
  EXPECT_NE(check_vin("1M8GDM9AXKP04278O"), "") << "the letter O";
  EXPECT_NE(check_vin("1M8GDM9AXKP04278"), "");
  // Made in China, where the check digit is required too: the same rule.
  const char right = vin_check_character("LVSHCAMB0CE054249");
  EXPECT_EQ(check_vin(std::string("LVSHCAMB") + right + "CE054249"), "");
  EXPECT_NE(check_vin(std::string("LVSHCAMB") + (right == '0' ? '1' : '0') + "CE054249"), "")
      << "an L VIN with a wrong check digit";
  // European, Japanese and Korean makers do not use the 9th character as a check digit.
  EXPECT_EQ(check_vin("WVWZZZ1JZXW000001"), "") << "a German VIN";
  EXPECT_EQ(check_vin("JMZBK14Z251234567"), "") << "a Japanese VIN";
  EXPECT_EQ(check_vin("KMHDN41BP6U123456"), "") << "a Korean VIN";
  EXPECT_NE(check_vin("WVWZZZ1JZXW00000I"), "") << "still no I, O or Q";
}

TEST(RequisitionChecks, PlatesAndCadastralNumbers) {
  EXPECT_EQ(check_plate("123ABC02"), "");
  EXPECT_NE(check_plate("123 ABC 02"), "");
  EXPECT_EQ(check_cadastral("20:315:023:004"), "");
  EXPECT_NE(check_cadastral("20::315"), "");
  EXPECT_NE(check_cadastral("20:31a:023"), "");
}

TEST(RequisitionChecks, TengeWithGroups) {
  EXPECT_EQ(format_tenge(123456789), "1\u202f234\u202f567,89\u00a0₸");
  EXPECT_EQ(format_tenge(5), "0,05\u00a0₸");
  EXPECT_EQ(format_tenge(-100000), "−1\u202f000,00\u00a0₸");
}

TEST(RequisitionChecks, TengeAsTyped) {
  EXPECT_EQ(parse_tenge("1 250 000,50"), 125000050);
  EXPECT_EQ(parse_tenge("1250000.5"), 125000050);
  EXPECT_EQ(parse_tenge("300"), 30000);
  EXPECT_EQ(parse_tenge("-300"), -30000);
  EXPECT_EQ(parse_tenge("−1\u202f000,00"), -100000) << "as format_tenge writes it";
  EXPECT_EQ(parse_tenge(format_tenge(123456789).substr(0, format_tenge(123456789).size() - 5)),
            123456789);
  EXPECT_EQ(parse_tenge(""), std::nullopt);
  EXPECT_EQ(parse_tenge("12,345"), std::nullopt) << "three decimals";
  EXPECT_EQ(parse_tenge("12,"), std::nullopt);
  EXPECT_EQ(parse_tenge("1,2,3"), std::nullopt);
  EXPECT_EQ(parse_tenge("12 тг"), std::nullopt);
  EXPECT_EQ(parse_tenge("1e5"), std::nullopt);
  EXPECT_EQ(parse_tenge("1000000000000000"), std::nullopt) << "beyond the largest sum";
}

}  // namespace qorgan::requisition
