#include "evac/osm/expanded_size.hpp"

#include <bzlib.h>
#include <zlib.h>

#include <array>
#include <climits>
#include <exception>

#include <protozero/pbf_reader.hpp>

namespace qorgan::evac::osm {

namespace {

constexpr std::size_t kScratch = 256 * 1024;

bool starts_gzip(std::string_view b) {
  return b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f &&
         static_cast<unsigned char>(b[1]) == 0x8b;
}

// Inflates gzip members one after another (as gzread does; bytes after the last member that do
// not start another are ignored), counting the output into a scratch buffer that is overwritten.
std::uint64_t gzip_size(std::string_view in, std::uint64_t limit) {
  std::array<unsigned char, kScratch> out;  // NOLINT: scratch space, never read
  std::uint64_t total = 0;
  while (starts_gzip(in)) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 16) != Z_OK) return total;
    std::size_t used = 0;
    int rc = Z_OK;
    while (rc == Z_OK && total <= limit) {
      // avail_in is 32 bits wide: feed at most 1 GiB at a time.
      if (z.avail_in == 0 && used < in.size()) {
        const std::size_t chunk = std::min<std::size_t>(in.size() - used, std::size_t(1) << 30);
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + used));
        z.avail_in = uInt(chunk);
        used += chunk;
      }
      z.next_out = out.data();
      z.avail_out = uInt(out.size());
      rc = inflate(&z, Z_NO_FLUSH);
      total += out.size() - z.avail_out;
      if (rc == Z_BUF_ERROR && z.avail_in == 0 && used == in.size()) break;  // cut short
      if (rc == Z_BUF_ERROR) rc = Z_OK;
    }
    const std::size_t rest = used - z.avail_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END || total > limit) break;
    in.remove_prefix(rest);
  }
  return std::min(total, limit + 1);
}

// The same for bzip2 streams, which libosmium's reader also follows one after another.
std::uint64_t bzip2_size(std::string_view in, std::uint64_t limit) {
  std::array<char, kScratch> out;  // NOLINT: scratch space, never read
  std::uint64_t total = 0;
  while (in.starts_with("BZh")) {
    bz_stream z{};
    if (BZ2_bzDecompressInit(&z, 0, 0) != BZ_OK) return total;
    std::size_t used = 0;
    int rc = BZ_OK;
    while (rc == BZ_OK && total <= limit) {
      if (z.avail_in == 0 && used < in.size()) {
        const std::size_t chunk = std::min<std::size_t>(in.size() - used, std::size_t(1) << 30);
        z.next_in = const_cast<char*>(in.data() + used);
        z.avail_in = unsigned(chunk);
        used += chunk;
      }
      const unsigned before_in = z.avail_in;
      z.next_out = out.data();
      z.avail_out = unsigned(out.size());
      rc = BZ2_bzDecompress(&z);
      const std::size_t produced = out.size() - z.avail_out;
      total += produced;
      // No input left and nothing produced: the stream was cut short.
      if (rc == BZ_OK && produced == 0 && before_in == z.avail_in && used == in.size()) break;
    }
    const std::size_t rest = used - z.avail_in;
    BZ2_bzDecompressEnd(&z);
    if (rc != BZ_STREAM_END || total > limit) break;
    in.remove_prefix(rest);
  }
  return std::min(total, limit + 1);
}

// A PBF file is a sequence of (4-byte big-endian length, BlobHeader, Blob); each Blob holds its
// data raw or compressed with its raw_size, which the reader allocates and checks.
std::uint64_t pbf_size(std::string_view in, std::uint64_t limit) {
  std::uint64_t total = 0;
  try {
    while (in.size() >= 4 && total <= limit) {
      const auto* p = reinterpret_cast<const unsigned char*>(in.data());
      const std::uint32_t header_size = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) |
                                        (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
      in.remove_prefix(4);
      if (header_size > in.size()) break;
      std::uint64_t data_size = 0;
      protozero::pbf_reader header(in.data(), header_size);
      while (header.next()) {
        if (header.tag() == 3 && header.wire_type() == protozero::pbf_wire_type::varint)
          data_size = std::uint64_t(std::max(0, header.get_int32()));
        else
          header.skip();
      }
      in.remove_prefix(header_size);
      if (data_size > in.size()) break;
      protozero::pbf_reader blob(in.data(), std::size_t(data_size));
      while (blob.next()) {
        if (blob.tag() == 1 && blob.wire_type() == protozero::pbf_wire_type::length_delimited)
          total += blob.get_view().size();  // raw, uncompressed data
        else if (blob.tag() == 2 && blob.wire_type() == protozero::pbf_wire_type::varint)
          total += std::uint64_t(std::max(0, blob.get_int32()));  // raw_size of compressed data
        else
          blob.skip();
      }
      in.remove_prefix(data_size);
    }
  } catch (const std::exception&) {
    // Damaged: counted as far as it could be read.
  }
  return std::min(total, limit + 1);
}

}  // namespace

std::uint64_t expanded_size(std::string_view file, std::uint64_t limit) {
  if (starts_gzip(file)) return gzip_size(file, limit);
  if (file.starts_with("BZh")) return bzip2_size(file, limit);
  // PBF: the first BlobHeader's type is "OSMHeader" (as the upload's sniffing decides).
  if (file.size() >= 16 && file[0] == 0 && file[1] == 0 &&
      file.substr(4, 16).find("OSMHeader") != std::string_view::npos)
    return pbf_size(file, limit);
  return std::min<std::uint64_t>(file.size(), limit + 1);
}

}  // namespace qorgan::evac::osm
