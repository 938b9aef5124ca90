#include "core/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <mutex>

namespace qorgan::core {

std::string fold(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), int32_t(s.size())));
  status = U_ZERO_ERROR;
  icu::UnicodeString n = nfkc->normalize(u, status);
  if (U_FAILURE(status)) n = u;
  n.foldCase();
  n.findAndReplace(icu::UnicodeString(char16_t(0x0451)), icu::UnicodeString(char16_t(0x0435)));
  std::string out;
  n.toUTF8String(out);
  return out;
}

std::string trim(std::string_view s) {
  // Unicode White_Space at both ends, no-break spaces (U+00A0, U+2007, U+202F) included.
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t start = 0, end = int32_t(s.size());
  while (start < end) {
    int32_t i = start;
    UChar32 c;
    U8_NEXT(p, i, end, c);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    start = i;
  }
  while (end > start) {
    int32_t i = end;
    UChar32 c;
    U8_PREV(p, start, i, c);
    if (c < 0 || !u_isUWhiteSpace(c)) break;
    end = i;
  }
  return std::string(s.substr(size_t(start), size_t(end - start)));
}

std::string like_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

namespace {

// One ICU transliterator per rule chain, built once; ICU transliterators are not thread-safe, so
// each has its mutex.
class Romaniser {
 public:
  explicit Romaniser(const char* chain) {
    UErrorCode status = U_ZERO_ERROR;
    auto id = icu::UnicodeString::fromUTF8(chain);
    tr_.reset(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
    if (U_FAILURE(status)) tr_.reset();
  }
  std::string operator()(std::string_view s) {
    auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), int32_t(s.size())));
    if (tr_) {
      std::lock_guard lock(mu_);
      tr_->transliterate(u);
    }
    std::string out;
    u.toUTF8String(out);
    return out;
  }

 private:
  std::unique_ptr<icu::Transliterator> tr_;
  std::mutex mu_;
};

std::string dashed(std::string_view ascii) {
  std::string out;
  bool dash = false;
  for (char c : ascii) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out += '-';
      out += c;
      dash = false;
    } else if (c >= 'A' && c <= 'Z') {
      if (dash && !out.empty()) out += '-';
      out += char(c - 'A' + 'a');
      dash = false;
    } else {
      dash = true;
    }
  }
  if (out.size() > 80) out.resize(80);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

std::string slugify(std::string_view s, std::string_view lang) {
  // BGN/PCGN romanisation: Russian first, then the Kazakh letters it leaves (ә ғ қ ң ө ұ ү һ і);
  // a Kazakh text reads all its Cyrillic the Kazakh way. BGN's separators (the middle dot of
  // "det·skiy", the hard and soft sign marks) are dropped; other scripts go through Any-Latin.
  static Romaniser kazakh(
      "Kazakh-Latin/BGN; [\\u00B7\\u02B9\\u02BA] Remove; Any-Latin; Latin-ASCII; Lower()");
  static Romaniser russian(
      "Russian-Latin/BGN; Kazakh-Latin/BGN; [\\u00B7\\u02B9\\u02BA] Remove; Any-Latin; "
      "Latin-ASCII; Lower()");
  return dashed(lang == "kk" ? kazakh(s) : russian(s));
}

std::string slugify_legacy(std::string_view s) {
  static Romaniser legacy("Any-Latin; Latin-ASCII; Lower()");
  return dashed(legacy(s));
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string name_key(std::string_view text) {
  // Kazakh letters as their nearest Russian ones first: ICU's Any-Latin leaves some of them
  // (ә, ұ) as letters that Latin-ASCII then drops.
  // Every one of them is two bytes in UTF-8 with a lead byte D0–D3, so a character is looked up
  // only there, by its two bytes as one number (this runs for every person of an import).
  static const std::pair<std::string_view, std::string_view> kazakh[] = {
      {"ә", "а"}, {"Ә", "А"}, {"ғ", "г"}, {"Ғ", "Г"}, {"қ", "к"}, {"Қ", "К"},
      {"ң", "н"}, {"Ң", "Н"}, {"ө", "о"}, {"Ө", "О"}, {"ұ", "у"}, {"Ұ", "У"},
      {"ү", "у"}, {"Ү", "У"}, {"һ", "х"}, {"Һ", "Х"}, {"і", "и"}, {"І", "И"}};
  auto pair_of = [](unsigned char a, unsigned char b) { return unsigned(a) << 8 | b; };
  std::string s;
  s.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xD0 && lead <= 0xD3 && i + 1 < text.size()) {
      unsigned c = pair_of(lead, static_cast<unsigned char>(text[i + 1]));
      std::string_view to;
      for (const auto& [from, into] : kazakh)
        if (pair_of(static_cast<unsigned char>(from[0]), static_cast<unsigned char>(from[1])) ==
            c) {
          to = into;
          break;
        }
      if (!to.empty())
        s += to;
      else
        s.append(text.substr(i, 2));
      i += 2;
      continue;
    }
    s += text[i++];
  }
  static std::once_flag once;
  static std::unique_ptr<icu::Transliterator> tr;
  static std::mutex mu;
  std::call_once(once, [] {
    UErrorCode status = U_ZERO_ERROR;
    tr.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower()", UTRANS_FORWARD,
                                                 status));
    if (U_FAILURE(status)) tr.reset();
  });
  auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), int32_t(s.size())));
  if (tr) {
    std::lock_guard lock(mu);  // ICU transliterators are not thread-safe
    tr->transliterate(u);
  }
  std::string ascii;
  u.toUTF8String(ascii);
  // Letters and digits, words separated by one space.
  std::string plain;
  for (char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      plain += c;
    else if (c == ' ' || c == '-' || c == '\t')
      if (!plain.empty() && plain.back() != ' ') plain += ' ';
  }
  while (!plain.empty() && plain.back() == ' ') plain.pop_back();
  // Longest spellings first, so "shch" is not read as "sh" + "ch".
  static const std::pair<std::string_view, std::string_view> folds[] = {
      {"shch", "s"}, {"sch", "s"}, {"zh", "z"}, {"kh", "h"}, {"ch", "c"}, {"sh", "s"}, {"ts", "c"},
      {"yu", "u"},   {"ju", "u"},  {"ya", "a"}, {"ja", "a"}, {"yo", "e"}, {"jo", "e"}, {"ye", "e"},
      {"je", "e"},   {"y", "i"},   {"j", "i"},  {"x", "h"},  {"q", "k"},  {"w", "u"}};
  std::string out;
  out.reserve(plain.size());
  for (std::size_t i = 0; i < plain.size();) {
    bool folded = false;
    for (const auto& [from, to] : folds)
      if (from[0] == plain[i] && std::string_view(plain).substr(i).starts_with(from)) {
        out += to;
        i += from.size();
        folded = true;
        break;
      }
    if (!folded) out += plain[i++];
  }
  return out;
}

}  // namespace qorgan::core
