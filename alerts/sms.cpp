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

// Units a code point takes: septets in GSM-7, UTF-16 code units in UCS-2.
int units_of(char32_t c, bool gsm7) {
  return gsm7 ? septets(c) : (c > 0xFFFF ? 2 : 1);
}

int units_of(std::u32string_view s, bool gsm7) {
  int n = 0;
  for (char32_t c : s) n += units_of(c, gsm7);
  return n;
}

bool all_gsm(std::u32string_view s) {
  for (char32_t c : s)
    if (septets(c) == 0) return false;
  return true;
}

int segments_of(std::size_t length, std::size_t single, std::size_t part) {
  if (length == 0) return 0;
  if (length <= single) return 1;
  return int((length + part - 1) / part);
}

int capacity(bool gsm7, int segments) {
  if (segments <= 0) return 0;
  if (segments == 1) return gsm7 ? 160 : 70;
  return (gsm7 ? 153 : 67) * segments;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) out.push_back(core::next_code_point(s, i).value);
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) core::append_utf8(out, c);
  return out;
}

}  // namespace

SmsSize sms_size(std::string_view text) {
  auto points = decode(text);
  SmsSize size;
  size.gsm7 = all_gsm(points);
  size.length = std::size_t(units_of(points, size.gsm7));
  size.segments = size.gsm7 ? segments_of(size.length, 160, 153) : segments_of(size.length, 70, 67);
  return size;
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
  return fit_sms(text, "", kMaxSmsSegments);
}

std::string fit_sms(std::string_view text, std::string_view tail, int max_segments) {
  auto body = decode(text);
  auto link = decode(tail);
  while (!body.empty() && (body.back() == U' ' || body.back() == U'\n')) body.pop_back();
  std::u32string whole = link.empty() ? body : body.empty() ? link : body + U" " + link;
  const bool gsm7 = all_gsm(whole);
  const int room = capacity(gsm7, max_segments);
  if (units_of(whole, gsm7) <= room) return encode(whole);
  const std::u32string ellipsis = gsm7 ? U"..." : U"…";
  int budget = room - units_of(link, gsm7) - (link.empty() ? 0 : 1) - units_of(ellipsis, gsm7);
  if (budget <= 0) return encode(link);
  std::size_t cut = 0;
  for (int used = 0; cut < body.size(); ++cut) {
    int u = units_of(body[cut], gsm7);
    if (used + u > budget) break;
    used += u;
  }
  // Back to the last space when it keeps at least two thirds of what fits.
  if (cut < body.size() && body[cut] != U' ') {
    auto space = body.rfind(U' ', cut);
    if (space != std::u32string::npos && space * 3 >= cut * 2) cut = space;
  }
  std::u32string kept = body.substr(0, cut);
  while (!kept.empty() && (kept.back() == U' ' || kept.back() == U',' || kept.back() == U'\n' ||
                           kept.back() == U';'))
    kept.pop_back();
  kept += ellipsis;
  if (!link.empty()) kept += U" " + link;
  return encode(kept);
}

}  // namespace qorgan::alerts
