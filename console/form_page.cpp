// A form page of a service call: see show_form (console/service_forms.hpp).
#include "console/service_forms.hpp"

namespace qorgan::console {

int fill_form(Data& d, const std::vector<Field>& fields, const std::vector<std::string>& hidden,
              const Principal& who, const std::function<std::string(const std::string&)>& value_of,
              const std::vector<core::FieldError>& field_errors, const core::Error* error,
              bool creating) {
  std::vector<core::FieldError> unplaced;
  d.set("fields", fields_data(fields, who, value_of, field_errors, creating, &unplaced));
  Data kept{Data::type::list};
  for (const auto& name : hidden) {
    Data h{Data::type::object};
    h.set("name", name);
    h.set("value", value_of(name));
    kept.push_back(h);
  }
  d.set("hidden", kept);
  if (!error) return 200;
  d.set("summary", tr_message(error->message));
  Data errors{Data::type::list};
  for (const auto& e : unplaced) {
    Data x{Data::type::object};
    x.set("message", tr_message(e.message));
    errors.push_back(x);
  }
  d.set("errors", errors);
  return error->code == core::ErrorCode::invalid ? 422 : http::status_of(error->code);
}

http::Response show_form(Context& c, const http::Request& req, const Principal& who,
                         const FormView& v,
                         const std::function<std::string(const std::string&)>& value_of,
                         const core::Error* error) {
  auto d = base_data(c, req, &who, tr(v.title), v.active);
  d.set("heading", tr(v.title));
  d.set("action", req.target);
  d.set("cancel_href", v.back);
  d.set("submit", tr(v.submit));
  const std::vector<core::FieldError> none;
  int status = fill_form(d, v.fields, v.hidden, who, value_of, error ? error->fields : none, error,
                         v.creating);
  return render(c, "console/requisition_form", d, status);
}

}  // namespace qorgan::console
