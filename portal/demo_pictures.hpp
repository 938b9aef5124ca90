#pragma once
// Illustrations for the demo's stories, drawn by the project: a scene by the story's section
// (a city under the mountains, a street map with an evacuation route, a siren, a shield with a
// padlock, a microphone with speech bubbles, a field camp) in the section's colour, varied by a
// seed so that no two stories share a picture.
#include <array>
#include <string>
#include <string_view>

namespace qorgan::portal::demo {

struct Picture {
  std::string png;                 // 800 × 450
  std::array<std::string, 3> alt;  // kk, ru, en: what the picture shows
};

// The picture for a story of section `category` (a category slug; an unknown one gets the city).
Picture draw_picture(std::string_view category, int seed);

}  // namespace qorgan::portal::demo
