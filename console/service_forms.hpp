#pragma once
// Console pages that are a form over one service call: the shared page (show_form) and the page
// groups made of such forms.
#include <functional>
#include <string>
#include <vector>

#include "console/pages.hpp"

namespace qorgan::console {

// A form page of a service call (the template console/requisition_form, which any form can use):
// its fields with their values, and for a refused call the summary, each field's error beside
// it, and the status (422 for invalid, else the error's).
struct FormView {
  std::string active;               // the navigation's marked item
  std::string title, submit, back;  // title and submit in English, shown through tr()
  std::vector<Field> fields;
  std::vector<std::string> hidden;  // fields kept in the form but not shown
  bool creating = true;
};
// Fills `d` (a page of the template console/requisition_form) with the fields, their values and
// `field_errors` beside them, the hidden fields, and for a refused call the summary and the
// errors no field shows; returns the page's status.
int fill_form(Data& d, const std::vector<Field>& fields, const std::vector<std::string>& hidden,
              const Principal& who, const std::function<std::string(const std::string&)>& value_of,
              const std::vector<core::FieldError>& field_errors, const core::Error* error,
              bool creating);
http::Response show_form(Context& c, const http::Request& req, const Principal& who,
                         const FormView& v,
                         const std::function<std::string(const std::string&)>& value_of,
                         const core::Error* error);

// Guarding's forms (console/guard_forms.cpp), under the API's roles: posts made and changed,
// shift patterns added, shifts swapped; a person's own duties, sick report and swap requests,
// and swap requests decided.
void mount_guard_forms(http::Router& router, Context& c);

}  // namespace qorgan::console
