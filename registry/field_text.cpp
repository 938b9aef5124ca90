#include "registry/field_text.hpp"

namespace qorgan::registry::person_store {

void put_text_field(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

void put_number_field(std::string& out, std::int64_t n) {
  out += std::to_string(n);
  out += ';';
}

}  // namespace qorgan::registry::person_store
