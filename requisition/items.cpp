// Requisitions: property items, the taking act (and the owner's code), custody, the return act.
#include "auth/audit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "core/validate.hpp"
#include "requisition/access.hpp"
#include "requisition/checks.hpp"
#include "requisition/owner_code.hpp"
#include "requisition/photos.hpp"
#include "requisition/requisition_json.hpp"
#include "requisition/requisition_store.hpp"
#include "requisition/requisitions.hpp"

namespace qorgan::requisition {

using core::Error;
using core::fail;
using core::Json;

namespace {

Error item_not_found(std::int64_t id) {
  return Error::not_found("No requisitioned item has id " + std::to_string(id) + ".");
}

std::string trimmed(const std::optional<std::string>& s) {
  return core::trim(s.value_or(""));
}

// The kind's own fields, checked; errors go to `f` under "details.…".
Json read_details(core::JsonFields& f, const std::string& kind) {
  Json out = Json::object();
  const Json* d = f.object("details", kind == "vehicle" || kind == "building");
  if (!d) return out;
  core::JsonFields g(*d);
  if (kind == "vehicle") {
    auto plate = g.str("plate", true, 10);
    auto vin = g.str("vin", true, 17);
    auto make = g.str("make", true, 100);
    auto model = g.str("model", true, 100);
    auto year = g.i64("year", true, 1900, 2100);
    if (plate) {
      if (auto e = check_plate(*plate); !e.empty()) g.add("plate", e);
      out["plate"] = *plate;
    }
    if (vin) {
      if (auto e = check_vin(*vin); !e.empty()) g.add("vin", e);
      out["vin"] = *vin;
    }
    out["make"] = trimmed(make);
    out["model"] = trimmed(model);
    if (year) out["year"] = *year;
  } else if (kind == "building") {
    auto cadastral = g.str("cadastral_number", true, 40);
    auto address = g.str("address", true, 300);
    if (cadastral) {
      if (auto e = check_cadastral(*cadastral); !e.empty()) g.add("cadastral_number", e);
      out["cadastral_number"] = *cadastral;
    }
    out["address"] = trimmed(address);
    if (address && trimmed(address).empty()) g.add("address", "must not be empty");
  } else if (kind == "equipment") {
    auto serial = g.str("serial", true, 100);
    auto name = g.str("name", false, 200);
    out["serial"] = trimmed(serial);
    if (serial && trimmed(serial).empty()) g.add("serial", "must not be empty");
    out["name"] = trimmed(name);
  } else {
    out["name"] = trimmed(g.str("name", false, 200));
  }
  f.absorb(g, "details");
  return out;
}

// Reads the act's own fields: place, condition, readings, defects, accessories, photos,
// signed_by {name, as, confirmed}.
Json read_act(core::JsonFields& f) {
  Json out = Json::object();
  auto place = f.str("place", true, 300);
  auto condition = f.str("condition", true, 1000);
  out["place"] = trimmed(place);
  out["condition"] = trimmed(condition);
  if (place && trimmed(place).empty()) f.add("place", "must not be empty");
  out["readings"] = trimmed(f.str("readings", false, 200));
  out["defects"] = trimmed(f.str("defects", false, 2000));
  out["accessories"] = trimmed(f.str("accessories", false, 2000));
  Json photos = Json::array();
  if (const Json* p = f.array("photos", false)) {
    for (size_t i = 0; i < p->size() && i < 20; ++i) {
      if (!(*p)[i].is_string() || (*p)[i].get<std::string>().size() > 200)
        f.add("photos[" + std::to_string(i) + "]", "must be a file name of at most 200 bytes");
      else
        photos.push_back((*p)[i]);
    }
    if (p->size() > 20) f.add("photos", "At most 20 photos.");
  }
  out["photos"] = photos;
  if (const Json* s = f.object("signed_by", true)) {
    core::JsonFields g(*s);
    auto name = g.str("name", true, 200);
    auto as = g.choice("as", true, {"owner", "witness"});
    auto confirmed = g.boolean("confirmed", true);
    if (name && trimmed(name).empty()) g.add("name", "must not be empty");
    if (confirmed && !*confirmed)
      g.add("confirmed", "The owner or a witness must confirm the act by signing it.");
    f.absorb(g, "signed_by");
    out["signed_by"] = {{"name", trimmed(name)}, {"as", as.value_or("")}, {"confirmed", true}};
  }
  return out;
}

std::optional<std::string> read_date(core::JsonFields& f, const std::string& name) {
  auto v = f.str(name, true, 10);
  if (v && !core::parse_date(*v)) {
    f.add(name, "must be a date YYYY-MM-DD");
    return std::nullopt;
  }
  return v;
}

Json audit_view(const Item& i) {
  Json j = to_json(i);
  j["owner"].erase("iin");
  j["owner"].erase("bin");
  return j;
}

}  // namespace

std::optional<std::string> Requisitions::code_of(const Item& item) const {
  if (!item.code_sealed) return std::nullopt;
  return core::open(key_, kOwnerCodeContext, *item.code_sealed);
}

core::Result<Item> Requisitions::writable_item(storage::Tx& tx, const auth::Principal& who,
                                               std::int64_t item_id) {
  auto prefix = visible_prefix(who);
  auto i = store::item(tx, item_id);
  if (!prefix || !i || !i->region_path.starts_with(*prefix)) return fail(item_not_found(item_id));
  return *i;
}

core::Result<ItemFile> Requisitions::file(storage::Tx& tx, const Item& item) const {
  ItemFile f;
  f.item = item;
  if (auto d = store::decision(tx, item.decision_id)) {
    f.decision_number = d->number;
    f.decision_grounds = d->grounds;
    f.decision_status = d->status;
  }
  if (auto id = core::open(key_, kOwnerIdContext, item.owner_id_sealed)) f.item.owner_id = *id;
  f.acts = store::acts(tx, item.id);
  f.photos = store::photos(tx, item.id);
  f.custody = store::custody(tx, item.id);
  f.valuations = store::valuations(tx, item.id);
  f.applications = store::applications(tx, item.id);
  f.disputes = store::disputes(tx, item.id);
  f.orders = store::orders(tx, item.id);
  f.totals = store::item_totals(tx, item.id);
  f.due = due(tx, item);
  f.payable = payable(tx, item);
  f.code = code_of(item);
  return f;
}

core::Result<core::Page<Item>> Requisitions::items(const auth::Principal& who,
                                                   std::int64_t decision_id,
                                                   std::optional<std::int64_t> after, int limit) {
  if (decision_id > 0) {
    if (auto d = decision(who, decision_id); !d) return fail(d.error());
  }
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  auto rows = db_.read([&](storage::Tx& tx) {
    return store::items(tx, decision_id, *prefix, after.value_or(0), limit);
  });
  core::Page<Item> page;
  if (rows.size() > size_t(limit)) {
    rows.resize(size_t(limit));
    page.next_cursor = std::to_string(rows.back().id);
  }
  page.items = std::move(rows);
  return page;
}

core::Result<std::vector<Item>> Requisitions::all_items(const auth::Principal& who,
                                                        std::int64_t decision_id) {
  std::vector<Item> out;
  std::optional<std::int64_t> after;
  for (;;) {
    auto page = items(who, decision_id, after, 1000);
    if (!page) return fail(page.error());
    for (auto& i : page->items) out.push_back(std::move(i));
    if (!page->next_cursor) return out;
    after = out.back().id;
  }
}

core::Result<ItemFile> Requisitions::item(const auth::Principal& who, std::int64_t id) {
  auto prefix = visible_prefix(who);
  if (!prefix) return fail(Error::forbidden("Your role does not see requisitions."));
  return db_.read([&](storage::Tx& tx) -> core::Result<ItemFile> {
    auto i = store::item(tx, id);
    if (!i || !i->region_path.starts_with(*prefix)) return fail(item_not_found(id));
    auto f = file(tx, *i);
    // The IIN/BIN is for those who deal with the owner; the code is the owner's credential,
    // handed over on the taking act by the officers who print it.
    if (f && !who.in(kOfficers) && !who.is(Role::finance_officer)) f->item.owner_id.clear();
    if (f && !who.in(kOfficers)) f->code.reset();
    return f;
  });
}

core::Result<Item> Requisitions::add_item(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t decision_id, const Json& body) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not list requisitioned property."));
  auto d = decision(who, decision_id);
  if (!d) return fail(d.error());
  core::JsonFields f(body);
  Item i;
  i.kind = f.choice("kind", true, {"vehicle", "building", "equipment", "other"}).value_or("");
  // Bytes, not characters: PostgreSQL carries the description and the owner's name in an index
  // entry (migration 0098), which must stay under its 2,704-byte limit.
  i.description = trimmed(f.str("description", true, 500));
  if (f.has("description") && i.description.empty()) f.add("description", "must not be empty");
  if (!i.kind.empty()) i.details = read_details(f, i.kind);
  i.requisition_type = f.choice("requisition_type", true, {"use", "ownership"}).value_or("");
  if (const Json* o = f.object("owner", true)) {
    core::JsonFields g(*o);
    i.owner_kind = g.choice("kind", true, {"person", "organisation"}).value_or("");
    i.owner_name = trimmed(g.str("name", true, 300));
    if (g.has("name") && i.owner_name.empty()) g.add("name", "must not be empty");
    if (i.owner_kind == "person") {
      if (auto iin = g.str("iin", true, 12)) {
        if (auto e = core::check_iin(*iin); !e.empty()) g.add("iin", e);
        i.owner_id = *iin;
      }
    } else if (i.owner_kind == "organisation") {
      if (auto bin = g.str("bin", true, 12)) {
        if (auto e = check_bin(*bin); !e.empty()) g.add("bin", e);
        i.owner_id = *bin;
      }
    }
    f.absorb(g, "owner");
  }
  if (auto s = f.finish("The requisitioned item"); !s) return fail(s.error());
  if (d->status == "revoked")
    return fail(Error::conflict("The decision has been revoked; nothing more may be listed."));
  i.decision_id = d->id;
  i.region_id = d->region_id;
  i.region_path = d->region_path;
  i.owner_id_sealed = core::seal(key_, kOwnerIdContext, i.owner_id);
  i.owner_id_index = core::blind_index(key_, kOwnerIdContext, i.owner_id);
  i.created_by = who.login;
  i.created_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<Item> {
    i.id = store::insert_item(tx, i);
    auth::audit(tx, actor, "requisition_item.create", "requisition_item", std::to_string(i.id),
                nullptr, audit_view(i));
    return i;
  });
}

core::Result<ItemFile> Requisitions::take(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t item_id, const Json& body,
                                          std::vector<Upload> uploads) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not record taking acts."));
  core::JsonFields f(body);
  Act a;
  a.kind = "taking";
  auto date = read_date(f, "act_date");
  a.details = read_act(f);
  if (auto s = f.finish("The taking act"); !s) return fail(s.error());
  auto photos = prepare_photos(std::move(uploads));
  if (!photos) return fail(photos.error());
  a.act_date = *date;
  a.item_id = item_id;
  a.recorded_by = who.login;
  a.recorded_at = core::now_us();
  std::string code = new_owner_code();
  return db_.write([&](storage::Tx& tx) -> core::Result<ItemFile> {
    auto i = writable_item(tx, who, item_id);
    if (!i) return fail(i.error());
    auto d = store::decision(tx, i->decision_id);
    if (d->grounds == "exercise")
      return fail(
          Error::conflict("The decision is an exercise: an exercise never takes real property."));
    if (d->status == "revoked")
      return fail(Error::conflict("The decision has been revoked; nothing may be taken under it."));
    if (i->status != "listed") return fail(Error::conflict("The item has already been taken."));
    if (a.act_date < d->decided_on)
      return fail(Error::invalid("The taking act is not valid.",
                                 {{"act_date", "must not be before the decision's date"}}));
    a.id = store::insert_act(tx, a);
    store::set_taken(tx, item_id, a.act_date, core::seal(key_, kOwnerCodeContext, code),
                     core::blind_index(key_, kOwnerCodeContext, code));
    Json stored = Json::array();
    for (const auto& p : store_photos(tx, a, *photos, who.login)) stored.push_back(to_json(p));
    auth::audit(tx, actor, "requisition_item.take", "requisition_item", std::to_string(item_id),
                {{"status", i->status}},
                {{"status", "taken"}, {"act", to_json(a)}, {"photos", stored}});
    auto now = store::item(tx, item_id);
    return file(tx, *now);
  });
}

core::Result<ItemFile> Requisitions::move(const auth::Principal& who, const auth::Actor& actor,
                                          std::int64_t item_id, const Json& body) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not record custody."));
  core::JsonFields f(body);
  Custody c;
  c.item_id = item_id;
  c.unit_id = f.i64("unit_id", false, 1);
  c.place = trimmed(f.str("place", true, 300));
  c.responsible = trimmed(f.str("responsible", true, 300));
  if (f.has("place") && c.place.empty()) f.add("place", "must not be empty");
  if (f.has("responsible") && c.responsible.empty()) f.add("responsible", "must not be empty");
  auto date = read_date(f, "moved_on");
  if (auto s = f.finish("The custody record"); !s) return fail(s.error());
  c.moved_on = *date;
  if (c.unit_id) {
    auto unit = registry_.units.get(auth::system_principal("requisition"), *c.unit_id);
    if (!unit)
      return fail(Error::invalid("The custody record refers to missing records.",
                                 {{"unit_id", "does not exist"}}));
  }
  c.recorded_by = who.login;
  c.recorded_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<ItemFile> {
    auto i = writable_item(tx, who, item_id);
    if (!i) return fail(i.error());
    if (i->status != "taken")
      return fail(Error::conflict(i->status == "listed"
                                      ? "The item has not been taken yet."
                                      : "The item has been returned to its owner."));
    if (c.moved_on < *i->taken_on)
      return fail(Error::invalid("The custody record is not valid.",
                                 {{"moved_on", "must not be before the taking date"}}));
    c.id = store::insert_custody(tx, c);
    auth::audit(tx, actor, "requisition_item.custody", "requisition_item", std::to_string(item_id),
                nullptr, to_json(c));
    return file(tx, *i);
  });
}

core::Result<ItemFile> Requisitions::give_back(const auth::Principal& who, const auth::Actor& actor,
                                               std::int64_t item_id, const Json& body,
                                               std::vector<Upload> uploads) {
  if (!who.in(kOfficers)) return fail(Error::forbidden("You may not record return acts."));
  core::JsonFields f(body);
  Act a;
  a.kind = "return";
  auto date = read_date(f, "act_date");
  a.details = read_act(f);
  if (auto s = f.finish("The return act"); !s) return fail(s.error());
  auto photos = prepare_photos(std::move(uploads));
  if (!photos) return fail(photos.error());
  a.act_date = *date;
  a.item_id = item_id;
  a.recorded_by = who.login;
  a.recorded_at = core::now_us();
  return db_.write([&](storage::Tx& tx) -> core::Result<ItemFile> {
    auto i = writable_item(tx, who, item_id);
    if (!i) return fail(i.error());
    if (i->requisition_type == "ownership")
      return fail(
          Error::conflict("The item was taken into ownership; there is nothing to return."));
    if (i->status == "returned")
      return fail(Error::conflict("The item has already been returned."));
    if (i->status != "taken") return fail(Error::conflict("The item has not been taken yet."));
    if (a.act_date < *i->taken_on)
      return fail(Error::invalid("The return act is not valid.",
                                 {{"act_date", "must not be before the taking date"}}));
    a.id = store::insert_act(tx, a);
    store::set_returned(tx, item_id, a.act_date);
    auto now = store::item(tx, item_id);
    if (auto s = settle(tx, *now, actor, "use until return on " + a.act_date); !s)
      return fail(s.error());
    Json stored = Json::array();
    for (const auto& p : store_photos(tx, a, *photos, who.login)) stored.push_back(to_json(p));
    auth::audit(tx, actor, "requisition_item.return", "requisition_item", std::to_string(item_id),
                {{"status", i->status}},
                {{"status", "returned"}, {"act", to_json(a)}, {"photos", stored}});
    return file(tx, *now);
  });
}

}  // namespace qorgan::requisition
