#include "portal/text.hpp"

#include <cmark-gfm.h>
#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>
#include <libstemmer.h>
#include <unicode/plurrule.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <set>

#include "core/escape.hpp"
#include "core/text.hpp"

namespace qorgan::portal {

namespace {

struct Span {
  size_t begin, end;
};

// Word spans: letters, digits and combining marks; apostrophes and hyphens split words.
std::vector<Span> word_spans(std::string_view s) {
  std::vector<Span> out;
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    size_t at = i;
    char32_t cp = core::next_code_point(s, i).value;
    bool word = u_isalnum(UChar32(cp)) || u_getCombiningClass(UChar32(cp)) != 0 ||
                u_charType(UChar32(cp)) == U_NON_SPACING_MARK;
    if (word && start == std::string_view::npos) start = at;
    if (!word && start != std::string_view::npos) {
      out.push_back({start, at});
      start = std::string_view::npos;
    }
  }
  if (start != std::string_view::npos) out.push_back({start, s.size()});
  return out;
}

bool has_kazakh_letter(std::string_view w) {
  static const std::set<char32_t> kz{U'ә', U'ғ', U'қ', U'ң', U'ө', U'ұ', U'ү', U'һ', U'і'};
  size_t i = 0;
  while (i < w.size())
    if (kz.contains(core::next_code_point(w, i).value)) return true;
  return false;
}

bool is_latin(std::string_view w) {
  return std::all_of(w.begin(), w.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Kazakh is agglutinative: strip one plural/possessive/case ending (longest first) while at least
// three letters remain. Light on purpose: it normalises the common forms of a word without a
// dictionary ("жаттығулар", "жаттығуға", "жаттығудың" → "жаттығу").
std::string kazakh_stem(std::string w) {
  static const std::vector<std::string> suffixes = [] {
    std::vector<std::string> v{
        "лардың", "лердің", "дардың", "дердің", "тардың", "тердің", "лардан", "лерден", "дардан",
        "дерден", "тардан", "терден", "ларға",  "лерге",  "дарға",  "дерге",  "тарға",  "терге",
        "ларда",  "лерде",  "дарда",  "дерде",  "тарда",  "терде",  "ларды",  "лерді",  "дарды",
        "дерді",  "тарды",  "терді",  "лары",   "лері",   "дары",   "дері",   "тары",   "тері",
        "лар",    "лер",    "дар",    "дер",    "тар",    "тер",    "ның",    "нің",    "дың",
        "дің",    "тың",    "тің",    "нан",    "нен",    "дан",    "ден",    "тан",    "тен",
        "мен",    "пен",    "бен",    "ындағы", "індегі", "ндағы",  "ндегі",  "дағы",   "дегі",
        "тағы",   "тегі",   "ында",   "інде",   "нда",    "нде",    "ына",    "іне",    "ын",
        "ін",     "ға",     "ге",     "қа",     "ке",     "да",     "де",     "та",     "те",
        "ны",     "ні",     "ды",     "ді",     "ты",     "ті",     "сы",     "сі"};
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    return v;
  }();
  for (const auto& s : suffixes) {
    if (w.size() > s.size() && w.ends_with(s) &&
        core::code_point_count(w) - core::code_point_count(s) >= 3) {
      w.resize(w.size() - s.size());
      break;
    }
  }
  return w;
}

struct Stemmers {
  sb_stemmer* ru = sb_stemmer_new("russian", "UTF_8");
  sb_stemmer* en = sb_stemmer_new("english", "UTF_8");
  ~Stemmers() {
    sb_stemmer_delete(ru);
    sb_stemmer_delete(en);
  }
};

std::string snowball(sb_stemmer* s, const std::string& w) {
  if (!s) return w;
  const sb_symbol* r =
      sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(w.data()), int(w.size()));
  if (!r) return w;
  return std::string(reinterpret_cast<const char*>(r), size_t(sb_stemmer_length(s)));
}

Stemmers& stemmers() {
  thread_local Stemmers s;  // a Snowball stemmer is not safe to share between threads
  return s;
}

std::string stem_folded(std::string w) {
  if (w.empty()) return w;
  if (is_latin(w)) return snowball(stemmers().en, w);
  if (has_kazakh_letter(w)) return kazakh_stem(std::move(w));
  return snowball(stemmers().ru, w);
}

std::string stem_word(std::string_view raw) {
  return stem_folded(core::fold(raw));
}

// Russian endings a light stemmer strips (one, the longest, leaving at least three letters).
// Snowball is not consistent across the cases of some nouns ("сирены" -> "сир" but "сиренами"
// -> "сирен"); every Russian word is therefore also indexed and looked up under this form, so
// that all cases of a noun share at least one term.
std::string light_russian_stem(const std::string& w) {
  static const std::vector<std::string> endings = [] {
    std::vector<std::string> v{"иями", "ями", "ами", "иях", "ях",  "ах",  "ием", "ией", "ой", "ей",
                               "ий",   "ый",  "ая",  "яя",  "ое",  "ее",  "ые",  "ие",  "ом", "ем",
                               "ам",   "ям",  "ов",  "ев",  "ую",  "юю",  "ых",  "их",  "ым", "им",
                               "ого",  "его", "ому", "ему", "ыми", "ими", "а",   "я",   "о",  "е",
                               "ы",    "и",   "у",   "ю",   "ь",   "й"};
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    return v;
  }();
  for (const auto& e : endings)
    if (w.size() > e.size() && w.ends_with(e) &&
        core::code_point_count(w) - core::code_point_count(e) >= 3)
      return w.substr(0, w.size() - e.size());
  return w;
}

bool russian_word(const std::string& folded) {
  return !is_latin(folded) && !has_kazakh_letter(folded);
}

// The terms one folded word stands for: its stem; for a Cyrillic word without Kazakh-only
// letters, which may be Russian or Kazakh ("ауданында"), also its light Russian stem and its
// Kazakh one.
void add_forms(const std::string& folded, std::vector<std::string>& out) {
  auto add = [&out](std::string t) {
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end())
      out.push_back(std::move(t));
  };
  add(stem_folded(folded));
  if (russian_word(folded)) {
    add(light_russian_stem(folded));
    add(kazakh_stem(folded));
  }
}

// A Russian adjective made from a place name with -ск- ("Медеуском", "Бостандыкского",
// "Алатауский") also stands for the name: what precedes "ск", when at least four letters do (so
// "поиском" or "диском" stay nouns). "" for other words.
std::string place_name_of(const std::string& folded) {
  static const std::vector<std::string> endings = [] {
    std::vector<std::string> v{"ский",  "ской", "ская", "ское", "ские", "ского",
                               "скому", "ским", "ском", "скую", "ских", "скими"};
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.size() > b.size(); });
    return v;
  }();
  if (!russian_word(folded)) return {};
  for (const auto& e : endings)
    if (folded.size() > e.size() && folded.ends_with(e)) {
      std::string base = folded.substr(0, folded.size() - e.size());
      return core::code_point_count(base) < 4 ? std::string() : base;
    }
  return {};
}

// The terms one word of a document adds to the index: its forms, and those of the place name it
// is an adjective of.
void add_index_terms(std::string_view raw, std::vector<std::string>& out) {
  auto folded = core::fold(raw);
  std::vector<std::string> forms;
  add_forms(folded, forms);
  if (auto place = place_name_of(folded); !place.empty()) add_forms(place, forms);
  for (auto& f : forms) out.push_back(std::move(f));
}

}  // namespace

std::string render_markdown(std::string_view markdown) {
  // Safe mode is cmark-gfm's default (CMARK_OPT_UNSAFE unset): raw HTML becomes a comment and
  // dangerous URL schemes are emptied.
  char* html =
      cmark_markdown_to_html(markdown.data(), markdown.size(),
                             CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART);
  std::string out(html);
  free(html);
  return out;
}

std::string plain_text(std::string_view markdown) {
  cmark_node* doc = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8);
  cmark_iter* it = cmark_iter_new(doc);
  std::string out;
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    auto type = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)) {
      if (const char* lit = cmark_node_get_literal(n)) out += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    } else if (ev == CMARK_EVENT_EXIT && (type == CMARK_NODE_PARAGRAPH ||
                                          type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM)) {
      out += '\n';
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::vector<std::string> image_sources(std::string_view markdown) {
  cmark_node* doc = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_VALIDATE_UTF8);
  cmark_iter* it = cmark_iter_new(doc);
  std::vector<std::string> out;
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(n);
      out.emplace_back(url ? url : "");
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  return out;
}

std::vector<std::string> search_terms(std::string_view text) {
  std::vector<std::string> out;
  for (auto sp : word_spans(text)) {
    auto w = stem_word(text.substr(sp.begin, sp.end - sp.begin));
    if (!w.empty()) out.push_back(std::move(w));
  }
  return out;
}

std::vector<std::string> index_terms(std::string_view text) {
  std::vector<std::string> out;
  for (auto sp : word_spans(text)) add_index_terms(text.substr(sp.begin, sp.end - sp.begin), out);
  return out;
}

std::string index_terms_joined(std::string_view text) {
  std::string out;
  for (auto& t : index_terms(text)) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::vector<QueryWord> query_words(std::string_view query, bool prefix_last) {
  std::vector<QueryWord> out;
  auto spans = word_spans(query);
  for (size_t i = 0; i < spans.size(); ++i) {
    auto folded = core::fold(query.substr(spans[i].begin, spans[i].end - spans[i].begin));
    QueryWord w;
    w.prefix = prefix_last && i + 1 == spans.size();
    if (w.prefix) w.forms.push_back(folded);
    add_forms(folded, w.forms);
    // A prefix of one letter would match half the index: such forms match whole.
    if (w.prefix && std::any_of(w.forms.begin(), w.forms.end(),
                                [](const std::string& f) { return core::code_point_count(f) < 2; }))
      w.prefix = false;
    if (!w.forms.empty()) out.push_back(std::move(w));
  }
  return out;
}

bool query_matches(std::string_view query, std::string_view text, bool prefix_last) {
  auto q = query_words(query, prefix_last);
  if (q.empty()) return false;
  auto doc = index_terms(text);
  for (const auto& w : q) {
    bool found = std::any_of(doc.begin(), doc.end(), [&](const std::string& t) {
      return std::any_of(w.forms.begin(), w.forms.end(), [&](const std::string& f) {
        return w.prefix ? t.starts_with(f) : t == f;
      });
    });
    if (!found) return false;
  }
  return true;
}

std::string search_terms_joined(std::string_view text) {
  std::string out;
  for (auto& t : search_terms(text)) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

std::string highlight_snippet(std::string_view plain, std::string_view query, size_t width) {
  std::set<std::string> wanted;
  for (const auto& w : query_words(query, false)) wanted.insert(w.forms.begin(), w.forms.end());
  auto spans = word_spans(plain);
  std::vector<bool> hit(spans.size());
  size_t first = spans.size();
  for (size_t i = 0; i < spans.size(); ++i) {
    std::vector<std::string> forms;
    add_index_terms(plain.substr(spans[i].begin, spans[i].end - spans[i].begin), forms);
    hit[i] = std::any_of(forms.begin(), forms.end(),
                         [&](const std::string& f) { return wanted.contains(f); });
    if (hit[i] && first == spans.size()) first = i;
  }
  size_t start = 0;
  if (first != spans.size() && spans[first].begin > width / 3) {
    size_t target = spans[first].begin - width / 3;
    for (const auto& sp : spans)
      if (sp.begin >= target) {
        start = sp.begin;
        break;
      }
  }
  size_t stop = std::min(plain.size(), start + width);
  // End on a word boundary and a whole code point.
  for (const auto& sp : spans)
    if (sp.begin < stop && sp.end > stop) {
      stop = sp.begin;
      break;
    }
  while (stop < plain.size() && (static_cast<unsigned char>(plain[stop]) & 0xC0) == 0x80) ++stop;
  std::string out = start > 0 ? "… " : "";
  size_t pos = start;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].begin < start) continue;
    if (spans[i].end > stop) break;
    if (!hit[i]) continue;
    out += core::html_escape(plain.substr(pos, spans[i].begin - pos));
    out += "<mark>" +
           core::html_escape(plain.substr(spans[i].begin, spans[i].end - spans[i].begin)) +
           "</mark>";
    pos = spans[i].end;
  }
  out += core::html_escape(plain.substr(pos, stop - pos));
  if (stop < plain.size()) out += " …";
  for (auto& c : out)
    if (c == '\n') c = ' ';
  return out;
}

namespace {

struct Local {
  date::local_time<std::chrono::seconds> t;
  std::chrono::seconds offset;
};

Local to_local(core::Timestamp t, std::string_view tz) {
  using namespace std::chrono;
  sys_seconds s{seconds(t / 1'000'000)};
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(std::string(tz));
  } catch (const std::exception&) {
    zone = date::locate_zone("UTC");
  }
  auto info = zone->get_info(s);
  return {date::local_seconds{s.time_since_epoch() + info.offset}, info.offset};
}

}  // namespace

std::string format_local(core::Timestamp t, std::string_view lang, std::string_view tz) {
  static const std::array<const char*, 12> en{"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};
  static const std::array<const char*, 12> ru{"января",   "февраля", "марта",  "апреля",
                                              "мая",      "июня",    "июля",   "августа",
                                              "сентября", "октября", "ноября", "декабря"};
  static const std::array<const char*, 12> kk{"қаңтар",   "ақпан",  "наурыз", "сәуір",
                                              "мамыр",    "маусым", "шілде",  "тамыз",
                                              "қыркүйек", "қазан",  "қараша", "желтоқсан"};
  auto l = to_local(t, tz);
  auto day = date::floor<date::days>(l.t);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{l.t - day};
  unsigned m = unsigned(ymd.month()) - 1;
  const char* month = lang == "ru" ? ru[m] : lang == "kk" ? kk[m] : en[m];
  return fmt::format("{:02} {} {} {:02}:{:02}", unsigned(ymd.day()), month, int(ymd.year()),
                     hms.hours().count(), hms.minutes().count());
}

std::string zone_label(core::Timestamp t, std::string_view tz) {
  auto l = to_local(t, tz);
  std::string name(tz);
  if (auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
  for (auto& c : name)
    if (c == '_') c = ' ';
  auto off = l.offset.count();
  auto h = std::abs(off) / 3600, m = std::abs(off) % 3600 / 60;
  std::string utc = off == 0 ? "UTC" : fmt::format("UTC{}{}", off < 0 ? '-' : '+', h);
  if (m != 0) utc += fmt::format(":{:02}", m);
  return name == utc || name == "UTC" ? utc : name + ", " + utc;
}

std::string format_local_zoned(core::Timestamp t, std::string_view lang, std::string_view tz) {
  return format_local(t, lang, tz) + " (" + zone_label(t, tz) + ")";
}

std::string format_iso_local(core::Timestamp t, std::string_view tz) {
  auto l = to_local(t, tz);
  auto day = date::floor<date::days>(l.t);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{l.t - day};
  auto off = l.offset.count();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count(), off < 0 ? '-' : '+',
                     std::abs(off) / 3600, std::abs(off) % 3600 / 60);
}

std::optional<core::Timestamp> parse_local(std::string_view s, std::string_view tz) {
  if (s.size() == 16) {
    auto t = core::parse_rfc3339(std::string(s) + ":00Z");  // validates the fields
    if (!t) return std::nullopt;
    try {
      const auto* zone = date::locate_zone(std::string(tz));
      date::local_seconds local{std::chrono::seconds(*t / 1'000'000)};
      auto sys = zone->to_sys(local, date::choose::earliest);
      return core::Timestamp(sys.time_since_epoch().count()) * 1'000'000;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string format_local_input(core::Timestamp t, std::string_view tz) {
  return format_iso_local(t, tz).substr(0, 16);
}

std::string views_label(std::int64_t n, std::string_view lang) {
  UErrorCode status = U_ZERO_ERROR;
  std::string locale = lang == "ru" ? "ru" : lang == "kk" ? "kk" : "en";
  std::unique_ptr<icu::PluralRules> rules(
      icu::PluralRules::forLocale(icu::Locale(locale.c_str()), status));
  std::string cat = "other";
  if (U_SUCCESS(status) && rules) rules->select(double(n)).toUTF8String(cat = "");
  if (lang == "ru") {
    const char* word = cat == "one" ? "просмотр" : cat == "few" ? "просмотра" : "просмотров";
    return fmt::format("{} {}", n, word);
  }
  if (lang == "kk")
    return fmt::format("{} рет қаралды", n);  // Kazakh nouns do not inflect after numerals
  return fmt::format("{} {}", n, cat == "one" ? "view" : "views");
}

std::vector<DiffLine> line_diff(std::string_view a, std::string_view b) {
  auto lines = [](std::string_view s) {
    std::vector<std::string_view> v;
    size_t pos = 0;
    while (pos <= s.size()) {
      auto nl = s.find('\n', pos);
      if (nl == std::string_view::npos) nl = s.size();
      v.push_back(s.substr(pos, nl - pos));
      pos = nl + 1;
    }
    return v;
  };
  auto x = lines(a), y = lines(b);
  const size_t limit = 3000;  // bounded work: beyond this the diff is "replace all"
  std::vector<DiffLine> out;
  if (x.size() > limit || y.size() > limit) {
    for (auto l : x) out.push_back({'-', std::string(l)});
    for (auto l : y) out.push_back({'+', std::string(l)});
    return out;
  }
  std::vector<std::vector<std::uint16_t>> L(x.size() + 1, std::vector<std::uint16_t>(y.size() + 1));
  for (size_t i = x.size(); i-- > 0;)
    for (size_t j = y.size(); j-- > 0;)
      L[i][j] = x[i] == y[j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (i < x.size() && j < y.size() && x[i] == y[j]) {
      out.push_back({'=', std::string(x[i])});
      ++i, ++j;
    } else if (j < y.size() && (i == x.size() || L[i][j + 1] >= L[i + 1][j])) {
      out.push_back({'+', std::string(y[j++])});
    } else {
      out.push_back({'-', std::string(x[i++])});
    }
  }
  return out;
}

}  // namespace qorgan::portal
