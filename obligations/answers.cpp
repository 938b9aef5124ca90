#include "obligations/answers.hpp"

#include <set>

#include "core/text.hpp"

namespace qorgan::obligations {

std::vector<Answer> read_answers(core::JsonFields& f, const std::string& field,
                                 const std::vector<Duty>& applicable) {
  std::vector<Answer> out;
  const core::Json* list = f.array(field, true);
  if (!list) return out;
  if (list->size() > 100) {
    f.add(field, "At most 100 answers.");
    return out;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    std::string at = field + "[" + std::to_string(i) + "]";
    if (!(*list)[i].is_object()) {
      f.add(at, "An answer is an object {duty, value, comment}.");
      continue;
    }
    core::JsonFields g((*list)[i]);
    auto duty = g.str("duty", true, 50);
    std::optional<std::int64_t> value;
    if ((*list)[i].contains("value") && (*list)[i]["value"].is_boolean())
      value = g.boolean("value", true).value_or(false) ? 1 : 0;
    else
      value = g.i64("value", true, 0, 1'000'000);
    auto comment = g.str("comment", false, 1000);
    f.absorb(g, at);
    if (!duty || !value) continue;
    const Duty* d = nullptr;
    for (const auto& x : applicable)
      if (x.code == *duty) d = &x;
    if (!d) {
      f.add(at + ".duty", "is not a duty that applies to this facility");
      continue;
    }
    if (!seen.insert(*duty).second) {
      f.add(at + ".duty", "is answered twice");
      continue;
    }
    if (d->measure == "yes_no" && *value > 1) f.add(at + ".value", "must be 0 or 1 (no or yes)");
    out.push_back({*duty, *value, core::trim(comment.value_or(""))});
  }
  std::string missing;
  for (const auto& d : applicable)
    if (!seen.contains(d.code)) missing += (missing.empty() ? "" : ", ") + d.code;
  if (!missing.empty()) f.add(field, "Answer every duty that applies; missing: " + missing + ".");
  return out;
}

}  // namespace qorgan::obligations
