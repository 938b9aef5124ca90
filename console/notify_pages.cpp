// The outbox in the console (/console/notify): counts per status, the messages newest first
// with filters (status, channel, reference), and for admins the retry and cancel buttons. Its
// labels are in Kazakh, Russian or English (?lang=, else the browser's Accept-Language), and
// times are in the configured zone. Everything goes through notify/outbox.hpp.
#include <array>
#include <map>

#include "console/pages.hpp"
#include "core/text.hpp"
#include "notify/outbox.hpp"
#include "portal/text.hpp"

namespace qorgan::console {

using auth::Principal;
using auth::Role;
using http::Request;
using http::Response;

namespace {

const std::vector<Role> kReaders{Role::admin, Role::auditor};

// Each label in kk, ru, en.
using Words = std::array<const char*, 3>;
const std::map<std::string, Words>& labels() {
  static const std::map<std::string, Words> l{
      {"title", {"Хабарламалар кезегі", "Очередь сообщений", "Outbox"}},
      {"lead",
       {"Қорған жіберетін хаттар, SMS және басып шығарылатын хабарламалар: әрқайсысының күйі мен "
        "әрекеттері.",
        "Письма, SMS и печатные извещения, которые отправляет Qorgan: состояние и попытки "
        "каждого.",
        "E-mail, SMS and printed notices that Qorgan sends: the state and attempts of each."}},
      {"status", {"Күйі", "Состояние", "Status"}},
      {"channel", {"Арна", "Канал", "Channel"}},
      {"reference", {"Сілтеме", "Ссылка", "Reference"}},
      {"reference_hint",
       {"Басы бойынша іздейді: activation:12:", "Ищет по началу: activation:12:",
        "Matches the beginning: activation:12:"}},
      {"any", {"Кез келген", "Любой", "Any"}},
      {"filter", {"Сүзу", "Отобрать", "Filter"}},
      {"clear", {"Тазарту", "Сбросить", "Clear"}},
      {"recipient", {"Алушы", "Получатель", "Recipient"}},
      {"message", {"Хабарлама", "Сообщение", "Message"}},
      {"kind", {"Түрі", "Вид", "Kind"}},
      {"attempts", {"Әрекет", "Попыток", "Attempts"}},
      {"error", {"Соңғы қате", "Последняя ошибка", "Last error"}},
      {"created", {"Құрылды", "Создано", "Created"}},
      {"sent", {"Жіберілді", "Отправлено", "Sent"}},
      {"next", {"Келесі әрекет", "Следующая попытка", "Next attempt"}},
      {"actions", {"Әрекеттер", "Действия", "Actions"}},
      {"retry", {"Қайта жіберу", "Повторить", "Retry"}},
      {"cancel", {"Болдырмау", "Отменить", "Cancel"}},
      {"empty", {"Хабарлама жоқ.", "Сообщений нет.", "No messages match."}},
      {"older", {"Ескілері", "Более ранние", "Older messages"}},
      {"counts", {"Күйлер бойынша", "По состояниям", "By status"}},
      {"total", {"Барлығы", "Всего", "Total"}},
      {"retried",
       {"Хабарлама қайта кезекке қойылды.", "Сообщение снова в очереди.",
        "The message is queued again."}},
      {"cancelled_notice",
       {"Хабарлама болдырылмады.", "Сообщение отменено.", "The message was cancelled."}},
      {"language", {"Тіл", "Язык", "Language"}},
      {"print_title",
       {"Қолма-қол табыс етілетін шақыру қағаздары", "Повестки для вручения на руки",
        "Call-up notices to deliver by hand"}},
      {"print_lead",
       {"Бөлімшенің телефоны мен поштасы жоқ адамдарға арналған шақыру қағаздарын A4 парағында "
        "басып шығару (бір параққа екеуі).",
        "Печать на листах A4 (по две на лист) повесток подразделения для тех, у кого нет "
        "телефона и почты.",
        "Print, on A4 sheets two to a page, the notices of a unit's people who have neither a "
        "phone nor an e-mail address."}},
      {"unit_id", {"Бөлімшенің id нөмірі", "id подразделения", "Unit id"}},
      {"all_notices",
       {"Бөлімшенің барлық шақыру қағаздары", "Все повестки подразделения",
        "Every notice of the unit"}},
      {"print", {"Басып шығару", "Напечатать", "Print"}},
      // Statuses, channels and kinds.
      {"s_queued", {"кезекте", "в очереди", "queued"}},
      {"s_sending", {"жіберілуде", "отправляется", "sending"}},
      {"s_sent", {"жіберілді", "отправлено", "sent"}},
      {"s_delivered", {"жеткізілді", "доставлено", "delivered"}},
      {"s_failed", {"сәтсіз", "не удалось", "failed"}},
      {"s_cancelled", {"болдырылмады", "отменено", "cancelled"}},
      {"c_email", {"электрондық пошта", "эл. почта", "e-mail"}},
      {"c_sms", {"SMS", "SMS", "SMS"}},
      {"c_print", {"басып шығару", "печать", "print"}},
      {"k_real", {"нақты", "реальное", "real"}},
      {"k_exercise", {"ЖАТТЫҒУ", "УЧЕНИЯ", "EXERCISE"}},
      {"k_test", {"СЫНАҚ", "ТЕСТ", "TEST"}},
  };
  return l;
}

int lang_index(const std::string& lang) {
  return lang == "kk" ? 0 : lang == "ru" ? 1 : 2;
}

std::string word(const std::string& key, const std::string& lang) {
  auto it = labels().find(key);
  return it == labels().end() ? key : it->second[std::size_t(lang_index(lang))];
}

std::string language_of(const Request& req) {
  if (auto l = req.query_param("lang"); l && (*l == "kk" || *l == "ru" || *l == "en")) return *l;
  std::string accept(req.header("Accept-Language"));
  for (std::size_t i = 0; i + 1 < accept.size(); ++i) {
    auto two = accept.substr(i, 2);
    bool starts = i == 0 || accept[i - 1] == ',' || accept[i - 1] == ' ';
    if (starts && (two == "kk" || two == "ru" || two == "en")) return two;
  }
  return "en";
}

std::string excerpt(const std::string& s, std::size_t max = 120) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string query_of(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string q;
  for (const auto& [k, v] : params)
    if (!v.empty()) q += (q.empty() ? "?" : "&") + k + "=" + http::url_encode(v);
  return q;
}

view::Data options(const std::vector<std::string>& values, const std::string& prefix,
                   const std::string& chosen, const std::string& lang) {
  view::Data list{view::Data::type::list};
  for (const auto& v : values) {
    view::Data o{view::Data::type::object};
    o.set("value", v);
    o.set("label", word(prefix + v, lang));
    o.set("selected", v == chosen);
    list.push_back(o);
  }
  return list;
}

}  // namespace

void mount_outbox_pages(http::Router& router, Context& c, notify::Outbox& outbox) {
  router.add(
      "GET", "/console/notify",
      page(c, kReaders, [&c, &outbox](Request& req, const Principal& who, const Form&) {
        const auto lang = language_of(req);
        std::vector<core::FieldError> errors;
        notify::MessageFilter f;
        f.status = http::query_enum(req, "status", notify::statuses(), errors);
        f.channel = http::query_enum(req, "channel", notify::channels(), errors);
        auto reference = req.query_param("reference").value_or("");
        if (!reference.empty()) f.reference = notify::ReferenceMatch{reference, true};
        f.before_id = http::query_id(req, "cursor", errors);
        f.limit = 50;
        auto d = base_data(c, req, &who, word("title", lang), "notify");
        d.set("lang", lang);
        for (const auto& [key, w] : labels()) d.set("t_" + key, w[std::size_t(lang_index(lang))]);
        d.set("reference", reference);
        // A reference naming an activation ("activation:12:…") offers its printed notices.
        if (reference.starts_with("activation:")) {
          auto rest = reference.substr(11);
          auto digits = rest.substr(0, rest.find(':'));
          if (!digits.empty() && digits.size() < 18 &&
              digits.find_first_not_of("0123456789") == std::string::npos)
            d.set("print_activation", digits);
        }
        d.set("statuses", options(notify::statuses(), "s_", f.status.value_or(""), lang));
        d.set("channels", options(notify::channels(), "c_", f.channel.value_or(""), lang));
        view::Data langs{view::Data::type::list};
        for (const char* l : {"kk", "ru", "en"}) {
          view::Data o{view::Data::type::object};
          o.set("code", l);
          o.set("label", std::string(l) == "kk"   ? "Қазақша"
                         : std::string(l) == "ru" ? "Русский"
                                                  : "English");
          o.set("current", lang == l);
          o.set("href", "/console/notify" + query_of({{"status", f.status.value_or("")},
                                                      {"channel", f.channel.value_or("")},
                                                      {"reference", reference},
                                                      {"lang", l}}));
          langs.push_back(o);
        }
        d.set("languages", langs);
        if (req.query_param("retried")) d.set("notice", word("retried", lang));
        if (req.query_param("cancelled")) d.set("notice", word("cancelled_notice", lang));
        if (!errors.empty()) {
          view::Data list{view::Data::type::list};
          for (const auto& e : errors) {
            view::Data o{view::Data::type::object};
            o.set("message", e.field + ": " + e.message);
            list.push_back(o);
          }
          d.set("has_errors", true);
          d.set("errors", list);
          d.set("empty", true);
          return render(c, "console/outbox", d, 422);
        }
        // The counts of the channel and reference chosen (all statuses).
        auto counts = outbox.counts(who, f);
        if (!counts) return error_page(c, req, who, counts.error());
        view::Data cl{view::Data::type::list};
        std::int64_t total = 0;
        for (const auto& s : notify::statuses()) {
          auto it = counts->find(s);
          std::int64_t n = it == counts->end() ? 0 : it->second;
          total += n;
          view::Data o{view::Data::type::object};
          o.set("status", s);
          o.set("label", word("s_" + s, lang));
          o.set("count", std::to_string(n));
          o.set("href", "/console/notify" + query_of({{"status", s},
                                                      {"channel", f.channel.value_or("")},
                                                      {"reference", reference},
                                                      {"lang", lang}}));
          cl.push_back(o);
        }
        d.set("counts", cl);
        d.set("total", std::to_string(total));
        auto page = outbox.list(who, f);
        if (!page) return error_page(c, req, who, page.error());
        const bool admin = who.is(Role::admin);
        view::Data rows{view::Data::type::list};
        for (const auto& m : page->items) {
          view::Data r{view::Data::type::object};
          r.set("id", std::to_string(m.id));
          r.set("channel", word("c_" + m.channel, lang));
          r.set("recipient", m.recipient);
          r.set("subject", m.subject);
          r.set("text", excerpt(m.text));
          r.set("reference", m.reference);
          r.set("kind", m.kind == "real" ? std::string() : word("k_" + m.kind, lang));
          r.set("status", m.status);
          r.set("status_label", word("s_" + m.status, lang));
          r.set("attempts", std::to_string(m.attempts));
          r.set("error", m.last_error.value_or(""));
          r.set("created", portal::format_local(m.created_at, lang, c.time_zone));
          r.set("sent", m.sent_at ? portal::format_local(*m.sent_at, lang, c.time_zone) : "");
          r.set("next", m.status == "queued"
                            ? portal::format_local(m.next_attempt_at, lang, c.time_zone)
                            : "");
          r.set("can_retry",
                admin && (m.status == "failed" || m.status == "cancelled" || m.status == "queued"));
          r.set("can_cancel", admin && m.status == "queued");
          rows.push_back(r);
        }
        d.set("messages", rows);
        d.set("empty", page->items.empty());
        d.set("lang_param", lang);
        if (page->next_cursor)
          d.set("next_href", "/console/notify" + query_of({{"status", f.status.value_or("")},
                                                           {"channel", f.channel.value_or("")},
                                                           {"reference", reference},
                                                           {"lang", lang},
                                                           {"cursor", *page->next_cursor}}));
        return render(c, "console/outbox", d);
      }));

  for (const char* action : {"retry", "cancel"}) {
    std::string what = action;
    router.add("POST", "/console/notify/{id:id}/" + what,
               page(c, {Role::admin},
                    [&c, &outbox, what](Request& req, const Principal& who, const Form& form) {
                      auto r = what == "retry"
                                   ? outbox.retry(who, auth::actor(req, who), req.id())
                                   : outbox.cancel(who, auth::actor(req, who), req.id());
                      if (!r) return error_page(c, req, who, r.error());
                      auto lang = form_value(form, "lang");
                      if (lang != "kk" && lang != "ru") lang = "en";
                      return Response::redirect("/console/notify?lang=" + lang + "&" +
                                                (what == "retry" ? "retried=1" : "cancelled=1"));
                    }));
  }
}

}  // namespace qorgan::console
