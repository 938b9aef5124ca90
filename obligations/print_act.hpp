#pragma once
// The printed inspection act: one A4 HTML document in kk, ru or en with the facility, the
// checklist as it was checked, the result and the findings, and places to sign. Self-contained
// (inline CSS), to be served under kPrintPolicy.
#include <string>

#include "obligations/model.hpp"

namespace qorgan::obligations {

inline constexpr const char* kPrintPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

std::string render_inspection_act(const Inspection& inspection, const std::string& facility,
                                  const std::string& organisation, const std::string& lang);

}  // namespace qorgan::obligations
