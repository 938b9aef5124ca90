#include "http/form.hpp"
#include "http/reply.hpp"
#include "requisition/access.hpp"
#include "requisition/ledger_csv.hpp"
#include "requisition/photos.hpp"
#include "requisition/print_acts.hpp"
#include "requisition/requisition_json.hpp"
#include "requisition/routes.hpp"

namespace qorgan::requisition {

using auth::Principal;
using http::Request;
using http::Response;

namespace {

// cursor and limit (≤ 200, default 50); nullopt after adding errors.
struct Paging {
  std::optional<std::int64_t> after;
  int limit = 50;
};
std::optional<Paging> paging(Request& req, std::vector<core::FieldError>& errors) {
  auto after = http::query_id(req, "cursor", errors);
  auto limit = http::query_id(req, "limit", errors);
  if (limit && *limit > 200) errors.push_back({"limit", "at most 200"});
  if (!errors.empty()) return std::nullopt;
  return Paging{after, int(limit.value_or(50))};
}

}  // namespace

void mount_routes(http::Router& router, const auth::Guard& guard, Requisitions& r) {
  auto json = [](const auto& x) { return to_json(x); };
  auto body_call = [&guard](const std::vector<auth::Role>& roles, auto call) {
    return guard.api(roles, [call](Request& req, const Principal& who) {
      auto body = http::json_body(req);
      if (!body) return http::problem(req, body.error());
      return call(req, who, *body);
    });
  };

  // Decisions.
  router.add("GET", "/api/v1/requisition/decisions",
             guard.api(kReaders, [&r, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, r.decisions(who, p->after, p->limit), json);
             }));
  router.add("POST", "/api/v1/requisition/decisions",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::created(req, r.create_decision(who, auth::actor(req, who), body), json,
                                    "/api/v1/requisition/decisions");
             }));
  router.add("GET", "/api/v1/requisition/decisions/{id:id}",
             guard.api(kReaders, [&r, json](Request& req, const Principal& who) {
               return http::reply(req, r.decision(who, req.id()), json);
             }));
  router.add("PATCH", "/api/v1/requisition/decisions/{id:id}",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, r.amend_decision(who, auth::actor(req, who), req.id(), body),
                                  json);
             }));
  router.add("POST", "/api/v1/requisition/decisions/{id:id}/revoke",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::reply(
                   req, r.revoke_decision(who, auth::actor(req, who), req.id(), body), json);
             }));
  router.add("GET", "/api/v1/requisition/decisions/{id:id}/versions",
             guard.api(kReaders, [&r](Request& req, const Principal& who) {
               auto v = r.versions(who, req.id());
               if (!v) return http::problem(req, v.error());
               core::Json items = core::Json::array();
               for (const auto& x : *v) items.push_back(to_json(x));
               return Response::json({{"items", items}});
             }));
  router.add("GET", "/api/v1/requisition/decisions/{id:id}/items",
             guard.api(kReaders, [&r, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, r.items(who, req.id(), p->after, p->limit), json);
             }));
  router.add("POST", "/api/v1/requisition/decisions/{id:id}/items",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::created(req, r.add_item(who, auth::actor(req, who), req.id(), body),
                                    json, "/api/v1/requisition/items");
             }));
  router.add("GET", "/api/v1/requisition/decisions/{id:id}/report",
             guard.api(kReaders, [&r](Request& req, const Principal& who) {
               auto rec = r.reconcile(who, req.id());
               if (!rec) return http::problem(req, rec.error());
               return Response{200, {{"Content-Type", "application/json"}}, report_json(*rec)};
             }));

  // Items and their acts.
  router.add("GET", "/api/v1/requisition/items/{id:id}",
             guard.api(kReaders, [&r, json](Request& req, const Principal& who) {
               return http::reply(req, r.item(who, req.id()), json);
             }));
  // The acts through the API carry no photos; those come by …/photos.
  auto item_act = [&](const char* path, auto act) {
    router.add(
        "POST", path,
        body_call(kOfficers, [&r, json, act](Request& req, const Principal& who, auto& body) {
          return http::reply(req, act(r, who, auth::actor(req, who), req.id(), body), json);
        }));
  };
  item_act("/api/v1/requisition/items/{id:id}/taking",
           [](Requisitions& r, const Principal& who, const auth::Actor& a, std::int64_t id,
              const core::Json& body) { return r.take(who, a, id, body); });
  item_act("/api/v1/requisition/items/{id:id}/custody",
           [](Requisitions& r, const Principal& who, const auth::Actor& a, std::int64_t id,
              const core::Json& body) { return r.move(who, a, id, body); });
  item_act("/api/v1/requisition/items/{id:id}/return",
           [](Requisitions& r, const Principal& who, const auth::Actor& a, std::int64_t id,
              const core::Json& body) { return r.give_back(who, a, id, body); });

  // Photos of an act, ?act=taking|return: the body is the image itself, its type in
  // Content-Type (checked against its bytes) and its name in ?name=; or multipart/form-data with
  // one or more "photos" parts, as the console's form sends them (all stored, or none).
  router.add(
      "POST", "/api/v1/requisition/items/{id:id}/photos",
      guard.api(kOfficers, [&r, json](Request& req, const Principal& who) {
        std::string claimed(req.header("content-type"));
        std::vector<Upload> uploads;
        if (auto boundary = http::multipart_boundary(claimed)) {
          auto form = http::parse_multipart(req.body, *boundary);
          if (!form) return http::problem(req, form.error());
          auto [from, to] = form->equal_range("photos");
          for (auto it = from; it != to; ++it)
            uploads.push_back(
                {"photo-" + std::to_string(uploads.size() + 1), std::move(it->second), ""});
          if (uploads.empty())
            return http::problem(
                req, core::Error::invalid("The photo was not accepted.",
                                          {{"photos", "Send the photos as \"photos\" parts."}}));
        } else {
          if (auto semi = claimed.find(';'); semi != std::string::npos) claimed.resize(semi);
          uploads.push_back({req.query_param("name").value_or(""), std::move(req.body), claimed});
        }
        auto photos = r.add_photos(who, auth::actor(req, who), req.id(),
                                   req.query_param("act").value_or(""), std::move(uploads));
        if (!photos) return http::problem(req, photos.error());
        core::Json items = core::Json::array();
        for (const auto& p : *photos) items.push_back(json(p));
        return Response::json({{"items", items}}, 201);
      }));
  router.add("GET", "/api/v1/requisition/photos/{key}",
             guard.api(kReaders, [&r](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto size = http::query_enum(req, "size", {"original", "thumb"}, errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               auto f = r.photo_file(who, req.params["key"], size == "thumb");
               if (!f) return http::problem(req, f.error());
               auto res = Response::text(std::move(f->second), f->first.mime);
               res.header("Cache-Control", "private, max-age=3600");
               res.header("Content-Security-Policy", "default-src 'none'; sandbox");
               return res;
             }));

  // Printed forms (A4 HTML): the taking and return acts, the decision's annex.
  auto print = [](Request& req, std::vector<core::FieldError>& errors) {
    return http::query_enum(req, "lang", {"kk", "ru", "en"}, errors).value_or("ru");
  };
  auto printed = [](std::string html) {
    auto res = Response::html(std::move(html));
    res.header("Content-Security-Policy", kPrintPolicy);
    return res;
  };
  for (const char* kind : {"taking", "return"})
    router.add("GET", std::string("/api/v1/requisition/items/{id:id}/") + kind + "-act",
               guard.api(kReaders, [&r, kind, print, printed](Request& req, const Principal& who) {
                 std::vector<core::FieldError> errors;
                 auto lang = print(req, errors);
                 if (!errors.empty()) return http::invalid_query(req, std::move(errors));
                 auto file = r.item(who, req.id());
                 if (!file) return http::problem(req, file.error());
                 auto d = r.decision(who, file->item.decision_id);
                 if (!d) return http::problem(req, d.error());
                 std::vector<std::string> thumbnails;
                 for (const auto& p : file->photos) {
                   if (p.act_kind != kind) continue;
                   auto t = r.photo_file(who, p.key, true);
                   if (t) thumbnails.push_back(data_uri(t->first.mime, t->second));
                 }
                 return printed(render_act(*file, *d, kind, lang, r.origin(), thumbnails));
               }));
  router.add("GET", "/api/v1/requisition/decisions/{id:id}/annex",
             guard.api(kReaders, [&r, print, printed](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto lang = print(req, errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               auto d = r.decision(who, req.id());
               if (!d) return http::problem(req, d.error());
               auto items = r.all_items(who, req.id());
               if (!items) return http::problem(req, items.error());
               return printed(render_annex(*d, *items, lang));
             }));

  // Valuations.
  router.add("POST", "/api/v1/requisition/items/{id:id}/valuations",
             body_call(kAppraisers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::created(req,
                                    r.record_valuation(who, auth::actor(req, who), req.id(), body),
                                    json, "/api/v1/requisition/valuations");
             }));
  router.add("POST", "/api/v1/requisition/valuations/{id:id}/approve",
             guard.api(kApprovers, [&r, json](Request& req, const Principal& who) {
               return http::reply(req, r.approve_valuation(who, auth::actor(req, who), req.id()),
                                  json);
             }));

  // Compensation.
  router.add("POST", "/api/v1/requisition/items/{id:id}/applications",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::created(req, r.apply(who, auth::actor(req, who), req.id(), body), json,
                                    "/api/v1/requisition/applications");
             }));
  router.add("POST", "/api/v1/requisition/items/{id:id}/disputes",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::created(req, r.open_dispute(who, auth::actor(req, who), req.id(), body),
                                    json, "/api/v1/requisition/disputes");
             }));
  router.add("POST", "/api/v1/requisition/disputes/{id:id}/resolve",
             body_call(kOfficers, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::reply(
                   req, r.resolve_dispute(who, auth::actor(req, who), req.id(), body), json);
             }));
  router.add("POST", "/api/v1/requisition/items/{id:id}/payment-orders",
             body_call(kFinance, [&r](Request& req, const Principal& who, auto& body) {
               auto o = r.create_order(who, auth::actor(req, who), req.id(), body);
               if (!o) return http::problem(req, o.error());
               auto res = Response::json(to_json(o->order), o->created ? 201 : 200);
               res.headers.emplace_back(
                   "Location", "/api/v1/requisition/payment-orders/" + std::to_string(o->order.id));
               return res;
             }));
  // Where a new order's Location points.
  router.add("GET", "/api/v1/requisition/payment-orders/{id:id}",
             guard.api(kReaders, [&r, json](Request& req, const Principal& who) {
               return http::reply(req, r.order(who, req.id()), json);
             }));
  router.add("POST", "/api/v1/requisition/payment-orders/{id:id}/confirm",
             guard.api(kFinance, [&r, json](Request& req, const Principal& who) {
               return http::reply(req, r.confirm_order(who, auth::actor(req, who), req.id()), json);
             }));
  router.add("POST", "/api/v1/requisition/payment-orders/{id:id}/cancel",
             body_call(kFinance, [&r, json](Request& req, const Principal& who, auto& body) {
               return http::reply(req, r.cancel_order(who, auth::actor(req, who), req.id(), body),
                                  json);
             }));

  // The ledger and its totals.
  router.add("GET", "/api/v1/requisition/ledger",
             guard.api(kReaders, [&r, json](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto decision = http::query_id(req, "decision_id", errors);
               auto p = paging(req, errors);
               if (!p) return http::invalid_query(req, std::move(errors));
               return http::reply_page(req, r.ledger(who, decision.value_or(0), p->after, p->limit),
                                       json);
             }));
  router.add("GET", "/api/v1/requisition/ledger.csv",
             guard.api(kReaders, [&r](Request& req, const Principal& who) {
               std::vector<core::FieldError> errors;
               auto decision = http::query_id(req, "decision_id", errors);
               if (!errors.empty()) return http::invalid_query(req, std::move(errors));
               std::string csv = ledger_csv_header();
               std::optional<std::int64_t> after;
               for (;;) {
                 auto page = r.ledger(who, decision.value_or(0), after, 5000);
                 if (!page) return http::problem(req, page.error());
                 for (const auto& e : page->items) csv += ledger_csv_row(e);
                 if (!page->next_cursor) break;
                 after = std::stoll(*page->next_cursor);
               }
               auto res = Response::text(std::move(csv), "text/csv; charset=utf-8");
               res.headers.emplace_back("Content-Disposition",
                                        "attachment; filename=\"requisition-ledger.csv\"");
               return res;
             }));
  router.add(
      "GET", "/api/v1/requisition/totals",
      guard.api(kReaders, [&r](Request& req, const Principal& who) {
        std::vector<core::FieldError> errors;
        auto by = http::query_enum(req, "by", {"region", "decision", "owner"}, errors);
        if (!errors.empty()) return http::invalid_query(req, std::move(errors));
        if (by == "owner") {
          // Paged: the cursor is the last owner's opaque key.
          auto cursor = req.query_param("cursor");
          if (cursor && (cursor->empty() || cursor->size() > 200))
            errors.push_back({"cursor", "is not a cursor this list gave"});
          auto limit = http::query_id(req, "limit", errors);
          if (limit && *limit > 200) errors.push_back({"limit", "at most 200"});
          if (!errors.empty()) return http::invalid_query(req, std::move(errors));
          auto page = r.totals_by_owner(who, cursor, int(limit.value_or(50)));
          if (!page) return http::problem(req, page.error());
          core::Json items = core::Json::array();
          for (const auto& o : page->items) items.push_back(to_json(o));
          return Response::json({{"by", "owner"},
                                 {"items", items},
                                 {"next_cursor", page->next_cursor ? core::Json(*page->next_cursor)
                                                                   : core::Json(nullptr)}});
        }
        auto groups =
            by.value_or("region") == "region" ? r.totals_by_region(who) : r.totals_by_decision(who);
        if (!groups) return http::problem(req, groups.error());
        core::Json items = core::Json::array();
        for (const auto& g : *groups) items.push_back(to_json(g));
        return Response::json({{"by", by.value_or("region")}, {"items", items}});
      }));
}

http::Response owner_photo_response(std::pair<Photo, std::string> photo) {
  auto res = Response::text(std::move(photo.second), photo.first.mime);
  res.header("Cache-Control", "no-store");
  res.header("Referrer-Policy", "no-referrer");
  res.header("X-Robots-Tag", "noindex");
  res.header("Content-Security-Policy", "default-src 'none'; sandbox");
  return res;
}

void mount_owner_routes(http::Router& router, OwnerDesk& desk) {
  // No account: the code and the IIN/BIN in the body are the credential (rate-limited).
  router.add("POST", "/api/v1/requisition/owner", [&desk](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    return http::reply(req, desk.view({req.remote, req.request_id}, *body),
                       [](const ItemFile& f) { return owner_json(f); });
  });
  router.add("POST", "/api/v1/requisition/owner/application", [&desk](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    return http::reply(
        req, desk.apply({req.remote, req.request_id}, *body),
        [](const Application& a) {
          return core::Json{{"method", a.method},
                            {"iban", a.iban ? core::Json(*a.iban) : core::Json(nullptr)}};
        },
        201);
  });
  // A photo of the owner's item's acts, by the key the owner's view lists; the bytes.
  router.add("POST", "/api/v1/requisition/owner/photo", [&desk](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    auto f = desk.photo({req.remote, req.request_id}, *body);
    if (!f) return http::problem(req, f.error());
    return owner_photo_response(std::move(*f));
  });
  router.add("POST", "/api/v1/requisition/owner/dispute", [&desk](Request& req) {
    auto body = http::json_body(req);
    if (!body) return http::problem(req, body.error());
    return http::reply(
        req, desk.dispute({req.remote, req.request_id}, *body),
        [](const Dispute& d) {
          return core::Json{{"id", d.id}, {"claimed", d.claimed}, {"status", d.status}};
        },
        201);
  });
}

}  // namespace qorgan::requisition
