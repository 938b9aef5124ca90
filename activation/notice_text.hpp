#pragma once
// The words of a call-up notice's message and of its reminder, in the notice's language: the
// plan's message in that language (else the first it has), the deadline in the configured zone,
// the personal code and the link to the answer page.
#include <string>

#include "activation/activations.hpp"

namespace qorgan::activation {

// The plan's message in `lang`, else in kk, ru, en (the first written).
const std::string& plan_message(const std::string& kk, const std::string& ru, const std::string& en,
                                const std::string& lang);
// "/kk/callup/ABCD-EFGH" under `origin`.
std::string answer_link(const std::string& origin, const Notice& n);
// The notice's text; `deadline_at` is written in `time_zone`.
std::string notice_text(const Plan& plan, const Notice& n, core::Timestamp deadline_at,
                        const std::string& time_zone, const std::string& origin);
std::string reminder_text(const Plan& plan, const Notice& n, core::Timestamp deadline_at,
                          const std::string& time_zone, const std::string& origin);
// The subject of its e-mail.
std::string notice_subject(const Notice& n);

}  // namespace qorgan::activation
