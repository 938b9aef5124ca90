#include "view/templates.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace qorgan::view {

namespace fs = std::filesystem;
using kainjow::mustache::mustache;

Data object() {
  return Data{Data::type::object};
}
Data list() {
  return Data{Data::type::list};
}

// The map's and the list's elements are not const; kainjow only hands them out as const.
void put(Data& into, const std::string& key, Data&& value) {
  into.set(key, Data{false});
  *const_cast<Data*>(into.get(key)) = std::move(value);
}
void add(Data& into, Data&& value) {
  auto& items = const_cast<std::vector<Data>&>(into.list_value());
  if (items.size() == items.capacity()) {
    std::vector<Data> grown;
    grown.reserve(std::max<std::size_t>(8, items.size() * 2));
    for (auto& x : items) grown.emplace_back(std::move(x));  // within capacity: moved
    items.swap(grown);
  }
  items.emplace_back(std::move(value));
}

Data to_data(const core::Json& j) {
  switch (j.type()) {
    case core::Json::value_t::object: {
      Data d{Data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case core::Json::value_t::array: {
      Data d{Data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case core::Json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      return s.empty() ? Data{false} : Data{s};
    }
    case core::Json::value_t::boolean:
      return Data{j.get<bool>()};
    case core::Json::value_t::number_integer:
    case core::Json::value_t::number_unsigned:
    case core::Json::value_t::number_float:
      return Data{j.dump()};
    default:
      return Data{false};
  }
}

core::Result<Templates> Templates::load(const std::string& dir) {
  Templates t;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return core::fail(core::Error::internal("the templates folder " + dir + " does not exist"));
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".mustache") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto name = fs::relative(e.path(), dir).replace_extension().generic_string();
    mustache check{ss.str()};
    if (!check.is_valid())
      return core::fail(core::Error::internal(e.path().string() + ": " + check.error_message()));
    t.sources_[name] = ss.str();
  }
  if (ec) return core::fail(core::Error::internal(dir + ": " + ec.message()));
  return t;
}

std::string Templates::render(const std::string& name, const Data& data) const {
  auto it = sources_.find(name);
  if (it == sources_.end())
    return "<p>Missing template " + kainjow::mustache::html_escape(name) + "</p>";
  // Partials resolve through the context stack, so an outer object that holds them all makes
  // every template includable from any other.
  Data root{Data::type::object};
  for (const auto& [n, src] : sources_) {
    const std::string* s = &src;
    root.set(n, kainjow::mustache::partial([s] { return *s; }));
  }
  kainjow::mustache::context<std::string> ctx{&root};
  ctx.push(&data);
  mustache m{it->second};  // parsed per render: mustache::render is not const-safe to share
  return m.render(ctx);
}

std::string Templates::page(const std::string& name, Data page, const std::string& layout) const {
  auto body = render(name, page);
  page.set("content", body);
  return render(layout, page);
}

}  // namespace qorgan::view
