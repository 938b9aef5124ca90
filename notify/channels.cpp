#include "notify/channels.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "core/base64_text.hpp"
#include "core/json.hpp"

namespace qorgan::notify {

namespace {

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Base64 in lines of 76 characters, as MIME wants.
std::string base64_lines(std::string_view in) {
  const auto flat = core::base64_text(in, core::Base64::padded);
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded word(s) for a header holding UTF-8 text; plain ASCII is left as it is.
std::string header_text(std::string_view s) {
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (ascii) return std::string(s);
  // Encoded words of at most 45 bytes of text each, cut between UTF-8 characters.
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t end = std::min(s.size(), i + 45);
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?";
    core::append_base64(out, s.substr(i, end - i), core::Base64::padded);
    out += "?=";
    i = end;
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      out += ch;
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string json_inner(std::string_view s) {
  auto quoted = core::Json(std::string(s)).dump();
  return quoted.substr(1, quoted.size() - 2);
}

std::string domain_of(const std::string& address) {
  auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

std::string curl_error(CURLcode code, const char* detail) {
  std::string out = curl_easy_strerror(code);
  if (detail && *detail) out += std::string(": ") + detail;
  return out;
}

struct Upload {
  std::string data;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t len = std::min(size * n, up->data.size() - up->at);
  std::copy_n(up->data.data() + up->at, len, buffer);
  up->at += len;
  return len;
}

std::size_t keep_reply(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() < 1024) out->append(data, std::min(size * n, 1024 - out->size()));
  return size * n;
}

class Easy {
 public:
  Easy() : h_(curl_easy_init()) {
    if (!h_) throw std::runtime_error("curl_easy_init failed");
  }
  ~Easy() { curl_easy_cleanup(h_); }
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;
  CURL* get() const { return h_; }

 private:
  CURL* h_;
};

struct Slist {
  curl_slist* list = nullptr;
  ~Slist() { curl_slist_free_all(list); }
  void add(const std::string& s) { list = curl_slist_append(list, s.c_str()); }
};

class EmailChannel final : public Channel {
 public:
  explicit EmailChannel(EmailSettings s) : s_(std::move(s)) {
    domain_ = s_.message_id_domain.empty() ? domain_of(s_.from) : s_.message_id_domain;
  }

  Outcome send(const Message& m) override {
    CURL* h = easy_.get();
    curl_easy_reset(h);
    Upload up{compose_email(m, s_.from, domain_, current_date()), 0};
    Slist rcpt;
    rcpt.add("<" + m.recipient + ">");
    char detail[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(h, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    std::string from = "<" + s_.from + ">";
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.list);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, long(s_.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, long(std::min<long>(10, s_.timeout.count())));
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     s_.starttls == "require" ? long(CURLUSESSL_ALL)
                     : s_.starttls == "no"    ? long(CURLUSESSL_NONE)
                                              : long(CURLUSESSL_TRY));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, s_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, s_.verify_tls ? 2L : 0L);
    if (!s_.user.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, s_.user.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, s_.password.c_str());
    }
    CURLcode rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK) return {true, false, {}};
    Outcome out;
    out.error = "SMTP: " + curl_error(rc, detail);
    if (code > 0) out.error += fmt::format(" (reply {})", code);
    // 5xx: the server refuses this message for good (unknown mailbox, policy); 4xx and network
    // failures may pass later.
    out.permanent = code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED;
    return out;
  }

 private:
  static std::string current_date() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    return buf;
  }

  EmailSettings s_;
  std::string domain_;
  Easy easy_;  // kept: libcurl reuses the SMTP connection for the next message
};

class SmsChannel final : public Channel {
 public:
  explicit SmsChannel(SmsSettings s) : s_(std::move(s)) {}

  Outcome send(const Message& m) override {
    CURL* h = easy_.get();
    curl_easy_reset(h);
    std::string body = sms_body(s_, m);
    std::string reply;
    Slist headers;
    headers.add("Content-Type: " + s_.content_type);
    headers.add("Idempotency-Key: " + std::to_string(m.id));
    if (!s_.auth_header.empty()) headers.add(s_.auth_header);
    headers.add("Expect:");
    char detail[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
    curl_easy_setopt(h, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, long(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.list);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_reply);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, long(s_.timeout.count()));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, long(std::min<long>(10, s_.timeout.count())));
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) return {false, false, "SMS gateway: " + curl_error(rc, detail)};
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (code >= 200 && code < 300) return {true, false, {}};
    Outcome out;
    std::string text = reply;
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    out.error = fmt::format("SMS gateway answered HTTP {}{}{}", code, text.empty() ? "" : ": ",
                            text.substr(0, 300));
    // A 4xx other than timeout and throttling says this request will never be taken.
    out.permanent = code >= 400 && code < 500 && code != 408 && code != 429;
    return out;
  }

 private:
  SmsSettings s_;
  Easy easy_;
};

}  // namespace

std::string kind_mark(const std::string& kind) {
  if (kind == "exercise") return "ЖАТТЫҒУ / УЧЕНИЯ / EXERCISE";
  if (kind == "test") return "СЫНАҚ / ТЕСТ / TEST";
  return {};
}

std::string marked_text(const Message& m) {
  auto mark = kind_mark(m.kind);
  if (mark.empty() || m.text.starts_with(mark)) return m.text;
  return mark + ": " + m.text;
}

std::string marked_subject(const Message& m) {
  auto mark = kind_mark(m.kind);
  if (mark.empty() || m.subject.starts_with(mark)) return m.subject;
  return mark + ": " + m.subject;
}

std::string message_id(std::int64_t id, const std::string& domain) {
  return fmt::format("<qorgan-{}@{}>", id, domain);
}

std::string compose_email(const Message& m, const std::string& from, const std::string& domain,
                          const std::string& date) {
  std::string out;
  out += "Date: " + date + "\r\n";
  out += "From: " + from + "\r\n";
  out += "To: " + m.recipient + "\r\n";
  out += "Subject: " + header_text(marked_subject(m)) + "\r\n";
  out += "Message-ID: " + message_id(m.id, domain) + "\r\n";
  if (m.kind != "real") out += "X-Qorgan-Kind: " + m.kind + "\r\n";
  if (m.list_unsubscribe) {
    out += "List-Unsubscribe: <" + *m.list_unsubscribe + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  std::string text = marked_text(m);
  if (!m.html) {
    out += "Content-Type: text/plain; charset=utf-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64_lines(text);
    return out;
  }
  std::string boundary = fmt::format("qorgan-{}-alternative", m.id);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += base64_lines(text);
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  auto mark = kind_mark(m.kind);
  out += base64_lines(mark.empty() ? *m.html : "<p><strong>" + mark + "</strong></p>\n" + *m.html);
  out += "--" + boundary + "--\r\n";
  return out;
}

std::string sms_body(const SmsSettings& s, const Message& m) {
  bool json = s.content_type.find("json") != std::string::npos;
  bool form = s.content_type.find("x-www-form-urlencoded") != std::string::npos;
  auto esc = [&](std::string_view v) {
    return json ? json_inner(v) : form ? percent_encode(v) : std::string(v);
  };
  // One pass per placeholder over the template only, so values are never re-expanded.
  std::string out;
  const std::string& t = s.body_template;
  for (std::size_t i = 0; i < t.size();) {
    auto take = [&](std::string_view name, const std::string& value) {
      if (t.compare(i, name.size(), name) != 0) return false;
      out += esc(value);
      i += name.size();
      return true;
    };
    if (t[i] == '{' && (take("{recipient}", m.recipient) || take("{text}", marked_text(m)) ||
                        take("{id}", std::to_string(m.id))))
      continue;
    out += t[i++];
  }
  return out;
}

std::unique_ptr<Channel> email_channel(const EmailSettings& s) {
  ensure_curl();
  return std::make_unique<EmailChannel>(s);
}

std::unique_ptr<Channel> sms_channel(const SmsSettings& s) {
  ensure_curl();
  return std::make_unique<SmsChannel>(s);
}

}  // namespace qorgan::notify
