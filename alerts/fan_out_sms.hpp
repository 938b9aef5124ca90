#pragma once
// The size of an SMS as the network counts it, and alert texts cut to fit a number of segments.
//
// A message whose every character is in the GSM 03.38 default alphabet travels as GSM-7: 160
// septets in one segment, 153 a segment when split (the rest carries the concatenation header);
// the extension characters ^ { } [ ] ~ \ | € take two septets. Anything else (Kazakh and Russian
// Cyrillic included) makes the whole message UCS-2: 70 UTF-16 code units in one segment, 67 a
// segment when split.
#include <string>
#include <string_view>

namespace qorgan::alerts {

struct SmsCount {
  bool gsm7 = true;
  int units = 0;     // septets (GSM-7) or UTF-16 code units (UCS-2)
  int segments = 0;  // 0 for the empty text
};

// Contract: `text` is valid UTF-8.
SmsCount count_sms(std::string_view text);

// How many units fit in `segments` segments of the given encoding.
int sms_capacity(bool gsm7, int segments);

// `text`, then a space and `tail` (the unsubscribe link), in at most `max_segments` segments:
// when the whole does not fit, `text` is cut at a word boundary where one is near (else at a
// character) and ends with "…" (UCS-2) or "..." (GSM-7, which has no ellipsis). `tail` is never
// cut; if it alone does not fit, the result is `tail`. Contract: both are valid UTF-8.
std::string fit_sms(std::string_view text, std::string_view tail, int max_segments);

}  // namespace qorgan::alerts
