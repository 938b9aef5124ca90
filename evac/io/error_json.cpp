#include "evac/io/error_json.hpp"

namespace qorgan::evac::io {

nlohmann::json parts_to_json(const std::vector<Part>& parts) {
  auto out = nlohmann::json::array();
  for (const auto& p : parts) {
    auto args = nlohmann::json::array();
    for (const auto& a : p.args)
      args.push_back(a.term ? nlohmann::json{{"term", a.text}} : nlohmann::json(a.text));
    out.push_back({{"key", p.key}, {"args", std::move(args)}});
  }
  return out;
}

std::vector<Part> parts_from_json(const nlohmann::json& j) {
  std::vector<Part> out;
  if (!j.is_array()) return {};
  for (const auto& p : j) {
    if (!p.is_object() || !p.contains("key") || !p["key"].is_string()) return {};
    Part part{p["key"].get<std::string>(), {}};
    if (p.contains("args")) {
      if (!p["args"].is_array()) return {};
      for (const auto& a : p["args"]) {
        if (a.is_string())
          part.args.push_back({a.get<std::string>(), false});
        else if (a.is_object() && a.contains("term") && a["term"].is_string())
          part.args.push_back({a["term"].get<std::string>(), true});
        else
          return {};
      }
    }
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace qorgan::evac::io
