// A form page of a service call: see show_form (console/service_forms.hpp).
#include "console/service_forms.hpp"

namespace qorgan::console {

http::Response show_form(Context& c, const http::Request& req, const Principal& who,
                         const FormView& v,
                         const std::function<std::string(const std::string&)>& value_of,
                         const core::Error* error) {
  auto d = base_data(c, req, &who, tr(v.title), v.active);
  d.set("heading", tr(v.title));
  d.set("action", req.target);
  d.set("cancel_href", v.back);
  d.set("submit", tr(v.submit));
  std::vector<core::FieldError> unplaced;
  const std::vector<core::FieldError> none;
  d.set("fields",
        fields_data(v.fields, who, value_of, error ? error->fields : none, v.creating, &unplaced));
  Data hidden{Data::type::list};
  for (const auto& name : v.hidden) {
    Data h{Data::type::object};
    h.set("name", name);
    h.set("value", value_of(name));
    hidden.push_back(h);
  }
  d.set("hidden", hidden);
  int status = 200;
  if (error) {
    d.set("summary", tr_message(error->message));
    Data errors{Data::type::list};
    for (const auto& e : unplaced) {
      Data x{Data::type::object};
      x.set("message", tr_message(e.message));
      errors.push_back(x);
    }
    d.set("errors", errors);
    status = error->code == core::ErrorCode::invalid ? 422 : http::status_of(error->code);
  }
  return render(c, "console/requisition_form", d, status);
}

}  // namespace qorgan::console
