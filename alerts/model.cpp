#include "alerts/model.hpp"

#include <array>
#include <utility>

namespace qorgan::alerts {

namespace {

constexpr std::array<std::pair<Status, std::string_view>, 3> kStatuses{
    {{Status::actual, "Actual"}, {Status::exercise, "Exercise"}, {Status::test, "Test"}}};
constexpr std::array<std::pair<MsgType, std::string_view>, 3> kMsgTypes{
    {{MsgType::alert, "Alert"}, {MsgType::update, "Update"}, {MsgType::cancel, "Cancel"}}};
constexpr std::array<std::pair<State, std::string_view>, 6> kStates{
    {{State::draft, "draft"},
     {State::published, "published"},
     {State::cancelled, "cancelled"},
     {State::superseded, "superseded"},
     {State::expired, "expired"},
     {State::discarded, "discarded"}}};

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return table[0].second;
}

template <typename E, size_t N>
std::optional<E> parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Status s) {
  return name_of(kStatuses, s);
}
std::string_view to_string(MsgType t) {
  return name_of(kMsgTypes, t);
}
std::string_view to_string(State s) {
  return name_of(kStates, s);
}
std::optional<Status> parse_status(std::string_view s) {
  return parse(kStatuses, s);
}
std::optional<MsgType> parse_msg_type(std::string_view s) {
  return parse(kMsgTypes, s);
}
std::optional<State> parse_state(std::string_view s) {
  return parse(kStates, s);
}

}  // namespace qorgan::alerts
