#include "core/time.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "core/rfc3339.hpp"

namespace qorgan::core {

namespace chr = std::chrono;

Timestamp now_us() {
  return chr::duration_cast<chr::microseconds>(chr::system_clock::now().time_since_epoch()).count();
}

void write_rfc3339(char* out, std::int64_t t) {
  auto secs = chr::sys_seconds{chr::duration_cast<chr::seconds>(chr::microseconds{t})};
  auto days = chr::floor<chr::days>(secs);
  chr::year_month_day ymd{days};
  chr::hh_mm_ss hms{secs - days};
  // Written digit by digit: every record of a JSON list page has two of these, and snprintf
  // was a visible share of such a page.
  auto put = [out](std::size_t at, int width, long v) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, int(ymd.year()));
  out[4] = '-';
  put(5, 2, long(unsigned(ymd.month())));
  out[7] = '-';
  put(8, 2, long(unsigned(ymd.day())));
  out[10] = 'T';
  put(11, 2, long(hms.hours().count()));
  out[13] = ':';
  put(14, 2, long(hms.minutes().count()));
  out[16] = ':';
  put(17, 2, long(hms.seconds().count()));
  out[19] = 'Z';
}

std::string format_rfc3339(Timestamp t) {
  std::string out(kRfc3339Chars, '\0');
  write_rfc3339(out.data(), t);
  return out;
}

std::string format_rfc822(Timestamp t, std::string_view zone) {
  static const std::array<const char*, 7> wd{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const std::array<const char*, 12> mon{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto secs = chr::sys_seconds{chr::duration_cast<chr::seconds>(chr::microseconds{t})};
  auto days = chr::floor<chr::days>(secs);
  chr::year_month_day ymd{days};
  chr::hh_mm_ss hms{secs - days};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d ",
                wd[chr::weekday{days}.c_encoding()], unsigned(ymd.day()),
                mon[unsigned(ymd.month()) - 1], int(ymd.year()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf + std::string(zone);
}

static bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::optional<Date> parse_date(std::string_view s) {
  Date d{};
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!digits(s, 0, 4, d.year) || !digits(s, 5, 2, d.month) || !digits(s, 8, 2, d.day))
    return std::nullopt;
  chr::year_month_day ymd{chr::year{d.year}, chr::month{unsigned(d.month)},
                          chr::day{unsigned(d.day)}};
  if (!ymd.ok()) return std::nullopt;
  return d;
}

std::string format_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  int h, m, sec;
  if (!d || s[13] != ':' || s[16] != ':' || !digits(s, 11, 2, h) || !digits(s, 14, 2, m) ||
      !digits(s, 17, 2, sec) || h > 23 || m > 59 || sec > 60)
    return std::nullopt;
  size_t pos = 19;
  long micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 6) micros = micros * 10 + (s[pos] - '0'), ++n;
      ++pos;
    }
    while (n < 6) micros *= 10, ++n;
  }
  long offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) return std::nullopt;
    offset = (oh * 60L + om) * 60L * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  auto days = chr::sys_days{chr::year{d->year} / d->month / d->day};
  auto secs = days.time_since_epoch() + chr::hours{h} + chr::minutes{m} + chr::seconds{sec} -
              chr::seconds{offset};
  return chr::duration_cast<chr::microseconds>(secs).count() + micros;
}

std::string today_utc() {
  // The date part of the time's RFC 3339 text: a list or a record asks for it once a request,
  // and format_date's snprintf cost as much as the rest of the request's HTTP head.
  char text[kRfc3339Chars];
  write_rfc3339(text, now_us());
  return std::string(text, 10);
}

}  // namespace qorgan::core
