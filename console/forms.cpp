#include "console/forms.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "console/i18n.hpp"
#include "core/text.hpp"

namespace qorgan::console {

namespace {
// How core::JsonFields refuses a value outside a fixed set, before the set's codes.
constexpr std::string_view kOneOf = "must be one of: ";
}  // namespace

const core::Json* json_at(const core::Json& record, const std::string& path) {
  const core::Json* j = &record;
  size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    auto key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!j->is_object() || !j->contains(key)) return nullptr;
    j = &(*j)[key];
    if (dot == std::string::npos) return j;
    start = dot + 1;
  }
}

std::string json_text(const core::Json& record, const std::string& path) {
  const auto* j = json_at(record, path);
  if (!j || j->is_null()) return {};
  if (j->is_string()) return j->get<std::string>();
  if (j->is_boolean()) return j->get<bool>() ? "true" : "";
  if (j->is_array()) {
    std::string out;
    for (const auto& v : *j) {
      if (!out.empty()) out += ", ";
      out += v.is_string() ? v.get<std::string>() : v.dump();
    }
    return out;
  }
  return j->dump();
}

core::Json form_to_json(const std::vector<Field>& fields, const Form& form, bool creating) {
  core::Json out = core::Json::object();
  // Groups left wholly empty are dropped: a centroid is both coordinates or none.
  std::set<std::string> non_empty_groups;
  for (const auto& f : fields)
    if (auto dot = f.path.rfind('.');
        dot != std::string::npos && !core::trim(form_value(form, f.path)).empty())
      non_empty_groups.insert(f.path.substr(0, dot));
  for (const auto& f : fields) {
    if (creating ? !f.on_create : !f.on_update) continue;
    auto dot = f.path.rfind('.');
    std::string group = dot == std::string::npos ? "" : f.path.substr(0, dot);
    if (!group.empty() && !non_empty_groups.contains(group)) continue;
    std::string raw = f.kind == FieldKind::textarea ? form_value(form, f.path)
                                                    : core::trim(form_value(form, f.path));
    core::Json value;
    if (f.encode) {
      if (raw.empty() && creating) continue;
      value = f.encode(raw);
    } else if (f.kind == FieldKind::checkbox) {
      value = !raw.empty();
    } else if (raw.empty()) {
      if (creating || !group.empty()) continue;
      value = nullptr;
    } else if (f.kind == FieldKind::integer || f.numeric_value) {
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
      value = ec == std::errc() && p == raw.data() + raw.size() ? core::Json(n) : core::Json(raw);
    } else if (f.kind == FieldKind::number) {
      double d = 0;
      auto [p, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), d);
      value = ec == std::errc() && p == raw.data() + raw.size() ? core::Json(d) : core::Json(raw);
    } else {
      value = raw;
    }
    out[core::Json::json_pointer("/" + [&] {
      std::string p = f.path;
      std::replace(p.begin(), p.end(), '.', '/');
      return p;
    }())] = value;
  }
  return out;
}

std::string humanize(std::string_view code) {
  std::string s(code);
  std::replace(s.begin(), s.end(), '_', ' ');
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

std::vector<Option> enum_options(const std::vector<std::string>& codes) {
  std::vector<Option> out;
  out.reserve(codes.size());
  for (const auto& c : codes) out.push_back({c, humanize(c)});
  return out;
}

Data fields_data(const std::vector<Field>& fields, const auth::Principal& who,
                 const std::function<std::string(const std::string&)>& value_of,
                 const std::vector<core::FieldError>& errors, bool creating,
                 std::vector<core::FieldError>* unplaced) {
  std::map<std::string, std::string> by_field;
  for (const auto& e : errors) {
    // An error on "name" belongs to the first of "name.kk", "name.ru"…; on "skills[2].code" to
    // "skills"; anything else is shown above the form.
    const Field* target = nullptr;
    for (const auto& f : fields) {
      if (creating ? !f.on_create : !f.on_update) continue;
      if (f.path == e.field) target = &f;
    }
    if (!target)
      for (const auto& f : fields)
        if ((creating ? f.on_create : f.on_update) &&
            (f.path.starts_with(e.field + ".") || e.field.starts_with(f.path + ".") ||
             e.field.starts_with(f.path + "["))) {
          target = &f;
          break;
        }
    if (target) {
      auto& slot = by_field[target->path];
      std::string message = tr_message(e.message);
      // A fixed choice refused by the service: the choices in words, as the list shows them,
      // not the codes the service names.
      if (target->kind == FieldKind::select && !target->options_fn &&
          e.message.starts_with(kOneOf)) {
        message = tr(kOneOf);
        for (size_t i = 0; i < target->options.size(); ++i)
          message += (i ? ", " : "") + tr(target->options[i].label);
      }
      // An error on a group ("owner") is shown at its first field as it is; one on a part of a
      // field ("skills[2].code") says which part.
      const bool whole = target->path == e.field || target->path.starts_with(e.field + ".");
      slot += (slot.empty() ? "" : "; ") + (whole ? message : e.field + " " + message);
    } else if (unplaced) {
      unplaced->push_back(e);
    }
  }
  Data list{Data::type::list};
  for (const auto& f : fields) {
    if (creating ? !f.on_create : !f.on_update) continue;
    Data d{Data::type::object};
    std::string id = "f-" + f.path;
    std::replace(id.begin(), id.end(), '.', '-');
    d.set("id", id);
    d.set("name", f.path);
    d.set("label", tr(f.label));
    d.set("required", f.required);
    if (!f.hint.empty()) d.set("hint", tr(f.hint));
    if (!f.autocomplete.empty()) d.set("autocomplete", f.autocomplete);
    std::string value = value_of(f.path);
    d.set("value", value);
    if (auto it = by_field.find(f.path); it != by_field.end()) d.set("error", it->second);
    switch (f.kind) {
      case FieldKind::textarea:
        d.set("is_textarea", true);
        break;
      case FieldKind::checkbox:
        d.set("is_checkbox", true);
        d.set("checked", !value.empty() && value != "false");
        break;
      case FieldKind::select: {
        d.set("is_select", true);
        Data opts{Data::type::list};
        // Fixed choices are words to translate; computed ones are records' names.
        auto options = f.options_fn ? f.options_fn(who) : f.options;
        if (!f.options_fn)
          for (auto& opt : options) opt.label = tr(opt.label);
        if (!f.required || value.empty()) {
          Data o{Data::type::object};
          o.set("value", "");
          o.set("label", f.required ? tr("Choose…") : std::string("—"));
          o.set("selected", value.empty());
          opts.push_back(o);
        }
        for (const auto& opt : options) {
          Data o{Data::type::object};
          o.set("value", opt.value);
          o.set("label", opt.label);
          o.set("selected", opt.value == value);
          opts.push_back(o);
        }
        d.set("options", opts);
        break;
      }
      default: {
        d.set("is_input", true);
        const char* type = "text";
        const char* mode = "";
        switch (f.kind) {
          case FieldKind::date:
            type = "date";
            break;
          case FieldKind::email:
            type = "email";
            break;
          case FieldKind::tel:
            type = "tel";
            break;
          case FieldKind::integer:
            mode = "numeric";
            break;
          case FieldKind::number:
            mode = "decimal";
            break;
          default:
            break;
        }
        d.set("type", type);
        if (*mode) d.set("inputmode", mode);
      }
    }
    list.push_back(d);
  }
  return list;
}

}  // namespace qorgan::console
