#pragma once
// The templates a composer starts common alerts from, prefilled in kk, ru and en: the CAP
// codes that fit the hazard and texts the composer then adapts (area, times, details).
#include <optional>
#include <string>
#include <vector>

#include "alerts/model.hpp"

namespace qorgan::alerts {

struct Template {
  std::string key;  // "air_raid", "all_clear", "flood", "evacuation_order", "shelter_in_place"
  std::vector<std::string> categories;
  std::string urgency, severity, certainty;
  std::vector<std::string> response_types;
  int hours = 0;  // how long such an alert usually stays in force
  std::map<std::string, Texts> texts;
};

const std::vector<Template>& templates();
const Template* find_template(const std::string& key);

}  // namespace qorgan::alerts
