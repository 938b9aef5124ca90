#pragma once
// The SMS form of an alert, and how many SMS segments a text takes: GSM 03.38 7-bit texts carry
// 160 characters in one message and 153 in each part of a longer one; a text with any other
// character (Cyrillic, Kazakh letters) is sent as UCS-2: 70, and 67 a part.
#include <string>
#include <string_view>

#include "alerts/model.hpp"

namespace qorgan::alerts {

struct SmsSize {
  bool gsm7 = true;
  std::size_t length = 0;  // characters as the encoding counts them (septets, UTF-16 units)
  int segments = 0;
};
// Contract: `text` is valid UTF-8.
SmsSize sms_size(std::string_view text);

// `text`, then a space and `tail` (an unsubscribe link; may be empty), in at most
// `max_segments` segments: when the whole does not fit, `text` is cut at a word boundary where
// one is near (else at a character) and ends with "…" (UCS-2) or "..." (GSM-7, which has no
// ellipsis, so the cut never changes the encoding). `tail` is never cut; if it alone does not
// fit, the result is `tail`. Contract: both are valid UTF-8.
std::string fit_sms(std::string_view text, std::string_view tail, int max_segments);

// A text of at most kMaxSmsSegments segments: the exercise or test mark, the headline and the
// instruction in `language`, cut at a word with "…" when longer. Empty when the alert has no
// text in that language.
inline constexpr int kMaxSmsSegments = 3;
std::string sms_text(const Alert& a, const std::string& language);

// "EXERCISE" / "TEST" in `language` for alerts that are not actual, else empty.
std::string status_mark(Status s, const std::string& language);

}  // namespace qorgan::alerts
