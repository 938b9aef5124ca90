#include "registry/people_import.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/generation_store.hpp"
#include "registry/person_store.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::registry {

using core::Json;

const std::vector<std::string>& people_csv_columns() {
  static const std::vector<std::string> c{"family_name", "given_name", "patronymic", "birth_date",
                                          "iin",         "phone",      "email",      "region",
                                          "status",      "skills",     "language"};
  return c;
}

const std::vector<std::string>& people_import_columns() {
  static const std::vector<std::string> c = [] {
    auto all = people_csv_columns();
    all.insert(all.end(), {"unit_id", "position", "member_from"});
    return all;
  }();
  return c;
}

namespace {

const std::vector<std::string> kKnown{"family_name", "given_name", "patronymic", "birth_date",
                                      "iin",         "phone",      "email",      "region",
                                      "region_id",   "status",     "skills",     "language",
                                      "unit_id",     "position",   "member_from"};
const std::vector<std::string> kRequired{"family_name", "given_name", "birth_date", "iin",
                                         "status"};

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    auto at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

// Turns one CSV row into the JSON body POST /api/v1/people takes, resolving region codes, and
// the membership its unit_id/position/member_from columns ask for (checked as POST
// …/memberships checks one: the unit exists within the caller's scope, a position is named).
// Problems that need no JSON rules (unknown region, bad UTF-8) are added directly.
class RowReader {
 public:
  // `tx_mu` guards the connection when another thread shares it.
  RowReader(storage::Tx& tx, const auth::Principal& who, const csv::Columns& cols,
            std::mutex* tx_mu = nullptr)
      : tx_(tx), who_(who), cols_(cols), tx_mu_(tx_mu) {}

  std::optional<Json> body(const csv::Record& rec, std::optional<Membership>& membership,
                           std::vector<csv::Problem>& problems) {
    size_t before = problems.size();
    membership.reset();
    std::optional<std::int64_t> unit;
    bool unit_given = false;  // also when it names no unit (one problem per row, not two)
    std::optional<std::string> position, from;
    if (rec.fields.size() != cols_.names.size()) {
      problems.push_back({rec.row, "",
                          "has " + std::to_string(rec.fields.size()) + " fields; the header has " +
                              std::to_string(cols_.names.size())});
      return std::nullopt;
    }
    Json j = Json::object();
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string& name = cols_.names[i];
      const std::string& v = rec.fields[i];
      if (!core::valid_utf8(v)) {
        problems.push_back({rec.row, name, "is not valid UTF-8"});
        continue;
      }
      bool required = std::find(kRequired.begin(), kRequired.end(), name) != kRequired.end();
      std::string t = core::trim(v);
      if (t.empty() && !required) continue;
      if (name == "region") {
        region(rec.row, t, j, problems);
      } else if (name == "region_id") {
        std::int64_t id = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
        if (ec != std::errc() || p != t.data() + t.size() || id < 1)
          problems.push_back({rec.row, name, "must be a positive integer id"});
        else
          region_id(rec.row, name, id, j, problems);
      } else if (name == "unit_id") {
        unit_given = true;
        std::int64_t id = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), id);
        if (ec != std::errc() || p != t.data() + t.size() || id < 1)
          problems.push_back({rec.row, name, "must be a positive integer id"});
        else if (unit_visible(id))
          unit = id;
        else
          problems.push_back({rec.row, name, "no unit has id " + std::to_string(id)});
      } else if (name == "position") {
        if (t.size() > 100)
          problems.push_back({rec.row, name, "must be at most 100 bytes"});
        else
          position = t;
      } else if (name == "member_from") {
        if (!core::parse_date(t))
          problems.push_back({rec.row, name, "must be a date YYYY-MM-DD"});
        else
          from = t;
      } else if (name == "skills") {
        Json skills = Json::array();
        for (const auto& entry : split(t, ';')) {
          auto parts = split(entry, '|');
          if (core::trim(entry).empty()) continue;
          if (parts.size() > 3) {
            problems.push_back(
                {rec.row, name,
                 "entry '" + entry + "' has more than skill|qualified_on|expires_on"});
            continue;
          }
          Json s{{"skill", parts[0]}};
          if (parts.size() > 1 && !core::trim(parts[1]).empty())
            s["qualified_on"] = core::trim(parts[1]);
          if (parts.size() > 2 && !core::trim(parts[2]).empty())
            s["expires_on"] = core::trim(parts[2]);
          skills.push_back(std::move(s));
        }
        j["skills"] = std::move(skills);
      } else {
        j[name] = t;
      }
    }
    if (unit && !position) problems.push_back({rec.row, "position", "is required with unit_id"});
    if (!unit_given && (position || from))
      problems.push_back({rec.row, "unit_id", "is required with position and member_from"});
    if (problems.size() != before) return std::nullopt;
    if (unit) {
      membership.emplace();
      membership->unit_id = *unit;
      membership->position = *position;
      membership->from = from.value_or(today_);
    }
    return j;
  }

 private:
  void region(std::int64_t row, const std::string& code, Json& j,
              std::vector<csv::Problem>& problems) {
    auto it = by_code_.find(code);
    if (it == by_code_.end())
      it = by_code_.emplace(code, locked([&] { return person_store::region_by_code(tx_, code); }))
               .first;
    if (!it->second)
      return problems.push_back({row, "region", "no region has code '" + code + "'"});
    if (!who_.sees_region_path(it->second->path))
      return problems.push_back({row, "region", "region " + code + " is outside your scope"});
    j["region_id"] = it->second->id;
  }
  void region_id(std::int64_t row, const std::string& col, std::int64_t id, Json& j,
                 std::vector<csv::Problem>& problems) {
    auto it = by_id_.find(id);
    if (it == by_id_.end())
      it = by_id_.emplace(id, locked([&] { return person_store::region_by_id(tx_, id); })).first;
    if (!it->second || !who_.sees_region_path(it->second->path))
      return problems.push_back({row, col, "no region has id " + std::to_string(id)});
    j["region_id"] = id;
  }

  bool unit_visible(std::int64_t id) {
    auto it = units_.find(id);
    if (it == units_.end())
      it = units_.emplace(id, locked([&] { return person_store::unit(tx_, id); })).first;
    return it->second && who_.sees_region_path(it->second->region_path);
  }

  template <typename F>
  std::invoke_result_t<F> locked(F f) {
    if (!tx_mu_) return f();
    std::lock_guard lock(*tx_mu_);
    return f();
  }

  storage::Tx& tx_;
  const auth::Principal& who_;
  const csv::Columns& cols_;
  std::mutex* tx_mu_;
  std::map<std::string, std::optional<person_store::RegionRef>> by_code_;
  std::map<std::int64_t, std::optional<person_store::RegionRef>> by_id_;
  std::map<std::int64_t, std::optional<person_store::UnitRef>> units_;
  std::string today_ = core::today_utc();
};

std::int64_t iin_number(const std::string& iin) {
  std::int64_t n = 0;
  std::from_chars(iin.data(), iin.data() + iin.size(), n);
  return n;
}

// "skills[2].expires_on" → column "skills", message "skills[2].expires_on must …".
csv::Problem field_problem(std::int64_t row, const core::FieldError& e, bool region_by_code) {
  std::string column = e.field.substr(0, e.field.find_first_of("[."));
  if (column == "region_id" && region_by_code) column = "region";
  std::string message = e.field == column ? e.message : e.field + " " + e.message;
  return {row, column, message};
}

}  // namespace

core::Result<csv::ImportReport> import_people(Registry& reg, const auth::Principal& who,
                                              const auth::Actor& actor, std::string_view text,
                                              const csv::ImportOptions& options) {
  if (!who.is(auth::Role::admin) && !who.is(auth::Role::hq_staff))
    return core::fail(core::Error::forbidden("Only admins and headquarters staff import people."));
  csv::ImportReport report;
  report.dry_run = options.dry_run;
  report.sha256 = core::sha256_hex(text);
  std::string today = core::today_utc();
  People& people = reg.people;

  // One pass inside one write transaction: every row is checked and, while the file is still
  // good, stored. Any problem (or a dry run) rolls the transaction back, so a bad file stores
  // nothing; checking the rest goes on so that the report lists every bad row.
  auto now = core::now_us();
  auto outcome = reg.db.write([&](storage::Tx& tx) -> core::Status {
    csv::Reader reader(text);
    auto head = reader.next();
    if (!head || !*head) {
      if (!head)
        report.problems.push_back({head.error().row, "", csv::describe(head.error())});
      else
        report.problems.push_back({1, "", "the file is empty: a header row is needed"});
      return core::fail(core::Error::invalid("rejected"));
    }
    auto cols = csv::check_header(csv::normalise_header((*head)->fields), kKnown, kRequired,
                                  {{"region", "region_id"}}, report.problems);
    if (!report.problems.empty()) return core::fail(core::Error::invalid("rejected"));
    bool by_code = cols.index("region") >= 0;
    // A load that is large relative to the table goes in with the people indexes set aside and
    // rebuilt after the rows (one sort each rather than a random B-tree insert per row).
    std::int64_t existing = person_store::count(tx);
    std::int64_t lines = std::count(text.begin(), text.end(), '\n');  // about the rows
    bool bulk = !options.dry_run && lines >= 10000 && lines * 4 >= existing;
    if (bulk) person_store::begin_bulk_insert(tx);
    // With nobody registered before this transaction a duplicate IIN can only be within the
    // file, which `seen` finds, so the database is not asked. (The UNIQUE index still guards
    // against a concurrent writer, which PostgreSQL allows: the load then fails as a conflict.)
    bool check_db = existing > 0;
    // Two cores: a reader thread parses, validates and seals rows while this thread checks
    // batches against the database and stores them. The transaction's connection is used by one
    // thread at a time (tx_mu); the reader needs it only to look up a region code once.
    std::mutex tx_mu;
    RowReader rows(tx, who, cols, &tx_mu);
    constexpr size_t kBatch = 400, kQueued = 8;
    struct Entry {
      std::int64_t row;  // in the file
      Person person;
      std::optional<Membership> membership;
    };
    using Batch = std::vector<Entry>;
    std::mutex q_mu;
    std::condition_variable q_cv;
    std::deque<Batch> queue;
    bool reading_done = false;
    std::atomic<bool> file_bad = false;
    std::exception_ptr reader_error;
    std::thread reading([&] {
      try {
        // IIN (12 checked digits, as a number) → first row; a duplicate IIN is a duplicate index.
        std::unordered_map<std::int64_t, std::int64_t> seen;
        seen.reserve(size_t(lines));
        Batch batch;
        auto push = [&] {
          std::unique_lock lock(q_mu);
          q_cv.wait(lock, [&] { return queue.size() < kQueued; });
          queue.push_back(std::move(batch));
          batch.clear();
          q_cv.notify_all();
        };
        while (true) {
          auto rec = reader.next();
          if (!rec) {
            report.problems.push_back(csv::syntax_problem(rec.error(), cols));
            file_bad = true;
            break;
          }
          if (!*rec) break;
          ++report.rows;
          csv::report_progress(options, "checking", reader, text.size(), report.rows);
          size_t before = report.problems.size();
          std::optional<Membership> membership;
          auto body = rows.body(**rec, membership, report.problems);
          std::optional<Person> p;
          if (body) {
            auto prepared = people.prepare_new(*body, today);
            if (!prepared) {
              for (const auto& e : prepared.error().fields)
                report.problems.push_back(field_problem((*rec)->row, e, by_code));
            } else if (auto [it, fresh] = seen.emplace(iin_number(prepared->iin), (*rec)->row);
                       !fresh) {
              report.problems.push_back(
                  {(*rec)->row, "iin", "duplicates the IIN in row " + std::to_string(it->second)});
            } else {
              p = std::move(*prepared);
            }
          }
          if (report.problems.size() != before) file_bad = true;
          if (!p) continue;
          if (report.preview.size() < options.preview_rows && !file_bad) {
            Person shown = *p;
            People::prepare_for_reader(shown, People::visibility(who, shown), today);
            report.preview.push_back(to_json(shown));
          }
          batch.push_back({(*rec)->row, std::move(*p), std::move(membership)});
          if (batch.size() >= kBatch) push();
        }
        if (!batch.empty()) push();
      } catch (...) {
        reader_error = std::current_exception();
      }
      std::lock_guard lock(q_mu);
      reading_done = true;
      q_cv.notify_all();
    });

    std::vector<csv::Problem> db_problems;  // this thread's; merged after the reader ends
    std::int64_t first_id = 0, last_id = 0;
    std::exception_ptr writer_error;
    while (true) {
      Batch batch;
      {
        std::unique_lock lock(q_mu);
        q_cv.wait(lock, [&] { return !queue.empty() || reading_done; });
        if (queue.empty()) break;
        batch = std::move(queue.front());
        queue.pop_front();
        q_cv.notify_all();
      }
      if (writer_error) continue;  // drain so the reader can finish
      try {
        std::lock_guard lock(tx_mu);
        if (check_db) {
          std::vector<std::string> indexes;
          for (const auto& e : batch) indexes.push_back(e.person.iin_index);
          auto known = person_store::registered_by_iin_indexes(tx, indexes);
          // The IIN is unique, so the row must fail; which person holds it is named only to a
          // caller who may see that person.
          for (const auto& e : batch)
            if (auto it = known.find(e.person.iin_index); it != known.end())
              db_problems.push_back(
                  {e.row, "iin",
                   who.sees_region_path(it->second.region_path)
                       ? "is already registered (person " + std::to_string(it->second.id) + ")"
                       : "is already registered outside your region"});
        }
        if (!file_bad && db_problems.empty() && !options.dry_run) {
          std::vector<Person> people_batch;
          for (auto& e : batch) people_batch.push_back(std::move(e.person));
          auto ids = person_store::insert_many(tx, std::move(people_batch), now);
          std::vector<Membership> memberships;
          for (size_t i = 0; i < batch.size(); ++i)
            if (batch[i].membership) {
              batch[i].membership->person_id = ids.at(i);
              memberships.push_back(std::move(*batch[i].membership));
            }
          person_store::insert_memberships(tx, memberships);
          if (!first_id) first_id = ids.front();
          last_id = ids.back();
          report.stored += std::int64_t(ids.size());
        }
      } catch (...) {
        writer_error = std::current_exception();
      }
    }
    reading.join();
    if (reader_error) std::rethrow_exception(reader_error);
    if (writer_error) std::rethrow_exception(writer_error);
    report.problems.insert(report.problems.end(), db_problems.begin(), db_problems.end());
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const auto& a, const auto& b) { return a.row < b.row; });
    csv::report_progress(options, "checking", reader, text.size(), report.rows, true);
    if (!report.problems.empty() || options.dry_run)
      return core::fail(core::Error::invalid("rejected"));
    if (bulk) person_store::finish_bulk_insert(tx);
    auth::audit(tx, actor, "people.import", "person", "import", nullptr,
                {{"rows", report.stored},
                 {"sha256", report.sha256},
                 {"first_id", first_id ? Json(first_id) : Json(nullptr)},
                 {"last_id", last_id ? Json(last_id) : Json(nullptr)}});
    generation_store::raise(tx);
    return {};
  });
  report.valid = report.problems.empty();
  if (!report.valid) report.preview = Json::array();
  if (!outcome && report.valid && !options.dry_run) return core::fail(outcome.error());
  if (!outcome) report.stored = 0;  // rolled back: nothing was stored
  if (outcome && options.progress)
    options.progress("stored", text.size(), text.size(), report.stored);
  // Fresh statistics after a large load, so the planner picks the filter indexes over a scan.
  if (report.stored >= 10000)
    reg.db.write([](storage::Tx& tx) -> core::Status {
      tx.exec("ANALYZE people");
      return {};
    });
  return report;
}

std::int64_t export_people(Registry& reg, const std::function<void(std::string_view)>& sink) {
  sink(csv::write_row(people_csv_columns()));
  std::int64_t count = 0, after = 0;
  std::map<std::int64_t, std::string> codes;
  while (true) {
    auto page = reg.db.read([&](storage::Tx& tx) {
      auto rows = person_store::page_by_id(tx, after, 1000);
      for (const auto& p : rows)
        if (!codes.contains(p.region_id))
          codes[p.region_id] =
              person_store::region_by_id(tx, p.region_id).value_or(person_store::RegionRef{}).code;
      return rows;
    });
    if (page.empty()) break;
    std::string chunk;
    for (const auto& p : page) {
      std::string skills;
      for (const auto& s : p.skills)
        skills += (skills.empty() ? "" : ";") + s.skill + "|" + s.qualified_on.value_or("") + "|" +
                  s.expires_on.value_or("");
      chunk += csv::write_row({p.family_name, p.given_name, p.patronymic.value_or(""), p.birth_date,
                               reg.people.open_iin(p.iin_sealed).value_or(""), p.phone.value_or(""),
                               p.email.value_or(""), codes[p.region_id], p.status, skills,
                               p.language.value_or("")});
      ++count;
      after = p.id;
    }
    sink(chunk);
  }
  return count;
}

}  // namespace qorgan::registry
