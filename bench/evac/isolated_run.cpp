#include "bench/evac/isolated_run.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "evac/plan/time_error.hpp"
#include "evac/plan/validator.hpp"

namespace qorgan::evac::bench {

namespace {

double resident_mb_now() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0;
}

double cpu_seconds_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

std::string load_average() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 1) return "?";
  return fmt::format("{:.1f}", load[0]);
}

Outcome run_isolated(const std::string& planner, const Problem& problem, int timeout_s) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    alarm(static_cast<unsigned>(timeout_s));
    Outcome o;
    o.start_mb = resident_mb_now();
    auto p = make_planner(planner);
    if (p) {
      const double cpu_before = cpu_seconds_now();
      auto plan = run_timed(**p, problem);
      o.cpu_seconds = cpu_seconds_now() - cpu_before;
      alarm(0);  // the timeout is the planner's; validating a plan of 10^6 people takes a while
      rusage self{};
      getrusage(RUSAGE_SELF, &self);
      o.plan_peak_mb = static_cast<double>(self.ru_maxrss) / 1024.0;
      if (plan) {
        o.ok = true;
        o.groups = plan->groups.size();
        o.valid = validate(problem, *plan).valid();
        o.egress = plan->egress_time;
        o.lower_bound = plan->lower_bound.value_or(plan->optimum.value_or(0));
        o.mean = plan->mean_evacuation_time;
        o.evacuated = plan->evacuated;
        o.seconds = plan->run_seconds;
        const TimeError e = route_time_error(problem.network, *plan);
        o.time_ratio = e.ratio();
        o.egress_ratio = e.egress_ratio();
      }
    }
    (void)!write(fds[1], &o, sizeof o);
    _exit(0);
  }
  close(fds[1]);
  Outcome o;
  const auto got = read(fds[0], &o, sizeof o);
  close(fds[0]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (got != sizeof o) {
    o = Outcome{};
    o.timed_out = WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM;
  }
  o.peak_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return o;
}

}  // namespace qorgan::evac::bench
