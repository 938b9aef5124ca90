#include "alerts/fan_out.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include "alerts/access.hpp"
#include "alerts/alert_store.hpp"
#include "alerts/fan_out_store.hpp"
#include "alerts/sms.hpp"
#include "alerts/subscriber_address.hpp"
#include "alerts/subscriber_message.hpp"
#include "auth/audit.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "core/utf8.hpp"
#include "notify/bulk.hpp"
#include "notify/outbox.hpp"
#include "registry/region_overlap.hpp"

namespace qorgan::alerts {

using core::Error;
using core::fail;

namespace {

// The advisory lock that serialises batches (all jobs: one writer at a time does the work).
constexpr std::int64_t kFanOutLock = 0x616c65727473;  // "alerts"

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f;
  });
}

core::Json request_json(const FanOut& r) {
  core::Json texts = core::Json::object();
  for (const auto& [lang, t] : r.texts)
    texts[lang] = {{"headline", t.headline},
                   {"sms", t.sms},
                   {"email_subject", t.email_subject},
                   {"email_body", t.email_body}};
  return {{"alert_id", r.alert_id}, {"identifier", r.identifier}, {"status", r.status},
          {"msg_type", r.msg_type}, {"regions", r.regions},       {"texts", texts}};
}

FanOut request_of(const std::string& stored) {
  auto j = core::Json::parse(stored);
  FanOut r;
  r.alert_id = j.at("alert_id").get<std::int64_t>();
  r.identifier = j.at("identifier").get<std::string>();
  r.status = j.at("status").get<std::string>();
  r.msg_type = j.at("msg_type").get<std::string>();
  r.regions = j.at("regions").get<std::vector<std::string>>();
  for (const auto& [lang, t] : j.at("texts").items())
    r.texts[lang] = {t.at("headline").get<std::string>(), t.at("sms").get<std::string>(),
                     t.at("email_subject").get<std::string>(),
                     t.at("email_body").get<std::string>()};
  return r;
}

// The language a subscriber reads the alert in (see fan_out.hpp).
const std::string& language_for(const std::string& wanted, const FanOut& r) {
  static const std::map<std::string, std::vector<std::string>> order{
      {"kk", {"kk", "ru", "en"}}, {"ru", {"ru", "kk", "en"}}, {"en", {"en", "ru", "kk"}}};
  auto it = order.find(wanted);
  for (const auto& l : it == order.end() ? order.at("kk") : it->second)
    if (r.texts.contains(l)) return r.texts.find(l)->first;
  return r.texts.begin()->first;
}

std::string kind_of(const std::string& cap_status) {
  return cap_status == "Exercise" ? "exercise" : cap_status == "Test" ? "test" : "real";
}

// An alert's words by channel: an SMS is the SMS text (else the headline) before fitting; an
// e-mail's subject and text default to the headline, and the headline with the SMS text.
std::string sms_words(const Text& t) {
  return t.sms.empty() ? t.headline : t.sms;
}
std::string email_subject(const Text& t) {
  return t.email_subject.empty() ? t.headline : t.email_subject;
}
std::string email_words(const Text& t) {
  return t.email_body.empty() ? t.headline + (t.sms.empty() ? "" : "\n\n" + t.sms) : t.email_body;
}

// The whole message to a test recipient (Exercise and Test alerts; no unsubscribe link).
notify::NewMessage compose(const FanOut& r, const std::string& lang, const std::string& channel,
                           const std::string& recipient, const FanOutSettings& s,
                           std::string reference) {
  const Text& t = r.texts.at(lang);
  notify::NewMessage m;
  m.channel = channel;
  m.recipient = recipient;
  m.reference = std::move(reference);
  m.kind = kind_of(r.status);
  if (channel == "sms") {
    m.text = fit_sms(sms_words(t), "", s.sms_segments);
  } else {
    m.subject = email_subject(t);
    m.text = email_words(t);
  }
  return m;
}

std::string reference(const FanOut& r, const std::string& channel, const std::string& who) {
  return "alert:" + std::to_string(r.alert_id) + ":" + r.msg_type + ":" + channel + ":" + who;
}

// The words of the job's messages to subscribers, one body per channel and language of the
// alert ("sms:ru" → body id): read from the job, or stored by its first batch. An SMS body is the
// text before fitting (the link it must fit with differs by subscriber); an e-mail body is the
// text without the unsubscribe line.
core::Result<std::map<std::string, std::int64_t>> bodies_of(storage::Tx& tx,
                                                            const fan_out_store::Job& job,
                                                            const FanOut& r) {
  std::map<std::string, std::int64_t> out;
  if (!job.bodies.empty()) {
    auto stored = core::Json::parse(job.bodies);
    for (const auto& [k, v] : stored.items()) out[k] = v.get<std::int64_t>();
    return out;
  }
  for (const auto& [lang, t] : r.texts) {
    notify::Body sms{kSubscriberSource, lang, "", sms_words(t)};
    notify::Body email{kSubscriberSource, lang, email_subject(t), email_words(t)};
    for (const auto& [channel, body] : {std::pair{"sms", &sms}, std::pair{"email", &email}}) {
      auto id = notify::add_body(tx, *body);
      if (!id) return fail(id.error());
      out[std::string(channel) + ":" + lang] = *id;
    }
  }
  fan_out_store::set_bodies(tx, job.id, core::Json(out).dump());
  return out;
}

}  // namespace

BatchResult run_fan_out_batch(storage::Database& db, const FanOutSettings& s, std::int64_t id) {
  using Batch = BatchResult;
  auto r = db.write([&](storage::Tx& tx) -> core::Result<Batch> {
    tx.lock(kFanOutLock);
    auto job = fan_out_store::get(tx, id);
    if (!job || job->state != "running") return Batch{};
    auto request = request_of(job->request);
    const auto now = core::now_us();
    Batch b;
    std::int64_t cursor = job->cursor;
    std::vector<notify::NewMessage> messages;
    if (request.status != "Actual") {
      int n = 0;
      for (const auto& t : s.test_recipients) {
        auto address = read_address(t.address);
        if (!address) continue;
        auto m =
            compose(request, language_for(t.language, request), address->channel, address->value, s,
                    reference(request, address->channel, "test:" + std::to_string(++n)));
        messages.push_back(std::move(m));
      }
    } else {
      // Each subscriber's message is a row with the subscriber id and its body: the address is
      // opened, the link signed and the SMS fitted when it is sent (subscriber_message.hpp).
      auto bodies = bodies_of(tx, *job, request);
      if (!bodies) return fail(bodies.error());
      auto walk = fan_out_store::next_recipients(tx, *job, s.batch);
      const auto& recipients = walk.recipients;
      cursor = walk.upto;
      std::map<std::string, notify::BulkMessages> groups;
      for (const auto& rc : recipients) {
        auto at = rc.channel + ":" + language_for(rc.language, request);
        auto& g = groups[at];
        if (g.keys.empty()) {
          g.body_id = bodies->at(at);
          g.channel = rc.channel;
          g.reference = reference(request, rc.channel, "subscribers");
          g.kind = kind_of(request.status);
          g.keys.reserve(recipients.size());
        }
        g.keys.push_back(std::to_string(rc.id));
      }
      for (const auto& [at, g] : groups)
        if (auto queued = notify::enqueue_bulk(tx, g); !queued) return fail(queued.error());
      b.added = std::int64_t(recipients.size());
      b.done = walk.done;
    }
    if (auto queued = notify::enqueue_many(tx, messages); !queued) return fail(queued.error());
    b.added += std::int64_t(messages.size());
    fan_out_store::advance(tx, id, cursor, b.added, b.done, now);
    if (b.done)
      auth::audit(tx, auth::Actor{std::nullopt, "alerts:fan-out", ""}, "alert.fan_out.done",
                  "alert_fan_out", std::to_string(id), nullptr,
                  {{"alert_id", job->alert_id},
                   {"msg_type", job->msg_type},
                   {"enqueued", job->enqueued + b.added}});
    return b;
  });
  if (!r)
    throw std::runtime_error("alert fan-out " + std::to_string(id) + ": " + r.error().message);
  return *r;
}

core::Status validate(const FanOut& r) {
  std::vector<core::FieldError> errors;
  auto add = [&](std::string field, std::string message) {
    errors.push_back({std::move(field), std::move(message)});
  };
  if (r.alert_id <= 0) add("alert_id", "must be a positive integer");
  if (r.identifier.empty() || r.identifier.size() > 200 || has_control(r.identifier) ||
      !core::valid_utf8(r.identifier))
    add("identifier", "must be 1–200 characters of text");
  if (r.status != "Actual" && r.status != "Exercise" && r.status != "Test")
    add("status", "must be Actual, Exercise or Test");
  if (r.msg_type != "Alert" && r.msg_type != "Update" && r.msg_type != "Cancel")
    add("msg_type", "must be Alert, Update or Cancel");
  if (r.regions.empty() || r.regions.size() > 100) add("regions", "must name 1–100 regions");
  if (r.texts.empty()) add("texts", "must have the words in kk, ru or en");
  for (const auto& [lang, t] : r.texts) {
    auto at = "texts." + lang;
    if (std::ranges::find(kLanguages, lang) == kLanguages.end()) {
      add(at, "is not one of kk, ru, en");
      continue;
    }
    if (t.headline.empty()) add(at + ".headline", "is required");
    for (auto [name, text, max] :
         {std::tuple{"headline", &t.headline, 500}, std::tuple{"sms", &t.sms, 2000},
          std::tuple{"email_subject", &t.email_subject, 500},
          std::tuple{"email_body", &t.email_body, 32000}}) {
      if (text->size() > std::size_t(max) || !core::valid_utf8(*text) || has_control(*text))
        add(at + "." + name,
            "must be text without control characters, at most " + std::to_string(max) + " bytes");
    }
    if (t.headline.find_first_of("\r\n") != std::string::npos ||
        t.email_subject.find_first_of("\r\n") != std::string::npos)
      add(at + ".headline", "must be one line");
  }
  if (!errors.empty())
    return fail(Error::invalid("The fan-out request is not valid.", std::move(errors)));
  return {};
}

core::Result<std::int64_t> fan_out(storage::Tx& tx, const FanOut& request) {
  if (auto v = validate(request); !v) return fail(v.error());
  if (fan_out_store::exists(tx, request.alert_id, request.msg_type)) return std::int64_t{0};
  std::vector<std::string> codes;
  std::vector<core::FieldError> unknown;
  for (std::size_t i = 0; i < request.regions.size(); ++i) {
    auto some = registry::overlapping_codes(tx, request.regions[i]);
    if (some.empty())
      unknown.push_back(
          {"regions[" + std::to_string(i) + "]", "no region has code " + request.regions[i]});
    codes.insert(codes.end(), some.begin(), some.end());
  }
  if (!unknown.empty())
    return fail(Error::invalid("The alert's area names unknown regions.", std::move(unknown)));
  std::ranges::sort(codes);
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  fan_out_store::Job job;
  job.alert_id = request.alert_id;
  job.msg_type = request.msg_type;
  job.identifier = request.identifier;
  job.cap_status = request.status;
  job.request = request_json(request).dump();
  job.cutoff = core::now_us();
  auto id = fan_out_store::insert(tx, job, codes);
  auth::audit(tx, auth::Actor{std::nullopt, "alerts:fan-out", ""}, "alert.fan_out.start",
              "alert_fan_out", std::to_string(id), nullptr,
              {{"alert_id", request.alert_id},
               {"msg_type", request.msg_type},
               {"status", request.status},
               {"regions", request.regions},
               {"region_codes_reached", codes.size()}});
  return id;
}

core::Result<TestRecipient> parse_test_recipient(const std::string& text) {
  TestRecipient t;
  std::string rest = text;
  if (text.size() > 3 && text[2] == ':' &&
      std::ranges::find(kLanguages, text.substr(0, 2)) != kLanguages.end()) {
    t.language = text.substr(0, 2);
    rest = text.substr(3);
  }
  auto a = read_address(rest);
  if (!a) return fail(a.error());
  t.address = a->value;
  return t;
}

std::int64_t run_fan_outs(storage::Database& db, const FanOutSettings& settings,
                          const std::atomic<bool>* stop) {
  std::int64_t total = 0;
  auto ids = db.read([](storage::Tx& tx) { return fan_out_store::running(tx); });
  for (auto id : ids) {
    for (;;) {
      if (stop && stop->load()) return total;
      auto b = run_fan_out_batch(db, settings, id);
      total += b.added;
      if (b.done) break;
      if (settings.pause_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(settings.pause_ms));
    }
  }
  return total;
}

namespace {

Delivery delivery_of(storage::Tx& tx, const fan_out_store::Job& j) {
  Delivery d;
  d.fan_out_id = j.id;
  d.alert_id = j.alert_id;
  d.msg_type = j.msg_type;
  d.identifier = j.identifier;
  d.cap_status = j.cap_status;
  d.state = j.state;
  d.enqueued = j.enqueued;
  d.created_at = j.created_at;
  d.updated_at = j.updated_at;
  d.done_at = j.done_at;
  for (const char* channel : {"email", "sms"}) {
    auto prefix = "alert:" + std::to_string(j.alert_id) + ":" + j.msg_type + ":" + channel + ":";
    auto counts = notify::counts(tx, {prefix, true});
    if (!counts.empty()) d.messages[channel] = std::move(counts);
  }
  return d;
}

bool reads_deliveries(const auth::Principal& who) {
  return who.is(auth::Role::admin) || who.is(auth::Role::auditor);
}

// Jobs with more messages than this have their delivery looked at once a minute at most:
// counting their messages reads every one of them.
constexpr std::int64_t kBigJob = 10000;
constexpr auto kBigJobLook = std::chrono::minutes(1);
using LookedAt = std::map<std::int64_t, std::chrono::steady_clock::time_point>;

// Writes to the audit log the delivery counts of each finished fan-out none of whose messages is
// queued or being sent any more (sent, delivered, failed or cancelled, by channel), once.
void record_deliveries(storage::Database& db, LookedAt& looked_at) {
  auto jobs = db.read([](storage::Tx& tx) { return fan_out_store::undelivered(tx); });
  const auto now = std::chrono::steady_clock::now();
  for (const auto& j : jobs) {
    if (j.enqueued > kBigJob) {
      auto& at = looked_at[j.id];
      if (now - at < kBigJobLook) continue;
      at = now;
    }
    auto d = db.read([&](storage::Tx& tx) { return delivery_of(tx, j); });
    bool pending = false;
    for (const auto& [channel, by_status] : d.messages)
      pending = pending || by_status.contains("queued") || by_status.contains("sending");
    if (pending) continue;
    auto recorded = db.write([&](storage::Tx& tx) -> core::Status {
      tx.lock(kFanOutLock);
      if (!fan_out_store::set_delivered(tx, j.id, core::now_us())) return {};
      auth::audit(tx, auth::Actor{std::nullopt, "alerts:fan-out", ""}, "alert.fan_out.delivered",
                  "alert_fan_out", std::to_string(j.id), nullptr,
                  {{"alert_id", j.alert_id},
                   {"msg_type", j.msg_type},
                   {"enqueued", j.enqueued},
                   {"messages", d.messages}});
      return {};
    });
    if (recorded) looked_at.erase(j.id);
  }
}

}  // namespace

FanOutWorker::FanOutWorker(storage::Database& db, const core::MasterKey& key,
                           FanOutSettings settings, std::chrono::milliseconds poll)
    : db_(db), key_(key), settings_(std::move(settings)) {
  worker_ = std::make_unique<core::PeriodicWorker>(
      "alert fan-out", poll, [this, looked_at = std::make_shared<LookedAt>()] {
        run_fan_outs(db_, settings_, &stop_);
        if (!stop_) record_deliveries(db_, *looked_at);
      });
}

FanOutWorker::~FanOutWorker() {
  stop_ = true;
  worker_.reset();
}

void FanOutWorker::start() {
  worker_->start();
}
void FanOutWorker::wake() {
  worker_->wake();
}

notify::Resolve FanOutWorker::resolver() const {
  return subscriber_resolver(key_, settings_);
}

core::Result<std::vector<Delivery>> FanOutWorker::deliveries(const auth::Principal& who,
                                                             std::int64_t alert_id) {
  // Whoever sees the alert watches its delivery: admins and auditors, and alert officers (and
  // scoped accounts) the alerts of their region.
  auto prefix = visible_prefix(who);
  if (!prefix)
    return fail(
        Error::forbidden("Only admins, auditors and alert officers read alert deliveries."));
  return db_.read([&](storage::Tx& tx) -> core::Result<std::vector<Delivery>> {
    if (!prefix->empty()) {
      auto a = alert_store::get(tx, alert_id);
      if (!a || !a->region_path.starts_with(*prefix))
        return fail(Error::not_found("No alert has id " + std::to_string(alert_id) + "."));
    }
    std::vector<Delivery> out;
    for (const auto& j : fan_out_store::of_alert(tx, alert_id)) out.push_back(delivery_of(tx, j));
    return out;
  });
}

core::Result<std::vector<Delivery>> FanOutWorker::recent(const auth::Principal& who, int limit) {
  if (!reads_deliveries(who))
    return fail(Error::forbidden("Only admins and auditors read alert deliveries."));
  return db_.read([&](storage::Tx& tx) {
    std::vector<Delivery> out;
    for (const auto& j : fan_out_store::recent(tx, limit)) out.push_back(delivery_of(tx, j));
    return out;
  });
}

}  // namespace qorgan::alerts
