#include "notify/outbox.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/time.hpp"
#include "core/utf8.hpp"
#include "core/validate.hpp"
#include "notify/bulk.hpp"
#include "notify/outbox_store.hpp"

namespace qorgan::notify {

using auth::Role;
using core::Error;
using core::fail;

namespace {

constexpr std::size_t kMaxText = 64 * 1024;
constexpr std::size_t kMaxHtml = 256 * 1024;
constexpr std::size_t kMaxReference = 200;

bool has_control(std::string_view s, bool newlines_ok) {
  return std::any_of(s.begin(), s.end(), [&](char ch) {
    auto c = static_cast<unsigned char>(ch);
    if (newlines_ok && (c == '\n' || c == '\r' || c == '\t')) return false;
    return c < 0x20 || c == 0x7f;
  });
}

core::Json audit_view(const Message& m) {
  return {{"channel", m.channel}, {"recipient", m.recipient}, {"reference", m.reference},
          {"kind", m.kind},       {"status", m.status},       {"attempts", m.attempts},
          {"subject", m.subject}};
}

bool reads_outbox(const auth::Principal& who) {
  return who.is(Role::admin) || who.is(Role::auditor);
}

}  // namespace

const std::vector<std::string>& channels() {
  static const std::vector<std::string> c{"email", "sms", "print"};
  return c;
}
const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k{"real", "exercise", "test"};
  return k;
}
const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s{"queued",    "sending", "sent",
                                          "delivered", "failed",  "cancelled"};
  return s;
}

core::Status validate(const NewMessage& m) {
  std::vector<core::FieldError> errors;
  auto add = [&](const char* field, std::string message) {
    errors.push_back({field, std::move(message)});
  };
  if (auto why = core::check_choice(m.channel, channels()); !why.empty()) add("channel", why);
  if (auto why = core::check_choice(m.kind, kinds()); !why.empty()) add("kind", why);
  if (m.recipient.empty()) {
    add("recipient", "is required");
  } else if (m.channel == "email") {
    if (auto why = core::check_email(m.recipient); !why.empty())
      add("recipient", why);
    else if (has_control(m.recipient, false))
      add("recipient", "must not contain control characters");
  } else if (m.channel == "sms") {
    if (auto why = core::check_phone(m.recipient); !why.empty()) add("recipient", why);
  } else if (m.recipient.size() > 500 || !core::valid_utf8(m.recipient) ||
             has_control(m.recipient, true)) {
    add("recipient", "must be at most 500 characters of text");
  }
  if (m.channel == "email" && m.subject.empty()) add("subject", "is required for e-mail");
  if (m.subject.size() > 500 || !core::valid_utf8(m.subject) || has_control(m.subject, false))
    add("subject", "must be one line of at most 500 characters");
  if (m.text.empty())
    add("text", "is required");
  else if (m.text.size() > kMaxText || !core::valid_utf8(m.text) || has_control(m.text, true))
    add("text", "must be UTF-8 text of at most 64 KiB without control characters");
  if (m.html) {
    if (m.channel != "email")
      add("html", "is for e-mail only");
    else if (m.html->size() > kMaxHtml || !core::valid_utf8(*m.html))
      add("html", "must be UTF-8 of at most 256 KiB");
  }
  if (m.list_unsubscribe) {
    const auto& url = *m.list_unsubscribe;
    if (m.channel != "email")
      add("list_unsubscribe", "is for e-mail only");
    else if (!(url.starts_with("https://") || url.starts_with("http://")) || url.size() > 500 ||
             !std::all_of(url.begin(), url.end(),
                          [](char c) { return c > 0x20 && c < 0x7f && c != '<' && c != '>'; }))
      add("list_unsubscribe",
          "must be an http(s) address of at most 500 printable ASCII characters without spaces");
  }
  if (m.reference.size() > kMaxReference ||
      !std::all_of(m.reference.begin(), m.reference.end(),
                   [](char c) { return c >= 0x20 && c <= 0x7e; }))
    add("reference", "must be at most 200 printable ASCII characters");
  if (!errors.empty()) return fail(Error::invalid("The message is not valid.", std::move(errors)));
  return {};
}

core::Result<std::int64_t> enqueue(storage::Tx& tx, const NewMessage& m) {
  if (auto s = validate(m); !s) return fail(s.error());
  return outbox_store::insert(tx, m, core::now_us());
}

core::Result<std::vector<std::int64_t>> enqueue_many(storage::Tx& tx,
                                                     const std::vector<NewMessage>& messages) {
  for (std::size_t i = 0; i < messages.size(); ++i)
    if (auto s = validate(messages[i]); !s) {
      Error e = s.error();
      for (auto& f : e.fields) f.field = "[" + std::to_string(i) + "]." + f.field;
      return fail(std::move(e));
    }
  return outbox_store::insert_many(tx, messages, core::now_us());
}

std::int64_t cancel_queued(storage::Tx& tx, const ReferenceMatch& match) {
  return outbox_store::cancel_queued(tx, match, core::now_us());
}

std::map<std::string, std::int64_t> counts(storage::Tx& tx, const ReferenceMatch& match) {
  return outbox_store::counts(tx, std::nullopt, match);
}

core::Result<core::Page<Message>> Outbox::list(const auth::Principal& who, const MessageFilter& f) {
  if (!reads_outbox(who))
    return fail(Error::forbidden("Only admins and auditors read the outbox."));
  auto rows = db_.read([&](storage::Tx& tx) {
    auto found = outbox_store::list(tx, f);
    for (auto& m : found) m = shown(tx, std::move(m));
    return found;
  });
  core::Page<Message> page{std::move(rows), std::nullopt};
  if (int(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.next_cursor = std::to_string(page.items.back().id);
  }
  return page;
}

core::Result<Message> Outbox::get(const auth::Principal& who, std::int64_t id) {
  if (!reads_outbox(who))
    return fail(Error::forbidden("Only admins and auditors read the outbox."));
  auto m = db_.read([&](storage::Tx& tx) -> std::optional<Message> {
    auto found = outbox_store::get(tx, id);
    if (!found) return std::nullopt;
    return shown(tx, std::move(*found));
  });
  if (!m) return fail(Error::not_found("No message has id " + std::to_string(id) + "."));
  return *m;
}

// A bulk message whose recipient is gone, or whose source this process lacks, is shown as
// stored: its key and the shared words.
Message Outbox::shown(storage::Tx& tx, Message m) const {
  if (!m.shared || !resolvers_) return m;
  auto r = resolvers_->resolve(tx, m, Purpose::show);
  return r ? std::move(*r) : m;
}

core::Result<std::map<std::string, std::int64_t>> Outbox::counts(const auth::Principal& who,
                                                                 const MessageFilter& f) {
  if (!reads_outbox(who))
    return fail(Error::forbidden("Only admins and auditors read the outbox."));
  return db_.read(
      [&](storage::Tx& tx) { return outbox_store::counts(tx, f.channel, f.reference); });
}

core::Result<Message> Outbox::retry(const auth::Principal& who, const auth::Actor& actor,
                                    std::int64_t id) {
  if (!who.is(Role::admin)) return fail(Error::forbidden("Only admins retry messages."));
  return db_.write([&](storage::Tx& tx) -> core::Result<Message> {
    auto m = outbox_store::get(tx, id);
    if (!m) return fail(Error::not_found("No message has id " + std::to_string(id) + "."));
    if (m->status != "failed" && m->status != "cancelled" && m->status != "queued")
      return fail(Error::conflict("Message " + std::to_string(id) + " is " + m->status +
                                  ": only a failed, cancelled or queued message can be retried."));
    Message before = *m;
    auto now = core::now_us();
    if (m->status != "queued") m->attempts = 0;
    m->status = "queued";
    m->next_attempt_at = now;
    m->updated_at = now;
    outbox_store::update_state(tx, *m);
    auth::audit(tx, actor, "notify_message.retry", "notify_message", std::to_string(id),
                audit_view(before), audit_view(*m));
    return *m;
  });
}

core::Result<Message> Outbox::cancel(const auth::Principal& who, const auth::Actor& actor,
                                     std::int64_t id) {
  if (!who.is(Role::admin)) return fail(Error::forbidden("Only admins cancel messages."));
  return db_.write([&](storage::Tx& tx) -> core::Result<Message> {
    auto m = outbox_store::get(tx, id);
    if (!m) return fail(Error::not_found("No message has id " + std::to_string(id) + "."));
    if (m->status != "queued")
      return fail(Error::conflict("Message " + std::to_string(id) + " is " + m->status +
                                  ": only a queued message can be cancelled."));
    Message before = *m;
    m->status = "cancelled";
    m->updated_at = core::now_us();
    outbox_store::update_state(tx, *m);
    auth::audit(tx, actor, "notify_message.cancel", "notify_message", std::to_string(id),
                audit_view(before), audit_view(*m));
    return *m;
  });
}

core::Result<std::vector<Message>> Outbox::send(const auth::Principal& who,
                                                const auth::Actor& actor,
                                                const std::vector<NewMessage>& messages) {
  if (!who.is(Role::admin)) return fail(Error::forbidden("Only admins send messages."));
  return db_.write([&](storage::Tx& tx) -> core::Result<std::vector<Message>> {
    std::vector<Message> out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      auto id = enqueue(tx, messages[i]);
      if (!id) {
        auto e = id.error();
        if (messages.size() > 1) {
          e.message = "Message " + std::to_string(i + 1) + " (to " + messages[i].recipient +
                      ") is not valid.";
        }
        return fail(e);
      }
      auto stored = outbox_store::get(tx, *id);
      if (!stored) return fail(Error::internal("the message just enqueued is gone"));
      auth::audit(tx, actor, "notify_message.send", "notify_message", std::to_string(*id), nullptr,
                  audit_view(*stored));
      out.push_back(std::move(*stored));
    }
    return out;
  });
}

std::vector<Message> Outbox::to_print(const ReferenceMatch& match, int limit) {
  return db_.read([&](storage::Tx& tx) { return outbox_store::queued_print(tx, match, limit); });
}

core::Result<std::int64_t> Outbox::mark_printed(const auth::Actor& actor,
                                                const std::vector<std::int64_t>& ids) {
  return db_.write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
    std::int64_t n = 0;
    auto now = core::now_us();
    for (auto id : ids) {
      auto m = outbox_store::get(tx, id);
      if (!m || m->channel != "print" || m->status != "queued") continue;
      Message before = *m;
      m->status = "sent";
      m->attempts += 1;
      m->sent_at = now;
      m->updated_at = now;
      outbox_store::update_state(tx, *m);
      auth::audit(tx, actor, "notify_message.printed", "notify_message", std::to_string(id),
                  audit_view(before), audit_view(*m));
      ++n;
    }
    return n;
  });
}

}  // namespace qorgan::notify
