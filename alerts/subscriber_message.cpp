#include "alerts/subscriber_message.hpp"

#include "alerts/sms.hpp"
#include "alerts/subscriber_address.hpp"
#include "alerts/subscription_store.hpp"
#include "alerts/subscription_words.hpp"

namespace qorgan::alerts {

using core::Error;
using core::fail;

namespace {

std::string unsubscribe_link(const core::MasterKey& key, const FanOutSettings& s,
                             const subscription_store::Row& who) {
  std::string base = s.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + who.language + "/alerts/u/" + unsubscribe_token(key, who.id);
}

std::optional<std::int64_t> subscriber_id(const std::string& key) {
  if (key.empty() || key.size() > 18 || key.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(key);
}

}  // namespace

core::Result<notify::Message> subscriber_message(storage::Tx& tx, const core::MasterKey& key,
                                                 const FanOutSettings& s,
                                                 const notify::Message& stored,
                                                 notify::Purpose why) {
  if (!stored.shared || stored.shared->source != kSubscriberSource)
    return fail(Error::internal("not an alert message to a subscriber"));
  auto id = subscriber_id(stored.recipient);
  if (!id) return fail(Error::internal("the key '" + stored.recipient + "' is no subscriber id"));
  auto who = subscription_store::get(tx, *id);
  if (!who || who->created_at > stored.created_at)
    return fail(Error::not_found("the subscriber has unsubscribed"));
  if (who->channel != stored.channel)
    return fail(Error::internal("the subscriber's address is not for " + stored.channel));
  const std::string& lang = stored.shared->context;
  auto link = unsubscribe_link(key, s, *who);
  notify::Message m = stored;
  if (why == notify::Purpose::send) {
    auto address = open_address(key, who->address_sealed);
    if (!address)
      return fail(Error::internal("the subscriber's address is sealed under another key"));
    m.recipient = address->value;
  } else {
    m.recipient = std::string(kSubscriberSource) + ":" + stored.recipient;
  }
  if (m.channel == "sms") {
    m.text = fit_sms(stored.text, link, s.sms_segments);
  } else {
    m.text = stored.text + "\n\n-- \n" + sayf(lang, "Unsubscribe: {}", link);
    m.list_unsubscribe = link;
  }
  return m;
}

notify::Resolve subscriber_resolver(const core::MasterKey& key, FanOutSettings s) {
  return
      [key, s = std::move(s)](storage::Tx& tx, const notify::Message& stored, notify::Purpose why) {
        return subscriber_message(tx, key, s, stored, why);
      };
}

}  // namespace qorgan::alerts
