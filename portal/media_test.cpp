#include "portal/media.hpp"

#include <gtest/gtest.h>

namespace qorgan::portal {

TEST(PortalMedia, TypeComesFromTheContent) {
  EXPECT_EQ(sniff_image("\xFF\xD8\xFF\xE0rest"), "image/jpeg");
  EXPECT_EQ(sniff_image(std::string_view("\x89PNG\r\n\x1A\nrest", 12)), "image/png");
  EXPECT_EQ(sniff_image("GIF89a..."), "image/gif");
  EXPECT_EQ(sniff_image("<svg onload=alert(1)>"), "");
  EXPECT_EQ(sniff_image(""), "");
}

}  // namespace qorgan::portal
