#pragma once
// Mustache templates for server-rendered pages (the console, the portal and its editor).
// Every template under web/templates is read and checked once at start-up; a page is rendered
// into the shared layout. {{name}} escapes HTML; the only unescaped value is the layout's
// {{{content}}}, which is the page this renderer produced itself.
#include <kainjow/mustache.hpp>

#include <map>
#include <string>

#include "core/error.hpp"
#include "core/json.hpp"

namespace qorgan::view {

using Data = kainjow::mustache::data;

// JSON to mustache data: objects and arrays keep their shape, numbers become text, true stays
// truthy, and false, null and empty strings become false (so {{#field}} hides absent values).
Data to_data(const core::Json& j);

// An empty object or list of page data.
Data object();
Data list();
// kainjow's set and push_back copy the value, and with it the whole tree below it, at each level
// of a page's data, and a list that grows copies its elements again (their move is not noexcept):
// for a page of a thousand rows that was most of its work. These move the value in instead.
void put(Data& into, const std::string& key, Data&& value);
void add(Data& into, Data&& value);

class Templates {
 public:
  // Reads every *.mustache file under `dir` (recursively), named by its relative path without
  // the extension ("layout", "console/list"). Fails naming the first file that does not parse.
  static core::Result<Templates> load(const std::string& dir);

  // Renders `name` with `data`; every template is available as a partial ({{> console/field}}).
  std::string render(const std::string& name, const Data& data) const;
  // Renders `name` into `layout` as {{{content}}}; `page` carries the layout's values too.
  std::string page(const std::string& name, Data page, const std::string& layout = "layout") const;

  bool has(const std::string& name) const { return sources_.contains(name); }

 private:
  std::map<std::string, std::string> sources_;
};

}  // namespace qorgan::view
