#include "registry/list_text.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "core/seal_opener.hpp"
#include "registry/field_text.hpp"

namespace qorgan::registry::person_store {

namespace {

// The binary form: its marker, the two times (8 bytes each), list_kinds (1 byte), the nine
// fields' sizes (2 bytes each, kNull for NULL), all little-endian; then the fields' bytes.
constexpr char kBinary = '\x01';
constexpr size_t kFields = 9, kTimesAt = 1, kKindsAt = 17, kSizesAt = 18,
                 kHeader = kSizesAt + 2 * kFields;
constexpr std::uint16_t kNull = 0xFFFF;

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

std::string list_text(const Person& p, std::int64_t created_at, std::int64_t updated_at,
                      std::int64_t list_kinds) {
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
  size_t size = kHeader;
  for (const auto* f : fields) {
    if (f && f->size() >= kNull) return text_form(p, iin, created_at, updated_at, list_kinds);
    size += f ? f->size() : 0;
  }
  if (list_kinds < 0 || list_kinds > 255)
    return text_form(p, iin, created_at, updated_at, list_kinds);
  std::string out(size, '\0');
  char* at = out.data();
  at[0] = kBinary;
  store_le(at + kTimesAt, created_at);
  store_le(at + kTimesAt + 8, updated_at);
  at[kKindsAt] = char(static_cast<unsigned char>(list_kinds));
  char* bytes = at + kHeader;
  for (size_t i = 0; i < kFields; ++i) {
    const auto* f = fields[i];
    store_le(at + kSizesAt + 2 * i, f ? std::uint16_t(f->size()) : kNull);
    if (f && !f->empty()) std::memcpy(bytes, f->data(), f->size());
    bytes += f ? f->size() : 0;
  }
  return out;
}

bool read_list_text(std::string_view text, ListedPerson& p, int& list_kinds) {
  if (text.empty() || text[0] != kBinary) return read_text_form(text, p, list_kinds);
  if (text.size() < kHeader) return false;
  const char* h = text.data();
  std::array<std::uint16_t, kFields> sizes;
  size_t total = kHeader;
  for (size_t i = 0; i < kFields; ++i) {
    sizes[i] = load_le<std::uint16_t>(h + kSizesAt + 2 * i);
    total += sizes[i] == kNull ? 0 : sizes[i];
  }
  // family_name, given_name, search_key, birth_date and the IIN are never NULL.
  if (total != text.size() || sizes[0] == kNull || sizes[1] == kNull || sizes[3] == kNull ||
      sizes[4] == kNull || sizes[8] == kNull)
    return false;
  const char* at = h + kHeader;
  auto take = [&](size_t i) {
    std::string_view v(at, sizes[i]);
    at += sizes[i];
    return v;
  };
  auto nullable = [&](size_t i) -> std::optional<std::string_view> {
    if (sizes[i] == kNull) return std::nullopt;
    return take(i);
  };
  p.family_name = take(0);
  p.given_name = take(1);
  p.patronymic = nullable(2);
  p.search_key = take(3);
  p.birth_date = take(4);
  p.phone = nullable(5);
  p.email = nullable(6);
  p.language = nullable(7);
  p.iin_sealed = take(8);
  p.created_at = load_le<std::int64_t>(h + kTimesAt);
  p.updated_at = load_le<std::int64_t>(h + kTimesAt + 8);
  list_kinds = static_cast<unsigned char>(h[kKindsAt]);
  return true;
}

}  // namespace qorgan::registry::person_store
