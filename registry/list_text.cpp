#include "registry/list_text.hpp"

#include "core/seal_opener.hpp"
#include "registry/field_text.hpp"

namespace qorgan::registry::person_store {

namespace {

void put_nullable(std::string& out, const std::optional<std::string>& text) {
  if (text)
    put_text_field(out, *text);
  else
    out += '-';
}

}  // namespace

#define QORGAN_LIST_TEXT_BEFORE_IIN                                        \
  "length(CAST(family_name AS BLOB)) || ':' || family_name"                \
  " || length(CAST(given_name AS BLOB)) || ':' || given_name"              \
  " || ifnull(length(CAST(patronymic AS BLOB)) || ':' || patronymic, '-')" \
  " || length(CAST(search_key AS BLOB)) || ':' || search_key"              \
  " || length(CAST(birth_date AS BLOB)) || ':' || birth_date"              \
  " || ifnull(length(CAST(phone AS BLOB)) || ':' || phone, '-')"           \
  " || ifnull(length(CAST(email AS BLOB)) || ':' || email, '-')"           \
  " || ifnull(length(CAST(language AS BLOB)) || ':' || language, '-')"
#define QORGAN_LIST_TEXT_AFTER_IIN " || created_at || ';' || updated_at || ';' || list_kinds || ';'"

const char* const kListTextSql = QORGAN_LIST_TEXT_BEFORE_IIN
    " || length(CAST(iin_sealed AS BLOB)) || ':' || iin_sealed" QORGAN_LIST_TEXT_AFTER_IIN;
const char* const kListTextOfIinSql =
    QORGAN_LIST_TEXT_BEFORE_IIN " || $2" QORGAN_LIST_TEXT_AFTER_IIN;

#undef QORGAN_LIST_TEXT_BEFORE_IIN
#undef QORGAN_LIST_TEXT_AFTER_IIN

std::string iin_field(std::string_view iin_sealed) {
  std::string out;
  put_text_field(out, core::compact_sealed(iin_sealed));
  return out;
}

std::string list_text(const Person& p, std::int64_t created_at, std::int64_t updated_at,
                      std::int64_t list_kinds) {
  std::string out;
  out.reserve(p.family_name.size() + p.given_name.size() + p.search_key.size() +
              p.iin_sealed.size() + 160);
  put_text_field(out, p.family_name);
  put_text_field(out, p.given_name);
  put_nullable(out, p.patronymic);
  put_text_field(out, p.search_key);
  put_text_field(out, p.birth_date);
  put_nullable(out, p.phone);
  put_nullable(out, p.email);
  put_nullable(out, p.language);
  put_text_field(out, core::compact_sealed(p.iin_sealed));
  put_number_field(out, created_at);
  put_number_field(out, updated_at);
  put_number_field(out, list_kinds);
  return out;
}

bool read_list_text(std::string_view text, ListedPerson& p, int& list_kinds) {
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

}  // namespace qorgan::registry::person_store
