// Requisition in the console: the ledger totals owed, paid and disputed by region and by
// decision, and the decisions (/console/requisition); a decision with its property
// (…/decisions/{id}); an item's file — acts with their printed forms, custody, valuations,
// applications, disputes, payment orders and ledger entries (…/items/{id}). The two-person
// steps where money moves are buttons here: approving a valuation, confirming an order paid.
// Money is shown as tenge; every word goes through tr().
#include "console/pages.hpp"
#include "requisition/access.hpp"
#include "requisition/checks.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::console {

using auth::Role;
using http::Request;
using http::Response;
using view::Data;
using view::list;
using view::object;

namespace {

const std::vector<Role> kReaders{Role::admin,     Role::auditor,
                                 Role::hq_staff,  Role::requisition_officer,
                                 Role::appraiser, Role::finance_officer};

std::string tenge(std::int64_t tiyn) {
  return requisition::format_tenge(tiyn);
}

}  // namespace

std::string requisition_term(const std::string& code) {
  static const std::map<std::string, std::string> words{{"martial_law", "martial law"},
                                                        {"emergency", "emergency"},
                                                        {"exercise", "exercise"},
                                                        {"in_force", "in force"},
                                                        {"revoked", "revoked"},
                                                        {"vehicle", "vehicle"},
                                                        {"building", "building"},
                                                        {"equipment", "equipment"},
                                                        {"other", "other"},
                                                        {"use", "use"},
                                                        {"ownership", "ownership"},
                                                        {"listed", "listed"},
                                                        {"taken", "taken"},
                                                        {"returned", "returned"},
                                                        {"recorded", "recorded"},
                                                        {"approved", "approved"},
                                                        {"open", "open"},
                                                        {"resolved", "resolved"},
                                                        {"created", "created"},
                                                        {"paid", "paid"},
                                                        {"cancelled", "cancelled"},
                                                        {"accrual", "accrual"},
                                                        {"payment", "payment"},
                                                        {"adjustment", "adjustment"},
                                                        {"bank", "bank transfer"},
                                                        {"cash", "cash"},
                                                        {"taking", "taking act"},
                                                        {"return", "return act"},
                                                        {"person", "person"},
                                                        {"organisation", "organisation"},
                                                        {"owner", "owner"},
                                                        {"witness", "witness"},
                                                        {"comparative", "comparative"},
                                                        {"income", "income"},
                                                        {"cost", "cost"}};
  auto it = words.find(code);
  return it == words.end() ? code : it->second;
}

namespace {

std::string word(const std::string& code) {
  return tr(requisition_term(code));
}

Data totals(const requisition::Totals& t) {
  Data d = object();
  d.set("owed", tenge(t.owed()));
  d.set("paid", tenge(t.paid));
  d.set("balance", tenge(t.balance()));
  d.set("disputed", tenge(t.disputed));
  d.set("entries", std::to_string(t.entries));
  return d;
}

Data groups(const std::vector<requisition::Group>& gs, const std::string& href) {
  Data out = list();
  for (const auto& g : gs) {
    Data o = totals(g.totals);
    o.set("label", g.label);
    o.set("href", href.empty() ? "" : href + std::to_string(g.id));
    out.push_back(o);
  }
  return out;
}

}  // namespace

void mount_requisition_pages(http::Router& router, Context& c) {
  auto& r = *c.requisitions;
  router.add("GET", "/console/requisition",
             page(c, kReaders, [&c, &r](Request& req, const Principal& who, const Form&) {
               auto by_region = r.totals_by_region(who);
               if (!by_region) return error_page(c, req, who, by_region.error());
               auto by_decision = r.totals_by_decision(who);
               if (!by_decision) return error_page(c, req, who, by_decision.error());
               auto decisions = r.decisions(who, std::nullopt, 200);
               if (!decisions) return error_page(c, req, who, decisions.error());
               auto d = base_data(c, req, &who, tr("Requisition"), "requisition");
               d.set("regions", groups(*by_region, ""));
               d.set("by_decision", groups(*by_decision, "/console/requisition/decisions/"));
               Data ds = list();
               for (const auto& x : decisions->items) {
                 Data o = object();
                 o.set("id", std::to_string(x.id));
                 o.set("number", x.number);
                 o.set("decided_on", x.decided_on);
                 o.set("grounds", word(x.grounds));
                 o.set("exercise", x.grounds == "exercise");
                 o.set("status", word(x.status));
                 o.set("deadline", x.deadline);
                 o.set("version", std::to_string(x.version));
                 ds.push_back(o);
               }
               d.set("decisions", ds);
               d.set("no_decisions", decisions->items.empty());
               d.set("can_create", who.in(requisition::kOfficers));
               // Owners a page at a time; ?owners= is the cursor the previous page gave.
               auto owner_cursor = req.query_param("owners");
               if (owner_cursor && (owner_cursor->empty() || owner_cursor->size() > 200))
                 owner_cursor.reset();
               auto owners = r.totals_by_owner(who, owner_cursor, 50);
               if (!owners) return error_page(c, req, who, owners.error());
               Data os = list();
               for (const auto& o : owners->items) {
                 Data x = totals(o.totals);
                 x.set("name", o.owner_name);
                 x.set("kind", word(o.owner_kind));
                 x.set("id", o.owner_id_masked);
                 x.set("items", std::to_string(o.items));
                 os.push_back(x);
               }
               d.set("owners", os);
               if (owners->next_cursor)
                 d.set("owners_next", "/console/requisition?owners=" +
                                          core::url_encode(*owners->next_cursor) + "#owners-title");
               return render(c, "console/requisition_list", d);
             }));

  router.add("GET", "/console/requisition/decisions/{id:id}",
             page(c, kReaders, [&c, &r](Request& req, const Principal& who, const Form&) {
               auto x = r.decision(who, req.id());
               if (!x) return error_page(c, req, who, x.error());
               auto items = r.all_items(who, req.id());
               if (!items) return error_page(c, req, who, items.error());
               auto rec = r.reconcile(who, req.id());
               if (!rec) return error_page(c, req, who, rec.error());
               auto d = base_data(c, req, &who, trf("Decision {}", x->number), "requisition");
               d.set("id", std::to_string(x->id));
               d.set("number", x->number);
               d.set("decided_on", x->decided_on);
               d.set("issuing_body", x->issuing_body);
               d.set("grounds", word(x->grounds));
               d.set("status", word(x->status));
               d.set("deadline", x->deadline);
               d.set("version", std::to_string(x->version));
               d.set("reconciled", rec->ok);
               d.set("totals", totals(rec->totals));
               Data commission = list();
               for (const auto& m : x->details.value("commission", core::Json::array())) {
                 Data o = object();
                 o.set("name", m.value("name", ""));
                 o.set("position", m.value("position", ""));
                 o.set("licence", m.value("licence", ""));
                 commission.push_back(o);
               }
               d.set("commission", commission);
               Data annexes = list();
               for (const auto& l : view::languages()) {
                 Data p = object();
                 p.set("href", "/api/v1/requisition/decisions/" + std::to_string(x->id) +
                                   "/annex?lang=" + l);
                 p.set("language", view::language_name(l));
                 annexes.push_back(p);
               }
               d.set("annexes", annexes);
               Data rows = list();
               for (const auto& l : rec->lines) {
                 Data o = totals(l.totals);
                 o.set("id", std::to_string(l.item.id));
                 o.set("description", l.item.description);
                 o.set("kind", word(l.item.kind));
                 o.set("owner", l.item.owner_name);
                 o.set("type", word(l.item.requisition_type));
                 o.set("status", word(l.item.status));
                 o.set("ok", l.ok);
                 rows.push_back(o);
               }
               d.set("items", rows);
               d.set("no_items", rec->lines.empty());
               d.set("can_change", who.in(requisition::kOfficers) && x->status == "in_force");
               return render(c, "console/requisition_decision", d);
             }));

  router.add(
      "GET", "/console/requisition/items/{id:id}",
      page(c, kReaders, [&c, &r](Request& req, const Principal& who, const Form&) {
        auto f = r.item(who, req.id());
        if (!f) return error_page(c, req, who, f.error());
        auto d = base_data(c, req, &who, f->item.description, "requisition");
        const auto id = std::to_string(f->item.id);
        d.set("id", id);
        d.set("item_id", id);
        d.set("decision_id", std::to_string(f->item.decision_id));
        d.set("decision", f->decision_number);
        d.set("description", f->item.description);
        d.set("kind", word(f->item.kind));
        d.set("type", word(f->item.requisition_type));
        d.set("status", word(f->item.status));
        d.set("owner", f->item.owner_name);
        d.set("owner_kind", word(f->item.owner_kind));
        d.set("owner_id", f->item.owner_id);
        d.set("taken_on", f->item.taken_on.value_or("—"));
        d.set("returned_on", f->item.returned_on.value_or("—"));
        d.set("due", tenge(f->due));
        d.set("payable", tenge(f->payable));
        d.set("totals", totals(f->totals));
        Data details = list();
        static const std::map<std::string, std::string> labels{
            {"plate", "Registration plate"},
            {"vin", "VIN"},
            {"make", "Make"},
            {"model", "Model"},
            {"year", "Year"},
            {"cadastral_number", "Cadastral number"},
            {"address", "Address"},
            {"serial", "Serial number"},
            {"name", "Name"}};
        for (auto it = f->item.details.begin(); it != f->item.details.end(); ++it) {
          Data o = object();
          auto label = labels.find(it.key());
          o.set("name", label == labels.end() ? it.key() : tr(label->second));
          o.set("value", it->is_string() ? it->get<std::string>() : it->dump());
          details.push_back(o);
        }
        d.set("details", details);
        Data acts = list();
        for (const auto& a : f->acts) {
          Data o = object();
          o.set("kind", word(a.kind));
          o.set("date", a.act_date);
          o.set("place", a.details.value("place", ""));
          o.set("condition", a.details.value("condition", ""));
          o.set("by", a.recorded_by);
          Data prints = list();
          for (const auto& l : view::languages()) {
            Data p = object();
            p.set("href", "/api/v1/requisition/items/" + id + "/" + a.kind + "-act?lang=" + l);
            p.set("language", view::language_name(l));
            prints.push_back(p);
          }
          o.set("prints", prints);
          Data photos = list();
          int n = 0;
          for (const auto& p : f->photos) {
            if (p.act_id != a.id) continue;
            Data x = object();
            x.set("href", "/api/v1/requisition/photos/" + p.key);
            x.set("thumb", "/api/v1/requisition/photos/" + p.key + "?size=thumb");
            x.set("alt", trf("Photo {}: {}", ++n, word(a.kind)));
            photos.push_back(x);
          }
          o.set("photos", photos);
          o.set("has_photos", n > 0);
          acts.push_back(o);
        }
        d.set("acts", acts);
        Data custody = list();
        for (const auto& m : f->custody) {
          Data o = object();
          o.set("on", m.moved_on);
          o.set("place", m.place);
          o.set("responsible", m.responsible);
          o.set("unit", m.unit_id ? std::to_string(*m.unit_id) : "");
          custody.push_back(o);
        }
        d.set("custody", custody);
        const bool approver = who.in({Role::admin, Role::requisition_officer, Role::appraiser});
        Data valuations = list();
        for (const auto& v : f->valuations) {
          Data o = object();
          o.set("id", std::to_string(v.id));
          o.set("appraiser", v.appraiser + " (" + v.licence + ")");
          o.set("date", v.value_date);
          o.set("market", tenge(v.market_value));
          o.set("rent", tenge(v.rent_per_day));
          o.set("damage", tenge(v.damage));
          o.set("status", word(v.status));
          o.set("can_approve", approver && v.status == "recorded" && v.recorded_by != who.login);
          valuations.push_back(o);
        }
        d.set("valuations", valuations);
        Data applications = list();
        for (const auto& a : f->applications) {
          Data o = object();
          o.set("method", word(a.method));
          o.set("iban", a.iban.value_or(""));
          o.set("at", local_time(c, a.filed_at));
          applications.push_back(o);
        }
        d.set("applications", applications);
        Data disputes = list();
        for (const auto& x : f->disputes) {
          Data o = object();
          o.set("reason", x.reason);
          o.set("claimed", tenge(x.claimed));
          o.set("status", word(x.status));
          o.set("resolution", x.resolution.value_or(""));
          o.set("adjustment", x.adjustment ? tenge(*x.adjustment) : "");
          o.set("id", std::to_string(x.id));
          o.set("can_resolve", x.status == "open" && who.in(requisition::kOfficers));
          disputes.push_back(o);
        }
        d.set("disputes", disputes);
        const bool finance = who.in({Role::admin, Role::finance_officer});
        Data orders = list();
        for (const auto& o : f->orders) {
          Data x = object();
          x.set("id", std::to_string(o.id));
          x.set("amount", tenge(o.amount));
          x.set("method", word(o.method));
          x.set("status", word(o.status));
          x.set("by", o.created_by);
          x.set("can_confirm", finance && o.status == "created" && o.created_by != who.login);
          x.set("can_cancel", finance && o.status == "created");
          x.set("item_id", std::to_string(o.item_id));
          x.set("cancel_reason", o.cancel_reason.value_or(""));
          orders.push_back(x);
        }
        d.set("orders", orders);
        auto entries = r.ledger(who, f->item.decision_id, std::nullopt, 200);
        Data ledger = list();
        if (entries)
          for (const auto& e : entries->items) {
            if (e.item_id != f->item.id) continue;
            Data x = object();
            x.set("kind", word(e.kind));
            x.set("amount", tenge(e.amount));
            x.set("at", local_time(c, e.recorded_at));
            ledger.push_back(x);
          }
        d.set("ledger", ledger);
        // The forms this caller may open for the item as it stands (the service decides again).
        const bool officer = who.in(requisition::kOfficers);
        const auto& status = f->item.status;
        d.set("can_take", officer && status == "listed");
        d.set("can_move", officer && status == "taken");
        d.set("can_return", officer && status == "taken" && f->item.requisition_type == "use");
        d.set("can_value", who.in(requisition::kAppraisers) && status != "listed");
        d.set("can_apply", officer && status != "listed");
        d.set("can_order", who.in(requisition::kFinance) && status != "listed");
        d.set("can_dispute", officer && status != "listed");
        if (req.query_param("done")) d.set("done", true);
        return render(c, "console/requisition_item", d);
      }));

  // The two-person steps; the service refuses one's own valuation or order.
  auto step = [&c](auto act) {
    return [&c, act](Request& req, const Principal& who, const Form&) {
      auto item = act(req, who);
      if (!item) return error_page(c, req, who, item.error());
      return Response::redirect("/console/requisition/items/" + std::to_string(*item) + "?done=1");
    };
  };
  router.add("POST", "/console/requisition/valuations/{id:id}/approve",
             page(c, {Role::admin, Role::requisition_officer, Role::appraiser},
                  step([&r](Request& req, const Principal& who) -> core::Result<std::int64_t> {
                    auto v = r.approve_valuation(who, auth::actor(req, who), req.id());
                    if (!v) return core::fail(v.error());
                    return v->item_id;
                  })));
  router.add("POST", "/console/requisition/payment-orders/{id:id}/confirm",
             page(c, {Role::admin, Role::finance_officer},
                  step([&r](Request& req, const Principal& who) -> core::Result<std::int64_t> {
                    auto o = r.confirm_order(who, auth::actor(req, who), req.id());
                    if (!o) return core::fail(o.error());
                    return o->item_id;
                  })));
  mount_requisition_forms(router, c);
}

}  // namespace qorgan::console
