// What an act's photo must be, decided by its bytes: JPEG, PNG or WebP, not empty, at most 5 MB,
// at most 20 at once, of the type the sender claimed, with a name that is not a path.
#include "requisition/photos.hpp"

#include <gtest/gtest.h>

namespace qorgan::requisition {

namespace {

// The header of a lossless WebP of `w`×`h` pixels (enough for its type and size to be read).
std::string webp(int w, int h) {
  std::uint32_t bits = std::uint32_t(w - 1) | (std::uint32_t(h - 1) << 14);
  std::string vp8l = "VP8L";
  vp8l += std::string("\x05\x00\x00\x00", 4);
  vp8l += '\x2f';
  for (int i = 0; i < 4; ++i) vp8l += char((bits >> (8 * i)) & 0xff);
  vp8l += std::string(11, '\0');
  std::string out = "RIFF";
  std::uint32_t size = std::uint32_t(vp8l.size() + 4);
  for (int i = 0; i < 4; ++i) out += char((size >> (8 * i)) & 0xff);
  return out + "WEBP" + vp8l;
}

std::string field_of(const core::Result<std::vector<PreparedPhoto>>& r) {
  return r ? "" : r.error().fields.at(0).field;
}

}  // namespace

TEST(RequisitionPhotos, TheTypeIsReadFromTheBytes) {
  EXPECT_EQ(photo_type("\xFF\xD8\xFF\xE0 rest"), "image/jpeg");
  EXPECT_EQ(photo_type(std::string("\x89PNG\r\n\x1A\n rest", 13)), "image/png");
  EXPECT_EQ(photo_type(webp(10, 10)), "image/webp");
  EXPECT_EQ(photo_type("GIF89a rest"), "") << "GIF is not a photo format here";
  EXPECT_EQ(photo_type("RIFF0000WAVE"), "") << "a RIFF that is not WebP";
  EXPECT_EQ(photo_type("just text"), "");
}

TEST(RequisitionPhotos, AWebPIsKeptAsSentWithItsSize) {
  auto r = prepare_photos({{"back.webp", webp(640, 480), "image/webp"}});
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].mime, "image/webp");
  EXPECT_EQ((*r)[0].width, 640);
  EXPECT_EQ((*r)[0].height, 480);
  EXPECT_TRUE((*r)[0].thumb.empty()) << "shown scaled, not decoded";
  EXPECT_EQ((*r)[0].name, "back.webp");
}

TEST(RequisitionPhotos, RefusalsNameTheFile) {
  EXPECT_EQ(field_of(prepare_photos({{"a.webp", "", ""}})), "photos") << "empty";
  EXPECT_EQ(
      field_of(prepare_photos({{"a.webp", webp(10, 10) + std::string(kMaxPhotoBytes, 'x'), ""}})),
      "photos")
      << "over 5 MB";
  EXPECT_EQ(field_of(prepare_photos({{"a.webp", webp(10, 10), "image/png"}})), "photos")
      << "not what it claims";
  EXPECT_EQ(field_of(prepare_photos({{"../a.webp", webp(10, 10), ""}})), "photos") << "a path";
  EXPECT_EQ(field_of(prepare_photos({{"a.webp", webp(9000, 10), ""}})), "photos") << "too wide";
  EXPECT_EQ(field_of(prepare_photos({{"a", webp(10, 10), ""}, {"b", "GIF89a", ""}})), "photos[1]")
      << "the second of two";
  std::vector<Upload> many(21, Upload{"a.webp", webp(10, 10), ""});
  EXPECT_EQ(field_of(prepare_photos(many)), "photos") << "more than 20";
  auto unnamed = prepare_photos({{"  ", webp(10, 10), "application/octet-stream"}});
  ASSERT_TRUE(unnamed);
  EXPECT_EQ((*unnamed)[0].name, "photo-1");
}

}  // namespace qorgan::requisition
