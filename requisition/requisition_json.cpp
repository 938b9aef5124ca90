#include "requisition/requisition_json.hpp"

#include "core/json_writer.hpp"
#include "core/time.hpp"

namespace qorgan::requisition {

using core::Json;

namespace {

template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json time_or_null(const std::optional<std::int64_t>& t) {
  return t ? Json(core::format_rfc3339(*t)) : Json(nullptr);
}

template <typename T>
Json list(const std::vector<T>& xs) {
  Json out = Json::array();
  for (const auto& x : xs) out.push_back(to_json(x));
  return out;
}

}  // namespace

Json to_json(const Decision& d) {
  Json j = d.details;
  j["id"] = d.id;
  j["number"] = d.number;
  j["decided_on"] = d.decided_on;
  j["issuing_body"] = d.issuing_body;
  j["grounds"] = d.grounds;
  j["region_id"] = d.region_id;
  j["deadline"] = d.deadline;
  j["status"] = d.status;
  j["version"] = d.version;
  j["created_by"] = d.created_by;
  j["created_at"] = core::format_rfc3339(d.created_at);
  j["updated_at"] = core::format_rfc3339(d.updated_at);
  return j;
}

Json to_json(const DecisionVersion& v) {
  return {{"version", v.version},
          {"decision", v.snapshot},
          {"changed_by", v.changed_by},
          {"changed_at", core::format_rfc3339(v.changed_at)}};
}

Json to_json(const Item& i) {
  Json j{{"id", i.id},
         {"decision_id", i.decision_id},
         {"region_id", i.region_id},
         {"kind", i.kind},
         {"description", i.description},
         {"details", i.details},
         {"owner", {{"kind", i.owner_kind}, {"name", i.owner_name}}},
         {"requisition_type", i.requisition_type},
         {"status", i.status},
         {"taken_on", opt(i.taken_on)},
         {"returned_on", opt(i.returned_on)},
         {"created_by", i.created_by},
         {"created_at", core::format_rfc3339(i.created_at)}};
  if (!i.owner_id.empty()) j["owner"][i.owner_kind == "person" ? "iin" : "bin"] = i.owner_id;
  return j;
}

Json to_json(const Act& a) {
  Json j = a.details;
  j["id"] = a.id;
  j["kind"] = a.kind;
  j["act_date"] = a.act_date;
  j["recorded_by"] = a.recorded_by;
  j["recorded_at"] = core::format_rfc3339(a.recorded_at);
  return j;
}

Json to_json(const Custody& c) {
  return {{"id", c.id},
          {"unit_id", opt(c.unit_id)},
          {"place", c.place},
          {"responsible", c.responsible},
          {"moved_on", c.moved_on},
          {"recorded_by", c.recorded_by},
          {"recorded_at", core::format_rfc3339(c.recorded_at)}};
}

Json to_json(const Valuation& v) {
  return {{"id", v.id},
          {"item_id", v.item_id},
          {"appraiser", v.appraiser},
          {"licence", v.licence},
          {"method", v.method},
          {"value_date", v.value_date},
          {"market_value", v.market_value},
          {"rent_per_day", v.rent_per_day},
          {"damage", v.damage},
          {"status", v.status},
          {"recorded_by", v.recorded_by},
          {"recorded_at", core::format_rfc3339(v.recorded_at)},
          {"approved_by", opt(v.approved_by)},
          {"approved_at", time_or_null(v.approved_at)}};
}

Json to_json(const Application& a) {
  return {{"id", a.id},
          {"item_id", a.item_id},
          {"method", a.method},
          {"iban", opt(a.iban)},
          {"filed_by", a.filed_by},
          {"filed_at", core::format_rfc3339(a.filed_at)}};
}

Json to_json(const Dispute& d) {
  return {{"id", d.id},
          {"item_id", d.item_id},
          {"reason", d.reason},
          {"claimed", d.claimed},
          {"disputed", d.disputed},
          {"status", d.status},
          {"opened_by", d.opened_by},
          {"opened_at", core::format_rfc3339(d.opened_at)},
          {"resolution", opt(d.resolution)},
          {"adjustment", opt(d.adjustment)},
          {"resolved_by", opt(d.resolved_by)},
          {"resolved_at", time_or_null(d.resolved_at)}};
}

Json to_json(const PaymentOrder& o) {
  return {{"id", o.id},
          {"item_id", o.item_id},
          {"amount", o.amount},
          {"method", o.method},
          {"iban", opt(o.iban)},
          {"idempotency_key", o.idempotency_key},
          {"status", o.status},
          {"created_by", o.created_by},
          {"created_at", core::format_rfc3339(o.created_at)},
          {"confirmed_by", opt(o.confirmed_by)},
          {"confirmed_at", time_or_null(o.confirmed_at)},
          {"cancel_reason", opt(o.cancel_reason)}};
}

Json to_json(const LedgerEntry& e) {
  return {{"id", e.id},
          {"item_id", e.item_id},
          {"decision_id", e.decision_id},
          {"region_id", e.region_id},
          {"kind", e.kind},
          {"amount", e.amount},
          {"reason", e.reason},
          {"recorded_by", e.recorded_by},
          {"recorded_at", core::format_rfc3339(e.recorded_at)}};
}

Json to_json(const Totals& t) {
  return {{"accrued", t.accrued}, {"adjusted", t.adjusted}, {"owed", t.owed()},
          {"paid", t.paid},       {"balance", t.balance()}, {"disputed", t.disputed},
          {"entries", t.entries}};
}

Json to_json(const ItemFile& f) {
  Json j = to_json(f.item);
  j["decision"] = {{"number", f.decision_number},
                   {"grounds", f.decision_grounds},
                   {"status", f.decision_status}};
  j["acts"] = list(f.acts);
  j["photos"] = list(f.photos);
  j["custody"] = list(f.custody);
  j["valuations"] = list(f.valuations);
  j["applications"] = list(f.applications);
  j["disputes"] = list(f.disputes);
  j["payment_orders"] = list(f.orders);
  j["totals"] = to_json(f.totals);
  j["due"] = f.due;
  j["payable"] = f.payable;
  if (f.code) j["owner_code"] = *f.code;
  return j;
}

Json to_json(const Group& g) {
  return {{"id", g.id}, {"label", g.label}, {"totals", to_json(g.totals)}};
}

Json to_json(const Photo& p) {
  const std::string at = "/api/v1/requisition/photos/" + p.key;
  return {{"id", p.id},
          {"key", p.key},
          {"act", p.act_kind},
          {"name", p.name},
          {"mime", p.mime},
          {"bytes", p.bytes},
          {"width", p.width},
          {"height", p.height},
          {"href", at},
          {"thumbnail_href", at + "?size=thumb"},
          {"recorded_by", p.recorded_by},
          {"recorded_at", core::format_rfc3339(p.recorded_at)}};
}

Json to_json(const OwnerTotals& o) {
  return {
      {"owner", {{"kind", o.owner_kind}, {"name", o.owner_name}, {"id_masked", o.owner_id_masked}}},
      {"items", o.items},
      {"totals", to_json(o.totals)}};
}

Json to_json(const Reconciliation& r) {
  Json lines = Json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"item_id", l.item.id},
                     {"description", l.item.description},
                     {"requisition_type", l.item.requisition_type},
                     {"status", l.item.status},
                     {"due", l.due},
                     {"totals", to_json(l.totals)},
                     {"paid_orders", l.paid_orders},
                     {"ok", l.ok},
                     {"problem", l.problem}});
  return {{"decision", to_json(r.decision)},
          {"lines", lines},
          {"totals", to_json(r.totals)},
          {"balances_match", r.balances_match},
          {"ok", r.ok}};
}

namespace {

// Keys in the order core::Json prints them (sorted), as in to_json(const Totals&).
void write_totals(core::JsonWriter& w, const Totals& t) {
  w.begin_object();
  w.key("accrued").value(t.accrued);
  w.key("adjusted").value(t.adjusted);
  w.key("balance").value(t.balance());
  w.key("disputed").value(t.disputed);
  w.key("entries").value(t.entries);
  w.key("owed").value(t.owed());
  w.key("paid").value(t.paid);
  w.end_object();
}

}  // namespace

std::string report_json(const Reconciliation& r) {
  std::string out;
  // About 290 bytes a line: one allocation for most reports.
  out.reserve(1024 + r.lines.size() * 320);
  core::JsonWriter w(out);
  w.begin_object();
  w.key("balances_match").value(r.balances_match);
  w.key("decision").raw(to_json(r.decision).dump(-1, ' ', false, Json::error_handler_t::replace));
  w.key("lines").begin_array();
  for (const auto& l : r.lines) {
    w.begin_object();
    w.key("description").value(l.item.description);
    w.key("due").value(l.due);
    w.key("item_id").value(l.item.id);
    w.key("ok").value(l.ok);
    w.key("paid_orders").value(l.paid_orders);
    w.key("problem").value(l.problem);
    w.key("requisition_type").value(l.item.requisition_type);
    w.key("status").value(l.item.status);
    w.key("totals");
    write_totals(w, l.totals);
    w.end_object();
  }
  w.end_array();
  w.key("ok").value(r.ok);
  w.key("totals");
  write_totals(w, r.totals);
  w.end_object();
  return out;
}

Json owner_json(const ItemFile& f) {
  Json custody = Json::array();
  if (!f.custody.empty()) {
    const auto& c = f.custody.back();
    custody.push_back({{"place", c.place}, {"responsible", c.responsible}, {"since", c.moved_on}});
  }
  Json valuation = nullptr;
  for (const auto& v : f.valuations)
    if (v.status == "approved")
      valuation = {{"market_value", v.market_value},
                   {"rent_per_day", v.rent_per_day},
                   {"damage", v.damage},
                   {"value_date", v.value_date},
                   {"method", v.method},
                   {"appraiser", v.appraiser}};
  Json payments = Json::array();
  for (const auto& o : f.orders)
    if (o.status == "paid")
      payments.push_back(
          {{"amount", o.amount}, {"paid_at", time_or_null(o.confirmed_at)}, {"method", o.method}});
  Json disputes = Json::array();
  for (const auto& d : f.disputes)
    disputes.push_back({{"id", d.id},
                        {"reason", d.reason},
                        {"claimed", d.claimed},
                        {"status", d.status},
                        {"resolution", opt(d.resolution)},
                        {"adjustment", opt(d.adjustment)}});
  Json applications = Json::array();
  for (const auto& a : f.applications)
    applications.push_back({{"method", a.method}, {"iban", opt(a.iban)}});
  // The keys are the owner's to fetch the pictures with (POST …/owner/photo), as the page does.
  Json photos = Json::array();
  for (const auto& p : f.photos)
    photos.push_back({{"key", p.key},
                      {"act", p.act_kind},
                      {"name", p.name},
                      {"mime", p.mime},
                      {"width", p.width},
                      {"height", p.height}});
  return {{"item",
           {{"id", f.item.id},
            {"kind", f.item.kind},
            {"description", f.item.description},
            {"details", f.item.details},
            {"requisition_type", f.item.requisition_type},
            {"status", f.item.status},
            {"taken_on", opt(f.item.taken_on)},
            {"returned_on", opt(f.item.returned_on)},
            {"owner_name", f.item.owner_name}}},
          {"decision", {{"number", f.decision_number}, {"status", f.decision_status}}},
          {"custody", custody},
          {"valuation", valuation},
          {"due", f.due},
          {"paid", f.totals.paid},
          {"balance", f.totals.balance()},
          {"payments", payments},
          {"applications", applications},
          {"disputes", disputes},
          {"photos", photos}};
}

}  // namespace qorgan::requisition
