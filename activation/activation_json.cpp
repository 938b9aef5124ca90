#include "activation/activation_json.hpp"

#include "core/time.hpp"

namespace qorgan::activation {

core::Json to_json(const Plan& p) {
  core::Json units = core::Json::array();
  for (const auto& u : p.units)
    units.push_back({{"unit_id", u.unit_id},
                     {"target", u.target},
                     {"assembly_facility_id", u.assembly_facility_id}});
  return {{"id", p.id},
          {"name", p.name},
          {"region_id", p.region_id},
          {"deadline_minutes", p.deadline_minutes},
          {"messages", {{"kk", p.message_kk}, {"ru", p.message_ru}, {"en", p.message_en}}},
          {"units", units},
          {"created_by", p.created_by},
          {"created_at", core::format_rfc3339(p.created_at)},
          {"updated_at", core::format_rfc3339(p.updated_at)}};
}

}  // namespace qorgan::activation
