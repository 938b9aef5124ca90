#pragma once
// CAP 1.2 (OASIS Common Alerting Protocol) documents and the CAP Atom feed, written from alerts.
// One <info> per language the alert is written in; the area as KATO geocodes, polygons and
// circles. Pure functions: the same alert gives the same bytes (its signature depends on it).
#include <string>
#include <vector>

#include "alerts/model.hpp"

namespace qorgan::alerts {

struct CapContext {
  std::string sender;       // CAP <sender>
  std::string sender_name;  // <senderName> when the alert names none
  std::string origin;       // prefix of links ("" leaves them site-relative)
};

// CAP's dateTime: "2026-12-04T17:00:00+00:00" (CAP forbids "Z").
std::string cap_time(core::Timestamp t);
// `referenced`: the alerts `a.references` names, in its order. `sent`: a.approved_at, or the
// moment a draft is previewed.
std::string cap_document(const Alert& a, const std::vector<Alert>& referenced, const CapContext& c,
                         core::Timestamp sent);
// The public address of an alert's CAP document.
std::string cap_path(const Alert& a);
// The portal's page of an alert in `language`.
std::string page_path(const Alert& a, const std::string& language);
// An Atom feed with one entry per message, each linking its CAP document.
std::string atom_feed(const std::vector<Alert>& alerts, const CapContext& c,
                      const std::string& title, const std::string& self, core::Timestamp updated);

}  // namespace qorgan::alerts
