#include "console/region_people_section.hpp"

#include "console/pages.hpp"
#include "registry/region_counts.hpp"

namespace qorgan::console {

using view::Data;

void region_people_section(registry::Registry& reg, Data& d, const Principal& who,
                           const registry::Region& region) {
  auto counts = registry::people_by_region(reg.db, who, region.id);
  if (!counts || counts->items.empty()) return;  // not theirs to count: the page stands without it
  Data st{Data::type::object};
  Data rows{Data::type::list};
  bool listed = false;
  for (const auto& c : counts->items) {
    if (c.region.id == region.id) {
      listed = true;
      st.set("total", std::to_string(c.people));
      st.set("here", std::to_string(c.people_here));
    } else if (c.region.parent_id == region.id) {
      Data r{Data::type::object};
      r.set("name", region_name(c.region));
      r.set("code", c.region.code);
      r.set("href", "/console/regions/" + std::to_string(c.region.id));
      r.set("people", std::to_string(c.people));
      rows.push_back(r);
    }
  }
  if (!listed) {  // a region above the caller's own: the total of what they may count
    st.set("total", std::to_string(counts->people));
    st.set("here", std::string("—"));
  }
  st.set("children", rows);
  st.set("no_children", rows.is_empty_list());
  d.set("region_people", st);
}

}  // namespace qorgan::console
