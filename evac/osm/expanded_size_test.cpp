// The expansion of uploaded OSM files is counted without keeping it: bombs made here of zeros
// (gzip, bzip2, a PBF blob that declares a huge raw size) are stopped at the limit, honest files
// are counted exactly, and the importer still reads what passes.
#include "evac/osm/expanded_size.hpp"

#include <bzlib.h>
#include <zlib.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <protozero/pbf_writer.hpp>

namespace qorgan::evac::osm {
namespace {

constexpr std::uint64_t MiB = 1024 * 1024;

// `size` bytes of `fill` gzipped, streamed through a small buffer (never held whole).
std::string gzip_of(std::uint64_t size, char fill = '\0') {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::vector<unsigned char> chunk(MiB, static_cast<unsigned char>(fill)), out(MiB);
  std::string gz;
  for (std::uint64_t left = size; left > 0 || z.avail_in > 0;) {
    if (z.avail_in == 0) {
      const auto n = std::min<std::uint64_t>(left, chunk.size());
      z.next_in = chunk.data();
      z.avail_in = uInt(n);
      left -= n;
    }
    const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc;
    do {
      z.next_out = out.data();
      z.avail_out = uInt(out.size());
      rc = deflate(&z, flush);
      gz.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    if (rc == Z_STREAM_END) break;
  }
  deflateEnd(&z);
  return gz;
}

std::string bzip2_of(std::uint64_t size) {
  bz_stream z{};
  EXPECT_EQ(BZ2_bzCompressInit(&z, 9, 0, 0), BZ_OK);
  std::vector<char> chunk(MiB, '\0'), out(MiB);
  std::string bz;
  std::uint64_t left = size;
  int rc = BZ_RUN_OK;
  while (rc != BZ_STREAM_END) {
    if (z.avail_in == 0 && left > 0) {
      const auto n = std::min<std::uint64_t>(left, chunk.size());
      z.next_in = chunk.data();
      z.avail_in = unsigned(n);
      left -= n;
    }
    z.next_out = out.data();
    z.avail_out = unsigned(out.size());
    rc = BZ2_bzCompress(&z, left == 0 && z.avail_in == 0 ? BZ_FINISH : BZ_RUN);
    bz.append(out.data(), out.size() - z.avail_out);
  }
  BZ2_bzCompressEnd(&z);
  return bz;
}

TEST(ExpandedSize, AGzipBombStopsAtTheLimit) {
  const std::string bomb = gzip_of(64 * MiB);  // about 64 kB
  ASSERT_LT(bomb.size(), 100'000u);
  EXPECT_EQ(expanded_size(bomb, 10 * MiB), 10 * MiB + 1);
  EXPECT_EQ(expanded_size(bomb, 1024 * MiB), 64 * MiB);
}

TEST(ExpandedSize, ConcatenatedGzipMembersAreAllCounted) {
  const std::string two = gzip_of(3 * MiB, 'a') + gzip_of(2 * MiB, 'b');
  EXPECT_EQ(expanded_size(two, 100 * MiB), 5 * MiB);
  EXPECT_EQ(expanded_size(two, 4 * MiB), 4 * MiB + 1);
  // Bytes after the last member that start no new one are not read (as gzread does).
  EXPECT_EQ(expanded_size(two + "trailing", 100 * MiB), 5 * MiB);
}

TEST(ExpandedSize, ACutGzipFileIsCountedAsFarAsItGoes) {
  const std::string whole = gzip_of(4 * MiB, 'x');
  const auto n = expanded_size(std::string_view(whole).substr(0, whole.size() / 2), 100 * MiB);
  EXPECT_LE(n, 4 * MiB);
}

TEST(ExpandedSize, ABzip2BombStopsAtTheLimit) {
  const std::string bomb = bzip2_of(16 * MiB);
  ASSERT_LT(bomb.size(), 10'000u);
  EXPECT_EQ(expanded_size(bomb, 4 * MiB), 4 * MiB + 1);
  EXPECT_EQ(expanded_size(bomb, 100 * MiB), 16 * MiB);
  EXPECT_EQ(expanded_size(bomb + bomb, 1024 * MiB), 32 * MiB);
}

// A PBF file of `blobs` OSMData blobs, each declaring `raw_size` bytes (the data itself is not
// valid; only the sizes are read).
std::string pbf_of(int blobs, std::int32_t raw_size) {
  std::string file;
  auto block = [&](const char* type, std::int32_t raw) {
    std::string blob;
    {
      protozero::pbf_writer w(blob);
      w.add_int32(2, raw);
      w.add_bytes(3, std::string(100, 'z'));
    }
    std::string header;
    {
      protozero::pbf_writer w(header);
      w.add_string(1, type);
      w.add_int32(3, std::int32_t(blob.size()));
    }
    const auto n = std::uint32_t(header.size());
    file += char(n >> 24);
    file += char((n >> 16) & 0xff);
    file += char((n >> 8) & 0xff);
    file += char(n & 0xff);
    file += header + blob;
  };
  block("OSMHeader", 1000);
  for (int i = 0; i < blobs; ++i) block("OSMData", raw_size);
  return file;
}

TEST(ExpandedSize, APbfFileCountsWhatItsBlobsDeclare) {
  const std::string pbf = pbf_of(40, 32 * 1024 * 1024);  // 40 blobs of 32 MiB: 1.25 GiB
  ASSERT_LT(pbf.size(), 10'000u);
  EXPECT_EQ(expanded_size(pbf, 512 * MiB), 512 * MiB + 1);
  EXPECT_EQ(expanded_size(pbf, 2048 * MiB), 1000 + 40 * 32 * MiB);
}

TEST(ExpandedSize, PlainXmlIsItsOwnSize) {
  const std::string xml = "<?xml version='1.0'?><osm version=\"0.6\"></osm>";
  EXPECT_EQ(expanded_size(xml, 1000), xml.size());
  EXPECT_EQ(expanded_size(xml, 10), 11u);
}

}  // namespace
}  // namespace qorgan::evac::osm
