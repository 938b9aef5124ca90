#include "portal/editor_i18n.hpp"

namespace qorgan::portal::editor {

std::string tr(std::string_view en) {
  return catalogue().text(view::current_language(), en);
}

std::string tr_message(std::string_view en) {
  return catalogue().message(view::current_language(), en);
}

std::string role_label(auth::Role role) {
  switch (role) {
    case auth::Role::editor:
      return tr("Editor");
    case auth::Role::chief_editor:
      return tr("Chief editor");
    case auth::Role::admin:
      return tr("Administrator");
    default:
      // Other roles never see an editor page; their refusal does not name them.
      return std::string(auth::to_string(role));
  }
}

std::string language_label(std::string_view lang) {
  return tr(lang == "kk" ? "Kazakh" : lang == "ru" ? "Russian" : "English");
}

std::string status_label(std::string_view status) {
  if (status == "draft") return tr("Draft");
  if (status == "in_review") return tr("In review");
  if (status == "scheduled") return tr("Scheduled");
  if (status == "published") return tr("Published");
  if (status == "unpublished") return tr("Unpublished");
  if (status == "archived") return tr("Archived");
  return std::string(status);
}

std::string action_label(std::string_view to) {
  if (to == "draft") return tr("Return to draft");
  if (to == "in_review") return tr("Submit for review");
  if (to == "scheduled") return tr("Schedule");
  if (to == "published") return tr("Publish now");
  if (to == "unpublished") return tr("Unpublish");
  if (to == "archived") return tr("Archive");
  return std::string(to);
}

std::string field_label(std::string_view field) {
  if (field == "lang") return tr("Article language");
  if (field == "translation_of") return tr("Original");
  if (field == "category" || field == "category_id") return tr("Category");
  if (field == "title") return tr("Title");
  if (field == "lead") return tr("Lead");
  if (field == "body") return tr("Body");
  if (field == "author") return tr("Author");
  if (field == "tags") return tr("Tags");
  if (field == "scheduled_at") return tr("Publication time");
  if (field == "status") return tr("Status");
  if (field == "file") return tr("File");
  if (field == "alt" || field.ends_with(".alt")) return tr("Alt text");
  if (field == "caption" || field.ends_with(".caption")) return tr("Caption");
  if (field.starts_with("images")) return tr("Image address");
  return std::string(field);
}

}  // namespace qorgan::portal::editor
