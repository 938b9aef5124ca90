#include "http/form.hpp"

#include <gtest/gtest.h>

namespace qorgan::http {
namespace {

TEST(Multipart, ReadsFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n"
      "--XyZ--\r\n";
  auto f = parse_multipart(body, "XyZ");
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(form_value(*f, "_csrf"), "tok");
  EXPECT_EQ(form_value(*f, "file"), "a,b\r\n1,2\r\n");
}

TEST(Multipart, RejectsBrokenBodies) {
  EXPECT_FALSE(parse_multipart("no boundary here", "XyZ"));
  EXPECT_FALSE(
      parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nopen", "XyZ"));
  EXPECT_FALSE(parse_multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"", "XyZ"));
}

TEST(Multipart, Boundary) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----abc").value_or(""), "----abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b\"").value_or(""), "a b");
  EXPECT_FALSE(multipart_boundary("application/x-www-form-urlencoded"));
}

TEST(Form, UrlEncodedAndMultipartBodiesGiveTheSameFields) {
  Request a;
  a.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  a.body = "name=%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B&n=1&n=2";
  Request b;
  b.headers = {{"Content-Type", "multipart/form-data; boundary=B"}};
  b.body =
      "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nАлматы\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n1\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n2\r\n--B--\r\n";
  auto fa = parse_form(a), fb = parse_form(b);
  ASSERT_TRUE(fa && fb);
  EXPECT_EQ(*fa, *fb);
  EXPECT_EQ(form_value(*fa, "name"), "Алматы");
  EXPECT_EQ(form_value(*fa, "missing"), "");
  Request json;
  json.headers = {{"Content-Type", "application/json"}};
  json.body = "{}";
  EXPECT_TRUE(parse_form(json)->empty());
}

}  // namespace
}  // namespace qorgan::http
