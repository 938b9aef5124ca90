#include "app/config.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/private_file.hpp"
#include "core/validate.hpp"
#include "http/client_address.hpp"

namespace qorgan::app {

namespace fs = std::filesystem;
using core::Error;
using core::fail;

std::string base_url_problem(const std::string& url) {
  return url.starts_with("http://") || url.starts_with("https://")
             ? std::string()
             : "must start with http:// or https://";
}

namespace {

// The text of a secret file (its first line, without the newline); errors name the file.
core::Result<std::string> read_secret(const std::string& file, const std::string& what) {
  std::ifstream in(file);
  if (!in) return fail(Error::invalid("cannot read the " + what + " file " + file));
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// [notify], [notify.email] and [notify.sms] of qorgan.toml.
// [obligations.levels]: duty code = [l1, l2, l3], integers 0–100000 or -1 (does not apply).
core::Status read_obligation_levels(const toml::table& t, const std::string& file, Config& c) {
  const auto* o = t["obligations"].as_table();
  if (!o) return {};
  const auto* levels = (*o)["levels"].as_table();
  if (!levels) return {};
  for (const auto& [key, node] : *levels) {
    std::string code(key.str());
    auto bad = [&] {
      return fail(Error::invalid(file + ": obligations.levels." + code +
                                 " must be three integers 0–100000 or -1 (not applicable)"));
    };
    const auto* list = node.as_array();
    if (!list || list->size() != 3) return bad();
    std::array<std::optional<std::int64_t>, 3> out;
    for (size_t i = 0; i < 3; ++i) {
      auto v = (*list)[i].value<std::int64_t>();
      if (!v || *v < -1 || *v > 100'000) return bad();
      if (*v >= 0) out[i] = *v;
    }
    c.obligation_levels[code] = out;
  }
  return {};
}

core::Status read_notify(const toml::table& t, const std::string& file, Config& c) {
  auto& n = c.notify;
  auto bad = [&](const std::string& key, const std::string& why) {
    return fail(Error::invalid(file + ": " + key + " " + why));
  };
  const auto* notify = t["notify"].as_table();
  if (!notify) return {};
  const toml::table& nt = *notify;
  if (auto v = nt["sender"].value<bool>()) c.notify_sender = *v;
  if (auto v = nt["max_attempts"].value<int>()) n.max_attempts = *v;
  if (auto v = nt["backoff_seconds"].value<double>())
    n.backoff = std::chrono::milliseconds(std::int64_t(*v * 1000));
  if (auto v = nt["backoff_max_seconds"].value<double>())
    n.backoff_max = std::chrono::milliseconds(std::int64_t(*v * 1000));
  if (auto v = nt["poll_seconds"].value<double>())
    n.poll = std::chrono::milliseconds(std::int64_t(*v * 1000));
  if (auto v = nt["batch"].value<int>()) n.batch = *v;
  if (n.max_attempts < 1 || n.max_attempts > 100)
    return bad("notify.max_attempts", "must be 1–100");
  if (n.backoff.count() < 1 || n.backoff_max < n.backoff)
    return bad("notify.backoff_seconds", "must be positive and at most backoff_max_seconds");
  if (n.poll.count() < 10 || n.poll.count() > 3'600'000)
    return bad("notify.poll_seconds", "must be 0.01–3600");
  if (n.batch < 1 || n.batch > 1000) return bad("notify.batch", "must be 1–1000");
  if (const auto* e = nt["email"].as_table()) {
    auto& m = n.email;
    if (auto v = (*e)["url"].value<std::string>()) m.url = *v;
    if (auto v = (*e)["from"].value<std::string>()) m.from = *v;
    if (auto v = (*e)["user"].value<std::string>()) m.user = *v;
    if (auto v = (*e)["password_file"].value<std::string>()) {
      auto pw = read_secret(*v, "SMTP password");
      if (!pw) return fail(pw.error());
      m.password = *pw;
    }
    if (auto v = (*e)["starttls"].value<std::string>()) m.starttls = *v;
    if (auto v = (*e)["verify_tls"].value<bool>()) m.verify_tls = *v;
    if (auto v = (*e)["message_id_domain"].value<std::string>()) m.message_id_domain = *v;
    if (auto v = (*e)["timeout_seconds"].value<int>()) m.timeout = std::chrono::seconds(*v);
    if (auto v = (*e)["rate"].value<double>()) n.email_rate = *v;
    if (m.password.empty() && (*e)["password"])
      return bad("notify.email.password",
                 "is not read from the file: put it in password_file or QORGAN_SMTP_PASSWORD");
  }
  if (const auto* sms = nt["sms"].as_table()) {
    auto& m = n.sms;
    if (auto v = (*sms)["url"].value<std::string>()) m.url = *v;
    if (auto v = (*sms)["auth_header_file"].value<std::string>()) {
      auto h = read_secret(*v, "SMS gateway header");
      if (!h) return fail(h.error());
      m.auth_header = *h;
    }
    if (auto v = (*sms)["content_type"].value<std::string>()) m.content_type = *v;
    if (auto v = (*sms)["body_template"].value<std::string>()) m.body_template = *v;
    if (auto v = (*sms)["timeout_seconds"].value<int>()) m.timeout = std::chrono::seconds(*v);
    if (auto v = (*sms)["rate"].value<double>()) n.sms_rate = *v;
    if ((*sms)["auth_header"])
      return bad("notify.sms.auth_header",
                 "is not read from the file: put it in auth_header_file or "
                 "QORGAN_SMS_AUTH_HEADER");
  }
  return {};
}

// The outbox settings that do not depend on where they came from.
core::Status check_notify(Config& c) {
  auto& n = c.notify;
  if (const char* v = std::getenv("QORGAN_SMTP_PASSWORD"); v && *v) n.email.password = v;
  if (const char* v = std::getenv("QORGAN_SMS_AUTH_HEADER"); v && *v) n.sms.auth_header = v;
  if (const char* v = std::getenv("QORGAN_NOTIFY_SENDER"); v && *v)
    c.notify_sender = std::string(v) != "0";
  auto& e = n.email;
  if (!e.url.empty()) {
    if (!e.url.starts_with("smtp://") && !e.url.starts_with("smtps://"))
      return fail(Error::invalid("notify.email.url must start with smtp:// or smtps:// (got '" +
                                 e.url + "')"));
    if (auto why = core::check_email(e.from); !why.empty())
      return fail(Error::invalid("notify.email.from " + why + " (got '" + e.from + "')"));
  }
  if (e.starttls != "no" && e.starttls != "try" && e.starttls != "require")
    return fail(Error::invalid("notify.email.starttls must be no, try or require"));
  if (!n.sms.url.empty() && !n.sms.url.starts_with("http://") && !n.sms.url.starts_with("https://"))
    return fail(Error::invalid("notify.sms.url must start with http:// or https:// (got '" +
                               n.sms.url + "')"));
  if (!n.sms.auth_header.empty() && n.sms.auth_header.find(':') == std::string::npos)
    return fail(Error::invalid("the SMS gateway header must read 'Name: value'"));
  if (n.sms.auth_header.find_first_of("\r\n") != std::string::npos)
    return fail(Error::invalid("the SMS gateway header must be one line"));
  if (n.email_rate < 0 || n.sms_rate < 0)
    return fail(Error::invalid("notify rates must be 0 (no limit) or positive"));
  if (e.timeout.count() < 1 || n.sms.timeout.count() < 1)
    return fail(Error::invalid("notify timeouts must be positive"));
  return {};
}

}  // namespace

core::Result<Config> load_config(const std::optional<std::string>& path) {
  Config c;
  std::string file = path.value_or("qorgan.toml");
  if (path || fs::exists(file)) {
    try {
      auto t = toml::parse_file(file);
      auto str = [&](const char* key, std::string& out) {
        if (auto v = t[key].value<std::string>()) out = *v;
      };
      str("db", c.db);
      str("listen", c.listen);
      str("base_url", c.base_url);
      str("master_key_file", c.master_key_file);
      str("audit_checkpoint_file", c.audit_checkpoint_file);
      if (auto v = t["audit_checkpoint_minutes"].value<int>()) c.audit_checkpoint_minutes = *v;
      if (auto v = t["deadline_sweep_seconds"].value<int>()) c.deadline_sweep_seconds = *v;
      str("osm_dir", c.osm_dir);
      str("web_dir", c.web_dir);
      str("time_zone", c.time_zone);
      if (auto v = t["threads"].value<int>()) c.threads = *v;
      if (auto v = t["io_threads"].value<int>()) c.io_threads = *v;
      if (auto v = t["body_limit_mb"].value<int>()) c.body_limit_mb = std::size_t(*v);
      if (auto v = t["session_idle_minutes"].value<int>()) c.session_idle_minutes = *v;
      if (auto v = t["session_absolute_hours"].value<int>()) c.session_absolute_hours = *v;
      if (auto v = t["secure_cookies"].value<bool>()) c.secure_cookies = *v;
      if (auto v = t["access_log"].value<bool>()) c.access_log = *v;
      if (auto v = t["evac_queue_per_account"].value<int>()) c.evac_queue_per_account = *v;
      if (auto v = t["evac_queue_total"].value<int>()) c.evac_queue_total = *v;
      if (auto v = t["max_connections"].value<int>()) c.max_connections = *v;
      if (auto v = t["max_connections_per_address"].value<int>())
        c.max_connections_per_address = *v;
      if (const auto* list = t["trusted_proxies"].as_array())
        for (const auto& item : *list) {
          auto text = item.value<std::string>();
          if (!text)
            return fail(Error::invalid(file + ": trusted_proxies: entries are strings such as "
                                              "\"127.0.0.1\" or \"10.0.0.0/8\""));
          c.trusted_proxies.push_back(*text);
        }
      if (auto v = t["idle_timeout_seconds"].value<int>()) c.idle_timeout_seconds = *v;
      if (auto v = t["busy_idle_timeout_seconds"].value<int>()) c.busy_idle_timeout_seconds = *v;
      if (auto v = t["heavy_threads"].value<int>()) c.heavy_threads = *v;
      if (auto v = t["heavy_queue"].value<int>()) c.heavy_queue = *v;
      if (auto v = t["osm_expanded_limit_mb"].value<int>()) c.osm_expanded_limit_mb = *v;
      if (auto v = t["db_answer_timeout_seconds"].value<int>()) c.db_answer_timeout_seconds = *v;
      if (auto alerts = t["alerts"].as_table()) {
        if (auto v = (*alerts)["sender"].value<std::string>()) c.alerts_sender = *v;
        if (auto v = (*alerts)["test_channel"].value<bool>()) c.alerts_test_channel = *v;
        if (auto v = (*alerts)["expiry_sweep_seconds"].value<int>())
          c.alerts_expiry_sweep_seconds = *v;
      }
      if (auto s = read_notify(t, file, c); !s) return fail(s.error());
      if (auto s = read_obligation_levels(t, file, c); !s) return fail(s.error());
      if (const auto* gt = t["guard"].as_table()) {
        auto rules = [](const toml::table& x, guard::Rules& r) {
          if (auto v = x["min_rest_hours"].value<double>())
            r.min_rest = guard::Timestamp(*v * double(guard::kHour));
          if (auto v = x["max_hours_per_7_days"].value<double>())
            r.max_per_7_days = guard::Timestamp(*v * double(guard::kHour));
        };
        rules(*gt, c.guard.rules);
        if (auto v = (*gt)["max_days"].value<int>()) c.guard.max_days = *v;
        if (auto v = (*gt)["exact_seconds"].value<double>()) c.guard.exact_seconds = *v;
        if (const auto* regions = (*gt)["regions"].as_table())
          for (const auto& [code, x] : *regions)
            if (const auto* own = x.as_table()) {
              guard::Rules r = c.guard.rules;
              rules(*own, r);
              c.guard.region_rules[std::string(code.str())] = r;
            }
      }
      if (const auto* r = t["requisition"].as_table()) {
        if (auto v = (*r)["pay_undisputed_during_dispute"].value<bool>())
          c.requisition.pay_undisputed_during_dispute = *v;
        if (auto v = (*r)["minimum_one_day"].value<bool>()) c.requisition.minimum_one_day = *v;
      }
      if (const auto* a = t["alerts"].as_table()) {
        const toml::table& at = *a;
        if (auto v = at["fan_out_batch"].value<int>()) c.alerts.batch = *v;
        if (auto v = at["fan_out_pause_ms"].value<int>()) c.alerts.pause_ms = *v;
        if (auto v = at["sms_segments"].value<int>()) c.alerts.sms_segments = *v;
        if (auto v = at["subscribe_per_client"].value<int>()) c.alerts_subscribe_per_client = *v;
        if (const auto* list = at["test_recipients"].as_array())
          for (const auto& item : *list) {
            auto text = item.value<std::string>();
            auto r =
                text ? alerts::parse_test_recipient(*text)
                     : core::Result<alerts::TestRecipient>(fail(Error::invalid("must be strings")));
            if (!r)
              return fail(Error::invalid(
                  file + ": alerts.test_recipients: " +
                  (r.error().fields.empty() ? r.error().message : r.error().fields[0].message)));
            c.alerts.test_recipients.push_back(*r);
          }
      }
    } catch (const toml::parse_error& e) {
      std::ostringstream msg;
      msg << file << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
          << e.description();
      return fail(Error::invalid(msg.str()));
    }
  }
  auto env = [](const char* name, std::string& out) {
    if (const char* v = std::getenv(name); v && *v) out = v;
  };
  env("QORGAN_DB", c.db);
  env("QORGAN_LISTEN", c.listen);
  env("QORGAN_BASE_URL", c.base_url);
  env("QORGAN_MASTER_KEY_FILE", c.master_key_file);
  env("QORGAN_AUDIT_CHECKPOINT_FILE", c.audit_checkpoint_file);
  env("QORGAN_OSM_DIR", c.osm_dir);
  env("QORGAN_WEB_DIR", c.web_dir);
  env("QORGAN_TIME_ZONE", c.time_zone);
  env("QORGAN_ALERTS_SENDER", c.alerts_sender);
  if (const char* v = std::getenv("QORGAN_ALERTS_TEST_CHANNEL"); v && *v)
    c.alerts_test_channel = std::string(v) != "0";
  if (const char* v = std::getenv("QORGAN_ACCESS_LOG"); v && *v)
    c.access_log = std::string(v) != "0";
  auto env_int = [](const char* name, int& out, long min = 1) -> core::Status {
    const char* v = std::getenv(name);
    if (!v || !*v) return {};
    char* end = nullptr;
    long n = std::strtol(v, &end, 10);
    if (*end || n < min || n > 1'000'000)
      return fail(Error::invalid(std::string(name) + " must be a whole number from " +
                                 std::to_string(min) + " to 1000000 (got '" + v + "')"));
    out = int(n);
    return {};
  };
  if (auto s = env_int("QORGAN_EVAC_QUEUE_PER_ACCOUNT", c.evac_queue_per_account); !s)
    return fail(s.error());
  if (auto s = env_int("QORGAN_EVAC_QUEUE_TOTAL", c.evac_queue_total); !s) return fail(s.error());
  if (auto s = env_int("QORGAN_MAX_CONNECTIONS", c.max_connections, 0); !s) return fail(s.error());
  if (auto s = env_int("QORGAN_MAX_CONNECTIONS_PER_ADDRESS", c.max_connections_per_address, 0); !s)
    return fail(s.error());
  if (auto s = env_int("QORGAN_IDLE_TIMEOUT_SECONDS", c.idle_timeout_seconds); !s)
    return fail(s.error());
  if (auto s = env_int("QORGAN_BUSY_IDLE_TIMEOUT_SECONDS", c.busy_idle_timeout_seconds); !s)
    return fail(s.error());
  if (c.max_connections < 0 || c.max_connections > 1'000'000)
    return fail(
        Error::invalid("max_connections must be 0 (from the open-file limit) or a number "
                       "of connections up to 1000000 (got " +
                       std::to_string(c.max_connections) + ")"));
  if (const char* v = std::getenv("QORGAN_TRUSTED_PROXIES"); v && *v) {
    c.trusted_proxies.clear();
    std::string_view list(v);
    for (std::size_t at = 0; at <= list.size();) {
      auto comma = std::min(list.find(',', at), list.size());
      if (comma > at) c.trusted_proxies.emplace_back(list.substr(at, comma - at));
      at = comma + 1;
    }
  }
  if (auto t = http::TrustedProxies::parse(c.trusted_proxies); !t) return fail(t.error());
  if (c.max_connections_per_address < 0)
    return fail(Error::invalid("max_connections_per_address must be 0 (no cap) or positive"));
  if (c.idle_timeout_seconds < 1 || c.busy_idle_timeout_seconds < 1)
    return fail(
        Error::invalid("idle_timeout_seconds and busy_idle_timeout_seconds must be positive"));
  if (auto s = env_int("QORGAN_IO_THREADS", c.io_threads, 0); !s) return fail(s.error());
  if (c.io_threads < 0 || c.io_threads > 256)
    return fail(Error::invalid("io_threads must be 0 (one per core) to 256"));
  if (auto s = env_int("QORGAN_HEAVY_THREADS", c.heavy_threads, 0); !s) return fail(s.error());
  if (auto s = env_int("QORGAN_HEAVY_QUEUE", c.heavy_queue, 0); !s) return fail(s.error());
  if (auto s = env_int("QORGAN_OSM_EXPANDED_LIMIT_MB", c.osm_expanded_limit_mb); !s)
    return fail(s.error());
  if (auto s = env_int("QORGAN_DB_ANSWER_TIMEOUT_SECONDS", c.db_answer_timeout_seconds); !s)
    return fail(s.error());
  if (c.db_answer_timeout_seconds < 1 || c.db_answer_timeout_seconds > 3600)
    return fail(Error::invalid("db_answer_timeout_seconds must be between 1 and 3600 (got " +
                               std::to_string(c.db_answer_timeout_seconds) + ")"));
  if (c.heavy_threads < 0 || c.heavy_threads > 256)
    return fail(Error::invalid("heavy_threads must be 0 (half the cores) to 256"));
  if (c.heavy_queue < 0 || c.heavy_queue > 100'000)
    return fail(Error::invalid("heavy_queue must be 0–100000"));
  if (c.osm_expanded_limit_mb < 1 || c.osm_expanded_limit_mb > 1'000'000)
    return fail(Error::invalid("osm_expanded_limit_mb must be 1–1000000"));
  if (auto s = env_int("QORGAN_AUDIT_CHECKPOINT_MINUTES", c.audit_checkpoint_minutes); !s)
    return fail(s.error());
  if (auto s = env_int("QORGAN_DEADLINE_SWEEP_SECONDS", c.deadline_sweep_seconds); !s)
    return fail(s.error());
  if (c.deadline_sweep_seconds < 1 || c.deadline_sweep_seconds > 3600)
    return fail(Error::invalid("deadline_sweep_seconds must be between 1 and 3600"));
  if (auto s = env_int("QORGAN_ALERTS_EXPIRY_SWEEP_SECONDS", c.alerts_expiry_sweep_seconds); !s)
    return fail(s.error());
  if (c.alerts_expiry_sweep_seconds < 1 || c.alerts_expiry_sweep_seconds > 3600)
    return fail(Error::invalid("[alerts] expiry_sweep_seconds must be between 1 and 3600"));
  for (char ch : c.alerts_sender)
    if (ch == ' ' || ch == ',' || ch == '<' || ch == '&' || ch == '"')
      return fail(Error::invalid("[alerts] sender must have no spaces, commas, '<', '&' or '\"'"));
  if (c.alerts_sender.empty()) return fail(Error::invalid("[alerts] sender must not be empty"));
  if (c.audit_checkpoint_minutes < 1)
    return fail(Error::invalid("audit_checkpoint_minutes must be positive"));
  if (c.evac_queue_per_account < 1 || c.evac_queue_total < 1)
    return fail(Error::invalid("evac_queue_per_account and evac_queue_total must be positive"));
  if (c.threads < 1 || c.threads > 256) return fail(Error::invalid("threads must be 1–256"));
  if (auto why = base_url_problem(c.base_url); !c.base_url.empty() && !why.empty())
    return fail(Error::invalid("base_url " + why + " (got '" + c.base_url + "')"));
  if (c.session_idle_minutes < 1 || c.session_absolute_hours < 1)
    return fail(Error::invalid("session lifetimes must be positive"));
  if (auto s = check_notify(c); !s) return fail(s.error());
  if (auto s = env_int("QORGAN_ALERTS_FAN_OUT_BATCH", c.alerts.batch); !s) return fail(s.error());
  if (auto s = env_int("QORGAN_ALERTS_FAN_OUT_PAUSE_MS", c.alerts.pause_ms, 0); !s)
    return fail(s.error());
  if (auto s = env_int("QORGAN_ALERTS_SUBSCRIBE_PER_CLIENT", c.alerts_subscribe_per_client); !s)
    return fail(s.error());
  if (c.alerts.batch < 1 || c.alerts.batch > 1'000'000)
    return fail(Error::invalid("alerts.fan_out_batch must be 1–1000000"));
  if (c.alerts.pause_ms < 0 || c.alerts.pause_ms > 60'000)
    return fail(Error::invalid("alerts.fan_out_pause_ms must be 0–60000"));
  if (c.alerts.sms_segments < 1 || c.alerts.sms_segments > 10)
    return fail(Error::invalid("alerts.sms_segments must be 1–10"));
  if (c.alerts_subscribe_per_client < 1)
    return fail(Error::invalid("alerts.subscribe_per_client must be positive"));
  return c;
}

core::Result<core::MasterKey> load_master_key(const Config& config) {
  if (const char* hex = std::getenv("QORGAN_MASTER_KEY"); hex && *hex)
    return core::MasterKey::from_hex(hex);
  std::string file = config.master_key_file;
  if (file.empty()) {
    if (!config.db.starts_with("sqlite:"))
      return fail(Error::invalid(
          "set QORGAN_MASTER_KEY or master_key_file: PostgreSQL deployments need an explicit key"));
    file = (fs::path(config.db.substr(7)).parent_path() / "master.key").string();
  }
  if (!fs::exists(file)) {
    auto key = core::MasterKey::generate();
    if (!fs::path(file).parent_path().empty()) fs::create_directories(fs::path(file).parent_path());
    if (auto s = core::make_private(file); !s) return fail(s.error());
    {
      std::ofstream out(file);
      out << key.hex() << "\n";
      if (!out) return fail(Error::internal("cannot write the master key to " + file));
    }
    return key;
  }
  std::ifstream in(file);
  std::string hex;
  in >> hex;
  auto key = core::MasterKey::from_hex(hex);
  if (!key) return fail(Error::invalid(file + ": " + key.error().message));
  return key;
}

std::string find_web_dir(const Config& config) {
  if (!config.web_dir.empty()) return config.web_dir;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  for (auto dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path())
    if (fs::exists(dir / "web" / "templates")) return (dir / "web").string();
  return "web";
}

}  // namespace qorgan::app
