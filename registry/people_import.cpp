#include "registry/people_import.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "registry/generation_store.hpp"
#include "registry/new_person.hpp"
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

// core::trim(s) without a copy when there is nothing to trim, as for nearly every field of a
// file: a first or last character that is not a space is told by its first byte, since every
// Unicode space starts with 0x09-0x0D, 0x20, 0xC2, 0xE1, 0xE2 or 0xE3. `s` is valid UTF-8.
std::string trimmed(std::string s) {
  auto may_be_space = [](unsigned char c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xC2 || (c >= 0xE1 && c <= 0xE3);
  };
  if (s.empty()) return s;
  size_t last = s.size() - 1;
  while (last > 0 && (static_cast<unsigned char>(s[last]) & 0xC0) == 0x80) --last;
  if (!may_be_space(s.front()) && !may_be_space(s[last])) return s;
  return core::trim(s);
}

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

// Turns one CSV row into the fields POST /api/v1/people takes (PersonRow), resolving region
// codes, and the membership its unit_id/position/member_from columns ask for (checked as POST
// …/memberships checks one: the unit exists within the caller's scope, a position is named).
// Problems that need no person rules (unknown region, bad UTF-8) are added directly.
class RowReader {
 public:
  // `tx_mu` guards the connection when another thread shares it.
  RowReader(storage::Tx& tx, const auth::Principal& who, const csv::Columns& cols,
            std::mutex* tx_mu = nullptr)
      : tx_(tx), who_(who), cols_(cols), tx_mu_(tx_mu) {}

  std::optional<PersonRow> fields(csv::Record& rec, std::optional<Membership>& membership,
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
    PersonRow j;
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string& name = cols_.names[i];
      std::string& v = rec.fields[i];
      if (!core::valid_utf8(v)) {
        problems.push_back({rec.row, name, "is not valid UTF-8"});
        continue;
      }
      bool required = std::find(kRequired.begin(), kRequired.end(), name) != kRequired.end();
      std::string t = trimmed(std::move(v));
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
        auto& skills = j.skills.emplace();
        for (const auto& entry : split(t, ';')) {
          auto parts = split(entry, '|');
          if (core::trim(entry).empty()) continue;
          if (parts.size() > 3) {
            problems.push_back(
                {rec.row, name,
                 "entry '" + entry + "' has more than skill|qualified_on|expires_on"});
            continue;
          }
          auto& s = skills.emplace_back();
          s.skill = core::trim(parts[0]);
          if (parts.size() > 1 && !core::trim(parts[1]).empty())
            s.qualified_on = core::trim(parts[1]);
          if (parts.size() > 2 && !core::trim(parts[2]).empty())
            s.expires_on = core::trim(parts[2]);
        }
      } else {
        j.texts.emplace_back(name, std::move(t));
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
  void region(std::int64_t row, const std::string& code, PersonRow& j,
              std::vector<csv::Problem>& problems) {
    auto it = by_code_.find(code);
    if (it == by_code_.end())
      it = by_code_.emplace(code, locked([&] { return person_store::region_by_code(tx_, code); }))
               .first;
    if (!it->second)
      return problems.push_back({row, "region", "no region has code '" + code + "'"});
    if (!who_.sees_region_path(it->second->path))
      return problems.push_back({row, "region", "region " + code + " is outside your scope"});
    j.region_id = it->second->id;
  }
  void region_id(std::int64_t row, const std::string& col, std::int64_t id, PersonRow& j,
                 std::vector<csv::Problem>& problems) {
    auto it = by_id_.find(id);
    if (it == by_id_.end())
      it = by_id_.emplace(id, locked([&] { return person_store::region_by_id(tx_, id); })).first;
    if (!it->second || !who_.sees_region_path(it->second->path))
      return problems.push_back({row, col, "no region has id " + std::to_string(id)});
    j.region_id = id;
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
  auto input = csv::text_input(text);
  return import_people_from(reg, who, actor, input, options);
}

namespace {

// Which row of the file each person stored by this import came from, as runs of consecutive ids
// and rows: one run for a good file (the ids of one load follow each other), one more after each
// bad row. It names the earlier row of a duplicate IIN; runs stop being recorded once the report
// lists no more problems, so a file of many bad rows does not grow it without bound.
class RowsOfIds {
 public:
  void add(std::int64_t id, std::int64_t row) {
    if (!runs_.empty()) {
      auto& last = runs_.back();
      if (last.first_id + last.count == id && last.first_row + last.count == row) {
        ++last.count;
        return;
      }
    }
    runs_.push_back({id, row, 1});
  }
  // The row of a person this import stored; nullopt for anyone else.
  std::optional<std::int64_t> row(std::int64_t id) const {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), id,
                               [](std::int64_t v, const Run& r) { return v < r.first_id; });
    if (it == runs_.begin()) return std::nullopt;
    --it;
    if (id >= it->first_id + it->count) return std::nullopt;
    return it->first_row + (id - it->first_id);
  }
  bool knows(std::int64_t id) const { return row(id).has_value(); }

 private:
  struct Run {
    std::int64_t first_id, first_row, count;
  };
  std::vector<Run> runs_;  // ascending ids
};

// Keeps the first kMaxListedProblems of `list` (in row order) and counts the rest.
void cap_problems(std::vector<csv::Problem>& list, std::int64_t& unlisted) {
  if (list.size() <= csv::kMaxListedProblems) return;
  unlisted += std::int64_t(list.size() - csv::kMaxListedProblems);
  list.resize(csv::kMaxListedProblems);
}

}  // namespace

core::Result<csv::ImportReport> import_people_from(Registry& reg, const auth::Principal& who,
                                                   const auth::Actor& actor, csv::Input& input,
                                                   const csv::ImportOptions& options) {
  if (!who.is(auth::Role::admin) && !who.is(auth::Role::hq_staff))
    return core::fail(core::Error::forbidden("Only admins and headquarters staff import people."));
  csv::ImportReport report;
  report.dry_run = options.dry_run;
  std::string today = core::today_utc();
  core::Sha256 sha;
  auto pull = [&](char* out, std::size_t max) {
    std::size_t n = input.pull(out, max);
    sha.update({out, n});
    return n;
  };
  csv::Reader reader(pull);
  // The file is hashed whole even when reading stops at broken quoting.
  auto finish_hash = [&] {
    std::string rest(std::size_t(1) << 16, '\0');
    while (pull(rest.data(), rest.size()) > 0) {
    }
    report.sha256 = sha.hex();
  };

  // One pass inside one write transaction, reading the file once, a chunk at a time: every row
  // is checked and stored, also after a bad row and in a dry run, because the stored rows are
  // what finds a later duplicate of their IIN (the UNIQUE index, not a set in memory that would
  // grow with the file). Any problem, or a dry run, rolls the transaction back, so nothing is
  // kept; the report lists the first kMaxListedProblems bad rows and counts the others.
  auto now = core::now_us();
  std::int64_t stored = 0;  // rows written in the transaction, kept or not
  // Whatever ends the transaction without a commit (a problem, a dry run, a failure), the rows
  // it wrote are reclaimed before the report, so that they do not slow the lists.
  struct ReclaimUnlessKept {
    storage::Database& db;
    const std::int64_t& stored;
    bool kept = false;
    ~ReclaimUnlessKept() {
      if (!kept && stored >= person_store::kReclaimAfter) person_store::reclaim_import(db);
    }
  } reclaim{reg.db, stored};
  auto outcome = reg.db.write([&](storage::Tx& tx) -> core::Status {
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
    std::int64_t existing = person_store::count(tx);
    // Two cores: a reader thread parses, validates, seals and keys rows while this thread checks
    // batches against the database and stores them. The transaction's connection is used by one
    // thread at a time (tx_mu); the reader needs it only to look up a region or unit once.
    std::mutex tx_mu;
    RowReader rows(tx, who, cols, &tx_mu);
    // The same rows in flight either way (3,200). PostgreSQL's batch pays up to seven round trips
    // (the IIN check, then the ids and a COPY for the people and for their skills), each a wait
    // for the other process to be scheduled on a busy machine: fewer, larger batches.
    const bool pg = tx.engine() == storage::Engine::postgres;
    const size_t kBatch = pg ? 1600 : 400, kQueued = pg ? 2 : 8;
    // A load that is large relative to the table (person_store::bulk_insert_pays) goes in with
    // the people indexes set aside and rebuilt after the rows (one sort each rather than a random
    // B-tree insert per row). The reader holds back the first kBulkRows rows (or the whole of a
    // smaller file) to judge.
    constexpr std::int64_t kBulkRows = 10000;
    struct Entry {
      std::int64_t row;              // in the file
      std::int64_t problems_before;  // the reader's problems in the rows before it
      Person person;
      std::string name_key;
      std::optional<Membership> membership;
    };
    using Batch = std::vector<Entry>;
    std::mutex q_mu;
    std::condition_variable q_cv;
    std::deque<Batch> queue;
    bool reading_done = false;
    std::int64_t expected_rows = -1;  // set before the first batch is queued
    std::atomic<bool> file_bad = false;
    std::exception_ptr reader_error;
    std::thread reading([&] {
      try {
        Batch batch;
        person_store::NameKeys name_keys;
        std::vector<Batch> held;  // until the load can be judged
        bool judged = false;
        auto judge = [&](bool at_end) {
          std::int64_t rows_read = report.rows;
          if (!at_end && input.size && reader.offset())
            rows_read =
                std::int64_t(double(rows_read) * double(input.size) / double(reader.offset()));
          std::lock_guard lock(q_mu);
          expected_rows = rows_read;
          judged = true;
        };
        auto push = [&](Batch b) {
          std::unique_lock lock(q_mu);
          q_cv.wait(lock, [&] { return queue.size() < kQueued; });
          queue.push_back(std::move(b));
          q_cv.notify_all();
        };
        auto batch_full = [&] {
          if (judged) {
            push(std::move(batch));
          } else {
            held.push_back(std::move(batch));
            if (report.rows >= kBulkRows) {
              judge(false);
              for (auto& b : held) push(std::move(b));
              held.clear();
            }
          }
          batch = Batch();
          batch.reserve(kBatch);
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
          csv::report_progress(options, "checking", reader, input.size, report.rows);
          size_t before = report.problems.size();
          std::optional<Membership> membership;
          auto fields = rows.fields(**rec, membership, report.problems);
          if (fields) {
            auto prepared = prepare_new_person(reg.key, std::move(*fields), today);
            if (!prepared) {
              for (const auto& e : prepared.error().fields)
                report.problems.push_back(field_problem((*rec)->row, e, by_code));
            } else {
              if (report.preview.size() < options.preview_rows && !file_bad) {
                Person shown = *prepared;
                People::prepare_for_reader(shown, People::visibility(who, shown.id), today);
                report.preview.push_back(to_json(shown));
              }
              auto key = name_keys.of(*prepared);
              batch.push_back({(*rec)->row, report.problem_count(), std::move(*prepared),
                               std::move(key), std::move(membership)});
            }
          }
          if (report.problems.size() != before) {
            file_bad = true;
            cap_problems(report.problems, report.unlisted);
          }
          if (batch.size() >= kBatch) batch_full();
        }
        if (!batch.empty()) held.push_back(std::move(batch));
        if (!judged) judge(true);
        for (auto& b : held) push(std::move(b));
        finish_hash();
      } catch (...) {
        reader_error = std::current_exception();
      }
      std::lock_guard lock(q_mu);
      reading_done = true;
      if (expected_rows < 0) expected_rows = 0;
      q_cv.notify_all();
    });

    std::vector<csv::Problem> db_problems;  // this thread's; merged after the reader ends
    std::int64_t db_unlisted = 0;
    RowsOfIds stored_rows;
    std::int64_t first_id = 0, last_id = 0;
    bool bulk = false, planned = false, naming_rows = true;
    std::optional<person_store::BulkInsert> bulk_insert;  // once the bulk load has begun
    // Whether this import counts the people it stores per home region (person_store::add_counted)
    // instead of the engine's trigger: asked at the first batch.
    std::optional<bool> counting_here;
    std::map<std::int64_t, std::int64_t> counted;  // people stored per home region, if so
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
        if (!planned) {
          planned = true;
          bulk = expected_rows >= kBulkRows &&
                 person_store::bulk_insert_pays(tx, expected_rows, existing);
        }
      }
      if (writer_error) continue;  // drain so the reader can finish
      try {
        std::lock_guard lock(tx_mu);
        if (bulk && !bulk_insert) bulk_insert = person_store::begin_bulk_insert(tx);
        if (!counting_here)
          counting_here =
              person_store::count_at_end(tx) || (bulk_insert && bulk_insert->counted_by_caller());
        // An IIN earlier in this batch fails the row here; one already stored (by someone else,
        // or by an earlier row of this file) is found by the insert, which skips that row.
        std::unordered_map<std::string_view, std::int64_t> in_batch;
        std::vector<std::optional<std::string>> messages(batch.size());
        std::vector<Person> people_batch;
        std::vector<std::string> keys;
        std::vector<size_t> at;  // the batch entry of each of people_batch
        people_batch.reserve(batch.size());
        keys.reserve(batch.size());
        at.reserve(batch.size());
        for (size_t i = 0; i < batch.size(); ++i)
          if (auto [it, fresh] = in_batch.emplace(batch[i].person.iin_index, batch[i].row); !fresh)
            messages[i] = "duplicates the IIN in row " + std::to_string(it->second);
        for (size_t i = 0; i < batch.size(); ++i) {
          if (messages[i]) continue;
          people_batch.push_back(std::move(batch[i].person));
          keys.push_back(std::move(batch[i].name_key));
          at.push_back(i);
        }
        auto ids = person_store::insert_unregistered(tx, people_batch, now, std::move(keys));
        std::vector<std::string> taken;  // the IIN indexes of the rows skipped as registered
        for (size_t k = 0; k < ids.size(); ++k)
          if (!ids[k]) taken.push_back(people_batch[k].iin_index);
        auto known = taken.empty() ? std::map<std::string, person_store::Registered>()
                                   : person_store::registered_by_iin_indexes(tx, taken);
        for (size_t k = 0; k < ids.size(); ++k) {
          if (ids[k]) continue;
          auto holder = known.find(people_batch[k].iin_index);
          if (holder == known.end())
            throw storage::DbError("an imported row was neither stored nor found registered");
          // Which person holds it is named only to a caller who may see that person.
          if (auto row = stored_rows.row(holder->second.id))
            messages[at[k]] = "duplicates the IIN in row " + std::to_string(*row);
          else if (who.sees_region_path(holder->second.region_path))
            messages[at[k]] =
                "is already registered (person " + std::to_string(holder->second.id) + ")";
          else
            messages[at[k]] = "is already registered outside your region";
        }
        for (size_t i = 0; i < batch.size(); ++i) {
          // Past the listed problems, an earlier row's number would not be shown.
          if (batch[i].problems_before + std::int64_t(db_problems.size()) + db_unlisted >=
              std::int64_t(csv::kMaxListedProblems))
            naming_rows = false;
          if (messages[i]) db_problems.push_back({batch[i].row, "iin", std::move(*messages[i])});
        }
        cap_problems(db_problems, db_unlisted);
        std::vector<Membership> memberships;
        for (size_t k = 0; k < ids.size(); ++k) {
          if (!ids[k]) continue;
          auto& e = batch[at[k]];
          if (naming_rows) stored_rows.add(ids[k], e.row);
          if (*counting_here) ++counted[people_batch[k].region_id];
          if (e.membership) {
            e.membership->person_id = ids[k];
            memberships.push_back(std::move(*e.membership));
          }
          if (!first_id) first_id = ids[k];
          last_id = ids[k];
          ++stored;
        }
        person_store::insert_memberships(tx, memberships);
      } catch (...) {
        writer_error = std::current_exception();
      }
    }
    reading.join();
    if (reader_error) std::rethrow_exception(reader_error);
    if (writer_error) std::rethrow_exception(writer_error);
    report.problems.insert(report.problems.end(), db_problems.begin(), db_problems.end());
    report.unlisted += db_unlisted;
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const auto& a, const auto& b) { return a.row < b.row; });
    cap_problems(report.problems, report.unlisted);
    csv::report_progress(options, "checking", reader, input.size, report.rows, true);
    if (!report.problems.empty() || options.dry_run)
      return core::fail(core::Error::invalid("rejected"));
    if (bulk_insert) person_store::finish_bulk_insert(tx, *bulk_insert);
    person_store::add_counted(tx, counted);
    report.stored = stored;
    auth::audit(tx, actor, "people.import", "person", "import", nullptr,
                {{"rows", report.stored},
                 {"sha256", report.sha256},
                 {"first_id", first_id ? Json(first_id) : Json(nullptr)},
                 {"last_id", last_id ? Json(last_id) : Json(nullptr)}});
    generation_store::raise(tx);
    return {};
  });
  reclaim.kept = bool(outcome);
  if (report.sha256.empty()) finish_hash();  // the header was refused
  report.valid = report.problems.empty();
  if (!report.valid) report.preview = Json::array();
  if (!outcome && report.valid && !options.dry_run) return core::fail(outcome.error());
  if (!outcome) report.stored = 0;  // rolled back: nothing was stored
  if (outcome && options.progress)
    options.progress("stored", reader.offset(), reader.offset(), report.stored);
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
