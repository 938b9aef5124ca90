#pragma once
// Reading untrusted JSON objects field by field. Every type mismatch, missing required field and
// unknown field is collected as a FieldError, so one answer names everything wrong at once.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace qorgan::core {

using Json = nlohmann::json;

// How deeply arrays and objects may nest in a body. Parsed values are later copied, compared
// and written out by recursive code (nlohmann's dump among it), so a deeper body could exhaust
// a thread's stack; no body the API accepts comes near this.
inline constexpr int kMaxJsonDepth = 64;

// Parses a request body, the one way every JSON request body is read; invalid JSON, invalid
// UTF-8, nesting deeper than kMaxJsonDepth and non-objects are `invalid` errors.
Result<Json> parse_json_object(std::string_view body);

class JsonFields {
 public:
  explicit JsonFields(const Json& obj) : obj_(obj) {}

  // `required` fields must be present and not null; optional ones may be absent or null.
  std::optional<std::string> str(const std::string& name, bool required, size_t max_len = 500);
  std::optional<std::int64_t> i64(const std::string& name, bool required,
                                  std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  std::optional<double> f64(const std::string& name, bool required, double min = -1e300,
                            double max = 1e300);
  std::optional<bool> boolean(const std::string& name, bool required);
  // A string that must be one of `allowed` (codes: kinds, statuses, levels).
  std::optional<std::string> choice(const std::string& name, bool required,
                                    const std::vector<std::string>& allowed);
  const Json* array(const std::string& name, bool required);
  const Json* object(const std::string& name, bool required);
  bool has(const std::string& name) const { return obj_.contains(name); }

  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  // Fields not read by any accessor are reported as unknown (typos must not pass silently).
  Status finish(std::string_view what = "The request");
  // Takes a nested object's problems (its unknown fields included) as "prefix.field".
  void absorb(JsonFields& inner, const std::string& prefix);
  bool ok() const { return errors_.empty(); }

 private:
  const Json* get(const std::string& name, bool required);
  void add_unknown();
  const Json& obj_;
  std::vector<const Json*> seen_;  // the object's values that an accessor asked for
  std::vector<FieldError> errors_;
};

}  // namespace qorgan::core
