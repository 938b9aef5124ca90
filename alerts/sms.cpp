#include "alerts/sms.hpp"

#include <string_view>

#include "core/utf8.hpp"

namespace qorgan::alerts {

namespace {

// GSM 03.38's basic character set (one septet each) and its extension table (two septets).
constexpr std::u32string_view kGsmBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    U"ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view kGsmExtension = U"\f^{}\\[~]|€";

int septets(char32_t c) {
  if (kGsmBasic.find(c) != std::u32string_view::npos) return 1;
  if (kGsmExtension.find(c) != std::u32string_view::npos) return 2;
  return 0;
}

int segments_of(std::size_t length, std::size_t single, std::size_t part) {
  if (length == 0) return 0;
  if (length <= single) return 1;
  return int((length + part - 1) / part);
}

}  // namespace

SmsSize sms_size(std::string_view text) {
  SmsSize gsm{true, 0, 0}, ucs{false, 0, 0};
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = core::next_code_point(text, i).value;
    int s = septets(c);
    if (s == 0) gsm.gsm7 = false;
    gsm.length += std::size_t(s);
    ucs.length += c > 0xFFFF ? 2 : 1;
  }
  if (gsm.gsm7) {
    gsm.segments = segments_of(gsm.length, 160, 153);
    return gsm;
  }
  ucs.segments = segments_of(ucs.length, 70, 67);
  return ucs;
}

std::string status_mark(Status s, const std::string& language) {
  if (s == Status::exercise)
    return language == "kk" ? "ЖАТТЫҒУ" : language == "ru" ? "УЧЕНИЯ" : "EXERCISE";
  if (s == Status::test) return language == "kk" ? "СЫНАҚ" : language == "ru" ? "ТЕСТ" : "TEST";
  return {};
}

std::string sms_text(const Alert& a, const std::string& language) {
  auto it = a.texts.find(language);
  if (it == a.texts.end()) return {};
  std::string text;
  if (auto mark = status_mark(a.status, language); !mark.empty()) text = "[" + mark + "] ";
  text += it->second.headline;
  if (!it->second.instruction.empty()) {
    if (!text.empty() && text.back() != '.' && text.back() != '!') text += '.';
    text += " " + it->second.instruction;
  }
  if (sms_size(text).segments <= kMaxSmsSegments) return text;
  // Cut whole code points off the end until the text and its ellipsis fit, then back to a word.
  std::u32string points;
  for (std::size_t i = 0; i < text.size();) points.push_back(core::next_code_point(text, i).value);
  auto encode = [](std::u32string_view p) {
    std::string out;
    for (char32_t c : p) core::append_utf8(out, c);
    return out;
  };
  std::size_t keep = points.size();
  while (keep > 0 && sms_size(encode(std::u32string_view(points).substr(0, keep)) + "…").segments >
                         kMaxSmsSegments)
    --keep;
  std::size_t word = std::u32string_view(points).substr(0, keep).rfind(U' ');
  if (word != std::u32string_view::npos && keep - word < 30) keep = word;
  return encode(std::u32string_view(points).substr(0, keep)) + "…";
}

}  // namespace qorgan::alerts
