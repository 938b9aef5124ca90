#include "registry/people.hpp"

#include <algorithm>
#include <chrono>

#include "auth/audit.hpp"
#include "core/seal_opener.hpp"
#include "core/text.hpp"
#include "core/text_field.hpp"
#include "core/time.hpp"
#include "core/validate.hpp"
#include "registry/generation_store.hpp"
#include "registry/new_person.hpp"
#include "registry/person_store.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::registry {

using auth::Role;
using core::Error;
using core::fail;
using core::Json;

const std::vector<core::SortOption>& People::sorts() {
  static const std::vector<core::SortOption> s{{"name", "search_key", false},
                                               {"id", "id", true},
                                               {"birth_date", "birth_date", false},
                                               {"created_at", "created_at", true}};
  return s;
}

const std::vector<std::string>& People::statuses() {
  static const std::vector<std::string> s{"reservist", "volunteer", "active", "unavailable",
                                          "discharged"};
  return s;
}

namespace {

std::optional<int> parse_hhmm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string search_key_of(const Person& p) {
  return core::fold(p.family_name + " " + p.given_name +
                    (p.patronymic ? " " + *p.patronymic : std::string()));
}

// Whole years from `birth` to `today`, both YYYY-MM-DD.
int age_on(const std::string& birth, const std::string& today) {
  int years = std::stoi(today.substr(0, 4)) - std::stoi(birth.substr(0, 4));
  if (today.substr(5) < birth.substr(5)) --years;
  return years;
}

// The birth date encoded in an IIN that passed core::check_iin.
std::string iin_birth_date(const std::string& iin) {
  int century = 1800 + 100 * ((iin[6] - '1') / 2);
  return std::to_string(century + std::stoi(iin.substr(0, 2))) + "-" + iin.substr(2, 2) + "-" +
         iin.substr(4, 2);
}

// The fields of a POST or PATCH body, each set only when the body has it.
struct Input {
  std::optional<std::string> family, given, patronymic, birth_date, iin, phone, email, status;
  std::optional<std::string> language;
  bool patronymic_given = false, phone_given = false, email_given = false, language_given = false;
  std::optional<std::int64_t> region_id;
  std::optional<std::vector<Skill>> skills;
  std::optional<std::vector<Slot>> availability;
  std::optional<std::vector<Absence>> unavailable;
  std::vector<std::string> given_fields;
};

template <typename Fields>
std::optional<std::string> date_field(Fields& f, const std::string& name, bool required,
                                      const std::string& label) {
  auto s = f.str(name, required, 10);
  if (s && !core::parse_date(*s)) {
    f.add(label, "must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return s;
}

// One entry of a list read by `g`: kept when it reads cleanly, else its errors go to `f` under
// "name[i].".
template <typename T, typename Outer, typename Inner>
void take_item(Outer& f, Inner& g, std::optional<T> v, const std::string& prefix,
               std::vector<T>& out) {
  if (auto s = g.finish(); !s) {
    for (auto& e : s.error().fields)
      f.add(e.field.starts_with(prefix) ? e.field : prefix + "." + e.field, e.message);
    return;
  }
  if (v) out.push_back(std::move(*v));
}

// Reads an array of objects with `read_one`, prefixing nested field errors with "name[i].".
template <typename T, typename F>
std::optional<std::vector<T>> read_list(core::JsonFields& f, const std::string& name,
                                        size_t max_items, F read_one) {
  const Json* arr = f.array(name, false);
  if (!f.has(name)) return std::nullopt;
  std::vector<T> out;
  if (!arr) {
    if (f.ok()) return out;  // null clears the list
    return std::nullopt;
  }
  if (arr->size() > max_items) {
    f.add(name, "has more than " + std::to_string(max_items) + " entries");
    return std::nullopt;
  }
  for (size_t i = 0; i < arr->size(); ++i) {
    std::string prefix = name + "[" + std::to_string(i) + "]";
    const Json& item = (*arr)[i];
    if (!item.is_object()) {
      f.add(prefix, "must be an object");
      continue;
    }
    core::JsonFields g(item);
    take_item(f, g, read_one(g, prefix), prefix, out);
  }
  return out;
}

// An import row's fields (PersonRow), read as JsonFields reads a body's: the same rules and
// messages (core::check_text_field), without a JSON value for each field. Each text is read once
// and moved out.
class TextFields {
 public:
  using Texts = std::vector<std::pair<std::string_view, std::string>>;
  explicit TextFields(Texts& texts, std::optional<std::int64_t> region_id = std::nullopt)
      : texts_(texts), region_id_(region_id) {}

  bool has(std::string_view name) const {
    return name == "region_id" ? region_id_.has_value() : has_text(name);
  }
  std::optional<std::string> str(const std::string& name, bool required, size_t max_len) {
    std::string* v = find(name);
    if (!v) {
      if (required) add(name, "is required");
      return std::nullopt;
    }
    if (auto msg = core::check_text_field(*v, required, max_len); !msg.empty())
      return add(name, std::move(msg)), std::nullopt;
    return std::move(*v);
  }
  std::optional<std::string> choice(const std::string& name, bool required,
                                    const std::vector<std::string>& allowed) {
    auto s = str(name, required, 100);
    if (!s) return s;
    if (auto msg = core::check_choice(*s, allowed); !msg.empty())
      return add(name, std::move(msg)), std::nullopt;
    return s;
  }
  // Only region_id is a number in a row.
  std::optional<std::int64_t> i64(const std::string& name, bool required, std::int64_t min) {
    if (name != "region_id" || !region_id_) {
      if (required) add(name, "is required");
      return std::nullopt;
    }
    if (*region_id_ < min)
      return add(name,
                 "must be between " + std::to_string(min) + " and " + std::to_string(INT64_MAX)),
             std::nullopt;
    return region_id_;
  }
  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  core::Status finish(std::string_view what = "The request") {
    if (errors_.empty()) return {};
    return fail(Error::invalid(std::string(what) + " has invalid fields.", std::move(errors_)));
  }

 private:
  std::string* find(std::string_view name) {
    for (auto& [n, v] : texts_)
      if (n == name) return &v;
    return nullptr;
  }
  bool has_text(std::string_view name) const {
    for (const auto& [n, v] : texts_)
      if (n == name) return true;
    return false;
  }
  Texts& texts_;
  std::optional<std::int64_t> region_id_;
  std::vector<core::FieldError> errors_;
};

// read_list() for a row's skills.
template <typename T, typename F>
std::optional<std::vector<T>> read_row_list(
    TextFields& f, const std::string& name,
    const std::optional<std::vector<PersonRow::Skill>>& items, size_t max_items, F read_one) {
  if (!items) return std::nullopt;
  if (items->size() > max_items) {
    f.add(name, "has more than " + std::to_string(max_items) + " entries");
    return std::nullopt;
  }
  std::vector<T> out;
  TextFields::Texts texts;
  for (size_t i = 0; i < items->size(); ++i) {
    std::string prefix = name + "[" + std::to_string(i) + "]";
    const auto& item = (*items)[i];
    texts.clear();
    texts.emplace_back("skill", item.skill);
    if (item.qualified_on) texts.emplace_back("qualified_on", *item.qualified_on);
    if (item.expires_on) texts.emplace_back("expires_on", *item.expires_on);
    TextFields g(texts);
    take_item(f, g, read_one(g, prefix), prefix, out);
  }
  return out;
}

// A skill entry of a body or a row.
template <typename Fields>
std::optional<Skill> read_skill(Fields& g, const std::string& at) {
  Skill s;
  auto name = g.str("skill", true, 100);
  s.qualified_on = date_field(g, "qualified_on", false, at + ".qualified_on");
  s.expires_on = date_field(g, "expires_on", false, at + ".expires_on");
  if (s.qualified_on && s.expires_on && *s.expires_on < *s.qualified_on)
    g.add(at + ".expires_on", "must not be before qualified_on");
  if (!name) return std::optional<Skill>();
  s.skill = *name;
  return std::optional<Skill>(s);
}

// The person's own fields, read from a body (JsonFields) or a row (TextFields) by one set of
// rules; the lists are read by the caller.
template <typename Fields>
void read_person_fields(Fields& f, Input& in, bool creating) {
  in.family = f.str("family_name", creating, 100);
  in.given = f.str("given_name", creating, 100);
  in.patronymic_given = f.has("patronymic");
  in.patronymic = f.str("patronymic", false, 100);
  if (in.patronymic && in.patronymic->empty()) in.patronymic.reset();
  in.birth_date = date_field(f, "birth_date", creating, "birth_date");
  in.iin = f.str("iin", creating, 12);
  if (in.iin) {
    if (auto msg = core::check_iin(*in.iin); !msg.empty()) {
      f.add("iin", msg);
      in.iin.reset();
    }
  }
  in.phone_given = f.has("phone");
  in.phone = f.str("phone", false, 16);
  if (in.phone && in.phone->empty()) in.phone.reset();
  if (in.phone)
    if (auto msg = core::check_phone(*in.phone); !msg.empty()) f.add("phone", msg);
  in.email_given = f.has("email");
  in.email = f.str("email", false, 254);
  if (in.email && in.email->empty()) in.email.reset();
  if (in.email)
    if (auto msg = core::check_email(*in.email); !msg.empty()) f.add("email", msg);
  in.region_id = f.i64("region_id", creating, 1);
  in.status = f.choice("status", creating, People::statuses());
  // null clears it: notices then go in Kazakh.
  in.language_given = f.has("language");
  static const std::vector<std::string> kLanguages{"kk", "ru", "en"};  // not a vector a row
  in.language = f.choice("language", false, kLanguages);
}

core::Result<Input> read_input(const Json& body, bool creating) {
  core::JsonFields f(body);
  Input in;
  for (auto it = body.begin(); it != body.end(); ++it) in.given_fields.push_back(it.key());
  read_person_fields(f, in, creating);
  in.skills = read_list<Skill>(f, "skills", 100, [](core::JsonFields& g, const std::string& at) {
    return read_skill(g, at);
  });
  in.availability =
      read_list<Slot>(f, "availability", 100, [](core::JsonFields& g, const std::string& at) {
        auto wd = g.i64("weekday", true, 1, 7);
        auto start = g.str("start", true, 5);
        auto end = g.str("end", true, 5);
        std::optional<int> s, e;
        if (start && !(s = parse_hhmm(*start))) g.add(at + ".start", "must be a time HH:MM");
        if (end && !(e = parse_hhmm(*end))) g.add(at + ".end", "must be a time HH:MM");
        if (s && e && *e <= *s) g.add(at + ".end", "must be after start");
        if (!wd || !s || !e) return std::optional<Slot>();
        return std::optional<Slot>(Slot{int(*wd), *s, *e});
      });
  in.unavailable =
      read_list<Absence>(f, "unavailable", 100, [](core::JsonFields& g, const std::string& at) {
        auto from = date_field(g, "from", true, at + ".from");
        auto to = date_field(g, "to", true, at + ".to");
        auto reason = g.str("reason", false, 200);
        if (from && to && *to < *from) g.add(at + ".to", "must not be before from");
        if (!from || !to) return std::optional<Absence>();
        if (reason && reason->empty()) reason.reset();
        return std::optional<Absence>(Absence{*from, *to, reason});
      });
  if (auto s = f.finish("The person"); !s) return fail(s.error());
  return in;
}

// Which of the fields that check_person() joins the input gave.
struct Given {
  bool birth_date = false, iin = false;
  explicit Given(const Input& in)
      : birth_date(in.birth_date.has_value()), iin(in.iin.has_value()) {}
};

// Rules that join fields: age, and the IIN's encoded birth date (checked where either is given).
core::Status check_person(const Person& p, Given given, const std::string& today) {
  std::vector<core::FieldError> errors;
  if (given.birth_date) {
    if (p.birth_date > today)
      errors.push_back({"birth_date", "is in the future"});
    else if (int age = age_on(p.birth_date, today); age < 16 || age > 100)
      errors.push_back({"birth_date", "gives an age of " + std::to_string(age) +
                                          "; people in the registry are 16 to 100 years old"});
  }
  if ((given.iin || given.birth_date) && !p.iin.empty() && iin_birth_date(p.iin) != p.birth_date)
    errors.push_back({"iin", "encodes the birth date " + iin_birth_date(p.iin) +
                                 ", which differs from birth_date " + p.birth_date});
  if (!errors.empty()) return fail(Error::invalid("The person has invalid fields.", errors));
  return {};
}

// `in` by value: a new person's texts are moved in (new_person) rather than copied.
void apply(Person& p, Input in) {
  if (in.family) p.family_name = std::move(*in.family);
  if (in.given) p.given_name = std::move(*in.given);
  if (in.patronymic_given) p.patronymic = std::move(in.patronymic);
  if (in.birth_date) p.birth_date = std::move(*in.birth_date);
  if (in.iin) p.iin = std::move(*in.iin);
  if (in.phone_given) p.phone = std::move(in.phone);
  if (in.email_given) p.email = std::move(in.email);
  if (in.language_given) p.language = std::move(in.language);
  if (in.region_id) p.region_id = *in.region_id;
  if (in.status) p.status = std::move(*in.status);
  if (in.skills) p.skills = std::move(*in.skills);
  if (in.availability) p.availability = std::move(*in.availability);
  if (in.unavailable) p.unavailable = std::move(*in.unavailable);
  p.search_key = search_key_of(p);
}

// Names the field, so that a form marks the IIN input and not only its summary.
Error duplicate_iin() {
  auto e = Error::conflict("A person with this IIN is already registered.");
  e.fields.push_back({"iin", "is already registered"});
  return e;
}

Error not_found(std::int64_t id) {
  return Error::not_found("No person has id " + std::to_string(id) + ".");
}

bool writes_people(const auth::Principal& who) {
  return who.is(Role::admin) || who.is(Role::hq_staff);
}

// The whole record, as the audit log keeps it.
Json full_json(Person p, const std::string& today) {
  People::prepare_for_reader(p, {true, true}, today);
  return to_json(p);
}

Membership with_currency(Membership m, const std::string& today) {
  m.current = m.from <= today && (!m.to || *m.to >= today);
  return m;
}

const std::vector<Role> kReaders{Role::admin, Role::auditor, Role::hq_staff, Role::commander,
                                 Role::volunteer};

// People::prepare_for_reader() of a Person or a ListedPerson: marks expired skills (as of
// `today`) and clears what `view` hides.
template <typename P>
void show_to_reader(P& p, PersonView view, const std::string& today) {
  for (auto& s : p.skills) s.expired = s.expires_on && *s.expires_on < today;
  p.view = view;
  if (!view.iin) p.iin = {};
  if (!view.contacts) p.phone.reset(), p.email.reset();
}

}  // namespace

void People::prepare_for_reader(Person& p, PersonView view, const std::string& today) {
  show_to_reader(p, view, today);
}

PersonView People::visibility(const auth::Principal& who, std::int64_t person_id) {
  PersonView v;
  v.iin = who.is(Role::admin) || who.is(Role::hq_staff);
  v.contacts =
      v.iin || who.is(Role::commander) || (who.is(Role::volunteer) && who.person_id == person_id);
  return v;
}

std::string People::iin_index(const std::string& iin) const {
  return core::blind_index(key_, "people.iin", iin);
}

std::vector<DutyPerson> People::duty_pool(const std::string& from, const std::string& to) {
  std::vector<std::string> sealed;
  auto pool =
      db_.read([&](storage::Tx& tx) { return person_store::duty_pool(tx, from, to, sealed); });
  for (std::size_t i = 0; i < pool.size(); ++i) {
    // The IIN's seventh digit gives the century of birth and the sex: odd for men, even for
    // women (1…6).
    auto iin = open_iin(sealed[i]);
    if (iin && iin->size() == 12 && (*iin)[6] >= '1' && (*iin)[6] <= '6')
      pool[i].sex = ((*iin)[6] - '0') % 2 == 1 ? 'M' : 'F';
  }
  return pool;
}

std::optional<std::string> People::open_iin(const std::string& sealed) const {
  return core::open(key_, "people.iin", sealed);
}

core::Result<Person> People::load_visible(storage::Tx& tx, const auth::Principal& who,
                                          std::int64_t id, const std::string& today) {
  auto p = person_store::get(tx, id);
  if (!p || !who.in(kReaders)) return fail(not_found(id));
  auto scope = auth::scope_of(who);
  bool sees = false;
  switch (scope.kind) {
    case auth::Scope::Kind::everything:
      sees = true;
      break;
    case auth::Scope::Kind::region:
      sees = p->region_path.starts_with(scope.path);
      break;
    case auth::Scope::Kind::unit:
      sees = person_store::is_current_member(tx, id, scope.id, today);
      break;
    case auth::Scope::Kind::person:
      sees = scope.id == id;
      break;
    default:
      break;
  }
  if (!sees) return fail(not_found(id));
  if (auto iin = core::open(key_, "people.iin", p->iin_sealed)) p->iin = *iin;
  return *p;
}

core::Result<Person> People::get(const auth::Principal& who, std::int64_t id) {
  std::string today = core::today_utc();
  auto p = db_.read([&](storage::Tx& tx) { return load_visible(tx, who, id, today); });
  if (!p) return fail(p.error());
  prepare_for_reader(*p, visibility(who, p->id), today);
  return p;
}

namespace {

// The list's query for the caller: its scope, and the filters it may use.
core::Result<person_store::Query> list_query(const People& people, const auth::Principal& who,
                                             const PersonFilter& f, std::string today) {
  if (!who.in(kReaders)) return fail(Error::forbidden("Your role does not see people."));
  person_store::Query q;
  q.today = std::move(today);
  q.with_iin = who.is(Role::admin) || who.is(Role::hq_staff);  // as visibility().iin
  q.skill = f.skill;
  q.status = f.status;
  q.scope = auth::scope_of(who);
  q.unit_id = f.unit;  // an unknown unit has no subtree: no rows
  if (f.iin) {
    if (!(who.is(Role::admin) || who.is(Role::hq_staff)))
      return fail(Error::forbidden("Only admins and headquarters staff look people up by IIN."));
    if (auto msg = core::check_iin(*f.iin); !msg.empty())
      return fail(Error::invalid("The list query is not valid.", {{"iin", msg}}));
    q.iin_index = people.iin_index(*f.iin);
  }
  q.region_id = f.region;
  return q;
}

// The value of p's sort column that a cursor after `r` holds.
std::string sort_value(const core::ListParams& p, const ListedPerson& r) {
  return p.sort_column == "id"           ? std::to_string(r.id)
         : p.sort_column == "birth_date" ? std::string(r.birth_date)
         : p.sort_column == "created_at" ? std::to_string(r.created_at)
                                         : std::string(r.search_key);
}

// A listed person as a record (for the callers that want records).
Person record(const ListedPerson& l) {
  Person p;
  p.id = l.id;
  p.family_name = l.family_name;
  p.given_name = l.given_name;
  p.patronymic = l.patronymic;
  p.search_key = l.search_key;
  p.birth_date = l.birth_date;
  p.iin = l.iin;
  p.iin_sealed = l.iin_sealed;
  p.phone = l.phone;
  p.email = l.email;
  p.language = l.language;
  p.region_id = l.region_id;
  p.status = l.status;
  p.skills.assign(l.skills.begin(), l.skills.end());
  p.availability.assign(l.availability.begin(), l.availability.end());
  p.unavailable.assign(l.unavailable.begin(), l.unavailable.end());
  p.created_at = l.created_at;
  p.updated_at = l.updated_at;
  p.view = l.view;
  return p;
}

}  // namespace

core::Result<core::Page<Person>> People::list(const auth::Principal& who, const PersonFilter& f,
                                              const core::ListParams& p) {
  struct Records final : PersonListWriter {
    core::Page<Person> page;
    void person(const ListedPerson& l) override { page.items.push_back(record(l)); }
    void end(const std::optional<std::string>& next) override { page.next_cursor = next; }
  } records;
  if (auto s = list(who, f, p, records); !s) return fail(s.error());
  return std::move(records.page);
}

core::Status People::list(const auth::Principal& who, const PersonFilter& f,
                          const core::ListParams& p, PersonListWriter& out) {
  auto q = list_query(*this, who, f, core::today_utc());
  if (!q) return fail(q.error());
  // The store gives p.limit + 1 rows: the last only says that a next page follows, which starts
  // after the row before it.
  core::SealOpener* iins = nullptr;  // the thread's, asked for at the first IIN shown
  std::string iin;                   // the row's IIN, while the row is written
  int rows = 0;
  std::string last_value;
  std::int64_t last_id = 0;
  bool more = false;
  // What the caller sees of every row, unless it depends on whose row it is (a volunteer's own).
  const bool per_row_view = who.is(Role::volunteer) && who.person_id;
  const PersonView caller_view = visibility(who, 0);
  db_.read([&](storage::Tx& tx) {
    person_store::list(tx, *q, p, [&](ListedPerson& r) {
      if (rows == p.limit) {
        more = true;
        return;
      }
      if (++rows == p.limit) last_value = sort_value(p, r), last_id = r.id;
      const PersonView view = per_row_view ? visibility(who, r.id) : caller_view;
      if (view.iin) {
        if (!iins) iins = &core::SealOpener::of_thread(key_, "people.iin");
        if (iins->open_into(r.iin_sealed, iin)) r.iin = iin;
      }
      show_to_reader(r, view, q->today);
      out.person(r);
    });
  });
  out.end(more ? std::optional(core::make_cursor(last_value, last_id)) : std::nullopt);
  return {};
}

namespace {

// The new person of checked fields, with the IIN sealed and indexed.
core::Result<Person> new_person(const core::MasterKey& key, Input in, const std::string& today) {
  Person p;
  const Given given(in);
  apply(p, std::move(in));  // the texts moved, not copied: an import does this for every row
  if (auto s = check_person(p, given, today); !s) return fail(s.error());
  p.iin_sealed = core::seal(key, "people.iin", p.iin);
  p.iin_index = core::blind_index(key, "people.iin", p.iin);
  return p;
}

}  // namespace

core::Result<Person> People::prepare_new(const Json& body, const std::string& today) const {
  auto in = read_input(body, true);
  if (!in) return fail(in.error());
  return new_person(key_, std::move(*in), today);
}

core::Result<Person> prepare_new_person(const core::MasterKey& key, PersonRow row,
                                        const std::string& today) {
  TextFields f(row.texts, row.region_id);
  Input in;
  read_person_fields(f, in, true);
  in.skills =
      read_row_list<Skill>(f, "skills", row.skills, 100,
                           [](TextFields& g, const std::string& at) { return read_skill(g, at); });
  if (auto s = f.finish("The person"); !s) return fail(s.error());
  return new_person(key, std::move(in), today);
}

core::Result<Person> People::create(const auth::Principal& who, const auth::Actor& actor,
                                    const Json& body) {
  if (!writes_people(who))
    return fail(Error::forbidden("Only admins and headquarters staff add people."));
  std::string today = core::today_utc();
  auto p = prepare_new(body, today);
  if (!p) return fail(p.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<Person> {
    auto region = person_store::region_by_id(tx, p->region_id);
    if (!region)
      return fail(
          Error::invalid("The person has invalid fields.", {{"region_id", "does not exist"}}));
    if (!who.sees_region_path(region->path))
      return fail(Error::forbidden("The region is outside your scope."));
    if (person_store::id_by_iin_index(tx, p->iin_index)) return fail(duplicate_iin());
    auto now = core::now_us();
    p->id = person_store::insert(tx, *p, now);
    p->created_at = p->updated_at = now;
    p->region_path = region->path;
    auth::audit(tx, actor, "person.create", "person", std::to_string(p->id), nullptr,
                full_json(*p, today));
    generation_store::raise(tx);
    prepare_for_reader(*p, visibility(who, p->id), today);
    return *p;
  });
}

core::Result<Person> People::update(const auth::Principal& who, const auth::Actor& actor,
                                    std::int64_t id, const Json& body) {
  if (!writes_people(who) && !who.is(Role::volunteer))
    return fail(Error::forbidden("You may not change people."));
  auto in = read_input(body, false);
  if (!in) return fail(in.error());
  std::string today = core::today_utc();
  return db_.write([&](storage::Tx& tx) -> core::Result<Person> {
    auto old = load_visible(tx, who, id, today);
    if (!old) return fail(old.error());
    if (who.is(Role::volunteer)) {
      for (const auto& name : in->given_fields)
        if (name != "phone" && name != "email" && name != "availability" && name != "language")
          return fail(Error::forbidden(
              "Volunteers change only their phone, e-mail, language and availability."));
    } else if (!writes_people(who) || !who.sees_region_path(old->region_path)) {
      return fail(Error::forbidden("You may not change this person."));
    }
    Person p = *old;
    apply(p, *in);
    if (auto s = check_person(p, Given(*in), today); !s) return fail(s.error());
    if (p.region_id != old->region_id) {
      auto region = person_store::region_by_id(tx, p.region_id);
      if (!region)
        return fail(
            Error::invalid("The person has invalid fields.", {{"region_id", "does not exist"}}));
      if (!who.sees_region_path(region->path))
        return fail(Error::forbidden("The new region is outside your scope."));
      p.region_path = region->path;
    }
    if (p.iin != old->iin) {
      p.iin_sealed = core::seal(key_, "people.iin", p.iin);
      p.iin_index = iin_index(p.iin);
      if (person_store::id_by_iin_index(tx, p.iin_index)) return fail(duplicate_iin());
    }
    auto now = core::now_us();
    person_store::update(tx, p, now);
    p.updated_at = now;
    auth::audit(tx, actor, "person.update", "person", std::to_string(id), full_json(*old, today),
                full_json(p, today));
    generation_store::raise(tx);
    prepare_for_reader(p, visibility(who, p.id), today);
    return p;
  });
}

core::Status People::remove(const auth::Principal& who, const auth::Actor& actor, std::int64_t id) {
  if (!writes_people(who))
    return fail(Error::forbidden("Only admins and headquarters staff remove people."));
  std::string today = core::today_utc();
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = load_visible(tx, who, id, today);
    if (!old) return fail(old.error());
    person_store::remove(tx, id);
    auth::audit(tx, actor, "person.delete", "person", std::to_string(id), full_json(*old, today),
                nullptr);
    generation_store::raise(tx);
    return {};
  });
}

core::Result<std::vector<Membership>> People::memberships(const auth::Principal& who,
                                                          std::int64_t person_id) {
  std::string today = core::today_utc();
  return db_.read([&](storage::Tx& tx) -> core::Result<std::vector<Membership>> {
    auto p = load_visible(tx, who, person_id, today);
    if (!p) return fail(p.error());
    auto list = person_store::memberships(tx, person_id);
    for (auto& m : list) m = with_currency(std::move(m), today);
    return list;
  });
}

core::Result<Membership> People::add_membership(const auth::Principal& who,
                                                const auth::Actor& actor, std::int64_t person_id,
                                                const Json& body) {
  if (!writes_people(who))
    return fail(Error::forbidden("Only admins and headquarters staff change memberships."));
  core::JsonFields f(body);
  Membership m;
  m.person_id = person_id;
  auto unit_id = f.i64("unit_id", true, 1);
  auto position = f.str("position", true, 100);
  auto from = date_field(f, "from", true, "from");
  m.to = date_field(f, "to", false, "to");
  if (from && m.to && *m.to < *from) f.add("to", "must not be before from");
  if (auto s = f.finish("The membership"); !s) return fail(s.error());
  m.unit_id = *unit_id;
  m.position = *position;
  m.from = *from;
  std::string today = core::today_utc();
  return db_.write([&](storage::Tx& tx) -> core::Result<Membership> {
    auto p = load_visible(tx, who, person_id, today);
    if (!p) return fail(p.error());
    if (!who.sees_region_path(p->region_path))
      return fail(Error::forbidden("You may not change this person."));
    auto unit = person_store::unit(tx, m.unit_id);
    if (!unit || !who.sees_region_path(unit->region_path))
      return fail(
          Error::invalid("The membership has invalid fields.", {{"unit_id", "does not exist"}}));
    m = with_currency(person_store::insert_membership(tx, m), today);
    auth::audit(tx, actor, "membership.create", "person", std::to_string(person_id), nullptr,
                to_json(m));
    generation_store::raise(tx);
    return m;
  });
}

core::Result<Membership> People::writable_membership(storage::Tx& tx, const auth::Principal& who,
                                                     std::int64_t person_id,
                                                     std::int64_t membership_id,
                                                     const std::string& today) {
  auto p = load_visible(tx, who, person_id, today);
  if (!p) return fail(p.error());
  if (!who.sees_region_path(p->region_path))
    return fail(Error::forbidden("You may not change this person."));
  auto m = person_store::membership(tx, person_id, membership_id);
  if (!m)
    return fail(
        Error::not_found("The person has no membership " + std::to_string(membership_id) + "."));
  // As when adding one: the unit must be within the caller's scope too.
  auto unit = person_store::unit(tx, m->unit_id);
  if (!unit || !who.sees_region_path(unit->region_path))
    return fail(Error::forbidden("The membership's unit is outside your scope."));
  return with_currency(*m, today);
}

core::Status People::remove_membership(const auth::Principal& who, const auth::Actor& actor,
                                       std::int64_t person_id, std::int64_t membership_id) {
  if (!writes_people(who))
    return fail(Error::forbidden("Only admins and headquarters staff change memberships."));
  std::string today = core::today_utc();
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto m = writable_membership(tx, who, person_id, membership_id, today);
    if (!m) return fail(m.error());
    person_store::remove_membership(tx, membership_id);
    auth::audit(tx, actor, "membership.delete", "person", std::to_string(person_id), to_json(*m),
                nullptr);
    generation_store::raise(tx);
    return {};
  });
}

core::Result<Membership> People::update_membership(const auth::Principal& who,
                                                   const auth::Actor& actor, std::int64_t person_id,
                                                   std::int64_t membership_id, const Json& body) {
  if (!writes_people(who))
    return fail(Error::forbidden("Only admins and headquarters staff change memberships."));
  core::JsonFields f(body);
  bool to_given = f.has("to");
  auto to = date_field(f, "to", false, "to");
  auto position = f.has("position") ? f.str("position", true, 100) : std::nullopt;
  if (!to_given && !f.has("position"))
    f.add("to", "is required (the last day of the membership, YYYY-MM-DD)");
  if (auto s = f.finish("The membership"); !s) return fail(s.error());
  std::string today = core::today_utc();
  return db_.write([&](storage::Tx& tx) -> core::Result<Membership> {
    auto old = writable_membership(tx, who, person_id, membership_id, today);
    if (!old) return fail(old.error());
    Membership m = *old;
    if (to_given) m.to = to;
    if (position) m.position = *position;
    if (m.to && *m.to < m.from)
      return fail(Error::invalid("The membership has invalid fields.",
                                 {{"to", "must not be before from (" + m.from + ")"}}));
    person_store::update_membership(tx, m);
    m = with_currency(std::move(m), today);
    // The audit keeps only the fields that changed; nesting the record keeps it whole, so the
    // entry says which membership of the person changed.
    auth::audit(tx, actor, "membership.update", "person", std::to_string(person_id),
                Json{{"membership", to_json(*old)}}, Json{{"membership", to_json(m)}});
    generation_store::raise(tx);
    return m;
  });
}

}  // namespace qorgan::registry
