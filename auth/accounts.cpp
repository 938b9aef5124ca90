#include "auth/accounts.hpp"

#include <algorithm>
#include <charconv>

#include "auth/account_store.hpp"
#include "auth/audit.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace qorgan::auth {

using core::Error;
using core::fail;

namespace {

// The session a thread checked last, so that a connection's stream of requests with one token
// costs a comparison rather than a hash and a shared lookup. It is the shared cache's entry,
// copied with the same fetch time and end, so it lives no longer than that entry would; and it
// is used only while no session was forgotten since it was copied: every forget (logout,
// password change, disabling, another process's notice) moves `forgotten` on first.
struct LastSession {
  const void* owner = nullptr;  // the Accounts that checked it
  std::uint64_t generation = 0;
  std::string token;
  Principal principal;
  std::chrono::steady_clock::time_point fetched;
  std::int64_t ends_at = 0;
};
std::atomic<std::uint64_t> forgotten{0};
thread_local LastSession last_session;

}  // namespace

core::Status check_password_strength(const std::string& password) {
  if (password.size() < kMinPasswordLength)
    return fail(Error::invalid("The password is too short.",
                               {{"password", "must be at least 12 characters long"}}));
  if (password.size() > 1024)
    return fail(Error::invalid("The password is too long.",
                               {{"password", "must be at most 1024 characters long"}}));
  if (!core::valid_utf8(password))
    return fail(Error::invalid("The password is not valid UTF-8.", {{"password", "is not UTF-8"}}));
  return {};
}

static core::Status check_login_name(const std::string& login) {
  bool ok = login.size() >= 3 && login.size() <= 64;
  for (char c : login)
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  if (!ok)
    return fail(Error::invalid("The login is not valid.",
                               {{"login", "must be 3–64 characters: a–z, 0–9, '.', '_' or '-'"}}));
  return {};
}

core::Result<std::int64_t> Accounts::create(const Actor& actor, const NewAccount& a) {
  if (auto s = check_login_name(a.login); !s) return fail(s.error());
  if (auto s = check_password_strength(a.password); !s) return fail(s.error());
  int scopes = a.region_code.has_value() + a.unit_id.has_value() + a.organisation_id.has_value() +
               a.person_id.has_value();
  if (scopes > 1) return fail(Error::invalid("An account has at most one scope."));
  if (a.role == Role::commander && !a.unit_id)
    return fail(Error::invalid("A commander account needs a unit.", {{"unit_id", "is required"}}));
  if (a.role == Role::company_officer && !a.organisation_id)
    return fail(Error::invalid("A company officer account needs an organisation.",
                               {{"organisation_id", "is required"}}));
  if (a.role == Role::alert_officer && !a.region_code)
    return fail(
        Error::invalid("An alert officer account needs a region.", {{"region", "is required"}}));
  if (a.role == Role::volunteer && !a.person_id)
    return fail(Error::invalid("A volunteer account needs the person's record.",
                               {{"person_id", "is required"}}));
  auto hash = core::hash_password(a.password);
  if (!hash) return fail(hash.error());
  return db_.write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
    std::optional<std::int64_t> region_id;
    if (a.region_code) {
      region_id = account_store::region_id_by_code(tx, *a.region_code);
      if (!region_id)
        return fail(Error::invalid("No region has code " + *a.region_code + ".",
                                   {{"region", "is not a known region code"}}));
    }
    auto check = [&](bool (*exists)(storage::Tx&, std::int64_t),
                     const std::optional<std::int64_t>& id, const char* field) -> core::Status {
      if (id && !exists(tx, *id))
        return fail(
            Error::invalid(std::string("No such ") + field + ".", {{field, "does not exist"}}));
      return {};
    };
    if (auto s = check(account_store::unit_exists, a.unit_id, "unit_id"); !s)
      return fail(s.error());
    if (auto s = check(account_store::organisation_exists, a.organisation_id, "organisation_id");
        !s)
      return fail(s.error());
    if (auto s = check(account_store::person_exists, a.person_id, "person_id"); !s)
      return fail(s.error());
    if (account_store::id_by_login(tx, a.login))
      return fail(Error::conflict("An account with login '" + a.login + "' already exists."));
    auto id = account_store::insert(tx, a, *hash, region_id, core::now_us());
    audit(tx, actor, "account.create", "account", std::to_string(id), nullptr,
          {{"login", a.login},
           {"role", to_string(a.role)},
           {"region_id", region_id ? core::Json(*region_id) : nullptr},
           {"unit_id", a.unit_id ? core::Json(*a.unit_id) : nullptr},
           {"organisation_id", a.organisation_id ? core::Json(*a.organisation_id) : nullptr},
           {"person_id", a.person_id ? core::Json(*a.person_id) : nullptr}});
    return id;
  });
}

core::Status Accounts::set_password(const Actor& actor, const std::string& login,
                                    const std::string& password) {
  if (auto s = check_password_strength(password); !s) return s;
  auto hash = core::hash_password(password);
  if (!hash) return fail(hash.error());
  std::int64_t account_id = 0;
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    auto id = account_store::id_by_login(tx, login);
    if (!id) return fail(Error::not_found("No account has login '" + login + "'."));
    account_id = *id;
    account_store::set_password_hash(tx, *id, *hash, core::now_us());
    account_store::delete_sessions_of(tx, *id);
    audit(tx, actor, "account.password", "account", std::to_string(*id), nullptr,
          {{"password", "changed"}});
    return {};
  });
  if (done) forget_everywhere(std::nullopt, account_id);
  return done;
}

core::Status Accounts::set_disabled(const Actor& actor, std::int64_t id, bool disabled) {
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = account_store::get(tx, id);
    if (!old) return fail(Error::not_found("No such account."));
    account_store::set_disabled(tx, id, disabled);
    if (disabled) account_store::delete_sessions_of(tx, id);
    audit(tx, actor, disabled ? "account.disable" : "account.enable", "account", std::to_string(id),
          {{"disabled", old->disabled}}, {{"disabled", disabled}});
    return {};
  });
  if (done) forget_everywhere(std::nullopt, id);
  return done;
}

core::Status Accounts::set_language(const Principal& who, const Actor& actor, std::int64_t id,
                                    const std::string& language) {
  if (!language.empty() && language != "kk" && language != "ru" && language != "en")
    return fail(Error::invalid("The language is not valid.",
                               {{"language", "must be one of: kk, ru, en (or empty for none)"}}));
  if (who.account_id != id && !who.is(Role::admin))
    return fail(Error::forbidden("Only admins set another account's language."));
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    auto old = account_store::get(tx, id);
    if (!old) return fail(Error::not_found("No such account."));
    account_store::set_language(tx, id, language);
    audit(tx, actor, "account.language", "account", std::to_string(id),
          {{"language", old->language}}, {{"language", language}});
    return {};
  });
  // Cached sessions carry the old preference.
  if (done) forget_everywhere(std::nullopt, id);
  return done;
}

std::vector<AccountView> Accounts::list() {
  return db_.read([](storage::Tx& tx) { return account_store::list(tx); });
}

core::Result<AccountView> Accounts::find(std::int64_t id) {
  auto account = db_.read([&](storage::Tx& tx) { return account_store::get(tx, id); });
  if (!account) return fail(Error::not_found("No such account."));
  return *account;
}

core::Result<Login> Accounts::login(const std::string& login_name, const std::string& password,
                                    const std::string& address, const std::string& user_agent,
                                    const std::string& request_id) {
  std::string key = core::fold(login_name);
  if (auto wait = throttle_.wait(key, address))
    return fail(Error::too_many("Too many failed sign-ins. Try again in " + std::to_string(*wait) +
                                    (*wait == 1 ? " second." : " seconds."),
                                *wait));
  auto account =
      db_.read([&](storage::Tx& tx) { return account_store::credentials(tx, login_name); });
  // Verify against a fixed hash when there is no account, so timing does not tell.
  static const std::string dummy = *core::hash_password("qorgan-dummy-password");
  bool ok = core::verify_password(account ? account->password_hash : dummy, password) && account &&
            !account->disabled && password.size() <= 1024;
  if (!ok) {
    throttle_.record_failure(key, address);
    db_.write([&](storage::Tx& tx) -> core::Status {
      audit(tx, {std::nullopt, login_name.substr(0, 64), request_id}, "session.login_failed",
            "account", account ? std::to_string(account->id) : "", nullptr, {{"address", address}});
      return {};
    });
    return fail(Error::unauthenticated("The login or the password is wrong."));
  }
  throttle_.record_success(key, address);
  Login out;
  out.token = core::random_token(32);
  out.csrf_token = core::random_token(24);
  auto now = core::now_us();
  out.expires_at =
      now + std::chrono::duration_cast<std::chrono::microseconds>(settings_.absolute).count();
  auto account_id = account->id;
  auto written = db_.write([&](storage::Tx& tx) -> core::Status {
    account_store::insert_session(tx, {core::sha256_hex(out.token), out.csrf_token, account_id, now,
                                       out.expires_at, address, user_agent.substr(0, 200)});
    audit(tx, {account_id, login_name, request_id}, "session.login", "account",
          std::to_string(account_id), nullptr, {{"address", address}});
    return {};
  });
  if (!written) return fail(written.error());
  auto p = authenticate(out.token);
  if (!p) return fail(p.error());
  out.principal = *p;
  return out;
}

core::Result<Principal> Accounts::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return fail(Error::unauthenticated());
  // Read before anything is looked up: a forget after this makes what is copied below stale.
  const auto generation = forgotten.load(std::memory_order_acquire);
  auto& last = last_session;
  if (last.owner == this && last.generation == generation && core::same_secret(last.token, token) &&
      settings_.steady_now() - last.fetched < kSessionCacheTtl && core::now_us() < last.ends_at)
    return last.principal;
  auto remember = [&](const CachedSession& c) {
    last = {this, generation, token, c.principal, c.fetched, c.ends_at};
  };
  auto hash = core::sha256_hex(token);
  {
    std::lock_guard lock(cache_mu_);
    auto it = session_cache_.find(hash);
    if (it != session_cache_.end()) {
      if (settings_.steady_now() - it->second.fetched < kSessionCacheTtl &&
          core::now_us() < it->second.ends_at) {
        remember(it->second);
        return it->second.principal;
      }
      session_cache_.erase(it);
    }
  }
  auto session =
      db_.read([&](storage::Tx& tx) { return account_store::session_by_token_hash(tx, hash); });
  if (!session)
    return fail(Error::unauthenticated("The session is unknown or has ended; sign in."));
  auto session_id = session->principal.session_id;
  auto now = core::now_us();
  auto idle_us = std::chrono::duration_cast<std::chrono::microseconds>(settings_.idle).count();
  if (session->account_disabled || now >= session->expires_at ||
      now - session->last_seen_at > idle_us) {
    db_.write([&](storage::Tx& tx) -> core::Status {
      account_store::delete_session(tx, session_id);
      return {};
    });
    return fail(Error::unauthenticated("The session has expired; sign in again."));
  }
  // Keeps idle expiry honest without a write per request.
  if (now - session->last_seen_at > 60'000'000) {
    db_.write([&](storage::Tx& tx) -> core::Status {
      account_store::touch_session(tx, session_id, now);
      return {};
    });
    session->last_seen_at = now;
  }
  std::lock_guard lock(cache_mu_);
  // A session ended while it was read (its forget came between the read and here) is answered
  // this once, as it was read, but not kept: kept, it would be served on for the cache's TTL.
  if (forgotten.load(std::memory_order_acquire) != generation) return session->principal;
  if (session_cache_.size() > 50000) session_cache_.clear();  // bound memory
  const auto& cached =
      session_cache_[hash] = {session->principal, settings_.steady_now(),
                              std::min(session->expires_at, session->last_seen_at + idle_us)};
  remember(cached);
  return session->principal;
}

void Accounts::forget_sessions(std::optional<std::int64_t> session_id,
                               std::optional<std::int64_t> account_id) {
  std::lock_guard lock(cache_mu_);
  forgotten.fetch_add(1, std::memory_order_acq_rel);
  std::erase_if(session_cache_, [&](const auto& e) {
    return (session_id && e.second.principal.session_id == *session_id) ||
           (account_id && e.second.principal.account_id == *account_id);
  });
}

namespace {
constexpr const char* kSessionsTopic = "auth.sessions_ended";
}

// After the commit, so that no process reads the ended sessions back into its cache.
void Accounts::forget_everywhere(std::optional<std::int64_t> session_id,
                                 std::optional<std::int64_t> account_id) {
  forget_sessions(session_id, account_id);
  if (auto* peers = peers_.load())
    peers->publish(kSessionsTopic, session_id ? "session " + std::to_string(*session_id)
                                              : "account " + std::to_string(*account_id));
}

void Accounts::connect(storage::Peers& peers) {
  remote_ = peers.subscribe(kSessionsTopic, [this](std::string_view payload, bool missed) {
    std::int64_t id = 0;
    auto space = payload.find(' ');
    bool parsed =
        space != std::string_view::npos &&
        std::from_chars(payload.data() + space + 1, payload.data() + payload.size(), id).ec ==
            std::errc{};
    if (missed || !parsed) {
      std::lock_guard lock(cache_mu_);
      forgotten.fetch_add(1, std::memory_order_acq_rel);
      session_cache_.clear();
    } else if (payload.starts_with("session ")) {
      forget_sessions(id, std::nullopt);
    } else {
      forget_sessions(std::nullopt, id);
    }
  });
  peers_ = &peers;
}

core::Status Accounts::logout(const Principal& who, const std::string& request_id) {
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    account_store::delete_session(tx, who.session_id);
    audit(tx, Actor::of(who, request_id), "session.logout", "account",
          std::to_string(who.account_id));
    return {};
  });
  if (done) forget_everywhere(who.session_id, std::nullopt);
  return done;
}

core::Status Accounts::logout_everywhere(const Principal& who, const std::string& request_id) {
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    auto n = account_store::delete_sessions_of(tx, who.account_id);
    audit(tx, Actor::of(who, request_id), "session.logout_everywhere", "account",
          std::to_string(who.account_id), nullptr, {{"sessions_ended", n}});
    return {};
  });
  if (done) forget_everywhere(std::nullopt, who.account_id);
  return done;
}

core::Status Accounts::change_password(const Principal& who, const std::string& current,
                                       const std::string& next, const std::string& request_id) {
  auto hash =
      db_.read([&](storage::Tx& tx) { return account_store::password_hash(tx, who.account_id); });
  if (!hash) return fail(Error::unauthenticated("The account no longer exists; sign in again."));
  if (!core::verify_password(*hash, current))
    return fail(
        Error::invalid("The current password is wrong.", {{"current_password", "does not match"}}));
  if (auto s = check_password_strength(next); !s) {
    auto e = s.error();
    for (auto& f : e.fields) f.field = "new_password";
    return fail(e);
  }
  auto fresh = core::hash_password(next);
  if (!fresh) return fail(fresh.error());
  auto done = db_.write([&](storage::Tx& tx) -> core::Status {
    account_store::set_password_hash(tx, who.account_id, *fresh, core::now_us());
    // Other sessions end; this one stays signed in.
    account_store::delete_sessions_of_except(tx, who.account_id, who.session_id);
    audit(tx, Actor::of(who, request_id), "account.password", "account",
          std::to_string(who.account_id), nullptr, {{"password", "changed"}});
    return {};
  });
  if (done) forget_everywhere(std::nullopt, who.account_id);
  return done;
}

}  // namespace qorgan::auth
