#include "registry/list_text.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <optional>

#include "core/json_writer.hpp"
#include "core/seal_opener.hpp"
#include "registry/field_text.hpp"

namespace qorgan::registry::person_store {

namespace {

// The binary form: its marker, the two times (8 bytes each), list_kinds and the plain bit (1
// byte), which of the four nullable texts are NULL (1 byte: patronymic 1, phone 2, email 4,
// language 8), the nine texts' sizes (2 bytes each, 0 for NULL), all little-endian; then the
// texts' bytes; with kWithId, then the id (8 bytes), the skills text's size (4 bytes) and its
// bytes.
constexpr char kBinary = '\x01', kWithId = '\x02';
constexpr size_t kFields = 9, kTimesAt = 1, kKindsAt = 17, kNullsAt = 18, kSizesAt = 19,
                 kHeader = kSizesAt + 2 * kFields;
constexpr std::uint16_t kMaxSize = 0xFFFF;
constexpr size_t kIdAndSkills = 8 + 4;  // after the texts in kWithId: the id, the skills' size
// Set in the kinds byte (list_kinds takes bits 0-6) when the seven texts a record shows (kShown)
// are JSON as they are (core::json_string_plain), so that the list's writer copies them
// (ListedPerson::plain). A build before it reads the bit as a kind it asks nothing for.
constexpr unsigned char kPlain = 0x80;
// The nullable texts' places among the nine.
constexpr size_t kPatronymic = 2, kPhone = 5, kEmail = 6, kLanguage = 7;
// The texts a record shows: all but the search key (3) and the IIN (8).
constexpr std::array<size_t, 7> kShown = {0, 1, kPatronymic, 4, kPhone, kEmail, kLanguage};

template <typename T>
T load_le(const char* at) {
  T v;
  std::memcpy(&v, at, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = std::byteswap(v);
  return v;
}
template <typename T>
void store_le(char* at, T v) {
  if constexpr (std::endian::native == std::endian::big) v = std::byteswap(v);
  std::memcpy(at, &v, sizeof v);
}

void put_nullable(std::string& out, const std::optional<std::string>& text) {
  if (text)
    put_text_field(out, *text);
  else
    out += '-';
}

// The text form (migration 0109's; kept for a field too long for two bytes of size).
std::string text_form(const Person& p, std::string_view iin, std::int64_t created_at,
                      std::int64_t updated_at, std::int64_t list_kinds) {
  std::string out;
  out.reserve(p.family_name.size() + p.given_name.size() + p.search_key.size() + iin.size() + 160);
  put_text_field(out, p.family_name);
  put_text_field(out, p.given_name);
  put_nullable(out, p.patronymic);
  put_text_field(out, p.search_key);
  put_text_field(out, p.birth_date);
  put_nullable(out, p.phone);
  put_nullable(out, p.email);
  put_nullable(out, p.language);
  put_text_field(out, iin);
  put_number_field(out, created_at);
  put_number_field(out, updated_at);
  put_number_field(out, list_kinds);
  return out;
}

bool read_text_form(std::string_view text, ListedPerson& p, int& list_kinds) {
  FieldReader f(text);
  std::int64_t kinds = 0;
  if (!f.text(p.family_name) || !f.text(p.given_name) || !f.nullable(p.patronymic) ||
      !f.text(p.search_key) || !f.text(p.birth_date) || !f.nullable(p.phone) ||
      !f.nullable(p.email) || !f.nullable(p.language) || !f.text(p.iin_sealed) ||
      !f.number(p.created_at) || !f.number(p.updated_at) || !f.number(kinds) || !f.done())
    return false;
  list_kinds = int(kinds);
  p.plain = false;
  return true;
}

}  // namespace

const char* const kListTextSql =
    "length(CAST(family_name AS BLOB)) || ':' || family_name"
    " || length(CAST(given_name AS BLOB)) || ':' || given_name"
    " || ifnull(length(CAST(patronymic AS BLOB)) || ':' || patronymic, '-')"
    " || length(CAST(search_key AS BLOB)) || ':' || search_key"
    " || length(CAST(birth_date AS BLOB)) || ':' || birth_date"
    " || ifnull(length(CAST(phone AS BLOB)) || ':' || phone, '-')"
    " || ifnull(length(CAST(email AS BLOB)) || ':' || email, '-')"
    " || ifnull(length(CAST(language AS BLOB)) || ':' || language, '-')"
    " || length(CAST(iin_sealed AS BLOB)) || ':' || iin_sealed"
    " || created_at || ';' || updated_at || ';' || list_kinds || ';'";

std::string list_text(const Person& p, std::int64_t id, std::int64_t created_at,
                      std::int64_t updated_at, std::int64_t list_kinds, std::string_view skills) {
  const std::string iin = core::compact_sealed(p.iin_sealed);
  const std::array<const std::string*, kFields> fields = {&p.family_name,
                                                          &p.given_name,
                                                          p.patronymic ? &*p.patronymic : nullptr,
                                                          &p.search_key,
                                                          &p.birth_date,
                                                          p.phone ? &*p.phone : nullptr,
                                                          p.email ? &*p.email : nullptr,
                                                          p.language ? &*p.language : nullptr,
                                                          &iin};
  if (skills.size() > 0xFFFFFFFF) return text_form(p, iin, created_at, updated_at, list_kinds);
  size_t size = kHeader + kIdAndSkills + skills.size();
  for (const auto* f : fields) {
    if (f && f->size() > kMaxSize) return text_form(p, iin, created_at, updated_at, list_kinds);
    size += f ? f->size() : 0;
  }
  if (list_kinds < 0 || list_kinds >= kPlain)
    return text_form(p, iin, created_at, updated_at, list_kinds);
  bool plain = true;
  for (size_t i : kShown)
    if (fields[i]) plain = plain && core::json_string_plain(*fields[i]);
  std::string out(size, '\0');
  char* at = out.data();
  at[0] = kWithId;
  store_le(at + kTimesAt, created_at);
  store_le(at + kTimesAt + 8, updated_at);
  at[kKindsAt] = char(static_cast<unsigned char>(list_kinds | (plain ? kPlain : 0)));
  at[kNullsAt] = char((fields[kPatronymic] ? 0 : 1) | (fields[kPhone] ? 0 : 2) |
                      (fields[kEmail] ? 0 : 4) | (fields[kLanguage] ? 0 : 8));
  char* bytes = at + kHeader;
  for (size_t i = 0; i < kFields; ++i) {
    const size_t n = fields[i] ? fields[i]->size() : 0;
    store_le(at + kSizesAt + 2 * i, std::uint16_t(n));
    if (n != 0) std::memcpy(bytes, fields[i]->data(), n);
    bytes += n;
  }
  store_le(bytes, id);
  store_le(bytes + 8, std::uint32_t(skills.size()));
  if (!skills.empty()) std::memcpy(bytes + kIdAndSkills, skills.data(), skills.size());
  return out;
}

bool read_list_text(std::string_view text, ListedPerson& p, int& list_kinds,
                    std::optional<std::string_view>* skills) {
  if (skills) *skills = std::nullopt;
  if (text.empty() || (text[0] != kWithId && text[0] != kBinary))
    return read_text_form(text, p, list_kinds);
  if (text.size() < kHeader) return false;
  const char* h = text.data();
  const unsigned nulls = static_cast<unsigned char>(h[kNullsAt]);
  std::array<std::uint16_t, kFields> sizes;
  for (size_t i = 0; i < kFields; ++i) sizes[i] = load_le<std::uint16_t>(h + kSizesAt + 2 * i);
  // The sizes' sum, eight of them two words at a time: each word's four sizes added in two
  // 32-bit lanes (no carry between them), the lanes then added.
  constexpr std::uint64_t kLow = 0x0000FFFF0000FFFF;
  const std::uint64_t a = load_le<std::uint64_t>(h + kSizesAt),
                      b = load_le<std::uint64_t>(h + kSizesAt + 8);
  const std::uint64_t lanes = (a & kLow) + ((a >> 16) & kLow) + (b & kLow) + ((b >> 16) & kLow);
  const size_t total = kHeader + (lanes & 0xFFFFFFFF) + (lanes >> 32) + sizes[8];
  // A NULL text has no bytes, and only the four nullable ones may be NULL.
  const bool null_with_bytes = ((nulls & 1) && sizes[kPatronymic]) ||
                               ((nulls & 2) && sizes[kPhone]) || ((nulls & 4) && sizes[kEmail]) ||
                               ((nulls & 8) && sizes[kLanguage]);
  const bool with_id = h[0] == kWithId;
  const size_t skills_size =
      with_id && text.size() >= total + kIdAndSkills ? load_le<std::uint32_t>(h + total + 8) : 0;
  if ((with_id ? text.size() != total + kIdAndSkills + skills_size : total != text.size()) ||
      nulls > 15 || null_with_bytes)
    return false;
  const char* at = h + kHeader;
  auto take = [&](size_t i) {
    std::string_view v(at, sizes[i]);
    at += sizes[i];
    return v;
  };
  auto nullable = [&](size_t i, unsigned null) -> std::optional<std::string_view> {
    if (nulls & null) return std::nullopt;
    return take(i);
  };
  p.family_name = take(0);
  p.given_name = take(1);
  p.patronymic = nullable(kPatronymic, 1);
  p.search_key = take(3);
  p.birth_date = take(4);
  p.phone = nullable(kPhone, 2);
  p.email = nullable(kEmail, 4);
  p.language = nullable(kLanguage, 8);
  p.iin_sealed = take(8);
  p.created_at = load_le<std::int64_t>(h + kTimesAt);
  p.updated_at = load_le<std::int64_t>(h + kTimesAt + 8);
  const auto kinds = static_cast<unsigned char>(h[kKindsAt]);
  list_kinds = kinds & ~kPlain;
  p.plain = (kinds & kPlain) != 0;
  if (with_id) {
    p.id = load_le<std::int64_t>(at);
    if (skills) *skills = text.substr(total + kIdAndSkills);
  }
  return true;
}

core::Result<std::int64_t> rewrite_list_texts(storage::Database& db) {
  if (db.engine() != storage::Engine::sqlite) return 0;
  std::int64_t n = 0, after = 0;
  while (true) {
    std::int64_t rewritten = 0;
    auto rows = db.write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
      std::int64_t rows = 0;
      rewritten = 0;
      for (const auto& r : tx.query(
               "SELECT id, family_name, given_name, patronymic, search_key, birth_date, phone, "
               "email, language, iin_sealed, created_at, updated_at, list_kinds, list_text, "
               "skills_text FROM people WHERE id > $1 AND (list_text IS NULL OR "
               "substr(list_text, 1, 1) <> char(2) OR substr(CAST(list_text AS BLOB), 18, 1) < "
               "x'80') ORDER BY id LIMIT 1000",
               {after})) {
        ++rows;
        after = r.i64(0);
        Person p;
        p.family_name = r.str(1);
        p.given_name = r.str(2);
        p.patronymic = r.opt_str(3);
        p.search_key = r.str(4);
        p.birth_date = r.str(5);
        p.phone = r.opt_str(6);
        p.email = r.opt_str(7);
        p.language = r.opt_str(8);
        p.iin_sealed = r.str(9);
        auto text =
            list_text(p, after, r.i64(10), r.i64(11), r.i64(12), r.opt_str(14).value_or(""));
        if (r.opt_str(13) == text) continue;  // its texts need escaping: nothing to mark
        tx.exec("UPDATE people SET list_text = $1 WHERE id = $2", {std::move(text), after});
        ++rewritten;
      }
      return rows;
    });
    if (!rows) return core::fail(rows.error());
    n += rewritten;  // committed
    if (*rows < 1000) break;
  }
  return n;
}

}  // namespace qorgan::registry::person_store
