#include <charconv>

#include "storage/database.hpp"

namespace qorgan::storage {

std::int64_t Row::i64(size_t i) const {
  const auto& v = cols_.at(i).get();
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(p->data(), p->data() + p->size(), out);
    if (ec != std::errc{}) throw DbError("column " + std::to_string(i) + " is not an integer");
    return out;
  }
  throw DbError("column " + std::to_string(i) + " is NULL");
}

double Row::f64(size_t i) const {
  const auto& v = cols_.at(i).get();
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
  throw DbError("column " + std::to_string(i) + " is NULL");
}

std::string Row::str(size_t i) const {
  const auto& v = cols_.at(i).get();
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

std::string Row::blob(size_t i) const {
  const auto& v = cols_.at(i).get();
  if (auto p = std::get_if<Blob>(&v)) return p->bytes;
  if (std::holds_alternative<std::monostate>(v)) return {};
  throw DbError("column " + std::to_string(i) + " is not binary");
}

}  // namespace qorgan::storage
