#include "alerts/templates.hpp"

namespace qorgan::alerts {

const std::vector<Template>& templates() {
  static const std::vector<Template> all{
      {"air_raid",
       {"Security"},
       "Immediate",
       "Extreme",
       "Observed",
       {"Shelter"},
       2,
       {{"kk",
         {"Әуе дабылы", "Әуе дабылы! Дереу баспанаға барыңыз", "Әуеден соққы беру қаупі бар.",
          "Ең жақын баспанаға немесе жертөлеге дереу барыңыз. Терезелерден алыс болыңыз. "
          "«Дабыл өшірілді» белгісіне дейін баспанада қалыңыз."}},
        {"ru",
         {"Воздушная тревога", "Воздушная тревога! Немедленно пройдите в укрытие",
          "Существует угроза удара с воздуха.",
          "Немедленно пройдите в ближайшее укрытие или подвал. Держитесь подальше от окон. "
          "Оставайтесь в укрытии до сигнала «Отбой тревоги»."}},
        {"en",
         {"Air raid alert", "Air raid alert! Go to a shelter now",
          "There is a threat of an air strike.",
          "Go to the nearest shelter or basement now. Keep away from windows. Stay in the "
          "shelter until the all clear."}}}},
      {"all_clear",
       {"Security"},
       "Past",
       "Minor",
       "Observed",
       {"AllClear"},
       1,
       {{"kk",
         {"Дабыл өшірілді", "Әуе дабылы өшірілді", "Қауіп өтті.",
          "Баспанадан шығуға болады. Ресми хабарламаларды қадағалаңыз."}},
        {"ru",
         {"Отбой тревоги", "Отбой воздушной тревоги", "Опасность миновала.",
          "Можно покинуть укрытие. Следите за официальными сообщениями."}},
        {"en",
         {"All clear", "Air raid all clear", "The danger has passed.",
          "You may leave the shelter. Follow official announcements."}}}},
      {"flood",
       {"Met", "Geo"},
       "Expected",
       "Severe",
       "Likely",
       {"Prepare"},
       24,
       {{"kk",
         {"Су тасқыны қаупі", "Су тасқыны қаупі: эвакуацияға дайын болыңыз",
          "Өзендегі судың деңгейі көтеріліп жатыр.",
          "Бағалы заттарды жоғары көтеріңіз, құжаттарды, су мен дәрі-дәрмекті дайындаңыз. "
          "Өзенге жақындамаңыз. Бұйрық бойынша эвакуацияға дайын болыңыз."}},
        {"ru",
         {"Угроза наводнения", "Угроза наводнения: будьте готовы к эвакуации",
          "Уровень воды в реке поднимается.",
          "Поднимите ценные вещи повыше, подготовьте документы, воду и лекарства. Не "
          "приближайтесь к реке. Будьте готовы к эвакуации по команде."}},
        {"en",
         {"Flood warning", "Flood warning: be ready to evacuate", "The river is rising.",
          "Move valuables higher up, prepare documents, water and medicines. Keep away from the "
          "river. Be ready to evacuate when told."}}}},
      {"evacuation_order",
       {"Safety"},
       "Immediate",
       "Severe",
       "Observed",
       {"Evacuate"},
       12,
       {{"kk",
         {"Эвакуация", "Эвакуация туралы бұйрық", "Аудан тұрғындары эвакуацияланады.",
          "Аудандан көрсетілген бағыттар бойынша шығыңыз. Құжаттарды, су, дәрі-дәрмек пен жылы "
          "киім алыңыз. Құтқарушылардың нұсқауларын орындаңыз."}},
        {"ru",
         {"Эвакуация", "Приказ об эвакуации", "Жители района эвакуируются.",
          "Покиньте район по указанным маршрутам. Возьмите документы, воду, лекарства и тёплую "
          "одежду. Следуйте указаниям спасателей."}},
        {"en",
         {"Evacuation", "Evacuation order", "The residents of the area are being evacuated.",
          "Leave the area by the routes shown. Take documents, water, medicines and warm "
          "clothes. Follow the rescuers' instructions."}}}},
      {"shelter_in_place",
       {"Safety", "CBRNE"},
       "Immediate",
       "Severe",
       "Likely",
       {"Shelter"},
       6,
       {{"kk",
         {"Үй-жайда қалыңыз", "Үй-жайда қалыңыз, терезелерді жабыңыз",
          "Ауада зиянды заттар болуы мүмкін.",
          "Ғимаратқа кіріңіз, терезелер мен есіктерді жабыңыз, желдеткішті өшіріңіз. Белгі "
          "жойылғанша сыртқа шықпаңыз."}},
        {"ru",
         {"Оставайтесь в помещении", "Оставайтесь в помещении, закройте окна",
          "В воздухе могут быть вредные вещества.",
          "Зайдите в здание, закройте окна и двери, выключите вентиляцию. Не выходите до отмены "
          "сигнала."}},
        {"en",
         {"Shelter in place", "Shelter in place, close the windows",
          "There may be harmful substances in the air.",
          "Go indoors, close windows and doors, turn off ventilation. Stay inside until the "
          "alert is lifted."}}}},
  };
  return all;
}

const Template* find_template(const std::string& key) {
  for (const auto& t : templates())
    if (t.key == key) return &t;
  return nullptr;
}

}  // namespace qorgan::alerts
