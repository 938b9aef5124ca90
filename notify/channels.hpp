#pragma once
// The channels the sender hands messages to: e-mail over SMTP and SMS over an HTTP gateway,
// both with libcurl. A channel sends one message per call and says how it went; it keeps its
// connection between calls where the protocol allows (an SMTP session is reused).
#include <chrono>
#include <memory>
#include <string>

#include "notify/outbox.hpp"

namespace qorgan::notify {

struct EmailSettings {
  // smtp://host:port (STARTTLS optional or required, see `starttls`) or smtps://host:port
  // (TLS from the start). Empty: e-mail is not configured and its messages stay queued.
  std::string url;
  std::string from;               // the envelope and From: address
  std::string user, password;     // SMTP AUTH when `user` is set
  std::string starttls = "try";   // "no", "try" (when offered) or "require"
  bool verify_tls = true;         // the server's certificate and name
  std::string message_id_domain;  // Message-ID's right side; empty: the From address's domain
  std::chrono::seconds timeout{30};
};

struct SmsSettings {
  // The gateway's URL, POSTed once per message. Empty: SMS is not configured.
  std::string url;
  // One header line sent with every request ("Authorization: Bearer …"); a secret, kept out of
  // qorgan.toml (QORGAN_SMS_AUTH_HEADER or a file).
  std::string auth_header;
  std::string content_type = "application/json";
  // The request body; {recipient}, {text} and {id} are replaced by the message's values,
  // escaped for the content type (JSON string content, or percent-encoding for a form).
  std::string body_template = R"({"to":"{recipient}","text":"{text}","id":"{id}"})";
  std::chrono::seconds timeout{30};
};

// How one attempt went. `permanent`: retrying cannot help (a recipient the server refuses, a
// request the gateway calls malformed), so the message fails at once.
struct Outcome {
  bool ok = false;
  bool permanent = false;
  std::string error;
};

class Channel {
 public:
  virtual ~Channel() = default;
  virtual Outcome send(const Message& m) = 0;
};

std::unique_ptr<Channel> email_channel(const EmailSettings& s);
std::unique_ptr<Channel> sms_channel(const SmsSettings& s);

// What the receiver reads: the text with the EXERCISE / TEST mark (kk, ru, en) first for such
// messages, unless the text already starts with it; the same for an e-mail subject.
std::string marked_text(const Message& m);
std::string marked_subject(const Message& m);
// The mark of a kind ("" for real).
std::string kind_mark(const std::string& kind);
// The e-mail as sent: headers (Message-ID <qorgan-ID@domain>) and a base64 UTF-8 body, with an
// HTML alternative when the message has one. `date` is RFC 5322's.
std::string compose_email(const Message& m, const std::string& from, const std::string& domain,
                          const std::string& date);
// The SMS request body for `m` from `s.body_template`.
std::string sms_body(const SmsSettings& s, const Message& m);
// The message's idempotency key (its id) as e-mail Message-ID: "<qorgan-ID@domain>".
std::string message_id(std::int64_t id, const std::string& domain);

}  // namespace qorgan::notify
