#pragma once
// The records of a requisition (DESIGN.md: "decisions, acts, custody, valuation, compensation
// ledger, owner's view"). Dates a person writes on paper ("YYYY-MM-DD") stay text; moments are
// core::Timestamp; money is integer tiyn.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"

namespace qorgan::requisition {

// A decision of a local executive body to requisition property in its region. `details` holds
// what is read but not queried: collection_point_ids (registry facilities), officials
// [{name, position}], commission [{name, position, appraiser, licence}].
struct Decision {
  std::int64_t id = 0;
  std::string number, decided_on, issuing_body;
  std::string grounds;  // martial_law | emergency | exercise (an exercise takes nothing real)
  std::int64_t region_id = 0;
  std::string region_path;
  core::Json details = core::Json::object();
  std::string deadline;
  std::string status = "in_force";  // in_force | revoked
  std::int64_t version = 1;
  std::string created_by;
  std::int64_t created_at = 0, updated_at = 0;
};

struct DecisionVersion {
  std::int64_t version = 0;
  core::Json snapshot;
  std::string changed_by;
  std::int64_t changed_at = 0;
};

// A piece of property under a decision. `details` by kind: vehicle {plate, vin, make, model,
// year}; building {cadastral_number, address}; equipment {serial, name}; other {name}.
struct Item {
  std::int64_t id = 0, decision_id = 0, region_id = 0;
  std::string region_path;
  std::string kind;  // vehicle | building | equipment | other
  std::string description;
  core::Json details = core::Json::object();
  std::string owner_kind;  // person (IIN) | organisation (BIN)
  std::string owner_name;
  std::string owner_id;  // the IIN/BIN, opened; empty when the caller may not see it
  std::string owner_id_sealed, owner_id_index;
  std::string requisition_type;   // use (returned later) | ownership
  std::string status = "listed";  // listed | taken | returned
  std::optional<std::string> code_sealed, code_index;
  std::optional<std::string> taken_on, returned_on;
  std::string created_by;
  std::int64_t created_at = 0;
};

// The taking act and the return act. `details`: place, condition, readings, defects,
// accessories, photos [names], signed_by {name, as: owner|witness, confirmed}.
struct Act {
  std::int64_t id = 0, item_id = 0;
  std::string kind;  // taking | return
  std::string act_date;
  core::Json details = core::Json::object();
  std::string recorded_by;
  std::int64_t recorded_at = 0;
};

// A photograph on an act. Its bytes are fetched by `key` (random), the original or a thumbnail
// (`thumb`: a JPEG no wider than kThumbWidth; WebP photos have none and are shown scaled).
struct Photo {
  std::int64_t id = 0, item_id = 0, act_id = 0;
  std::string act_kind;  // taking | return
  std::string key, name, mime;
  std::int64_t bytes = 0;
  int width = 0, height = 0;
  bool thumb = false;
  std::string recorded_by;
  std::int64_t recorded_at = 0;
};

// A photo as it arrives: the file's bytes, the name it came with and the type the sender
// claimed (empty: none); what it is is decided by its bytes.
struct Upload {
  std::string name, bytes, claimed;
};

struct Custody {
  std::int64_t id = 0, item_id = 0;
  std::optional<std::int64_t> unit_id;
  std::string place, responsible, moved_on, recorded_by;
  std::int64_t recorded_at = 0;
};

struct Valuation {
  std::int64_t id = 0, item_id = 0;
  std::string appraiser, licence, method, value_date;
  std::int64_t market_value = 0, rent_per_day = 0, damage = 0;  // tiyn
  std::string status = "recorded";                              // recorded | approved
  std::string recorded_by;
  std::optional<std::int64_t> recorded_by_id;
  std::int64_t recorded_at = 0;
  std::optional<std::string> approved_by;
  std::optional<std::int64_t> approved_at;
};

struct Application {
  std::int64_t id = 0, item_id = 0;
  std::string method;  // bank | cash
  std::optional<std::string> iban;
  std::string filed_by;
  std::int64_t filed_at = 0;
};

struct Dispute {
  std::int64_t id = 0, item_id = 0;
  std::string reason;
  std::int64_t claimed = 0;     // what the owner claims in all
  std::int64_t disputed = 0;    // the claim beyond what was owed when it was opened
  std::string status = "open";  // open | resolved
  std::string opened_by;
  std::int64_t opened_at = 0;
  std::optional<std::string> resolution, resolved_by;
  std::optional<std::int64_t> adjustment, resolved_at;
};

struct PaymentOrder {
  std::int64_t id = 0, item_id = 0, decision_id = 0, amount = 0;
  std::string method;
  std::optional<std::string> iban;
  std::string idempotency_key;
  std::string status = "created";  // created | paid | cancelled
  std::string created_by;
  std::optional<std::int64_t> created_by_id;
  std::int64_t created_at = 0;
  std::optional<std::string> confirmed_by;
  std::optional<std::int64_t> confirmed_at;
  std::optional<std::string> cancel_reason;  // given when cancelled
};

struct LedgerEntry {
  std::int64_t id = 0, item_id = 0, decision_id = 0, region_id = 0;
  std::string owner_id_index;
  std::string kind;         // accrual | payment | adjustment
  std::int64_t amount = 0;  // tiyn; accruals and payments > 0, adjustments signed
  std::string reason, recorded_by;
  std::int64_t recorded_at = 0;
};

// Sums of ledger entries: owed = accruals + adjustments; balance = owed − paid. `disputed` is
// the sum of open disputes' claims beyond what is owed (not a ledger figure).
struct Totals {
  std::int64_t accrued = 0, adjusted = 0, paid = 0, disputed = 0, entries = 0;
  std::int64_t owed() const { return accrued + adjusted; }
  std::int64_t balance() const { return owed() - paid; }
};

// Everything about one item, as the item page and the owner's view show it.
struct ItemFile {
  Item item;
  std::string decision_number, decision_grounds, decision_status;
  std::vector<Act> acts;
  std::vector<Photo> photos;  // of the acts, oldest first
  std::vector<Custody> custody;
  std::vector<Valuation> valuations;
  std::vector<Application> applications;
  std::vector<Dispute> disputes;
  std::vector<PaymentOrder> orders;
  Totals totals;
  std::int64_t due = 0;             // what the rules say is owed now
  std::int64_t payable = 0;         // what a new payment order may still carry
  std::optional<std::string> code;  // the owner's code, for the taking act's print
};

}  // namespace qorgan::requisition
