#include "core/json.hpp"

#include "core/validate.hpp"

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "core/text_field.hpp"

namespace qorgan::core {

namespace {

// Whether arrays and objects in `text` nest deeper than `limit`. Brackets inside strings are
// not nesting; for valid JSON this is exact, and invalid JSON fails the parse anyway. It runs
// before the parser, so a deep body is refused without building it.
bool nests_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character cannot end the string
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace

Result<Json> parse_json_object(std::string_view body) {
  if (!valid_utf8(body)) return fail(Error::invalid("The body is not valid UTF-8."));
  if (nests_deeper_than(body, kMaxJsonDepth))
    return fail(Error::invalid("The body's arrays and objects are nested deeper than " +
                               std::to_string(kMaxJsonDepth) + " levels."));
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return fail(Error::invalid("The body is not valid JSON."));
  if (!j.is_object()) return fail(Error::invalid("The body must be a JSON object."));
  return j;
}

const Json* JsonFields::get(const std::string& name, bool required) {
  auto it = obj_.find(name);
  if (it != obj_.end()) seen_.push_back(&*it);
  if (it == obj_.end() || it->is_null()) {
    if (required) add(name, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> JsonFields::str(const std::string& name, bool required, size_t max_len) {
  const Json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) return add(name, "must be a string"), std::nullopt;
  std::string s = trim(v->get<std::string>());
  if (auto msg = check_text_field(s, required, max_len); !msg.empty())
    return add(name, std::move(msg)), std::nullopt;
  return s;
}

std::string check_text_field(std::string_view text, bool required, std::size_t max_len) {
  if (text.size() > max_len) return "is longer than " + std::to_string(max_len) + " bytes";
  if (required && text.empty()) return "must not be empty";
  for (unsigned char c : text)
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
      return "must not contain control characters";
  return {};
}

std::optional<std::string> JsonFields::choice(const std::string& name, bool required,
                                              const std::vector<std::string>& allowed) {
  auto s = str(name, required, 100);
  if (!s) return s;
  if (auto msg = check_choice(*s, allowed); !msg.empty()) return add(name, msg), std::nullopt;
  return s;
}

std::optional<std::int64_t> JsonFields::i64(const std::string& name, bool required,
                                            std::int64_t min, std::int64_t max) {
  const Json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) return add(name, "must be an integer"), std::nullopt;
  std::int64_t n = v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX
                       ? INT64_MAX
                       : v->get<std::int64_t>();
  if (n < min || n > max)
    return add(name, "must be between " + std::to_string(min) + " and " + std::to_string(max)),
           std::nullopt;
  return n;
}

std::optional<double> JsonFields::f64(const std::string& name, bool required, double min,
                                      double max) {
  const Json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number()) return add(name, "must be a number"), std::nullopt;
  double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) return add(name, "is out of range"), std::nullopt;
  return d;
}

std::optional<bool> JsonFields::boolean(const std::string& name, bool required) {
  const Json* v = get(name, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) return add(name, "must be true or false"), std::nullopt;
  return v->get<bool>();
}

const Json* JsonFields::array(const std::string& name, bool required) {
  const Json* v = get(name, required);
  if (v && !v->is_array()) return add(name, "must be an array"), nullptr;
  return v;
}

const Json* JsonFields::object(const std::string& name, bool required) {
  const Json* v = get(name, required);
  if (v && !v->is_object()) return add(name, "must be an object"), nullptr;
  return v;
}

void JsonFields::add_unknown() {
  for (auto it = obj_.begin(); it != obj_.end(); ++it)
    if (std::find(seen_.begin(), seen_.end(), &*it) == seen_.end())
      add(it.key(), "is not a known field");
}

void JsonFields::absorb(JsonFields& inner, const std::string& prefix) {
  inner.add_unknown();
  for (auto& e : inner.errors_) add(prefix + "." + e.field, std::move(e.message));
  inner.errors_.clear();
}

Status JsonFields::finish(std::string_view what) {
  add_unknown();
  if (errors_.empty()) return {};
  return fail(Error::invalid(std::string(what) + " has invalid fields.", std::move(errors_)));
}

}  // namespace qorgan::core
