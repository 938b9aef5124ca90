#pragma once
// The frame of the public pages that need no account and no script (a call-up notice's answer,
// alert subscriptions, a requisitioned property's owner): one document with the brand, a
// language switch, a status or error line, the body and a footer; its style inline, so that the
// page loads nothing else. The words are the caller's, already in the page's language.
#include <string>
#include <string_view>

namespace qorgan::view {

struct PublicFrame {
  std::string lang;             // kk, ru or en
  std::string path_after_lang;  // the same page in another language: "/{lang}" + this
  std::string title;
  std::string switch_label;   // the language switch's accessible name
  std::string footer;         // empty: none
  std::string style;          // the page's own rules, after the frame's
  std::string notice, error;  // a status line, an error line; empty: none
};

// The whole HTML document; every text is escaped here, `body` is HTML as given.
std::string public_frame(const PublicFrame& f, std::string_view body);

}  // namespace qorgan::view
