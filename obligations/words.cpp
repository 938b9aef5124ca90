#include "obligations/words.hpp"

namespace qorgan::obligations {

const view::Catalogue& obligation_words() {
  // {English, Russian, Kazakh}, as view::Message orders them.
  // clang-format off
  static const view::Catalogue c({
      {"Inspection act", "Акт проверки", "Тексеру актісі"},
      {"of the protection of a facility", "защищённости объекта", "нысанның қорғалуы"},
      {"No. {}", "№ {}", "№ {}"},
      {"Date of inspection", "Дата проверки", "Тексеру күні"},
      {"Facility", "Объект", "Нысан"},
      {"Organisation", "Организация", "Ұйым"},
      {"Criticality class", "Класс критичности", "Маңыздылық сыныбы"},
      {"Inspector", "Проверяющий", "Тексеруші"},
      {"Notes", "Примечания", "Ескертпелер"},
      {"Checklist", "Перечень обязанностей", "Міндеттер тізбесі"},
      {"Duty", "Обязанность", "Міндет"},
      {"Required", "Требуется", "Талап етіледі"},
      {"Found", "Установлено", "Анықталды"},
      {"Met", "Выполнено", "Орындалды"},
      {"yes", "да", "иә"},
      {"no", "нет", "жоқ"},
      {"not checked", "не проверено", "тексерілмеді"},
      {"Result: {} of {} duties met", "Итог: выполнено {} из {} обязанностей", "Қорытынды: {1} міндеттің {0} орындалды"},
      {"Findings", "Выявленные нарушения", "Анықталған бұзушылықтар"},
      {"No findings.", "Нарушений не выявлено.", "Бұзушылықтар анықталған жоқ."},
      {"Deficiency", "Нарушение", "Бұзушылық"},
      {"Severity", "Значимость", "Маңыздылығы"},
      {"Deadline", "Срок устранения", "Жою мерзімі"},
      {"Responsible", "Ответственный", "Жауапты"},
      {"Status", "Статус", "Мәртебесі"},
      {"low", "низкая", "төмен"},
      {"medium", "средняя", "орташа"},
      {"high", "высокая", "жоғары"},
      {"critical", "критическая", "аса маңызды"},
      {"open", "открыто", "ашық"},
      {"in_progress", "устраняется", "жойылуда"},
      {"remedied", "устранено", "жойылды"},
      {"closed", "закрыто", "жабылды"},
      {"Signature", "Подпись", "Қолы"},
      {"For the organisation", "От организации", "Ұйым атынан"},
      {"Comment", "Комментарий", "Түсініктеме"},
      {"places: {}", "мест: {}", "орын: {}"},
  });
  // clang-format on
  return c;
}

}  // namespace qorgan::obligations
