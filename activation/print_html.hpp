#pragma once
// The printed call-up notices of a unit: one A4 HTML document, two notices a sheet (one per half
// page), each with the person's name, unit, assembly point and its address, the deadline in the
// configured zone, the plan's message, the short code, the QR code of the signed token and the
// EXERCISE mark when the activation is an exercise; in kk, ru or en. Self-contained (inline CSS
// and SVG), to be served under kPrintContentSecurityPolicy.
#include <string>

#include "activation/activations.hpp"

namespace qorgan::activation {

inline constexpr const char* kPrintContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// `origin` is the site's public address, for the answer link; times are written in `time_zone`.
std::string render_print_batch(const PrintBatch& batch, const std::string& lang,
                               const std::string& time_zone, const std::string& origin);

}  // namespace qorgan::activation
