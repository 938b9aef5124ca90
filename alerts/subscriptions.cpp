#include "alerts/subscriptions.hpp"

#include <algorithm>

#include "alerts/subscriber_address.hpp"
#include "alerts/subscription_store.hpp"
#include "alerts/subscription_words.hpp"
#include "auth/audit.hpp"
#include "core/time.hpp"
#include "notify/outbox.hpp"

namespace qorgan::alerts {

using core::Error;
using core::fail;
namespace store = subscription_store;

namespace {

const std::vector<std::string> kLanguages{"kk", "ru", "en"};
constexpr std::size_t kMaxRegions = 20;

auth::Actor actor_of(const Caller& c) {
  return {std::nullopt, "public", c.request_id};
}

core::Json audit_view(const store::Row& r, const std::string& address_masked) {
  core::Json j = {{"channel", r.channel},
                  {"address", address_masked},
                  {"language", r.language},
                  {"status", r.status},
                  {"regions", r.codes}};
  if (r.pending_codes) j["pending_regions"] = *r.pending_codes;
  if (r.pending_language) j["pending_language"] = *r.pending_language;
  return j;
}

Error bad_link() {
  return Error::not_found(
      "This link is not valid or has expired. Subscribe again to get a new one.");
}

}  // namespace

Subscriptions::Subscriptions(storage::Database& db, registry::Regions& regions,
                             const core::MasterKey& key, SubscriptionSettings settings)
    : db_(db),
      regions_(regions),
      key_(key),
      settings_(std::move(settings)),
      clients_(settings_.per_client, settings_.client_window) {}

core::Status Subscriptions::subscribe(const Caller& caller, const core::Json& body) {
  if (auto wait = clients_.wait(caller.address))
    return fail(Error::too_many("Too many subscription requests from your address; try again in " +
                                    std::to_string(*wait) + " seconds.",
                                *wait));
  clients_.record_wrong(caller.address);  // every request counts, not only wrong ones
  if (!body.is_object())
    return fail(Error::invalid("The subscription is not valid.", {{"", "must be a JSON object"}}));
  core::JsonFields f(body);
  auto typed = f.str("address", true, 254);
  auto language = f.choice("language", true, kLanguages);
  const auto* regions = f.array("regions", true);
  std::optional<Address> address;
  if (typed) {
    auto a = read_address(*typed);
    if (a)
      address = *a;
    else
      for (auto& e : a.error().fields) f.add(e.field, e.message);
  }
  std::vector<std::string> codes;
  if (regions) {
    if (regions->empty() || regions->size() > kMaxRegions)
      f.add("regions", "must name 1–" + std::to_string(kMaxRegions) + " regions");
    for (std::size_t i = 0; i < regions->size() && i < kMaxRegions; ++i) {
      const auto& c = (*regions)[i];
      auto field = "regions[" + std::to_string(i) + "]";
      if (!c.is_string() || c.get<std::string>().empty() || c.get<std::string>().size() > 40) {
        f.add(field, "must be a region code");
        continue;
      }
      if (!regions_.by_code(c.get<std::string>())) {
        f.add(field, "no region has code " + c.get<std::string>());
        continue;
      }
      codes.push_back(c.get<std::string>());
    }
  }
  if (auto done = f.finish("The subscription"); !done) return done;
  std::ranges::sort(codes);
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());

  const auto index = address_index(key_, *address);
  const auto shown = masked(*address);
  return db_.write([&](storage::Tx& tx) -> core::Status {
    const auto now = core::now_us();
    auto row = store::by_index(tx, index);
    core::Json before = nullptr;
    std::string action;
    if (!row) {
      store::Row r;
      r.channel = address->channel;
      r.address_sealed = seal_address(key_, *address);
      r.address_index = index;
      r.language = *language;
      r.status = "pending";
      r.codes = codes;
      r.confirmation_sent_at = now;
      r.created_at = r.updated_at = now;
      r.id = store::insert(tx, r);
      row = r;
      action = "alert.subscriber.subscribe";
    } else {
      auto since = std::chrono::microseconds(now - row->confirmation_sent_at);
      if (since < settings_.resend_interval) {
        auto wait =
            std::chrono::duration_cast<std::chrono::seconds>(settings_.resend_interval - since)
                .count() +
            1;
        return fail(
            Error::too_many("A confirmation was sent to this address a moment ago; try again in " +
                                std::to_string(wait) + " seconds.",
                            wait));
      }
      before = audit_view(*row, shown);
      if (row->status == "confirmed") {
        row->pending_language = *language;
        row->pending_codes = codes;
        action = "alert.subscriber.change_requested";
      } else {
        row->language = *language;
        row->codes = codes;
        row->status = "pending";
        action = "alert.subscriber.subscribe";
      }
      row->confirmation_sent_at = now;
      row->updated_at = now;
      store::update(tx, *row);
    }
    const auto& lang = row->pending_language.value_or(row->language);
    std::string base = settings_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    auto link = base + "/" + lang + "/alerts/c/" + confirm_token(key_, row->id, now);
    notify::NewMessage m;
    m.channel = address->channel;
    m.recipient = address->value;
    m.reference = "alerts:subscriber:" + std::to_string(row->id) + ":confirm";
    if (m.channel == "sms") {
      m.text = sayf(lang, "Qorgan: confirm alerts: {}", link);
    } else {
      m.subject = say(lang, "Confirm your subscription to Qorgan public alerts");
      m.text = sayf(lang,
                    "Someone (we hope you) asked to receive official public alerts for your area "
                    "at this address. To confirm, open this link: {}",
                    link) +
               "\n\n" + say(lang, "If it was not you, ignore this message: nothing will be sent.");
    }
    if (auto queued = notify::enqueue(tx, m); !queued) return fail(queued.error());
    auth::audit(tx, actor_of(caller), action, "alert_subscriber", std::to_string(row->id), before,
                audit_view(*row, shown));
    return {};
  });
}

core::Result<Subscription> Subscriptions::pending(const std::string& token) {
  auto id = token_subscriber(token);
  if (!id) return fail(bad_link());
  auto row = db_.read([&](storage::Tx& tx) { return store::get(tx, *id); });
  if (!row || !confirm_token_valid(key_, token, row->confirmation_sent_at) ||
      core::now_us() - row->confirmation_sent_at >
          std::chrono::microseconds(settings_.confirm_within).count())
    return fail(bad_link());
  auto address = open_address(key_, row->address_sealed);
  return Subscription{row->channel, address ? masked(*address) : "***",
                      row->pending_language.value_or(row->language), row->status,
                      row->pending_codes.value_or(row->codes)};
}

core::Result<Subscription> Subscriptions::confirm(const Caller& caller, const std::string& token) {
  auto id = token_subscriber(token);
  if (!id) return fail(bad_link());
  return db_.write([&](storage::Tx& tx) -> core::Result<Subscription> {
    const auto now = core::now_us();
    auto row = store::get(tx, *id);
    if (!row || !confirm_token_valid(key_, token, row->confirmation_sent_at) ||
        now - row->confirmation_sent_at >
            std::chrono::microseconds(settings_.confirm_within).count())
      return fail(bad_link());
    auto address = open_address(key_, row->address_sealed);
    auto shown = address ? masked(*address) : "***";
    auto before = audit_view(*row, shown);
    bool changed = false;
    if (row->status != "confirmed") {
      row->status = "confirmed";
      row->confirmed_at = now;
      changed = true;
    }
    if (row->pending_codes || row->pending_language) {
      if (row->pending_codes) row->codes = *row->pending_codes;
      if (row->pending_language) row->language = *row->pending_language;
      row->pending_codes = std::nullopt;
      row->pending_language = std::nullopt;
      changed = true;
    }
    if (changed) {
      row->updated_at = now;
      store::update(tx, *row);
      auth::audit(tx, actor_of(caller), "alert.subscriber.confirm", "alert_subscriber",
                  std::to_string(row->id), before, audit_view(*row, shown));
    }
    return Subscription{row->channel, shown, row->language, row->status, row->codes};
  });
}

core::Result<Subscription> Subscriptions::subscribed(const std::string& token) {
  if (!unsubscribe_token_valid(key_, token)) return fail(bad_link());
  auto row = db_.read([&](storage::Tx& tx) { return store::get(tx, *token_subscriber(token)); });
  if (!row) {
    Subscription gone;
    gone.status = "unsubscribed";
    return gone;
  }
  auto address = open_address(key_, row->address_sealed);
  return Subscription{row->channel, address ? masked(*address) : "***", row->language, row->status,
                      row->codes};
}

core::Status Subscriptions::unsubscribe(const Caller& caller, const std::string& token) {
  if (!unsubscribe_token_valid(key_, token)) return fail(bad_link());
  return db_.write([&](storage::Tx& tx) -> core::Status {
    auto row = store::get(tx, *token_subscriber(token));
    if (!row) return {};
    auto address = open_address(key_, row->address_sealed);
    store::remove(tx, row->id);
    auth::audit(tx, actor_of(caller), "alert.subscriber.unsubscribe", "alert_subscriber",
                std::to_string(row->id), audit_view(*row, address ? masked(*address) : "***"),
                nullptr);
    return {};
  });
}

core::Result<std::vector<SubscriberCount>> Subscriptions::counts(const auth::Principal& who) {
  if (!who.is(auth::Role::admin) && !who.is(auth::Role::auditor))
    return fail(Error::forbidden("Only admins and auditors read subscriber counts."));
  return db_.read([](storage::Tx& tx) {
    std::vector<SubscriberCount> out;
    for (auto& c : store::counts(tx)) out.push_back({c.code, c.channel, c.language, c.status, c.n});
    return out;
  });
}

std::vector<registry::Region> Subscriptions::offered_regions() {
  auto who = auth::system_principal("alerts:subscribe-page");
  std::vector<registry::Region> out;
  for (const char* level : {"oblast", "city", "district"}) {
    registry::RegionFilter f;
    f.level = level;
    auto page = regions_.list(who, f, core::ListParams::first(registry::Regions::sorts(), 500));
    if (page) out.insert(out.end(), page->items.begin(), page->items.end());
  }
  std::ranges::sort(out, [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

}  // namespace qorgan::alerts
