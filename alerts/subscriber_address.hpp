#pragma once
// A subscriber's address — an e-mail address or a phone number — as personal data: read from
// what people type, kept sealed under the master key with a keyed hash for finding it again,
// shown only masked, and the signed tokens of the links sent to it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "core/error.hpp"

namespace qorgan::alerts {

struct Address {
  std::string channel;  // email, sms
  std::string value;    // e-mail with its domain in lower case, or E.164 "+77011234567"
};

// What someone typed: an e-mail address, or a phone number in international form (spaces,
// dashes, dots and brackets are dropped: "+7 (701) 123-45-67"). Errors name the field `address`.
core::Result<Address> read_address(std::string_view typed);

// "+7*******4567", "a***@example.kz": enough for its owner to recognise, for logs and the audit.
std::string masked(const Address& a);

// The sealed form (column address_sealed) and back; the keyed hash that finds duplicates.
std::string seal_address(const core::MasterKey& key, const Address& a);
std::optional<Address> open_address(const core::MasterKey& key, std::string_view sealed);
std::string address_index(const core::MasterKey& key, const Address& a);

// The credential of a link: "ID-MAC", the MAC (16 bytes, base64url) binding the subscriber id to
// what the link does. A confirmation token also binds the time its message was sent, so that a
// newer request makes older links void; the unsubscribe token is the same in every message.
std::string confirm_token(const core::MasterKey& key, std::int64_t id, std::int64_t sent_at);
std::string unsubscribe_token(const core::MasterKey& key, std::int64_t id);
// The subscriber id a token names (its MAC still to be checked), or nothing when malformed.
std::optional<std::int64_t> token_subscriber(std::string_view token);
bool confirm_token_valid(const core::MasterKey& key, std::string_view token, std::int64_t sent_at);
bool unsubscribe_token_valid(const core::MasterKey& key, std::string_view token);

}  // namespace qorgan::alerts
