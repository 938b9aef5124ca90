#pragma once
// How much an OpenStreetMap file expands to when read, counted before it is read: a gzip file of
// zeros a few hundred kilobytes long inflates to gigabytes, and the importer would parse all of it.
#include <cstdint>
#include <string_view>

namespace qorgan::evac::osm {

// The number of bytes libosmium's readers would get out of `file`: the inflated gzip or bzip2
// streams (concatenated ones too), the sum of a PBF file's blob sizes as the blobs declare them
// (libosmium refuses a blob that inflates to more), or the file's own size for plain XML.
// Counting stops as soon as the total passes `limit` (the answer is then limit + 1) and keeps
// nothing it inflates, so memory stays at one small buffer whatever the file claims. Damage
// ends the count where it is: the importer reports damage in its own words.
std::uint64_t expanded_size(std::string_view file, std::uint64_t limit);

}  // namespace qorgan::evac::osm
