#pragma once
// The rule every text field of a request follows, wherever it was read from (a JSON body, a CSV
// row), so that both say the same about the same text.
#include <cstddef>
#include <string>
#include <string_view>

namespace qorgan::core {

// `text` is already trimmed. Empty when it is fine, else a message for people: longer than
// `max_len` bytes, empty when `required`, or holding control characters other than tab and
// line breaks.
std::string check_text_field(std::string_view text, bool required, std::size_t max_len);

}  // namespace qorgan::core
