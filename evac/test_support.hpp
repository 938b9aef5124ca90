#pragma once
// Helpers for the evac unit tests only.

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "evac/io/text_network_reader.hpp"

namespace qorgan::evac::testing {

inline Problem parse_problem(const std::string& text) {
  std::istringstream in(text);
  auto p = io::read_text_network(in, "test");
  if (!p) ADD_FAILURE() << p.error().message;
  return p ? std::move(*p) : Problem{};
}

inline std::string parse_error(const std::string& text) {
  std::istringstream in(text);
  auto p = io::read_text_network(in, "net.txt");
  return p ? std::string("(parsed without error)") : p.error().message;
}

}  // namespace qorgan::evac::testing
