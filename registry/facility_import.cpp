#include "registry/facility_import.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "core/validate.hpp"
#include "registry/facility_store.hpp"
#include "registry/organisations.hpp"
#include "registry/person_store.hpp"
#include "registry/registry_json.hpp"

namespace qorgan::registry {

using core::Json;

const std::vector<std::string>& facility_csv_columns() {
  static const std::vector<std::string> c{
      "name", "kind", "organisation_id", "region",      "address",
      "lat",  "lon",  "criticality",     "guard_posts", "shelter_capacity"};
  return c;
}

namespace {

const std::vector<std::string> kKnown{
    "name", "kind", "organisation_id", "region",      "region_id",       "address",
    "lat",  "lon",  "criticality",     "guard_posts", "shelter_capacity"};
const std::vector<std::string> kRequired{"name", "kind", "lat", "lon", "criticality"};

// Reads and checks one row into a Facility. The limits are those of Facilities' JSON input
// (registry/facilities.cpp); the service has no transaction-scoped check to call, so they are
// restated here and the unit tests pin them.
class RowReader {
 public:
  RowReader(storage::Tx& tx, const auth::Principal& who, const csv::Columns& cols)
      : tx_(tx), who_(who), cols_(cols) {}

  std::optional<Facility> read(const csv::Record& rec, std::vector<csv::Problem>& problems) {
    size_t before = problems.size();
    auto bad = [&](const std::string& col, std::string msg) {
      problems.push_back({rec.row, col, std::move(msg)});
    };
    if (rec.fields.size() != cols_.names.size()) {
      bad("", "has " + std::to_string(rec.fields.size()) + " fields; the header has " +
                  std::to_string(cols_.names.size()));
      return std::nullopt;
    }
    Facility x;
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string& name = cols_.names[i];
      if (!core::valid_utf8(rec.fields[i])) {
        bad(name, "is not valid UTF-8");
        continue;
      }
      std::string v = core::trim(rec.fields[i]);
      bool required = std::find(kRequired.begin(), kRequired.end(), name) != kRequired.end();
      if (v.empty()) {
        if (required) bad(name, "must not be empty");
        continue;
      }
      for (unsigned char c : v)
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
          bad(name, "must not contain control characters");
          break;
        }
      if (name == "name") {
        if (v.size() > 300) bad(name, "is longer than 300 bytes");
        x.name = v;
      } else if (name == "kind") {
        if (auto msg = core::check_choice(v, Facilities::kinds()); !msg.empty()) bad(name, msg);
        x.kind = v;
      } else if (name == "address") {
        if (v.size() > 500) bad(name, "is longer than 500 bytes");
        x.address = v;
      } else if (name == "lat" || name == "lon") {
        double limit = name == "lat" ? 90 : 180;
        auto d = number(v);
        if (!d || *d < -limit || *d > limit)
          bad(name, "must be a number from " + std::to_string(int(-limit)) + " to " +
                        std::to_string(int(limit)));
        else
          (name == "lat" ? x.lat : x.lon) = *d;
      } else {
        auto n = integer(v);
        if (name == "criticality") {
          if (!n || *n < 1 || *n > 3)
            bad(name, "must be an integer from 1 to 3");
          else
            x.criticality = *n;
        } else if (name == "guard_posts") {
          if (!n || *n < 0 || *n > 10000)
            bad(name, "must be an integer from 0 to 10000");
          else
            x.guard_posts = *n;
        } else if (name == "shelter_capacity") {
          if (!n || *n < 0 || *n > 1000000)
            bad(name, "must be an integer from 0 to 1000000");
          else
            x.shelter_capacity = *n;
        } else if (name == "organisation_id") {
          auto org = n && *n > 0 ? organisation_in(tx_, *n) : std::nullopt;
          if (!org || !can_read_organisation(who_, *org))
            bad(name, "no organisation has id " + v);
          else
            x.organisation_id = *n;
        } else if (name == "region_id") {
          auto r = n && *n > 0 ? region(*n) : std::nullopt;
          if (!r)
            bad(name, "no region has id " + v);
          else
            x.region_id = r->id, x.region_path = r->path;
        } else if (name == "region") {
          auto it = by_code_.find(v);
          if (it == by_code_.end())
            it = by_code_.emplace(v, person_store::region_by_code(tx_, v)).first;
          if (!it->second)
            bad(name, "no region has code '" + v + "'");
          else
            x.region_id = it->second->id, x.region_path = it->second->path;
        }
      }
    }
    if (problems.size() != before) return std::nullopt;
    std::string region_col = cols_.index("region") >= 0 ? "region" : "region_id";
    if (!x.region_id) {
      bad(region_col, "must not be empty");
      return std::nullopt;
    }
    bool allowed = who_.is(auth::Role::admin) ||
                   (who_.is(auth::Role::hq_staff) && who_.sees_region_path(x.region_path)) ||
                   (who_.is(auth::Role::company_officer) && who_.organisation_id &&
                    x.organisation_id == who_.organisation_id);
    if (!allowed) {
      bad(who_.is(auth::Role::company_officer) ? "organisation_id" : region_col,
          "is outside your scope");
      return std::nullopt;
    }
    return x;
  }

 private:
  static std::optional<double> number(const std::string& v) {
    double d = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d)) return std::nullopt;
    return d;
  }
  static std::optional<std::int64_t> integer(const std::string& v) {
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
    return n;
  }
  std::optional<person_store::RegionRef> region(std::int64_t id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) it = by_id_.emplace(id, person_store::region_by_id(tx_, id)).first;
    if (it->second && !who_.sees_region_path(it->second->path) && who_.is(auth::Role::hq_staff))
      return std::nullopt;
    return it->second;
  }

  storage::Tx& tx_;
  const auth::Principal& who_;
  const csv::Columns& cols_;
  std::map<std::string, std::optional<person_store::RegionRef>> by_code_;
  std::map<std::int64_t, std::optional<person_store::RegionRef>> by_id_;
};

}  // namespace

core::Result<csv::ImportReport> import_facilities(Registry& reg, const auth::Principal& who,
                                                  const auth::Actor& actor, std::string_view text,
                                                  const csv::ImportOptions& options) {
  if (!who.is(auth::Role::admin) && !who.is(auth::Role::hq_staff) &&
      !who.is(auth::Role::company_officer))
    return core::fail(core::Error::forbidden("You may not import facilities."));
  csv::ImportReport report;
  report.dry_run = options.dry_run;
  report.sha256 = core::sha256_hex(text);

  reg.db.read([&](storage::Tx& tx) {
    csv::Reader reader(text);
    auto head = reader.next();
    if (!head || !*head) {
      report.problems.push_back(
          {1, "",
           head ? "the file is empty: a header row is needed" : csv::describe(head.error())});
      return;
    }
    auto cols = csv::check_header(csv::normalise_header((*head)->fields), kKnown, kRequired,
                                  {{"region", "region_id"}}, report.problems);
    if (!report.problems.empty()) return;
    RowReader rows(tx, who, cols);
    while (true) {
      auto rec = reader.next();
      if (!rec) {
        report.problems.push_back(csv::syntax_problem(rec.error(), cols));
        break;
      }
      if (!*rec) break;
      ++report.rows;
      csv::report_progress(options, "checking", reader, text.size(), report.rows);
      auto x = rows.read(**rec, report.problems);
      if (x && report.problems.empty() && report.preview.size() < options.preview_rows)
        report.preview.push_back(to_json(*x));
    }
    csv::report_progress(options, "checking", reader, text.size(), report.rows, true);
  });
  report.valid = report.problems.empty();
  if (!report.valid || options.dry_run) {
    if (!report.valid) report.preview = Json::array();
    return report;
  }

  return reg.db.write([&](storage::Tx& tx) -> core::Result<csv::ImportReport> {
    csv::Reader reader(text);
    auto head = reader.next();
    auto cols = csv::Columns{csv::normalise_header((*head)->fields)};
    RowReader rows(tx, who, cols);
    std::vector<csv::Problem> late;
    auto now = core::now_us();
    std::int64_t first_id = 0, last_id = 0;
    while (true) {
      auto rec = reader.next();
      if (!rec || !*rec) break;
      auto x = rows.read(**rec, late);
      if (!x) break;
      last_id = facility_store::insert(tx, *x, now).id;
      if (!first_id) first_id = last_id;
      ++report.stored;
      csv::report_progress(options, "storing", reader, text.size(), report.stored);
    }
    if (!late.empty())
      return core::fail(core::Error::conflict("Row " + std::to_string(late.front().row) + ": " +
                                              late.front().message + " (changed meanwhile)."));
    auth::audit(tx, actor, "facilities.import", "facility", "import", nullptr,
                {{"rows", report.stored},
                 {"sha256", report.sha256},
                 {"first_id", first_id ? Json(first_id) : Json(nullptr)},
                 {"last_id", last_id ? Json(last_id) : Json(nullptr)}});
    csv::report_progress(options, "storing", reader, text.size(), report.stored, true);
    return report;
  });
}

std::int64_t export_facilities(Registry& reg, const std::function<void(std::string_view)>& sink) {
  sink(csv::write_row(facility_csv_columns()));
  std::int64_t count = 0, after = 0;
  std::map<std::int64_t, std::string> codes;
  auto text = [](double d) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, p);
  };
  auto opt = [](const std::optional<std::int64_t>& n) { return n ? std::to_string(*n) : ""; };
  while (true) {
    core::ListParams p;
    p.limit = 1000;
    p.sort_column = "id";
    p.numeric_sort = true;
    if (after) p.after_id = after, p.after_value = std::to_string(after);
    auto page = reg.db.read([&](storage::Tx& tx) {
      auto rows = facility_store::list(tx, FacilityFilter{}, p);
      if (int(rows.size()) > p.limit) rows.pop_back();
      for (const auto& x : rows)
        if (!codes.contains(x.region_id))
          codes[x.region_id] =
              person_store::region_by_id(tx, x.region_id).value_or(person_store::RegionRef{}).code;
      return rows;
    });
    if (page.empty()) break;
    std::string chunk;
    for (const auto& x : page) {
      chunk += csv::write_row({x.name, x.kind, opt(x.organisation_id), codes[x.region_id],
                               x.address.value_or(""), text(x.lat), text(x.lon),
                               std::to_string(x.criticality), std::to_string(x.guard_posts),
                               opt(x.shelter_capacity)});
      ++count;
      after = x.id;
    }
    sink(chunk);
  }
  return count;
}

}  // namespace qorgan::registry
