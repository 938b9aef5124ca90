// Public alert subscribers in the console (/console/alerts/subscribers): how many follow each
// region, by channel, language and state, and the latest fan-outs with their messages by
// channel and state. Never an address. Admins and auditors; labels in kk, ru, en (the page's
// language). Everything goes through alerts/subscriptions.hpp and alerts/fan_out.hpp.
#include <array>
#include <map>

#include "alerts/fan_out.hpp"
#include "alerts/subscriptions.hpp"
#include "console/pages.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;

namespace {

using Words = std::array<const char*, 3>;  // kk, ru, en
const std::map<std::string, Words>& labels() {
  static const std::map<std::string, Words> l{
      {"title", {"Хабарландыру жазылушылары", "Подписчики оповещений", "Alert subscribers"}},
      {"lead",
       {"Аймақтар бойынша жазылушылар саны. Мекенжайлар көрсетілмейді: олар шифрланып сақталады.",
        "Число подписчиков по местностям. Адреса не показываются: они хранятся зашифрованными.",
        "Subscribers per region. Addresses are never shown: they are stored encrypted."}},
      {"region", {"Аймақ", "Местность", "Region"}},
      {"channel", {"Арна", "Канал", "Channel"}},
      {"language", {"Тіл", "Язык", "Language"}},
      {"status", {"Күйі", "Состояние", "Status"}},
      {"count", {"Саны", "Число", "Count"}},
      {"total", {"Барлығы", "Всего", "Total"}},
      {"none", {"Жазылушылар әлі жоқ.", "Подписчиков пока нет.", "No subscribers yet."}},
      {"fan_outs", {"Соңғы таратулар", "Последние рассылки", "Latest fan-outs"}},
      {"alert", {"Хабарландыру", "Оповещение", "Alert"}},
      {"type", {"Түрі", "Тип", "Type"}},
      {"state", {"Барысы", "Ход", "Progress"}},
      {"enqueued", {"Кезекке қойылды", "Поставлено в очередь", "Enqueued"}},
      {"messages", {"Хабарламалар", "Сообщения", "Messages"}},
      {"started", {"Басталды", "Начата", "Started"}},
      {"no_fan_outs", {"Таратулар болған жоқ.", "Рассылок не было.", "No fan-outs yet."}},
      {"c_email", {"электрондық пошта", "эл. почта", "e-mail"}},
      {"c_sms", {"SMS", "SMS", "SMS"}},
      {"st_pending", {"растауды күтуде", "ждёт подтверждения", "awaiting confirmation"}},
      {"st_confirmed", {"расталған", "подтверждена", "confirmed"}},
      {"st_running", {"жүріп жатыр", "идёт", "running"}},
      {"st_done", {"аяқталды", "завершена", "done"}},
      {"s_queued", {"кезекте", "в очереди", "queued"}},
      {"s_sending", {"жіберілуде", "отправляется", "sending"}},
      {"s_sent", {"жіберілді", "отправлено", "sent"}},
      {"s_delivered", {"жеткізілді", "доставлено", "delivered"}},
      {"s_failed", {"сәтсіз", "не удалось", "failed"}},
      {"s_cancelled", {"болдырылмады", "отменено", "cancelled"}},
      {"Actual", {"нақты", "реальное", "actual"}},
      {"Exercise", {"ЖАТТЫҒУ", "УЧЕНИЯ", "EXERCISE"}},
      {"Test", {"СЫНАҚ", "ТЕСТ", "TEST"}},
      {"Alert", {"хабарландыру", "оповещение", "alert"}},
      {"Update", {"жаңарту", "обновление", "update"}},
      {"Cancel", {"болдырмау", "отмена", "cancel"}},
  };
  return l;
}

std::string word(const std::string& key) {
  const auto& lang = language();
  auto it = labels().find(key);
  if (it == labels().end()) return key;
  return it->second[lang == "kk" ? 0 : lang == "ru" ? 1 : 2];
}

std::string region_label(Context& c, const std::string& code) {
  auto r = c.registry.regions.by_code(code);
  if (!r) return code;
  const auto& lang = language();
  return (lang == "kk" ? r->name_kk : lang == "ru" ? r->name_ru : r->name_en) + " (" + code + ")";
}

}  // namespace

void mount_alert_subscriber_pages(http::Router& router, Context& c,
                                  alerts::Subscriptions& subscriptions,
                                  alerts::FanOutWorker& fan_out) {
  router.add("GET", "/console/alerts/subscribers",
             page(c, {Role::admin, Role::auditor},
                  [&c, &subscriptions, &fan_out](Request& req, const Principal& who, const Form&) {
                    auto counts = subscriptions.counts(who);
                    if (!counts) return error_page(c, req, who, counts.error());
                    auto recent = fan_out.recent(who, 20);
                    if (!recent) return error_page(c, req, who, recent.error());
                    auto d = base_data(c, req, &who, word("title"), "alerts");
                    for (const auto& [key, w] : labels()) d.set("t_" + key, word(key));
                    view::Data rows{view::Data::type::list};
                    std::int64_t total = 0;
                    std::map<std::string, std::string> names;
                    for (const auto& n : *counts) {
                      if (!names.contains(n.region)) names[n.region] = region_label(c, n.region);
                      view::Data r{view::Data::type::object};
                      r.set("region", names[n.region]);
                      r.set("channel", word("c_" + n.channel));
                      r.set("language", view::language_name(n.language));
                      r.set("status", word("st_" + n.status));
                      r.set("count", std::to_string(n.count));
                      total += n.count;
                      rows.push_back(r);
                    }
                    d.set("rows", rows);
                    d.set("empty", counts->empty());
                    d.set("total", std::to_string(total));
                    view::Data jobs{view::Data::type::list};
                    for (const auto& j : *recent) {
                      view::Data r{view::Data::type::object};
                      r.set("alert", std::to_string(j.alert_id) + " · " + j.identifier);
                      r.set("type", word(j.msg_type) + (j.cap_status == "Actual"
                                                            ? std::string()
                                                            : " · " + word(j.cap_status)));
                      r.set("state", word("st_" + j.state));
                      r.set("enqueued", std::to_string(j.enqueued));
                      std::string messages;
                      for (const auto& [channel, by_status] : j.messages) {
                        messages += (messages.empty() ? "" : "; ") + word("c_" + channel) + ":";
                        for (const auto& [status, n] : by_status)
                          messages += " " + word("s_" + status) + " " + std::to_string(n);
                      }
                      r.set("messages", messages);
                      r.set("started", local_time(c, j.created_at));
                      jobs.push_back(r);
                    }
                    d.set("fan_outs", jobs);
                    d.set("no_fan_outs", recent->empty());
                    return render(c, "console/alert_subscribers", d);
                  }));
}

}  // namespace qorgan::console
