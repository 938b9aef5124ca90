// Reminders of findings past their deadline, through the outbox, once each.
#include <fmt/format.h>

#include "auth/audit.hpp"
#include "notify/outbox.hpp"
#include "obligations/obligations.hpp"
#include "obligations/obligations_store.hpp"

namespace qorgan::obligations {

namespace {

// The reminder in the three languages, one after the other (the organisation chose none).
std::string reminder_text(const Finding& f, const std::string& facility) {
  return fmt::format(
      "Qorgan: {1} нысаны бойынша №{0} кемшілік {2} дейін жойылуы тиіс еді: {3}. Жауапты: {4}.\n"
      "Qorgan: по объекту {1} замечание №{0} должно было быть устранено до {2}: {3}. "
      "Ответственный: {4}.\n"
      "Qorgan: finding no. {0} at {1} was due to be remedied by {2}: {3}. Responsible: {4}.",
      f.id, facility, f.deadline, f.deficiency, f.responsible);
}

}  // namespace

std::int64_t Obligations::remind_overdue(core::Timestamp now) {
  auto today = today_at(now);
  auto due = db_.read([&](storage::Tx& tx) { return store::unreminded_overdue(tx, today, 500); });
  auto system = auth::system_principal("obligations");
  auto actor = auth::Actor{std::nullopt, "qorgan:obligations", "obligations-reminders"};
  std::int64_t reminded = 0;
  for (const auto& f : due) {
    std::string facility = "#" + std::to_string(f.facility_id);
    if (auto x = registry_.facilities.get(system, f.facility_id)) facility = x->name;
    std::optional<notify::NewMessage> message;
    if (auto o = registry_.organisations.get(system, f.organisation_id)) {
      std::string text = reminder_text(f, facility);
      std::string reference = "obligations:finding:" + std::to_string(f.id);
      if (o->email && !o->email->empty())
        message = notify::NewMessage{
            .channel = "email",
            .recipient = *o->email,
            .subject = "Qorgan: " + facility + " — " + f.deadline,
            .text = text,
            .reference = reference,
        };
      else if (o->phone && !o->phone->empty())
        message = notify::NewMessage{
            .channel = "sms", .recipient = *o->phone, .text = text, .reference = reference};
    }
    auto done = db_.write([&](storage::Tx& tx) -> core::Result<bool> {
      if (!store::claim_reminder(tx, f.id, now)) return false;
      core::Json after{{"deadline", f.deadline}, {"channel", nullptr}};
      if (message) {
        // A contact the outbox refuses (a malformed address) leaves the reminder to the
        // dashboard, where every overdue finding shows anyway.
        if (notify::validate(*message)) {
          auto id = notify::enqueue(tx, *message);
          if (!id) return core::fail(id.error());
          after["channel"] = message->channel;
          after["message_id"] = *id;
        }
      }
      auth::audit(tx, actor, "obligation_finding.remind", "obligation_finding",
                  std::to_string(f.id), nullptr, after);
      return true;
    });
    if (done && *done) ++reminded;
  }
  return reminded;
}

}  // namespace qorgan::obligations
