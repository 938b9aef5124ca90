#include "activation/overdue.hpp"

#include <map>
#include <optional>

#include "activation/activation_store.hpp"
#include "activation/overdue_store.hpp"
#include "activation/plan_store.hpp"
#include "auth/audit.hpp"
#include "core/json.hpp"
#include "notify/outbox.hpp"

namespace qorgan::activation {

namespace {

// Where a unit's commander is told, as the registry has it now.
struct Commander {
  std::int64_t person_id = 0;
  std::string name;
  std::optional<std::string> email, phone;
};

// How many names an SMS-length list carries before "… and N more"; e-mail and print carry all.
constexpr std::size_t kSmsNames = 10;

std::string list_text(const std::string& plan, const std::string& unit,
                      const std::vector<overdue_store::Late>& late, std::size_t max) {
  std::string text = "Мерзімінде келмегендер / Не явились к сроку / Overdue at the deadline\n" +
                     plan + " — " + unit + ": " + std::to_string(late.size()) + "\n";
  for (std::size_t i = 0; i < late.size() && i < max; ++i)
    text += std::to_string(i + 1) + ". " + late[i].person_name + "\n";
  if (late.size() > max) text += "… +" + std::to_string(late.size() - max) + " (Qorgan)\n";
  return text;
}

// Queues the list for the commander: e-mail, else SMS, else print; the message id or nothing.
std::optional<std::int64_t> tell(storage::Tx& tx, const Activation& a, const std::string& plan,
                                 const std::string& unit_name, std::int64_t unit_id,
                                 const Commander& c, const std::vector<overdue_store::Late>& late) {
  notify::NewMessage m;
  m.reference = "activation:" + std::to_string(a.id) + ":overdue:" + std::to_string(unit_id);
  m.kind = a.kind == Kind::exercise ? "exercise" : "real";
  m.subject = "Мерзімі өтті / Не явились в срок / Overdue: " + unit_name;
  auto attempt = [&](const char* channel, const std::optional<std::string>& to,
                     std::size_t names) -> std::optional<std::int64_t> {
    if (!to || to->empty()) return std::nullopt;
    m.channel = channel;
    m.recipient = *to;
    m.text = list_text(plan, unit_name, late, names);
    if (!notify::validate(m)) return std::nullopt;
    auto id = notify::enqueue(tx, m);
    return id ? std::optional(*id) : std::nullopt;
  };
  if (auto id = attempt("email", c.email, late.size())) return id;
  if (auto id = attempt("sms", c.phone, kSmsNames)) return id;
  return attempt("print", c.name, late.size());
}

}  // namespace

std::int64_t OverdueSweep::run(core::Timestamp now) {
  std::int64_t total = 0;
  const auto system = auth::system_principal("qorgan:deadline");
  for (auto id : db_.read([&](storage::Tx& tx) { return overdue_store::due(tx, now); })) {
    auto loaded = db_.read([&](storage::Tx& tx) {
      auto a = activation_store::get(tx, id);
      std::optional<Plan> plan = a ? plan_store::get(tx, a->plan_id) : std::nullopt;
      return std::pair(a, plan);
    });
    if (!loaded.first) continue;
    const Activation& a = *loaded.first;
    const std::string plan_name = loaded.second ? loaded.second->name : "";
    // Unit names and commanders, looked up before the write transaction.
    std::map<std::int64_t, std::string> unit_names;
    std::map<std::int64_t, std::optional<Commander>> commanders;
    auto learn = [&](std::int64_t unit_id) {
      if (unit_names.contains(unit_id)) return;
      auto u = registry_.units.get(system, unit_id);
      unit_names[unit_id] = u ? u->name : "#" + std::to_string(unit_id);
      if (!u || !u->commander_id) {
        commanders[unit_id] = std::nullopt;
        return;
      }
      auto p = registry_.people.get(system, *u->commander_id);
      if (!p) {
        commanders[unit_id] = std::nullopt;
        return;
      }
      commanders[unit_id] =
          Commander{p->id, p->family_name + " " + p->given_name, p->email, p->phone};
    };
    if (loaded.second)
      for (const auto& u : loaded.second->units) learn(u.unit_id);

    auto swept = db_.write([&](storage::Tx& tx) -> core::Result<std::int64_t> {
      if (!overdue_store::claim(tx, id, now)) return 0;
      auto late = overdue_store::mark(tx, id);
      std::map<std::int64_t, std::vector<overdue_store::Late>> by_unit;
      for (const auto& l : late) by_unit[l.unit_id].push_back(l);
      core::Json units = core::Json::array();
      for (const auto& [unit_id, people] : by_unit) {
        learn(unit_id);  // a unit the plan no longer lists (it changed since the call-up)
        const auto& c = commanders[unit_id];
        std::optional<std::int64_t> message;
        if (c) message = tell(tx, a, plan_name, unit_names[unit_id], unit_id, *c, people);
        units.push_back({{"unit_id", unit_id},
                         {"overdue", people.size()},
                         {"commander_id", c ? core::Json(c->person_id) : core::Json(nullptr)},
                         {"message_id", message ? core::Json(*message) : core::Json(nullptr)}});
      }
      auth::Actor actor{std::nullopt, "qorgan:deadline", "deadline-" + std::to_string(id)};
      auth::audit(tx, actor, "activation.overdue", "activation", std::to_string(id), nullptr,
                  {{"overdue", late.size()}, {"units", units}});
      return std::int64_t(late.size());
    });
    total += swept.value_or(0);
  }
  return total;
}

}  // namespace qorgan::activation
