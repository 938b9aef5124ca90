#pragma once
// The printed forms of a requisition, one A4 HTML document each, in kk, ru or en: the taking act
// (with the owner's code, when the reader may hand it over), the return act, and the decision's
// annex listing its property. Self-contained (inline CSS), to be served under kPrintPolicy.
#include <string>
#include <vector>

#include "requisition/model.hpp"

namespace qorgan::requisition {

inline constexpr const char* kPrintPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

// `kind`: "taking" or "return"; `origin` is the site's address for the owner's page link. The
// file's code is printed only when present (ItemFile::code), so callers clear it for readers
// who may not hand it over. `thumbnails` are the act's photos as data: URIs (the printed page
// loads nothing from elsewhere), shown under the act's rows.
std::string render_act(const ItemFile& file, const Decision& decision, const std::string& kind,
                       const std::string& lang, const std::string& origin,
                       const std::vector<std::string>& thumbnails = {});
std::string render_annex(const Decision& decision, const std::vector<Item>& items,
                         const std::string& lang);

}  // namespace qorgan::requisition
