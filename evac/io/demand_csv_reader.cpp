#include "evac/io/demand_csv_reader.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "evac/graph/nearest_node.hpp"
#include "evac/io/line_parser.hpp"

namespace qorgan::evac::io {

namespace {

struct Row {
  NodeIndex node;
  People amount;
  Time earliest;
  std::string name;
};

// Fields as written by hand ("43.24, 76.91") carry spaces around them.
std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The CSV reader's (core/csv.hpp) words for a broken record, as terms to translate.
std::optional<Term> csv_problem(std::string_view message) {
  for (Term t : {term("a quoted field opened on this line is never closed"),
                 term("unexpected text after a closing quote (write \"\" for a quote)"),
                 term("a quote inside an unquoted field (quote the whole field)")})
    if (t.key == message) return t;
  return std::nullopt;
}

// `path` names the input in errors ("file.csv:3: …"); empty for text in memory ("line 3: …").
Result<std::vector<Row>> read_rows(std::string_view text, const std::string& path,
                                   const Network& net, const char* amount_column,
                                   double max_snap_m) {
  std::optional<std::size_t> c_lat, c_lon, c_node, c_amount, c_name, c_earliest;
  std::unique_ptr<NearestNode> nearest;
  std::vector<Row> rows;
  std::int64_t line_no = 0;
  People total = 0;
  bool first = true;
  const LineErrors err(path, line_no, path.empty());
  core::csv::Reader reader(text);
  while (true) {
    auto rec = reader.next();
    if (!rec) {
      line_no = rec.error().line;
      const auto& why = rec.error().message;
      if (auto t = csv_problem(why)) return err("field {}: {}", rec.error().column, *t);
      return err("field {}: {}", rec.error().column, why);
    }
    if (!*rec) break;
    line_no = (*rec)->line;
    std::vector<std::string_view> f;
    for (const auto& field : (*rec)->fields) f.push_back(trimmed(field));
    if (f.size() == 1 && f[0].empty()) continue;
    if (first) {
      first = false;
      if (!parse_number<double>(f[0])) {
        for (std::size_t i = 0; i < f.size(); ++i) {
          const std::string_view name = f[i];
          if (name == "lat" || name == "latitude")
            c_lat = i;
          else if (name == "lon" || name == "lng" || name == "longitude")
            c_lon = i;
          else if (name == "node")
            c_node = i;
          else if (name == amount_column)
            c_amount = i;
          else if (name == "name")
            c_name = i;
          else if (name == "earliest")
            c_earliest = i;
        }
        if (!c_amount) return err("header has no '{}' column", amount_column);
        if (!c_node && !(c_lat && c_lon)) return err("header needs 'lat' and 'lon', or 'node'");
        continue;
      }
      c_lat = 0;
      c_lon = 1;
      c_amount = 2;
      if (f.size() > 3) c_name = 3;
    }
    auto field = [&](std::optional<std::size_t> c) -> std::string_view {
      return c && *c < f.size() ? f[*c] : std::string_view();
    };
    const std::size_t needed = std::max<std::size_t>({c_lat.value_or(0), c_lon.value_or(0),
                                                      c_node.value_or(0), *c_amount}) +
                               1;
    if (f.size() < needed) return err("expected at least {} fields, found {}", needed, f.size());
    Row row{0, 0, 0, std::string(field(c_name))};
    const bool people = std::string_view(amount_column) == "count";
    const People most = people ? kMaxPeople : kMaxCapacity;
    auto amount = parse_number<People>(field(c_amount));
    if (!amount) return err(not_an_integer(amount_column, field(c_amount), most));
    if (*amount < 1) return err("{} must be at least 1, got {}", amount_column, *amount);
    if (*amount > most) return err("{} must be at most {}, got {}", amount_column, most, *amount);
    if (people) {
      total += *amount;  // at most 2 * kMaxPeople: checked at every row
      if (total > kMaxPeople)
        return err("the rows so far hold {} people, more than {} in all", total, kMaxPeople);
    }
    row.amount = *amount;
    if (c_earliest && !field(c_earliest).empty()) {
      auto e = parse_number<Time>(field(c_earliest));
      if (!e || *e < 0 || *e > kMaxSteps)
        return err("earliest must be a time step from 0 to {}, got '{}'", kMaxSteps,
                   shown(field(c_earliest)));
      row.earliest = *e;
    }
    if (c_node) {
      auto id = parse_number<std::int64_t>(field(c_node));
      if (!id) return err("node '{}' is not an integer", shown(field(c_node)));
      row.node = net.find_node(*id);
      if (row.node == kNoNode) return err("unknown node {}", *id);
    } else {
      auto lat = parse_number<double>(field(c_lat));
      auto lon = parse_number<double>(field(c_lon));
      if (!lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180)
        return err("bad coordinates '{}', '{}'", shown(field(c_lat)), shown(field(c_lon)));
      if (!net.has_coordinates() || net.node_count() == 0)
        return err("coordinates given but the network has none; use a 'node' column");
      if (!nearest) nearest = std::make_unique<NearestNode>(net);
      const auto hit = nearest->find(*lat, *lon);
      if (hit.distance_m > max_snap_m)
        return err("point ({}, {}) is {:.0f} m from the nearest road junction", *lat, *lon,
                   hit.distance_m);
      row.node = hit.node;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<Row>> read_rows(const std::string& path, const Network& net,
                                   const char* amount_column, double max_snap_m) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open '{}'", path);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return fail("{}: read error", path);
  return read_rows(text, path, net, amount_column, max_snap_m);
}

Result<std::vector<Row>> parse_rows(std::string_view text, const Network& net,
                                    const char* amount_column, double max_snap_m) {
  auto rows = read_rows(text, "", net, amount_column, max_snap_m);
  if (rows && rows->empty()) return fail("the CSV has no data rows");
  return rows;
}

std::vector<Source> to_sources(std::vector<Row>& rows) {
  std::vector<Source> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back({r.node, r.amount, r.earliest, std::move(r.name)});
  return out;
}

std::vector<Shelter> to_shelters(std::vector<Row>& rows) {
  std::vector<Shelter> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back({r.node, r.amount, std::move(r.name)});
  return out;
}

}  // namespace

Result<std::vector<Source>> read_evacuees_csv(const std::string& path, const Network& net,
                                              double max_snap_m) {
  auto rows = read_rows(path, net, "count", max_snap_m);
  if (!rows) return std::unexpected(rows.error());
  return to_sources(*rows);
}

Result<std::vector<Shelter>> read_shelters_csv(const std::string& path, const Network& net,
                                               double max_snap_m) {
  auto rows = read_rows(path, net, "capacity", max_snap_m);
  if (!rows) return std::unexpected(rows.error());
  return to_shelters(*rows);
}

Result<std::vector<Source>> parse_evacuees_csv(std::string_view text, const Network& net,
                                               double max_snap_m) {
  auto rows = parse_rows(text, net, "count", max_snap_m);
  if (!rows) return std::unexpected(rows.error());
  return to_sources(*rows);
}

Result<std::vector<Shelter>> parse_shelters_csv(std::string_view text, const Network& net,
                                                double max_snap_m) {
  auto rows = parse_rows(text, net, "capacity", max_snap_m);
  if (!rows) return std::unexpected(rows.error());
  return to_shelters(*rows);
}

}  // namespace qorgan::evac::io
