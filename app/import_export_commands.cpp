// `qorgan import people|facilities FILE [--dry-run]` and `qorgan export people|facilities
// [--out FILE]`. The CLI acts as the system (an operator with the database), audited as "cli:USER".
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "core/private_file.hpp"
#include "registry/facility_import.hpp"
#include "registry/people_import.hpp"
#include "storage/rollback_journal.hpp"

namespace qorgan::app {

namespace {

using Importer = core::Result<registry::csv::ImportReport> (*)(registry::Registry&,
                                                               const auth::Principal&,
                                                               const auth::Actor&,
                                                               registry::csv::Input&,
                                                               const registry::csv::ImportOptions&);
using Exporter = std::int64_t (*)(registry::Registry&,
                                  const std::function<void(std::string_view)>&);

// On a terminal, a one-line meter on stderr redrawn at most ten times a second; elsewhere
// nothing, so logs and pipes stay clean.
registry::csv::Progress terminal_progress() {
  if (!::isatty(STDERR_FILENO)) return {};
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [last](std::string_view phase, std::size_t done, std::size_t total, std::int64_t rows) {
    auto now = std::chrono::steady_clock::now();
    bool end = done >= total;
    if (!end && now - *last < std::chrono::milliseconds(100)) return;
    *last = now;
    int pct = total ? int(done * 100 / total) : 100;
    std::fprintf(stderr, "\r%-9.*s %3d%%  %lld rows%s", int(phase.size()), phase.data(), pct,
                 static_cast<long long>(rows), end ? "\n" : "");
    std::fflush(stderr);
  };
}

// The file (or stdin for "-") read a chunk at a time; nullopt when it cannot be opened.
std::optional<registry::csv::Input> open_input(const std::string& path) {
  std::shared_ptr<std::FILE> file(path == "-" ? stdin : std::fopen(path.c_str(), "rb"),
                                  [](std::FILE* f) {
                                    if (f && f != stdin) std::fclose(f);
                                  });
  if (!file) return std::nullopt;
  registry::csv::Input in;
  struct stat st {};
  if (::fstat(::fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode)) in.size = size_t(st.st_size);
  in.pull = [file](char* out, std::size_t max) { return std::fread(out, 1, max, file.get()); };
  return in;
}

// The facilities importer takes the file whole (registers of facilities are small).
core::Result<registry::csv::ImportReport> import_facilities_file(
    registry::Registry& reg, const auth::Principal& who, const auth::Actor& actor,
    registry::csv::Input& in, const registry::csv::ImportOptions& options) {
  std::string text(in.size, '\0');
  std::size_t have = 0;
  while (true) {
    if (text.size() - have < (1 << 16)) text.resize(have + (1 << 20));
    std::size_t n = in.pull(text.data() + have, text.size() - have);
    if (n == 0) break;
    have += n;
  }
  text.resize(have);
  return registry::import_facilities(reg, who, actor, text, options);
}

void add_import(CLI::App* import, const std::string& what, Importer run, Globals& g,
                int& exit_code) {
  auto* cmd = import->add_subcommand(what, "Import " + what + " from a CSV file (- for stdin)");
  auto file = std::make_shared<std::string>();
  auto dry = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "The CSV file: UTF-8 (BOM allowed), header row first")->required();
  cmd->add_flag("--dry-run", *dry, "Check the file and show the report; store nothing");
  cmd->callback([&g, &exit_code, file, dry, what, run] {
    auto input = open_input(*file);
    if (!input)
      return void((std::fprintf(stderr, "qorgan: cannot read %s\n", file->c_str()), exit_code = 1));
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    const auth::Principal system = auth::system_principal(auth::Actor::cli("import").login);
    registry::csv::ImportOptions options;
    options.dry_run = *dry;
    options.progress = terminal_progress();
    // The command has the database to itself unless a server has it open: then the load goes
    // through the WAL as a server's does, so that the server's readers are not held. A server
    // started during the import is refused (storage/rollback_journal.hpp).
    auto report = [&] {
      storage::RollbackJournal journal(*app->db);
      return run(*app->registry, system, auth::Actor::cli("import-" + what), *input, options);
    }();
    if (!report) {
      std::fprintf(stderr, "qorgan: %s\n", report.error().message.c_str());
      return void(exit_code = 1);
    }
    if (!report->valid) {
      std::fprintf(stderr,
                   "qorgan: %s rejected, nothing stored: %lld problem(s) in %lld data rows\n",
                   file->c_str(), static_cast<long long>(report->problem_count()),
                   static_cast<long long>(report->rows));
      for (const auto& p : report->problems)
        std::fprintf(stderr, "  row %lld%s%s: %s\n", static_cast<long long>(p.row),
                     p.column.empty() ? "" : ", ", p.column.c_str(), p.message.c_str());
      if (report->unlisted)
        std::fprintf(stderr, "  … and %lld more problem(s) after these\n",
                     static_cast<long long>(report->unlisted));
      return void(exit_code = 1);
    }
    if (*dry)
      std::printf("%s is valid: %lld %s would be imported (dry run, nothing stored)\n",
                  file->c_str(), static_cast<long long>(report->rows), what.c_str());
    else
      std::printf("imported %lld %s from %s (sha256 %s)\n", static_cast<long long>(report->stored),
                  what.c_str(), file->c_str(), report->sha256.c_str());
  });
}

void add_export(CLI::App* exp, const std::string& what, Exporter run, Globals& g, int& exit_code) {
  auto* cmd =
      exp->add_subcommand(what, "Export every record of " + what + " as CSV (the import format)");
  auto out = std::make_shared<std::string>();
  cmd->add_option("--out", *out, "Write to this file instead of stdout");
  cmd->callback([&g, &exit_code, out, what, run] {
    auto app = open_or_report(g, false);
    if (!app) return void(exit_code = 1);
    std::ofstream file;
    std::ostream* sink = &std::cout;
    if (what == "people")
      std::fprintf(stderr,
                   "qorgan: warning: this export holds every person's national ID (IIN) in plain "
                   "text; keep the file private and delete it when it is no longer needed\n");
    if (!out->empty()) {
      if (auto s = core::make_private(*out); !s)
        return void(
            (std::fprintf(stderr, "qorgan: %s\n", s.error().message.c_str()), exit_code = 1));
      file.open(*out, std::ios::binary | std::ios::trunc);
      if (!file)
        return void(
            (std::fprintf(stderr, "qorgan: cannot write %s\n", out->c_str()), exit_code = 1));
      sink = &file;
    }
    auto n = run(*app->registry, [sink](std::string_view chunk) {
      sink->write(chunk.data(), std::streamsize(chunk.size()));
    });
    sink->flush();
    if (!*sink)
      return void((std::fprintf(stderr, "qorgan: writing the export failed\n"), exit_code = 1));
    std::fprintf(stderr, "exported %lld %s\n", static_cast<long long>(n), what.c_str());
  });
}

}  // namespace

void add_import_export_commands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* import =
      cli.add_subcommand("import", "Import people or facilities from CSV (whole file or nothing)");
  import->require_subcommand(1);
  add_import(import, "people", registry::import_people_from, g, exit_code);
  add_import(import, "facilities", import_facilities_file, g, exit_code);
  auto* exp = cli.add_subcommand("export", "Export people or facilities as CSV");
  exp->require_subcommand(1);
  add_export(exp, "people", registry::export_people, g, exit_code);
  add_export(exp, "facilities", registry::export_facilities, g, exit_code);
}

}  // namespace qorgan::app
