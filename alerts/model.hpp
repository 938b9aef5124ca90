#pragma once
// Public alerts (CAP 1.2): what a composer writes, what an approver publishes, and what the
// portal, the CAP feed and the subscribers' fan-out read.
//
// An alert is composed as a draft, changed while it is a draft, and published only when another
// authorised person approves it (the two-person rule). Update and Cancel messages reference
// earlier published alerts; publishing one ends those it references. A published alert is
// active until it expires, is cancelled or is superseded by an update.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace qorgan::alerts {

// CAP <status>: exercises and tests are marked everywhere and stay off the public channels
// unless the configuration opens a test channel.
enum class Status { actual, exercise, test };
// CAP <msgType>.
enum class MsgType { alert, update, cancel };
// Where an alert is in its life. `published` alerts are active until `expires`.
enum class State { draft, published, cancelled, superseded, expired, discarded };

std::string_view to_string(Status s);   // "Actual", "Exercise", "Test" (CAP's spelling)
std::string_view to_string(MsgType t);  // "Alert", "Update", "Cancel"
std::string_view to_string(State s);    // "draft", "published", …
std::optional<Status> parse_status(std::string_view s);
std::optional<MsgType> parse_msg_type(std::string_view s);
std::optional<State> parse_state(std::string_view s);

// The languages an alert is written in, in the order the CAP message lists them.
inline const std::vector<std::string> kLanguages{"kk", "ru", "en"};

// One language's text of an alert (CAP <info>).
struct Texts {
  std::string event, headline, description, instruction;
  bool operator==(const Texts&) const = default;
};

struct LatLon {
  double lat = 0, lon = 0;
  bool operator==(const LatLon&) const = default;
};
struct Circle {
  LatLon centre;
  double radius_km = 0;
  bool operator==(const Circle&) const = default;
};
// A region of the registry named by its official code (KATO), a CAP geocode.
struct AreaRegion {
  std::string code;
  std::int64_t id = 0;
  std::string path, name_kk, name_ru, name_en;
  bool operator==(const AreaRegion&) const = default;
};
struct Area {
  std::vector<AreaRegion> regions;
  std::vector<std::vector<LatLon>> polygons;  // each closed: the first point repeated last
  std::vector<Circle> circles;
  // The deepest registry regions the drawn shapes lie in (alerts/region_cover.hpp), worked out
  // when the alert is saved: the subscribers of these and of the regions above and below them
  // get the alert as if these had been named. Not part of the CAP message.
  std::vector<AreaRegion> covered;
  bool empty() const { return regions.empty() && polygons.empty() && circles.empty(); }
  bool operator==(const Area&) const = default;
};

struct Alert {
  std::int64_t id = 0;
  std::string identifier;  // CAP <identifier>, assigned when composed, never changed
  Status status = Status::actual;
  MsgType msg_type = MsgType::alert;
  State state = State::draft;
  std::vector<std::int64_t> references;  // ids of the earlier alerts an update or cancel names
  std::string template_key;              // the template it started from, if any
  std::vector<std::string> categories;   // CAP <category>
  std::string urgency, severity, certainty;
  std::vector<std::string> response_types;  // CAP <responseType>
  std::optional<core::Timestamp> onset;
  core::Timestamp expires = 0;
  std::map<std::string, Texts> texts;  // by language (kLanguages); only those written
  std::string sender_name, contact;
  std::string evacuation_plan_url;  // CAP <web>: absolute, or a path on this site
  Area area;
  // The deepest region holding the whole area ("" for an area of drawn shapes only, composed
  // by an unscoped account): whose alert officers see the alert.
  std::string region_path;
  std::string composed_by;
  std::vector<std::int64_t> authors;  // accounts that composed or changed it: none may approve
  std::optional<std::string> approved_by;
  std::optional<std::int64_t> approved_by_id;
  std::optional<core::Timestamp> approved_at;  // CAP <sent>
  std::optional<std::string> ended_by;         // who cancelled it (or the sweep, at expiry)
  std::optional<core::Timestamp> ended_at;
  std::optional<std::int64_t> replaced_by;  // the update or cancel that ended it
  core::Timestamp created_at = 0, updated_at = 0;

  // Published, not a cancel message, and not expired at `now`.
  bool active(core::Timestamp now) const {
    return state == State::published && msg_type != MsgType::cancel && expires > now;
  }
};

}  // namespace qorgan::alerts
