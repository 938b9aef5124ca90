#include "alerts/fan_out_sms.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace qorgan::alerts {

namespace {

// Septets a code point takes in GSM-7 (1 or 2), or 0 when it is not in the alphabet. Every GSM-7
// character but the euro sign lies below U+0400, so one table answers (Cyrillic: at once).
int gsm_septets(char32_t c) {
  static const auto table = [] {
    std::array<unsigned char, 0x400> t{};
    const std::u32string basic =
        U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
        U"ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    for (char32_t b : basic) t[b] = 1;
    for (char32_t e : std::u32string(U"\f^{}\\[~]|")) t[e] = 2;
    return t;
  }();
  if (c < table.size()) return table[c];
  return c == U'€' ? 2 : 0;
}

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n && i + std::size_t(k) < s.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(s[i + std::size_t(k)]) & 0x3F);
    out.push_back(c);
    i += std::size_t(n);
  }
  return out;
}

std::string encode(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(char(c));
    } else if (c < 0x800) {
      out.push_back(char(0xC0 | (c >> 6)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(char(0xE0 | (c >> 12)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else {
      out.push_back(char(0xF0 | (c >> 18)));
      out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

bool all_gsm(std::u32string_view s) {
  return std::all_of(s.begin(), s.end(), [](char32_t c) { return gsm_septets(c) != 0; });
}

int units(std::u32string_view s, bool gsm7) {
  int n = 0;
  for (char32_t c : s) n += gsm7 ? gsm_septets(c) : (c >= 0x10000 ? 2 : 1);
  return n;
}

int segments_for(int units, bool gsm7) {
  if (units == 0) return 0;
  int single = gsm7 ? 160 : 70, part = gsm7 ? 153 : 67;
  return units <= single ? 1 : (units + part - 1) / part;
}

}  // namespace

SmsCount count_sms(std::string_view text) {
  auto cps = decode(text);
  SmsCount s;
  s.gsm7 = all_gsm(cps);
  s.units = units(cps, s.gsm7);
  s.segments = segments_for(s.units, s.gsm7);
  return s;
}

int sms_capacity(bool gsm7, int segments) {
  if (segments <= 0) return 0;
  if (segments == 1) return gsm7 ? 160 : 70;
  return (gsm7 ? 153 : 67) * segments;
}

std::string fit_sms(std::string_view text, std::string_view tail, int max_segments) {
  auto body = decode(text);
  auto link = decode(tail);
  while (!body.empty() && (body.back() == U' ' || body.back() == U'\n')) body.pop_back();
  std::u32string whole = body.empty() ? link : body + U" " + link;
  if (link.empty()) whole = body;
  bool gsm7 = all_gsm(whole);
  int capacity = sms_capacity(gsm7, max_segments);
  if (units(whole, gsm7) <= capacity) return encode(whole);
  const std::u32string ellipsis = gsm7 ? U"..." : U"…";
  int budget = capacity - units(link, gsm7) - (link.empty() ? 0 : 1) - units(ellipsis, gsm7);
  if (budget <= 0) return encode(link);
  std::size_t cut = 0;
  for (int used = 0; cut < body.size(); ++cut) {
    int u = gsm7 ? gsm_septets(body[cut]) : (body[cut] >= 0x10000 ? 2 : 1);
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
