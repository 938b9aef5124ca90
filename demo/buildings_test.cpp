#include "demo/buildings.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "demo/districts.hpp"

namespace qorgan::demo {
namespace {

std::string almaty_file() {
  const char* dir = std::getenv("QORGAN_OSM_DIR");
  return find_almaty_extract(dir ? dir : "");
}

TEST(DemoBuildings, ReadsAlmatysSchoolsAndHospitalsFromOsm) {
  auto path = almaty_file();
  if (path.empty())
    GTEST_SKIP() << "almaty-2013.osm.pbf not found (set QORGAN_OSM_DIR or place it in "
                    "../shared/data/osm); the demo then uses its built-in list";
  auto found = read_osm_buildings(path, almaty_box());
  ASSERT_TRUE(found) << found.error().message;
  std::map<std::string, int> by_tag;
  for (const auto& b : *found) {
    by_tag[b.osm_tag]++;
    EXPECT_FALSE(b.name.empty());
    EXPECT_TRUE(almaty_box().contains(b.lat, b.lon)) << b.name;
    EXPECT_NE(b.osm_id, 0);
    // Everything read lies within the city, near one of its districts.
    EXPECT_LT(nearest_district(b.lat, b.lon).metres, 15000) << b.name;
  }
  // The 2013 extract has about 70 schools and 50 hospitals, most of them named.
  EXPECT_GT(by_tag["amenity=school"], 30);
  EXPECT_GT(by_tag["amenity=hospital"], 20);
  EXPECT_GT(found->size(), 80u);
  // Bare numbers become readable school names, and no name repeats within 500 m.
  bool numbered = false;
  for (const auto& b : *found) {
    if (b.is_school() && b.name.starts_with("Школа № ")) numbered = true;
    EXPECT_FALSE(b.name.starts_with("№")) << b.name;
  }
  EXPECT_TRUE(numbered);
}

TEST(DemoBuildings, ReadsTheSmallExtractShippedWithOsmiumTool) {
  // Any machine with the project's packages has this real (Karlsruhe) extract.
  std::string path = "/usr/share/doc/osmium-tool/examples/extract-example-config/karlsruhe.osm.bz2";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not installed (osmium-tool)";
  auto found = read_osm_buildings(path);
  ASSERT_TRUE(found) << found.error().message;
  // Nothing of it lies in Almaty.
  auto in_almaty = read_osm_buildings(path, almaty_box());
  ASSERT_TRUE(in_almaty);
  EXPECT_TRUE(in_almaty->empty());
}

TEST(DemoBuildings, MissingOrBrokenFilesAreErrorsNamingTheFile) {
  auto missing = read_osm_buildings("/nonexistent/almaty.osm.pbf");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/almaty.osm.pbf"), std::string::npos);

  auto dir = std::filesystem::temp_directory_path() / "qorgan-demo-buildings-test";
  std::filesystem::create_directories(dir);
  auto bad = dir / "broken.osm.pbf";
  {
    std::FILE* f = std::fopen(bad.c_str(), "wb");
    std::fputs("this is not a protocol buffer", f);
    std::fclose(f);
  }
  auto broken = read_osm_buildings(bad.string());
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("broken.osm.pbf"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(DemoBuildings, BuiltInListLiesInAlmaty) {
  auto list = builtin_buildings();
  EXPECT_GE(list.size(), 12u);
  for (const auto& b : list) {
    EXPECT_TRUE(almaty_box().contains(b.lat, b.lon)) << b.name;
    EXPECT_LT(nearest_district(b.lat, b.lon).metres, 12000) << b.name;
  }
}

}  // namespace
}  // namespace qorgan::demo
