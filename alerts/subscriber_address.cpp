#include "alerts/subscriber_address.hpp"

#include <algorithm>
#include <cctype>

#include "core/utf8.hpp"
#include "core/validate.hpp"

namespace qorgan::alerts {

using core::Error;
using core::fail;

namespace {

constexpr std::string_view kSealContext = "alerts.subscriber.address";
constexpr std::string_view kIndexContext = "alerts.subscriber.index";

std::string mac(const core::MasterKey& key, std::string_view context, std::string_view data) {
  auto bytes = core::from_hex(core::keyed_hash(key, context, data));
  return core::base64url_encode(std::string_view(*bytes).substr(0, 16));
}

std::string token(const core::MasterKey& key, std::string_view context, std::int64_t id,
                  std::string_view bound) {
  auto ids = std::to_string(id);
  return ids + "-" + mac(key, context, ids + ":" + std::string(bound));
}

bool valid(const core::MasterKey& key, std::string_view context, std::string_view typed,
           std::string_view bound) {
  auto id = token_subscriber(typed);
  if (!id) return false;
  return core::same_secret(typed, token(key, context, *id, bound));
}

}  // namespace

core::Result<Address> read_address(std::string_view typed) {
  auto bad = [](std::string message) {
    return fail(Error::invalid("The address is not valid.", {{"address", std::move(message)}}));
  };
  std::string s(typed);
  auto first = s.find_first_not_of(" \t");
  auto last = s.find_last_not_of(" \t");
  s = first == std::string::npos ? "" : s.substr(first, last - first + 1);
  if (s.empty()) return bad("Give an e-mail address or a phone number.");
  if (s.size() > 254 || !core::valid_utf8(s)) return bad("is too long or not text");
  if (s.find('@') != std::string::npos) {
    if (std::any_of(s.begin(), s.end(), [](char c) {
          return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ' ';
        }))
      return bad("must not contain spaces or control characters");
    if (auto why = core::check_email(s); !why.empty()) return bad("e-mail " + why);
    auto at = s.find('@');
    std::transform(s.begin() + std::ptrdiff_t(at), s.end(), s.begin() + std::ptrdiff_t(at),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return Address{"email", s};
  }
  std::string phone;
  for (char c : s) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    phone.push_back(c);
  }
  if (auto why = core::check_phone(phone); !why.empty()) return bad("phone number " + why);
  return Address{"sms", phone};
}

std::string masked(const Address& a) {
  if (a.channel == "email") {
    auto at = a.value.find('@');
    if (at == std::string::npos || at == 0) return "***";
    return a.value.substr(0, 1) + "***" + a.value.substr(at);
  }
  // "+" and the country code's first digit, the last four digits.
  if (a.value.size() < 7) return "***";
  return a.value.substr(0, 2) + std::string(a.value.size() - 6, '*') +
         a.value.substr(a.value.size() - 4);
}

std::string seal_address(const core::MasterKey& key, const Address& a) {
  return core::seal(key, kSealContext, a.channel + ":" + a.value);
}

std::optional<Address> open_address(const core::MasterKey& key, std::string_view sealed) {
  auto plain = core::open(key, kSealContext, sealed);
  if (!plain) return std::nullopt;
  auto colon = plain->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return Address{plain->substr(0, colon), plain->substr(colon + 1)};
}

std::string address_index(const core::MasterKey& key, const Address& a) {
  std::string folded = a.value;
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return core::blind_index(key, kIndexContext, a.channel + ":" + folded);
}

std::string confirm_token(const core::MasterKey& key, std::int64_t id, std::int64_t sent_at) {
  return token(key, "alerts.subscriber.confirm", id, std::to_string(sent_at));
}

std::string unsubscribe_token(const core::MasterKey& key, std::int64_t id) {
  return token(key, "alerts.subscriber.unsubscribe", id, "");
}

std::optional<std::int64_t> token_subscriber(std::string_view token) {
  auto dash = token.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash > 18 || token.size() > 64)
    return std::nullopt;
  std::int64_t id = 0;
  for (char c : token.substr(0, dash)) {
    if (c < '0' || c > '9') return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return std::nullopt;
  return id;
}

bool confirm_token_valid(const core::MasterKey& key, std::string_view token, std::int64_t sent_at) {
  return valid(key, "alerts.subscriber.confirm", token, std::to_string(sent_at));
}

bool unsubscribe_token_valid(const core::MasterKey& key, std::string_view token) {
  return valid(key, "alerts.subscriber.unsubscribe", token, "");
}

}  // namespace qorgan::alerts
