#pragma once
// HTML forms: describing fields, turning submitted
// fields into the JSON object a service takes, and putting a service's field errors back next to
// the inputs they belong to.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.hpp"
#include "core/error.hpp"
#include "core/json.hpp"
#include "http/form.hpp"
#include "http/request.hpp"
#include "view/templates.hpp"

namespace qorgan::console {

using view::Data;
using view::Templates;
using view::to_data;

using http::Form;
using http::form_value;
using http::parse_form;

struct Option {
  std::string value, label;
};

enum class FieldKind { text, textarea, select, integer, number, date, email, tel, checkbox };

struct Field {
  std::string path;  // JSON path with dots ("name.kk") and the form field's name
  std::string label;
  FieldKind kind = FieldKind::text;
  bool required = false;
  std::string hint;
  std::string autocomplete;
  std::vector<Option> options;  // for select; an empty choice is added unless required
  // Computed at render time (e.g. the regions the caller may choose).
  std::function<std::vector<Option>(const auth::Principal&)> options_fn;
  bool numeric_value = false;  // a select whose values are ids, sent as numbers
  bool on_create = true, on_update = true;
  // For values that are not one scalar (e.g. a list of skills, one per line): how the form's
  // text becomes JSON and how a record's JSON is shown in the form.
  std::function<core::Json(const std::string&)> encode;
  std::function<std::string(const core::Json&)> decode;
};

// The form's fields as JSON. Empty fields are left out on create and sent as null on update;
// a dotted group ("centroid.lat", "centroid.lon") left wholly empty is left out. Numbers that
// do not parse are sent as text so that the service names the field.
core::Json form_to_json(const std::vector<Field>& fields, const Form& form, bool creating);

// The value at a dotted path of `record`, as a form would show it.
std::string json_text(const core::Json& record, const std::string& path);
const core::Json* json_at(const core::Json& record, const std::string& path);

// Rendering data for a form: one entry per field with its value, options, and the error the
// service gave for it, in the page's language (console/i18n.hpp). Errors that name no field are
// returned in `unplaced`.
Data fields_data(const std::vector<Field>& fields, const auth::Principal& who,
                 const std::function<std::string(const std::string&)>& value_of,
                 const std::vector<core::FieldError>& errors, bool creating,
                 std::vector<core::FieldError>* unplaced);

// "territorial_troops" → "Territorial troops".
std::string humanize(std::string_view code);
std::vector<Option> enum_options(const std::vector<std::string>& codes);

}  // namespace qorgan::console
