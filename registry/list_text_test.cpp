// A SQLite list row's shown fields are read from one text on the person's row (people.list_text,
// migration 0109). Whichever way a person was written, before the migration (which fills it in
// SQL, in the text form with the sealed IIN in hex), by an import, a create or an update (a text
// made in C++, in the binary form), the stored text is the one the record's own fields make, and
// the list shows each person as their record shows them, from either form. Names hold what the
// text's own form is made of (digits, ':', '-', ';'), quotes, a backslash, a control character and
// letters of two bytes; empty and missing fields.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "core/seal_opener.hpp"
#include "core/validate.hpp"
#include "registry/field_text.hpp"
#include "registry/list_text.hpp"
#include "registry/person_store.hpp"
#include "registry/registry.hpp"
#include "registry/registry_json.hpp"
#include "registry/skills_text.hpp"
#include "storage/test_database.hpp"

using namespace qorgan;
using namespace qorgan::registry;
using core::Json;

namespace {

constexpr std::int64_t kRegion = 1;

// A valid IIN of its first eleven digits.
std::string iin(const std::string& first11) {
  auto check = core::iin_check_digit(first11);
  EXPECT_TRUE(check) << first11;
  return first11 + std::to_string(check.value_or(0));
}

struct Stored {
  std::string text;
  std::int64_t kinds = 0;
};

Stored stored(storage::Database& db, std::int64_t id) {
  return db.read([&](storage::Tx& tx) {
    auto r = tx.one("SELECT list_text, list_kinds FROM people WHERE id = $1", {id});
    return Stored{r.opt_str(0).value_or("(null)"), r.i64(1)};
  });
}

// Who wrote a person's text: migration 0109 (SQL: the text form, the sealed IIN in hex as its
// column holds it) or this build (the binary form, the IIN compact: its 40 bytes after a marker).
enum class Writer { migration, build };

// The stored text is the one the record's fields make: by list_text() when this build wrote it,
// by the SQL expression of the row when the migration did; either way it reads back to the
// record's IIN.
void expect_text_of_record(storage::Database& db, const core::MasterKey& key, std::int64_t id,
                           Writer writer = Writer::build) {
  auto s = stored(db, id);
  auto p = db.read([&](storage::Tx& tx) { return person_store::get(tx, id); });
  ASSERT_TRUE(p) << id;
  auto by_sql = db.read([&](storage::Tx& tx) {
    return tx
        .one(std::string("SELECT ") + person_store::kListTextSql + " FROM people WHERE id = $1",
             {id})
        .str(0);
  });
  ListedPerson l;
  int kinds = 0;
  ASSERT_TRUE(person_store::read_list_text(s.text, l, kinds)) << id;
  if (writer == Writer::migration) {
    EXPECT_EQ(s.text, by_sql) << id;
    EXPECT_EQ(l.iin_sealed, p->iin_sealed) << id;
  } else {
    const auto skills = person_store::skills_text(p->skills);
    EXPECT_EQ(s.text, person_store::list_text(*p, id, p->created_at, p->updated_at, s.kinds,
                                              skills.value_or("")))
        << id;
    EXPECT_EQ(s.text.front(), '\x02') << id;  // the binary form with the id and skills
    std::optional<std::string_view> read_skills;
    ListedPerson with_id;
    ASSERT_TRUE(person_store::read_list_text(s.text, with_id, kinds, &read_skills)) << id;
    EXPECT_EQ(with_id.id, id);
    EXPECT_EQ(read_skills, std::optional<std::string_view>(skills.value_or(""))) << id;
    EXPECT_EQ(l.iin_sealed.size(), 41u) << id;  // 'G', then nonce (12), IIN (12), tag (16)
    EXPECT_TRUE(l.iin_sealed.starts_with('G')) << id;
  }
  auto iin = core::open(key, "people.iin", p->iin_sealed);
  ASSERT_TRUE(iin) << id;
  EXPECT_EQ(core::SealOpener(key, "people.iin").open(l.iin_sealed), iin) << id;
}

TEST(PeopleListText, EveryWayOfWritingAPersonStoresTheTextItsRecordMakes) {
  auto dir = core::fresh_test_directory("qorgan-list-text");
  auto made = storage::open_test_database(dir, 108);
  ASSERT_TRUE(made) << made.error().message;
  auto& db = **made;
  const auto key = core::MasterKey::generate();
  // Stored before the migration: one with every field, one with the nullable ones missing.
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO regions (id, path, code, level, name_kk, name_ru, name_en, search_key, "
        "created_at, updated_at) VALUES ($1, '/1/', 'C1', 'city', 'a', 'a', 'a', 'a', 0, 0)",
        {kRegion});
    tx.exec(
        "INSERT INTO people (id, family_name, given_name, patronymic, search_key, birth_date, "
        "iin_sealed, iin_index, phone, email, region_id, status, created_at, updated_at, "
        "list_kinds, language, skills_text) VALUES (1001, '12:Әлиев-;', 'Ер\"лан\\', '', "
        "'12:әлиев-; ер\"лан\\', '1990-03-11', $1, 'index-1', '+77011234567', 'a@b.kz', $2, "
        "'active', -5, 1733580000123456, 1, 'kk', '5:medic--'), (1002, 'Бекова', 'Дана' || "
        "char(9), NULL, 'бекова дана', '1991-04-12', $3, 'index-2', NULL, NULL, $2, 'active', "
        "1733580000000000, 1733580000000000, 0, NULL, NULL)",
        {core::seal(key, "people.iin", "900311300011"), kRegion,
         core::seal(key, "people.iin", "910412400012")});
    return {};
  });
  auto applied = storage::migrate(db);
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_FALSE(applied->empty());
  EXPECT_EQ(applied->front(), 109);
  expect_text_of_record(db, key, 1001, Writer::migration);
  expect_text_of_record(db, key, 1002, Writer::migration);
  // The form itself, field by field (the sealed IIN between).
  const auto missing = stored(db, 1002).text;
  EXPECT_TRUE(missing.starts_with("12:Бекова9:Дана\t-21:бекова дана10:1991-04-12---")) << missing;
  EXPECT_TRUE(missing.ends_with(":" + db.read([](storage::Tx& tx) {
    return tx.one("SELECT iin_sealed FROM people WHERE id = 1002").str(0);
  }) + "1733580000000000;1733580000000000;0;"))
      << missing;

  Registry reg(db, key);
  auth::Principal admin;
  admin.role = auth::Role::admin;
  // Imported: the import's text is made in C++.
  std::vector<Person> people;
  for (auto [family, patronymic, phone] :
       {std::tuple{"Құрманғазы \"Төре\"", std::optional<std::string>("Ұлы"),
                   std::optional<std::string>("+77017654321")},
        std::tuple{"7:x-;", std::optional<std::string>(""), std::optional<std::string>()}}) {
    auto p =
        reg.people.prepare_new(Json{{"family_name", family},
                                    {"given_name", "Ерлан"},
                                    {"birth_date", "1988-04-12"},
                                    {"iin", iin(people.empty() ? "88041230001" : "88041230002")},
                                    {"region_id", kRegion},
                                    {"status", "reservist"}},
                               "2026-01-01");
    ASSERT_TRUE(p) << p.error().message;
    p->patronymic = patronymic;
    p->phone = phone;
    if (people.empty()) p->skills.push_back({"driver", std::nullopt, "2001-01-01"});
    people.push_back(std::move(*p));
  }
  auto ids = db.write([&](storage::Tx& tx) -> core::Result<std::vector<std::int64_t>> {
    return person_store::insert_unregistered(tx, people, 1733580000999999, {});
  });
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), 2u);
  for (auto id : *ids) expect_text_of_record(db, key, id);

  // Created and changed through the service.
  auto created = reg.people.create(admin, auth::Actor{},
                                   Json{{"family_name", "Сейтқали\\Бек"},
                                        {"given_name", "Dana"},
                                        {"patronymic", "Ержанқызы"},
                                        {"birth_date", "1991-05-17"},
                                        {"iin", iin("91051740001")},
                                        {"region_id", kRegion},
                                        {"status", "volunteer"},
                                        {"email", "d@example.kz"},
                                        {"language", "ru"}});
  ASSERT_TRUE(created) << created.error().message;
  expect_text_of_record(db, key, created->id);
  auto changed = reg.people.update(admin, auth::Actor{}, created->id,
                                   Json{{"given_name", "Әлия"},
                                        {"patronymic", nullptr},
                                        {"status", "active"},
                                        {"skills", Json::array({Json{{"skill", "medic"}}})}});
  ASSERT_TRUE(changed) << changed.error().message;
  expect_text_of_record(db, key, changed->id);
  auto imported = reg.people.update(admin, auth::Actor{}, ids->front(),
                                    Json{{"phone", nullptr}, {"language", "kk"}});
  ASSERT_TRUE(imported) << imported.error().message;
  expect_text_of_record(db, key, ids->front());

  // A row the migration wrote takes the binary form at its next write; 1001 keeps the text form.
  auto rewritten = reg.people.update(admin, auth::Actor{}, 1002, Json{{"phone", "+77010000002"}});
  ASSERT_TRUE(rewritten) << rewritten.error().message;
  expect_text_of_record(db, key, 1002);
  expect_text_of_record(db, key, 1001, Writer::migration);

  // The list of each status shows everyone as their record shows them, from either form.
  core::ListQuery query;
  auto params = core::parse_list_params(query, People::sorts());
  ASSERT_TRUE(params);
  int listed = 0;
  for (const auto* status : {"active", "reservist", "volunteer"}) {
    PersonFilter filter;
    filter.region = kRegion;
    filter.status = status;
    auto page = reg.people.list(admin, filter, *params);
    ASSERT_TRUE(page) << page.error().message;
    for (const auto& p : page->items) {
      ++listed;
      auto one = reg.people.get(admin, p.id);
      ASSERT_TRUE(one);
      EXPECT_EQ(person_text(p), person_text(*one)) << p.id;
    }
  }
  EXPECT_EQ(listed, 5);
  std::filesystem::remove_all(dir);
}

// An older build's rows (the text form, as migration 0109 and those builds wrote them) are
// rewritten in the binary form by the pass that follows migration 0110, and list as before; the
// binary ones of a build before 0111 (no mark of plain texts) take the mark where their texts are
// plain, by the same pass after 0111, and list as before.
TEST(PeopleListText, TheRowsOfAnOlderBuildAreRewrittenInTheBinaryForm) {
  auto dir = core::fresh_test_directory("qorgan-list-text-rewrite");
  auto made = storage::open_test_database(dir);
  ASSERT_TRUE(made) << made.error().message;
  auto& db = **made;
  const auto key = core::MasterKey::generate();
  Registry reg(db, key);
  auth::Principal admin;
  admin.role = auth::Role::admin;
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec(
        "INSERT INTO regions (id, path, code, level, name_kk, name_ru, name_en, search_key, "
        "created_at, updated_at) VALUES ($1, '/1/', 'C1', 'city', 'a', 'a', 'a', 'a', 0, 0)",
        {kRegion});
    return {};
  });
  // More than a transaction's thousand rows, every other one without its nullable texts, every
  // third one with a name that needs escaping.
  std::vector<Person> people;
  for (int serial = 0; people.size() < 1205; ++serial) {
    const auto first11 = "8804123" + std::to_string(10000 + serial).substr(1);
    auto check = core::iin_check_digit(first11);
    if (!check) continue;  // no IIN has these first digits
    const size_t i = people.size();
    auto p = reg.people.prepare_new(
        Json{{"family_name", "Сейтқали" + std::string(i % 3 ? "" : "\"") + std::to_string(i)},
             {"given_name", "Ерлан"},
             {"birth_date", "1988-04-12"},
             {"iin", first11 + std::to_string(*check)},
             {"region_id", kRegion},
             {"status", "reservist"}},
        "2026-01-01");
    ASSERT_TRUE(p) << p.error().message;
    if (i % 2) p->phone = "+7701" + std::to_string(1000000 + i), p->language = "kk";
    if (i % 5 == 0) p->skills.push_back({"medic", "2020-01-0" + std::to_string(1 + i % 9), {}});
    people.push_back(std::move(*p));
  }
  auto ids = db.write([&](storage::Tx& tx) -> core::Result<std::vector<std::int64_t>> {
    return person_store::insert_unregistered(tx, people, 1733580000999999, {});
  });
  ASSERT_TRUE(ids);
  core::ListQuery query;
  query.limit = "200";
  auto params = core::parse_list_params(query, People::sorts());
  ASSERT_TRUE(params);
  PersonFilter filter;
  filter.region = kRegion;
  filter.status = "reservist";
  auto page_text = [&] {
    PeoplePageText text(200);
    EXPECT_TRUE(reg.people.list(admin, filter, *params, text));
    return text.take();
  };
  const auto listed = page_text();
  db.write([&](storage::Tx& tx) -> core::Status {
    tx.exec(std::string("UPDATE people SET list_text = ") + person_store::kListTextSql);
    return {};
  });
  EXPECT_EQ(page_text(), listed);  // the text form lists the same

  auto rewritten = person_store::rewrite_list_texts(db);
  ASSERT_TRUE(rewritten) << rewritten.error().message;
  EXPECT_EQ(*rewritten, 1205);
  for (auto id : {ids->front(), (*ids)[1], (*ids)[1000], ids->back()})
    expect_text_of_record(db, key, id);
  EXPECT_EQ(page_text(), listed);
  auto again = person_store::rewrite_list_texts(db);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);  // nothing left of the text form

  // As a build before 0111 wrote them: the binary form without the mark.
  auto marked = [&] {
    return db.read([](storage::Tx& tx) {
      return tx
          .one("SELECT count(*) FROM people WHERE substr(CAST(list_text AS BLOB), 18, 1) >= x'80'")
          .i64(0);
    });
  };
  EXPECT_EQ(marked(), 1205 - 402);  // a name of every third needs escaping
  // Gives every row the text `older` makes of its own and its skills text, as an older build
  // wrote it.
  auto write_as = [&](const std::function<std::string(std::string, size_t)>& older) {
    db.write([&](storage::Tx& tx) -> core::Status {
      std::vector<std::pair<std::int64_t, std::string>> texts;
      for (const auto& r : tx.query("SELECT id, list_text, skills_text FROM people"))
        texts.emplace_back(r.i64(0), older(r.str(1), r.opt_str(2).value_or("").size()));
      for (auto& [id, text] : texts)
        tx.exec("UPDATE people SET list_text = $1 WHERE id = $2", {text, id});
      return {};
    });
  };
  // The pass rewrites `expected` rows, after which the texts are this build's and list the same,
  // and a second pass changes nothing.
  auto rewrite = [&](std::int64_t expected) {
    auto n = person_store::rewrite_list_texts(db);
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, expected);
    EXPECT_EQ(marked(), 1205 - 402);
    for (auto id : {ids->front(), (*ids)[1], (*ids)[1000], ids->back()})
      expect_text_of_record(db, key, id);
    EXPECT_EQ(page_text(), listed);
    auto second = person_store::rewrite_list_texts(db);
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, 0);
  };
  write_as([](std::string text, size_t) {
    text.replace(17, 1, 1, char(text.at(17) & 0x7F));  // the kinds byte of a binary text
    return text;
  });
  EXPECT_EQ(marked(), 0);
  EXPECT_EQ(page_text(), listed);
  rewrite(1205 - 402);

  // As a build before 0112 wrote them: the binary form without the id and the skills text (its
  // first byte 1), a page's row then looks them up; the pass after 0112 gives every row both.
  auto with_id = [&] {
    return db.read([](storage::Tx& tx) {
      return tx.one("SELECT count(*) FROM people WHERE substr(list_text, 1, 1) = char(2)").i64(0);
    });
  };
  EXPECT_EQ(with_id(), 1205);
  write_as([](std::string text, size_t skills) {
    text.resize(text.size() - 12 - skills);
    text[0] = '\x01';
    return text;
  });
  EXPECT_EQ(with_id(), 0);
  EXPECT_EQ(page_text(), listed);
  rewrite(1205);
  EXPECT_EQ(with_id(), 1205);
  std::filesystem::remove_all(dir);
}

}  // namespace

namespace {

// The text form as migration 0109 and older builds wrote it (list_text.hpp).
std::string text_form(const Person& p, std::int64_t created, std::int64_t updated, int kinds) {
  std::string out;
  auto nullable = [&](const std::optional<std::string>& t) {
    if (t)
      person_store::put_text_field(out, *t);
    else
      out += '-';
  };
  person_store::put_text_field(out, p.family_name);
  person_store::put_text_field(out, p.given_name);
  nullable(p.patronymic);
  person_store::put_text_field(out, p.search_key);
  person_store::put_text_field(out, p.birth_date);
  nullable(p.phone);
  nullable(p.email);
  nullable(p.language);
  person_store::put_text_field(out, p.iin_sealed);
  person_store::put_number_field(out, created);
  person_store::put_number_field(out, updated);
  person_store::put_number_field(out, kinds);
  return out;
}

void expect_read_as(const Person& p, const std::string& text, std::int64_t created,
                    std::int64_t updated, int kinds) {
  ListedPerson l;
  int read_kinds = -1;
  ASSERT_TRUE(person_store::read_list_text(text, l, read_kinds)) << text;
  EXPECT_EQ(l.family_name, p.family_name);
  EXPECT_EQ(l.given_name, p.given_name);
  EXPECT_EQ(l.patronymic, p.patronymic);
  EXPECT_EQ(l.search_key, p.search_key);
  EXPECT_EQ(l.birth_date, p.birth_date);
  EXPECT_EQ(l.phone, p.phone);
  EXPECT_EQ(l.email, p.email);
  EXPECT_EQ(l.language, p.language);
  EXPECT_EQ(l.iin_sealed, p.iin_sealed);
  EXPECT_EQ(l.created_at, created) << text;
  EXPECT_EQ(l.updated_at, updated) << text;
  EXPECT_EQ(read_kinds, kinds);
  // Cut anywhere, or with a byte more, it is refused.
  for (size_t n = 0; n < text.size(); ++n)
    EXPECT_FALSE(person_store::read_list_text(text.substr(0, n), l, read_kinds)) << n;
  EXPECT_FALSE(person_store::read_list_text(text + "1", l, read_kinds));
}

TEST(PeopleListText, ATextIsReadBackAsWrittenAndAMalformedOneIsRefused) {
  Person p;
  p.family_name = "12:Әлиев;-";
  p.given_name = "";
  p.patronymic = "";
  p.search_key = "12:әлиев;-";
  p.birth_date = "1990-03-11";
  p.email = "a@b.kz";
  p.language = "kk";
  p.iin_sealed = std::string("G\x01\0\xFF", 4) + std::string(37, '\0');  // bytes of any value
  for (auto [created, updated] :
       {std::pair<std::int64_t, std::int64_t>{1733580000123456, 1733589999999999},
        {-5, 0},
        {99999999, 100000000},
        {999999999999999999, -999999999999999999}}) {
    const auto text = person_store::list_text(p, 42, created, updated, 7, "");
    EXPECT_EQ(text.front(), '\x02');
    expect_read_as(p, text, created, updated, 7);
    expect_read_as(p, text_form(p, created, updated, 7), created, updated, 7);
  }
  // The id and the skills text come back as written; without them (0110's form, first byte 1)
  // the fields read as before and the skills are not there to read.
  for (std::string_view skills : {"", "5:medic10:2020-01-01-", "1:x--2:yz--"}) {
    const auto text = person_store::list_text(p, 1234567890123, 1, 2, 1, skills);
    ListedPerson l;
    int kinds = 0;
    std::optional<std::string_view> read_skills;
    ASSERT_TRUE(person_store::read_list_text(text, l, kinds, &read_skills));
    EXPECT_EQ(l.id, 1234567890123);
    EXPECT_EQ(read_skills, std::optional(skills));
    expect_read_as(p, text, 1, 2, 1);
    auto older = text.substr(0, text.size() - 12 - skills.size());
    older[0] = '\x01';
    ListedPerson o;
    ASSERT_TRUE(person_store::read_list_text(older, o, kinds, &read_skills));
    EXPECT_EQ(o.id, 0);
    EXPECT_EQ(read_skills, std::nullopt);
    expect_read_as(p, older, 1, 2, 1);
  }
  // A text of more than 65,535 bytes has no two-byte size: that person's text takes the text form.
  Person long_one = p;
  long_one.patronymic = std::string(65536, 'x');
  const auto text = person_store::list_text(long_one, 42, 1, 2, 3, "");
  EXPECT_EQ(text, text_form(long_one, 1, 2, 3));
  ListedPerson l;
  int kinds = 0;
  ASSERT_TRUE(person_store::read_list_text(text, l, kinds));
  EXPECT_EQ(l.patronymic, std::optional<std::string_view>(*long_one.patronymic));
  long_one.patronymic = std::string(65535, 'x');
  expect_read_as(long_one, person_store::list_text(long_one, 42, 1, 2, 3, ""), 1, 2, 3);
  // A binary text that says NULL of a text that must be there, or of one that has bytes, is
  // refused; with NULL of one that is empty it reads as NULL.
  auto binary = person_store::list_text(p, 42, 1, 2, 3, "");
  // p's phone is NULL (2); a fifth text may not be (16); e-mail (4) and language (8) have bytes.
  for (char nulls : {'\x12', '\x06', '\x0A'}) {
    auto wrong = binary;
    wrong[18] = nulls;
    EXPECT_FALSE(person_store::read_list_text(wrong, l, kinds)) << int(nulls);
  }
  auto no_patronymic = binary;
  no_patronymic[18] = '\x03';  // patronymic, empty in p, and phone
  ASSERT_TRUE(person_store::read_list_text(no_patronymic, l, kinds));
  EXPECT_EQ(l.patronymic, std::nullopt);
  EXPECT_EQ(l.email, std::optional<std::string_view>("a@b.kz"));

  // The text form: a number of more than 18 digits, a number with a letter, a length past the end.
  EXPECT_FALSE(
      person_store::read_list_text("1:a1:b-1:c1:d---1:e1234567890123456789;1;0;", l, kinds));
  EXPECT_FALSE(person_store::read_list_text("1:a1:b-1:c1:d---1:e12345678x0123456;1;0;", l, kinds));
  EXPECT_FALSE(person_store::read_list_text("1:a1:b-1:c1:d---9:e1;1;0;", l, kinds));
  EXPECT_TRUE(person_store::read_list_text("1:a1:b-1:c1:d---1:e123456781234567;1;0;", l, kinds));
  EXPECT_EQ(l.created_at, 123456781234567);
  // Lengths of one, two and three digits (the first two read at once), and with a leading zero.
  p.given_name = std::string(123, 'x');
  p.patronymic = std::string(99, 'y');
  expect_read_as(p, text_form(p, 1, 2, 0), 1, 2, 0);
  EXPECT_TRUE(person_store::read_list_text("01:a1:b-1:c1:d---1:e1;1;0;", l, kinds));
  EXPECT_EQ(l.family_name, "a");
  EXPECT_FALSE(person_store::read_list_text("1:a1:b-1:c1:d---1:", l, kinds));
}

// A text whose seven shown texts (all but the search key and the sealed IIN) need no JSON escaping
// says so, for the list's writer to copy them; a byte to escape, or one that is not UTF-8, in any
// of them keeps the writer checking that person's texts. A binary text of the build before, and the
// text form, say nothing and are checked.
TEST(PeopleListText, ATextSaysWhetherItsShownTextsNeedEscaping) {
  // The search key and the sealed bytes need escaping, which says nothing of the shown texts.
  const Person p{.family_name = "Құрманғазы",
                 .given_name = "Ерлан",
                 .patronymic = "Ұлы",
                 .search_key = "құрманғазы \"ерлан\" \\",
                 .birth_date = "1988-04-12",
                 .iin_sealed = std::string("G\"\\\n", 4) + std::string(37, '\0'),
                 .phone = "+77017654321",
                 .email = "a@b.kz",
                 .language = "kk"};
  auto read = [](const std::string& text, int& kinds) {
    ListedPerson l;
    EXPECT_TRUE(person_store::read_list_text(text, l, kinds)) << text;
    return l.plain;
  };
  for (int kinds = 0; kinds <= 7; ++kinds) {
    const auto text = person_store::list_text(p, 42, 1, 2, kinds, "");
    int read_kinds = -1;
    EXPECT_TRUE(read(text, read_kinds)) << kinds;
    EXPECT_EQ(read_kinds, kinds);
    expect_read_as(p, text, 1, 2, kinds);
    // As the build before wrote it: the same text without the mark.
    auto before = text;
    before[17] = char(kinds);
    EXPECT_FALSE(read(before, read_kinds)) << kinds;
    EXPECT_EQ(read_kinds, kinds);
    EXPECT_FALSE(read(text_form(p, 1, 2, kinds), read_kinds)) << kinds;
  }
  // Nothing shown at all but the required texts, empty.
  Person bare;
  int kinds = -1;
  EXPECT_TRUE(read(person_store::list_text(bare, 42, 1, 2, 0, ""), kinds));

  using Text = std::string Person::*;
  using Nullable = std::optional<std::string> Person::*;
  for (const std::string odd : {"Ер\"лан", "a\\b", "Дана\t", "\xFF", "ok\xED\xA0\x80"}) {
    for (Text field : {&Person::family_name, &Person::given_name, &Person::birth_date}) {
      Person q = p;
      q.*field = odd;
      const auto text = person_store::list_text(q, 42, 1, 2, 5, "");
      EXPECT_FALSE(read(text, kinds)) << odd;
      expect_read_as(q, text, 1, 2, 5);
    }
    for (Nullable field :
         {&Person::patronymic, &Person::phone, &Person::email, &Person::language}) {
      Person q = p;
      q.*field = odd;
      const auto text = person_store::list_text(q, 42, 1, 2, 5, "");
      EXPECT_FALSE(read(text, kinds)) << odd;
      expect_read_as(q, text, 1, 2, 5);
    }
  }
  // list_kinds of more than seven bits has no room beside the mark: the text form.
  EXPECT_EQ(person_store::list_text(p, 42, 1, 2, 128, ""), text_form(p, 1, 2, 128));
}

// The page copies a person's plain texts (ListedPerson::plain) into the very bytes it writes when
// it checks them: texts of every length from 0 to 20 bytes (the copy goes by two words from 4 to 16
// bytes), of ASCII and of two-byte letters.
TEST(PeopleListText, ThePageWritesPlainTextsAsItWritesCheckedOnes) {
  for (size_t n = 0; n <= 20; ++n) {
    const std::string ascii(n, 'x');
    std::string letters;
    for (size_t i = 0; i < n / 2; ++i) letters += i % 2 ? "Қ" : "ж";
    ListedPerson l;
    l.id = 7;
    l.family_name = letters;
    l.given_name = ascii;
    l.patronymic = ascii;
    l.birth_date = ascii;
    l.phone = letters;
    l.email = ascii;
    l.language = letters;
    l.status = "active";
    l.iin = "880412300012";
    auto page = [&](bool plain) {
      l.plain = plain;
      PeoplePageText out(1);
      out.person(l);
      out.end(std::nullopt);
      return out.take();
    };
    const auto checked = page(false);
    EXPECT_EQ(page(true), checked) << n;
    EXPECT_NE(checked.find("\"family_name\":\"" + letters + "\""), std::string::npos) << checked;
  }
}

}  // namespace
