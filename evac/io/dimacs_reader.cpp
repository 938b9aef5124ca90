#include "evac/io/dimacs_reader.hpp"

#include <fstream>
#include <limits>

#include <fmt/format.h>

#include "evac/graph/network_builder.hpp"
#include "evac/io/line_parser.hpp"

namespace qorgan::evac::io {

Result<Network> read_dimacs(std::istream& in, const std::string& source_name,
                            const DimacsOptions& options) {
  if (options.default_capacity < 1 || options.default_capacity > kMaxCapacity)
    return fail("DIMACS default capacity must be from 1 to {}, got {}", kMaxCapacity,
                options.default_capacity);
  if (options.length_per_step < 1)
    return fail("DIMACS length per step must be at least 1, got {}", options.length_per_step);
  NetworkBuilder b;
  std::int64_t n = -1, m = -1, seen = 0;
  std::string line;
  int line_no = 0;
  const LineErrors err(source_name, line_no);
  while (std::getline(in, line)) {
    ++line_no;
    auto f = split_fields(line);
    if (f.empty() || f[0] == "c") continue;
    if (f[0] == "p") {
      if (n >= 0) return err("second 'p' line");
      if (f.size() != 4 || f[1] != "sp") return err("expected 'p sp NODES ARCS'");
      auto nn = parse_number<std::int64_t>(f[2]);
      auto mm = parse_number<std::int64_t>(f[3]);
      if (!nn && !f[2].starts_with('-'))
        return err(not_an_integer(term("node count"), f[2], kMaxJunctions));
      if (!mm && !f[3].starts_with('-'))
        return err(not_an_integer(term("arc count"), f[3], kMaxArcs));
      if (!nn || !mm || *nn < 0 || *mm < 0) return err("node and arc counts must be integers >= 0");
      // Beyond them a line of a few bytes would claim gigabytes.
      if (*nn > kMaxJunctions)
        return err("node count {} is too large (at most {})", *nn, kMaxJunctions);
      if (*mm > kMaxArcs) return err("arc count {} is too large (at most {})", *mm, kMaxArcs);
      n = *nn;
      m = *mm;
      for (std::int64_t i = 1; i <= n; ++i) b.add_node(i);
    } else if (f[0] == "a") {
      if (n < 0) return err("arc before the 'p sp' line");
      if (f.size() != 4) return err("expected 'a FROM TO LENGTH'");
      auto u = parse_number<std::int64_t>(f[1]);
      auto v = parse_number<std::int64_t>(f[2]);
      auto w = parse_number<std::int64_t>(f[3]);
      if (!w && u && v && !f[3].starts_with('-'))
        return err(
            not_an_integer(term("arc length"), f[3], std::numeric_limits<std::int64_t>::max()));
      if (!u || !v || !w) return err("arc fields must be integers");
      if (*u < 1 || *u > n) return err("unknown node {}", *u);
      if (*v < 1 || *v > n) return err("unknown node {}", *v);
      if (*w < 0) return err("negative arc length {}", *w);
      if (++seen > m) return err("more arcs than the {} declared", m);
      // Rounded up without adding first, which overflows for lengths near INT64_MAX.
      const std::int64_t per = options.length_per_step;
      const auto steps = std::max<std::int64_t>(1, *w / per + (*w % per != 0));
      if (steps > kMaxSteps)
        return err(
            "arc length {} is {} steps of length {}, more than {} (give a "
            "larger length per step: --length-per-step)",
            *w, steps, per, kMaxSteps);
      b.add_arc(static_cast<NodeIndex>(*u - 1), static_cast<NodeIndex>(*v - 1),
                options.default_capacity, static_cast<Time>(steps));
    } else {
      return err("unknown line type '{}'", f[0]);
    }
  }
  if (n < 0) return fail("{}: no 'p sp' line (empty or not a DIMACS file)", source_name);
  if (seen != m) return fail("{}: declares {} arcs but has {} (truncated?)", source_name, m, seen);
  return std::move(b).build();
}

Result<Network> read_dimacs_file(const std::string& path, const DimacsOptions& options) {
  std::ifstream in(path);
  if (!in) return fail("cannot open DIMACS file '{}'", path);
  return read_dimacs(in, path, options);
}

}  // namespace qorgan::evac::io
