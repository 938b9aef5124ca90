// The one reader of JSON request bodies, core::parse_json_object, with its UTF-8 check and its
// nesting limit. Invariants: what it accepts is an object no deeper than kMaxJsonDepth; it writes
// out without throwing, and the written text is accepted again as an equal value.
#include <cmath>
#include <cstdint>
#include <string_view>

#include "core/json.hpp"
#include "fuzz/check.hpp"

namespace {

using qorgan::core::Json;

int depth(const Json& j) {
  int d = 0;
  if (j.is_array() || j.is_object())
    for (const auto& v : j) d = std::max(d, depth(v));
  return (j.is_array() || j.is_object()) ? d + 1 : 0;
}

bool finite_numbers(const Json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_array() || j.is_object())
    for (const auto& v : j)
      if (!finite_numbers(v)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto parsed = qorgan::core::parse_json_object(body);
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(parsed->is_object());
  FUZZ_CHECK(depth(*parsed) <= qorgan::core::kMaxJsonDepth);
  const std::string dumped = parsed->dump();  // throws on invalid UTF-8, which was refused
  auto again = qorgan::core::parse_json_object(dumped);
  FUZZ_CHECK(again.has_value());
  // A number beyond double's range reads as infinity and is written as null.
  if (finite_numbers(*parsed)) FUZZ_CHECK(*again == *parsed);

  // The field reader every endpoint uses: any value under any of these names is either taken or
  // named in the errors, and the object's other fields are reported as unknown.
  qorgan::core::JsonFields f(*parsed);
  f.str("name", false);
  f.i64("count", false, 0, 1000);
  f.f64("lat", false, -90, 90);
  f.boolean("active", false);
  f.choice("kind", false, {"school", "hospital"});
  f.array("items", false);
  f.object("address", false);
  auto status = f.finish();
  if (!status) FUZZ_CHECK(!status.error().fields.empty());
  return 0;
}
