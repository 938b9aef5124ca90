#include "portal/i18n.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "portal/model.hpp"

namespace qorgan::portal {

const core::Json& ui_strings(const std::string& lang) {
  static const std::map<std::string, core::Json> all{
      {"en",
       {{"language_name", "English"},
        {"home", "Home"},
        {"latest", "Latest"},
        {"search", "Search"},
        {"what_looking", "What are you looking for?"},
        {"search_placeholder", "Shelter, evacuation, exercises…"},
        {"search_go", "Find"},
        {"close", "Close"},
        {"night_theme", "Night theme"},
        {"day_theme", "Day theme"},
        {"font_larger", "A+"},
        {"font_smaller", "A-"},
        {"font_larger_label", "Larger text"},
        {"font_smaller_label", "Smaller text"},
        {"follow_us", "Follow us"},
        {"our_apps", "Our apps"},
        {"share_title", "Liked the story? Share it"},
        {"print", "Print"},
        {"copy_link", "Copy link"},
        {"link_copied", "Link copied"},
        {"share_native", "Share…"},
        {"email", "E-mail"},
        {"more", "More"},
        {"loading", "Loading…"},
        {"related", "Related"},
        {"tags", "Tags"},
        {"author", "Author"},
        {"results_for", "Results for"},
        {"no_results", "Nothing found."},
        {"all_categories", "All categories"},
        {"date_from", "From"},
        {"date_to", "To"},
        {"skip", "Skip to content"},
        {"sections", "Sections"},
        {"languages", "Language"},
        {"not_found", "This page does not exist."},
        {"translations", "Also in"},
        {"offline", "You are offline: this page was saved when you last read it."},
        {"offline_title", "You are offline"},
        {"offline_text",
         "This page has not been saved on this device. The articles you have read here can be "
         "opened without a connection:"},
        {"offline_none",
         "No article has been saved on this device yet: articles are saved when you read them with "
         "a connection."},
        {"offline_retry", "Try again"},
        {"rss", "RSS"},
        {"menu", "Menu"}}},
      {"ru",
       {{"language_name", "Русский"},
        {"home", "Главная"},
        {"latest", "Последние новости"},
        {"search", "Поиск"},
        {"what_looking", "Что вы ищете?"},
        {"search_placeholder", "Укрытие, эвакуация, учения…"},
        {"search_go", "Найти"},
        {"close", "Закрыть"},
        {"night_theme", "Ночная тема"},
        {"day_theme", "Дневная тема"},
        {"font_larger", "A+"},
        {"font_smaller", "A-"},
        {"font_larger_label", "Крупнее текст"},
        {"font_smaller_label", "Мельче текст"},
        {"follow_us", "Подписывайтесь на нас"},
        {"our_apps", "Наши приложения"},
        {"share_title", "Понравилась статья? Поделитесь"},
        {"print", "Печать"},
        {"copy_link", "Копировать ссылку"},
        {"link_copied", "Ссылка скопирована"},
        {"share_native", "Поделиться…"},
        {"email", "Эл. почта"},
        {"more", "Ещё"},
        {"loading", "Загрузка…"},
        {"related", "Читайте также"},
        {"tags", "Теги"},
        {"author", "Автор"},
        {"results_for", "Результаты поиска"},
        {"no_results", "Ничего не найдено."},
        {"all_categories", "Все разделы"},
        {"date_from", "С"},
        {"date_to", "По"},
        {"skip", "К содержанию"},
        {"sections", "Разделы"},
        {"languages", "Язык"},
        {"not_found", "Такой страницы нет."},
        {"translations", "Также на"},
        {"offline", "Нет сети: страница сохранена с прошлого прочтения."},
        {"offline_title", "Нет подключения к сети"},
        {"offline_text",
         "Эта страница не сохранена на устройстве. Статьи, которые вы уже читали, открываются и "
         "без сети:"},
        {"offline_none",
         "На этом устройстве пока нет сохранённых статей: статья сохраняется, когда вы читаете её "
         "при подключении."},
        {"offline_retry", "Повторить"},
        {"rss", "RSS"},
        {"menu", "Меню"}}},
      {"kk",
       {{"language_name", "Қазақша"},
        {"home", "Басты бет"},
        {"latest", "Соңғы жаңалықтар"},
        {"search", "Іздеу"},
        {"what_looking", "Не іздейсіз?"},
        {"search_placeholder", "Баспана, эвакуация, жаттығу…"},
        {"search_go", "Табу"},
        {"close", "Жабу"},
        {"night_theme", "Түнгі режим"},
        {"day_theme", "Күндізгі режим"},
        {"font_larger", "A+"},
        {"font_smaller", "A-"},
        {"font_larger_label", "Мәтінді үлкейту"},
        {"font_smaller_label", "Мәтінді кішірейту"},
        {"follow_us", "Бізге жазылыңыз"},
        {"our_apps", "Қосымшаларымыз"},
        {"share_title", "Мақала ұнады ма? Бөлісіңіз"},
        {"print", "Басып шығару"},
        {"copy_link", "Сілтемені көшіру"},
        {"link_copied", "Сілтеме көшірілді"},
        {"share_native", "Бөлісу…"},
        {"email", "Эл. пошта"},
        {"more", "Тағы"},
        {"loading", "Жүктелуде…"},
        {"related", "Тақырыптас материалдар"},
        {"tags", "Тегтер"},
        {"author", "Авторы"},
        {"results_for", "Іздеу нәтижелері"},
        {"no_results", "Ештеңе табылмады."},
        {"all_categories", "Барлық бөлімдер"},
        {"date_from", "Бастап"},
        {"date_to", "Дейін"},
        {"skip", "Мазмұнға өту"},
        {"sections", "Бөлімдер"},
        {"languages", "Тіл"},
        {"not_found", "Мұндай бет жоқ."},
        {"translations", "Басқа тілде"},
        {"offline", "Желі жоқ: бет соңғы оқылған кезде сақталған."},
        {"offline_title", "Желіге қосылым жоқ"},
        {"offline_text",
         "Бұл бет құрылғыда сақталмаған. Бұрын оқыған мақалаларыңыз желісіз де ашылады:"},
        {"offline_none",
         "Бұл құрылғыда әлі сақталған мақала жоқ: мақала желіге қосылып оқығанда сақталады."},
        {"offline_retry", "Қайталау"},
        {"rss", "RSS"},
        {"menu", "Мәзір"}}},
  };
  auto it = all.find(lang);
  return it == all.end() ? all.at("en") : it->second;
}

std::string pick_language(std::string_view header) {
  // Highest q wins; ties keep header order. "kk-KZ" counts as kk.
  std::string best = "ru";
  double best_q = -1;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto semi = part.find(';');
    auto tag = part.substr(0, semi);
    double q = 1.0;
    if (semi != std::string_view::npos) {
      auto qpos = part.find("q=", semi);
      if (qpos != std::string_view::npos) {
        auto v = part.substr(qpos + 2);
        q = 0;
        std::from_chars(v.data(), v.data() + v.size(), q);
      }
    }
    std::string primary(tag.substr(0, tag.find('-')));
    std::transform(primary.begin(), primary.end(), primary.begin(), ::tolower);
    if (is_language(primary) && q > best_q) {
      best = primary;
      best_q = q;
    }
  }
  return best;
}

}  // namespace qorgan::portal
