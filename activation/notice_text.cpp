#include "activation/notice_text.hpp"

#include "activation/callup_words.hpp"
#include "activation/notice_code.hpp"
#include "view/time.hpp"

namespace qorgan::activation {

const std::string& plan_message(const std::string& kk, const std::string& ru, const std::string& en,
                                const std::string& lang) {
  const std::string& own = lang == "ru" ? ru : lang == "en" ? en : kk;
  if (!own.empty()) return own;
  for (const auto* m : {&kk, &ru, &en})
    if (!m->empty()) return *m;
  return own;
}

std::string answer_link(const std::string& origin, const Notice& n) {
  return origin + "/" + n.language + "/callup/" + printed_short_code(n.code);
}

std::string notice_text(const Plan& plan, const Notice& n, core::Timestamp deadline_at,
                        const std::string& time_zone, const std::string& origin) {
  const auto& lang = n.language;
  std::string text = plan_message(plan.message_kk, plan.message_ru, plan.message_en, lang);
  if (!text.empty()) text += "\n";
  text += sayf(lang, "Report by: {}", view::format_time(deadline_at, time_zone)) + "\n";
  text += sayf(lang, "Code: {}", printed_short_code(n.code)) + "\n";
  text += sayf(lang, "Answer: {}", answer_link(origin, n));
  return text;
}

std::string reminder_text(const Plan& plan, const Notice& n, core::Timestamp deadline_at,
                          const std::string& time_zone, const std::string& origin) {
  return say(n.language, "Reminder: you have not yet answered your call-up notice.") + "\n" +
         notice_text(plan, n, deadline_at, time_zone, origin);
}

std::string notice_subject(const Notice& n) {
  return say(n.language, "Call-up notice");
}

}  // namespace qorgan::activation
