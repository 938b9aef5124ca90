#include "portal/demo.hpp"

#include <fmt/format.h>
#include <stb/stb_image_write.h>

#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "auth/principal.hpp"
#include "core/time.hpp"
#include "portal/media.hpp"
#include "portal/portal.hpp"
#include "portal/portal_store.hpp"

namespace qorgan::portal {

namespace {

using core::Json;

struct District {
  const char* kk;  // "Медеу ауданында"
  const char* ru;  // "в Медеуском районе"
  const char* en;  // "Medeu district"
  const char* kk_name;
  const char* ru_name;
};

const std::array<District, 8> kDistricts{{
    {"Медеу ауданында", "в Медеуском районе", "Medeu district", "Медеу", "Медеуский"},
    {"Алмалы ауданында", "в Алмалинском районе", "Almaly district", "Алмалы", "Алмалинский"},
    {"Әуезов ауданында", "в Ауэзовском районе", "Auezov district", "Әуезов", "Ауэзовский"},
    {"Бостандық ауданында", "в Бостандыкском районе", "Bostandyk district", "Бостандық",
     "Бостандыкский"},
    {"Жетісу ауданында", "в Жетысуском районе", "Zhetysu district", "Жетісу", "Жетысуский"},
    {"Наурызбай ауданында", "в Наурызбайском районе", "Nauryzbay district", "Наурызбай",
     "Наурызбайский"},
    {"Түрксіб ауданында", "в Турксибском районе", "Turksib district", "Түрксіб", "Турксибский"},
    {"Алатау ауданында", "в Алатауском районе", "Alatau district", "Алатау", "Алатауский"},
}};

struct Text {
  const char *title, *lead, *body;
};

struct Template {
  const char* category;
  std::vector<const char*> tags;
  Text kk, ru, en;
};

// {K}: Kazakh locative ("Медеу ауданында"), {KN}: Kazakh district name, {R}: Russian locative,
// {E}: English district name, {N}: a number, {P}: a fictional person, {W}: a weekday date.
const std::vector<Template>& templates() {
  static const std::vector<Template> t{
      {"news",
       {"territorial defence", "volunteers"},
       {"{K} аумақтық қорғаныс штабы ашылды",
        "Жаңа штаб еріктілерді тіркеуді, жаттығуларды және тұрғындармен байланысты үйлестіреді.",
        "{K} аумақтық қорғаныстың аудандық штабы жұмысын бастады. Штабта {N} маман кезекшілік "
        "атқарады.\n\n"
        "Штаб бастығы {P} тұрғындарды еріктілер резервіне жазылуға шақырды: «Әр көше өз көршілерін "
        "білуі керек. "
        "Біз адамдарды алдын ала дайындасақ, төтенше жағдайда уақыт үнемделеді».\n\n"
        "Штабқа жұмыс күндері сағат 9:00-ден 18:00-ге дейін жүгінуге болады. Қабылдау тегін."},
       {"Штаб территориальной обороны открылся {R}",
        "Новый штаб будет координировать запись добровольцев, учения и связь с жителями.",
        "{R} начал работу районный штаб территориальной обороны. В штабе дежурят {N} "
        "специалистов.\n\n"
        "Начальник штаба {P} призвал жителей записываться в резерв добровольцев: «Каждая улица "
        "должна знать своих соседей. "
        "Если мы подготовим людей заранее, в чрезвычайной ситуации мы выиграем время».\n\n"
        "Обратиться в штаб можно по будним дням с 9:00 до 18:00. Приём бесплатный."},
       {"Territorial defence headquarters opens in {E}",
        "The new headquarters will coordinate volunteer sign-up, exercises and contact with "
        "residents.",
        "A district territorial defence headquarters has started work in {E}. {N} specialists are "
        "on duty there.\n\n"
        "The head of the headquarters, {P}, called on residents to join the volunteer reserve: "
        "\"Every street should know its "
        "neighbours. If we prepare people in advance, we gain time in an emergency.\"\n\n"
        "The headquarters receives visitors on weekdays from 9:00 to 18:00. Admission is free."}},
      {"news",
       {"defence", "law"},
       {"Аумақтық қорғаныс туралы заң: {K} не өзгереді",
        "Заң аумақтық қорғаныс жүйесінің құрамын және азаматтардың құқықтарын айқындайды.",
        "Жаңа заң аумақтық қорғаныс жүйесіне аумақтық әскерлер, құқық қорғау күштері, арнаулы "
        "бөлімшелер және еріктілер "
        "кіретінін бекітеді.\n\n"
        "{KN} ауданының тұрғындары үшін ең маңыздысы — ақпарат алудың ресми арналары. Заңгер {P} "
        "түсіндіргендей, "
        "мүлікті пайдалану жағдайында нарықтық құн бойынша өтемақы төленеді.\n\n"
        "Сұрақтарыңызды аудандық штабқа жолдауға болады."},
       {"Что изменит закон о территориальной обороне {R}",
        "Закон определяет состав системы территориальной обороны и права граждан.",
        "Новый закон закрепляет, что в систему территориальной обороны входят территориальные "
        "войска, силы правопорядка, "
        "специальные подразделения и добровольцы.\n\n"
        "Для жителей района {KN} главное — официальные каналы информации. Как пояснил юрист {P}, "
        "при использовании "
        "имущества выплачивается компенсация по рыночной стоимости.\n\n"
        "Вопросы можно направить в районный штаб обороны."},
       {"Territorial defence law: what changes in {E}",
        "The law sets out who makes up the territorial defence system and what rights citizens "
        "keep.",
        "The new law establishes that the territorial defence system includes territorial troops, "
        "law enforcement, special "
        "units and volunteers.\n\n"
        "For residents of {E}, the most important thing is knowing the official sources of "
        "information. As lawyer {P} "
        "explained, when property is used, compensation is paid at market value.\n\n"
        "Questions can be sent to the district defence headquarters."}},
      {"interviews",
       {"interview", "readiness"},
       {"{P}: «Дайындық үрейден басталмайды, жоспардан басталады»",
        "Аудандық штаб өкілі көршілер арасындағы байланыс пен отбасылық жоспар туралы айтты.",
        "**Неліктен отбасылық жоспар маңызды?**\n\nТөтенше жағдайда байланыс үзілуі мүмкін. Отбасы "
        "алдын ала кездесу орнын "
        "келісіп қойса, бір-бірін іздеуге уақыт кетпейді.\n\n**{K} қанша ерікті бар?**\n\nҚазір "
        "тізімде {N} адам. "
        "Олар алғашқы көмек пен эвакуацияны ұйымдастыруды үйренді.\n\n> Дайындық үрейден "
        "басталмайды, жоспардан басталады."},
       {"{P}: «Готовность начинается не со страха, а с плана»",
        "Представитель районного штаба рассказал о связи между соседями и семейном плане.",
        "**Почему важен семейный план?**\n\nВ чрезвычайной ситуации связь может пропасть. Если "
        "семья заранее договорилась о "
        "месте встречи, никто не тратит время на поиски.\n\n**Сколько добровольцев "
        "{R}?**\n\nСейчас в списке {N} человек. "
        "Они прошли обучение первой помощи и организации эвакуации.\n\n> Готовность начинается не "
        "со страха, а с плана."},
       {"{P}: \"Readiness starts with a plan, not with fear\"",
        "A representative of the district headquarters talks about neighbours keeping in touch and "
        "family plans.",
        "**Why does a family plan matter?**\n\nIn an emergency, phone networks may fail. If a "
        "family has agreed on a meeting "
        "point in advance, nobody loses time searching.\n\n**How many volunteers are there in "
        "{E}?**\n\nThere are {N} people "
        "on the list. They have been trained in first aid and in organising an evacuation.\n\n> "
        "Readiness starts with a plan, not with fear."}},
      {"interviews",
       {"interview", "information security"},
       {"Сарапшы {P}: жалған хабарламаларды қалай тануға болады",
        "Ақпараттық қауіпсіздік маманы дағдарыс кезіндегі қауесеттерге қарсы кеңес берді.",
        "Дағдарыс кезінде қауесет тез тарайды. {P} үш қарапайым ережені ұсынады: дереккөзді "
        "тексеріңіз, күнін қараңыз, "
        "ресми арнамен салыстырыңыз.\n\n«{KN} ауданында өткен оқуға {N} адам қатысты. Олар енді "
        "көршілеріне көмектесе алады», — дейді сарапшы."},
       {"Эксперт {P}: как распознать ложные сообщения",
        "Специалист по информационной безопасности советует, как не поддаваться слухам во время "
        "кризиса.",
        "Во время кризиса слухи распространяются быстро. {P} предлагает три простых правила: "
        "проверьте источник, посмотрите "
        "на дату, сравните с официальным каналом.\n\n«На занятие {R} пришли {N} человек. Теперь "
        "они могут помочь соседям», — говорит эксперт."},
       {"Expert {P} on how to recognise false messages",
        "An information security specialist explains how to resist rumours during a crisis.",
        "Rumours spread fast in a crisis. {P} suggests three simple rules: check the source, look "
        "at the date, and compare "
        "with the official channel.\n\n\"{N} people attended the session in {E}. Now they can help "
        "their neighbours,\" the expert says."}},
      {"notices",
       {"notice", "sirens"},
       {"{K} дабыл жүйесі тексеріледі",
        "Тексеру кезінде сиреналар қысқа уақыт қосылады; тұрғындардан ешқандай әрекет талап "
        "етілмейді.",
        "{W} күні сағат 11:00-де {K} ескерту жүйесі тексеріледі. Сиреналар {N} секунд бойы "
        "естіледі.\n\n"
        "Бұл жоспарлы тексеру. Дүрбелеңге ешқандай себеп жоқ. Сұрақтар бойынша аудандық штабқа "
        "хабарласыңыз."},
       {"{R} проверят систему оповещения",
        "Во время проверки ненадолго включатся сирены; от жителей ничего не требуется.",
        "{W} в 11:00 {R} проверят систему оповещения. Сирены будут звучать {N} секунд.\n\n"
        "Это плановая проверка. Поводов для беспокойства нет. С вопросами обращайтесь в районный "
        "штаб."},
       {"Warning system test in {E}",
        "Sirens will sound briefly during the test; residents need to do nothing.",
        "On {W} at 11:00 the warning system in {E} will be tested. The sirens will sound for {N} "
        "seconds.\n\n"
        "This is a planned test. There is no cause for alarm. Questions can be sent to the "
        "district headquarters."}},
      {"notices",
       {"notice", "volunteers"},
       {"{K} еріктілерді тіркеу басталды",
        "18 жастан асқан тұрғындар резервке жазыла алады; оқу тегін.",
        "{K} еріктілер резервіне тіркеу ашылды. Алғашқы топқа {N} орын бөлінді.\n\n"
        "Тіркелу үшін жеке куәлік қажет. Оқу бағдарламасы: алғашқы көмек, байланыс, эвакуацияны "
        "ұйымдастыру."},
       {"{R} начата запись добровольцев",
        "Жители старше 18 лет могут записаться в резерв; обучение бесплатное.",
        "{R} открыта запись в резерв добровольцев. В первой группе {N} мест.\n\n"
        "Для записи нужно удостоверение личности. Программа обучения: первая помощь, связь, "
        "организация эвакуации."},
       {"Volunteer sign-up opens in {E}",
        "Residents aged 18 and over can join the reserve; training is free.",
        "Sign-up for the volunteer reserve has opened in {E}. The first group has {N} places.\n\n"
        "Bring an identity card to register. The training covers first aid, communications and "
        "organising an evacuation."}},
      {"evacuation",
       {"evacuation", "shelter"},
       {"{K} баспаналар тізімі жаңартылды",
        "Ең жақын баспананы порталдан немесе аудандық штабтан білуге болады.",
        "{K} {N} баспана тексерілді. Әрқайсысында су, жарық және алғашқы көмек қобдишасы бар.\n\n"
        "Баспанаға бару жолын алдын ала біліп алыңыз. Балалармен және қарт адамдармен бірге жүру "
        "уақытын ескеріңіз.\n\n"
        "- Құжаттарды бір папкада сақтаңыз\n- Дәрі-дәрмекті ұмытпаңыз\n- Көршілеріңізге "
        "хабарлаңыз"},
       {"{R} обновлён список укрытий",
        "Ближайшее укрытие можно узнать на портале или в районном штабе.",
        "{R} проверены {N} укрытий. В каждом есть вода, свет и аптечка.\n\n"
        "Заранее узнайте дорогу к укрытию. Учтите время на дорогу с детьми и пожилыми людьми.\n\n"
        "- Храните документы в одной папке\n- Не забудьте лекарства\n- Предупредите соседей"},
       {"Shelter list updated in {E}",
        "Find your nearest shelter on the portal or at the district headquarters.",
        "{N} shelters in {E} have been inspected. Each has water, light and a first-aid kit.\n\n"
        "Learn the way to your shelter in advance. Allow for the time it takes to walk with "
        "children and older people.\n\n"
        "- Keep your documents in one folder\n- Do not forget medicines\n- Tell your neighbours"}},
      {"evacuation",
       {"evacuation", "routes"},
       {"{K} эвакуация бағыттары белгіленді",
        "Жаңа белгілер жиналу пункттеріне апаратын жолды көрсетеді.",
        "{K} эвакуация бағыттарына {N} жаңа белгі орнатылды. Белгілер жиналу пункттеріне "
        "апарады.\n\n"
        "Аудан әкімдігінің өкілі {P}: «Жолды бейбіт уақытта бір рет жүріп өтсеңіз, қажет кезде "
        "адаспайсыз»."},
       {"{R} обозначены маршруты эвакуации", "Новые указатели ведут к пунктам сбора.",
        "{R} на маршрутах эвакуации установлены {N} новых указателей. Они ведут к пунктам "
        "сбора.\n\n"
        "Представитель акимата района {P}: «Если один раз пройти маршрут в мирное время, в нужный "
        "момент вы не заблудитесь»."},
       {"Evacuation routes marked in {E}", "New signs show the way to assembly points.",
        "{N} new signs have been put up along evacuation routes in {E}. They lead to assembly "
        "points.\n\n"
        "{P} of the district administration said: \"Walk the route once in peacetime and you will "
        "not get lost when it matters.\""}},
      {"exercises",
       {"exercises", "readiness"},
       {"{K} аумақтық қорғаныс жаттығуы өтеді",
        "Жаттығуға еріктілер, құтқарушылар және аудандық штаб қатысады.",
        "{W} күні {K} аумақтық қорғаныс жаттығуы өтеді. Оған {N} адам қатысады.\n\n"
        "Жаттығу барысында эвакуация, байланыс және алғашқы көмек пысықталады. Көліктер қозғалысы "
        "ішінара шектелуі мүмкін."},
       {"{R} пройдут учения территориальной обороны",
        "В учениях участвуют добровольцы, спасатели и районный штаб.",
        "{W} {R} пройдут учения территориальной обороны. В них примут участие {N} человек.\n\n"
        "На учениях отработают эвакуацию, связь и первую помощь. Движение транспорта может быть "
        "частично ограничено."},
       {"Territorial defence exercise in {E}",
        "Volunteers, rescuers and the district headquarters take part in the exercise.",
        "On {W} a territorial defence exercise will take place in {E}, with {N} participants.\n\n"
        "The exercise will practise evacuation, communications and first aid. Traffic may be "
        "partly restricted."}},
      {"exercises",
       {"exercises", "results"},
       {"{K} өткен жаттығудың қорытындысы шығарылды",
        "Жиналу пунктіне жету уақыты жоспардағыдан қысқа болды.",
        "{K} өткен жаттығуға {N} адам қатысты. Жиналу пунктіне жету уақыты 14 минутты құрады.\n\n"
        "Жаттығу жетекшісі {P}: «Адамдар байсалды әрекет етті. Келесі жолы байланыс арнасын "
        "жақсартамыз»."},
       {"Подведены итоги учений {R}", "Время сбора на пункте оказалось меньше запланированного.",
        "В учениях {R} участвовали {N} человек. Время сбора на пункте составило 14 минут.\n\n"
        "Руководитель учений {P}: «Люди действовали спокойно. В следующий раз улучшим канал "
        "связи»."},
       {"Exercise results in {E}", "Reaching the assembly point took less time than planned.",
        "{N} people took part in the exercise in {E}. Reaching the assembly point took 14 "
        "minutes.\n\n"
        "The exercise lead, {P}, said: \"People acted calmly. Next time we will improve the "
        "communications channel.\""}},
      {"infosec",
       {"information security", "scams"},
       {"{K} «эвакуация төлемі» туралы алаяқтық хабарламалар таралуда",
        "Эвакуация ешқашан ақылы емес; сілтеме арқылы карта деректерін енгізбеңіз.",
        "{K} тұрғындар «эвакуация төлемін» талап ететін хабарламалар алып жатыр. Бұл алаяқтық.\n\n"
        "Ресми эвакуация тегін. Мемлекеттік органдар SMS арқылы карта деректерін сұрамайды. Соңғы "
        "аптада {N} өтініш тіркелді."},
       {"{R} рассылают мошеннические сообщения об «оплате эвакуации»",
        "Эвакуация никогда не бывает платной; не вводите данные карты по ссылке.",
        "Жители {R} получают сообщения с требованием «оплатить эвакуацию». Это мошенничество.\n\n"
        "Официальная эвакуация бесплатна. Государственные органы не запрашивают данные карты по "
        "SMS. За последнюю неделю зарегистрировано {N} обращений."},
       {"Advisory: scam messages about \"evacuation fees\" reach {E}",
        "Evacuation is never paid; do not enter card details through a link.",
        "Residents of {E} are receiving messages demanding an \"evacuation fee\". This is a "
        "scam.\n\n"
        "Official evacuation is free. Public bodies never ask for card details by SMS. {N} reports "
        "were filed in the last week."}},
      {"infosec",
       {"information security", "passwords"},
       {"Құрылғыларды қорғаудың бес қадамы: {K} сабақ өтті",
        "Екі факторлы аутентификация және жаңартулар — қарапайым, бірақ тиімді.",
        "{KN} ауданындағы ақпараттық қауіпсіздік сабағында {P} бес қадамды түсіндірді:\n\n"
        "1. Екі факторлы аутентификацияны қосыңыз\n2. Жүйені жаңартып отырыңыз\n3. Әр қызметке "
        "бөлек құпиясөз\n"
        "4. Белгісіз сілтемелерді ашпаңыз\n5. Маңызды деректердің сақтық көшірмесін "
        "жасаңыз\n\nСабаққа {N} адам қатысты."},
       {"Пять шагов защиты устройств: занятие {R}",
        "Двухфакторная аутентификация и обновления — просто, но действенно.",
        "На занятии по информационной безопасности {R} {P} объяснил пять шагов:\n\n"
        "1. Включите двухфакторную аутентификацию\n2. Своевременно обновляйте систему\n3. "
        "Отдельный пароль для каждого сервиса\n"
        "4. Не открывайте незнакомые ссылки\n5. Делайте резервные копии важных данных\n\nНа "
        "занятие пришли {N} человек."},
       {"Five steps to protect your devices: a session in {E}",
        "Two-factor authentication and updates are simple but effective.",
        "At an information security session in {E}, {P} explained five steps:\n\n"
        "1. Turn on two-factor authentication\n2. Keep your system updated\n3. Use a separate "
        "password for each service\n"
        "4. Do not open unknown links\n5. Back up important data\n\n{N} people attended the "
        "session."}},
  };
  return t;
}

const std::array<std::array<const char*, 3>, 8> kPeople{{
    {"Айгерім Сәрсенқызы", "Айгерим Сарсенкызы", "Aigerim Sarsenkyzy"},
    {"Нұрлан Бекенов", "Нурлан Бекенов", "Nurlan Bekenov"},
    {"Ольга Ким", "Ольга Ким", "Olga Kim"},
    {"Тимур Жақсылықов", "Тимур Жаксылыков", "Timur Zhaksylykov"},
    {"Мәдина Оспанова", "Мадина Оспанова", "Madina Ospanova"},
    {"Ерлан Сейітов", "Ерлан Сеитов", "Yerlan Seitov"},
    {"Дана Әбілова", "Дана Абилова", "Dana Abilova"},
    {"Сергей Петренко", "Сергей Петренко", "Sergei Petrenko"},
}};

// Tags in the article's language.
std::string tag_in(const std::string& tag, int lang) {
  static const std::map<std::string, std::array<const char*, 3>> names{
      {"territorial defence",
       {"аумақтық қорғаныс", "территориальная оборона", "territorial defence"}},
      {"volunteers", {"еріктілер", "добровольцы", "volunteers"}},
      {"defence", {"қорғаныс", "оборона", "defence"}},
      {"law", {"заң", "закон", "law"}},
      {"interview", {"сұхбат", "интервью", "interview"}},
      {"readiness", {"дайындық", "готовность", "readiness"}},
      {"information security",
       {"ақпараттық қауіпсіздік", "информационная безопасность", "information security"}},
      {"notice", {"хабарландыру", "объявление", "notice"}},
      {"sirens", {"сиреналар", "сирены", "sirens"}},
      {"evacuation", {"эвакуация", "эвакуация", "evacuation"}},
      {"shelter", {"баспана", "укрытие", "shelter"}},
      {"routes", {"бағыттар", "маршруты", "routes"}},
      {"exercises", {"жаттығулар", "учения", "exercises"}},
      {"results", {"қорытынды", "итоги", "results"}},
      {"scams", {"алаяқтық", "мошенничество", "scams"}},
      {"passwords", {"құпиясөздер", "пароли", "passwords"}}};
  auto it = names.find(tag);
  return it == names.end() ? tag : it->second[size_t(lang)];
}

std::string fill(std::string s, const District& d, int lang, int n, int person,
                 const std::string& weekday) {
  auto rep = [&](const std::string& key, const std::string& value) {
    for (size_t pos; (pos = s.find(key)) != std::string::npos;) s.replace(pos, key.size(), value);
  };
  rep("{KN}", d.kk_name);
  rep("{K}", d.kk);
  rep("{R}", d.ru);
  rep("{E}", d.en);
  rep("{N}", std::to_string(n));
  rep("{P}", kPeople[size_t(person)][size_t(lang)]);
  rep("{W}", weekday);
  // A sentence that starts with a placeholder starts with a capital letter.
  if (s.starts_with("в ")) s.replace(0, 2, "В");
  return s;
}

std::string cover_png(unsigned char r, unsigned char g, unsigned char b) {
  const int w = 800, h = 450;
  std::vector<unsigned char> px(size_t(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      auto* p = &px[(size_t(y) * w + x) * 3];
      double t = double(x + y) / (w + h);
      bool stripe = ((x / 40 + y / 40) % 7) == 0;
      p[0] = (unsigned char)(r * (1 - t) + 255 * t * 0.3) ^ (stripe ? 0x10 : 0);
      p[1] = (unsigned char)(g * (1 - t) + 255 * t * 0.3);
      p[2] = (unsigned char)(b * (1 - t) + 255 * t * 0.3);
    }
  std::string out;
  stbi_write_png_to_func(
      [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), size_t(size));
      },
      &out, w, h, 3, px.data(), w * 3);
  return out;
}

}  // namespace

core::Result<int> load_demo_content(storage::Database& db) {
  Portal portal(db);
  auth::Principal chief;
  chief.login = "demo-chief-editor";
  chief.role = auth::Role::chief_editor;
  auto actor = auth::Actor::cli("demo");
  bool has = db.read([](storage::Tx& tx) { return store::any_article(tx); });
  if (has) return core::fail(core::Error::conflict("The portal already has articles."));

  // Site settings: social and app links, a house banner, footer texts.
  auth::Principal admin = chief;
  admin.role = auth::Role::admin;
  auto s = portal.settings.update(
      admin, actor,
      Json{{"site_name",
            {{"kk", "Qorgan — ресми ақпарат"},
             {"ru", "Qorgan — официально"},
             {"en", "Qorgan — official"}}},
           {"copyright",
            {{"kk", "Qorgan аумақтық қорғаныс порталы"},
             {"ru", "Портал территориальной обороны Qorgan"},
             {"en", "Qorgan territorial defence portal"}}},
           {"reuse_notice",
            {{"kk",
              "Материалдарды тек қана сайтқа гиперсілтеме болған жағдайда пайдалануға рұқсат "
              "етіледі."},
             {"ru",
              "Любое использование материалов допускается только при наличии гиперссылки на сайт."},
             {"en", "Any use of materials is allowed only with a hyperlink to this site."}}},
           {"social",
            Json::array(
                {{{"network", "telegram"}, {"url", "https://t.me/qorgan_demo"}},
                 {{"network", "youtube"}, {"url", "https://www.youtube.com/@qorgan-demo"}},
                 {{"network", "x"}, {"url", "https://x.com/qorgan_demo"}},
                 {{"network", "instagram"}, {"url", "https://www.instagram.com/qorgan_demo"}},
                 {{"network", "facebook"}, {"url", "https://www.facebook.com/qorgan.demo"}}})},
           {"apps",
            Json::array(
                {{{"store", "app_store"}, {"url", "https://apps.apple.com/app/qorgan-demo"}},
                 {{"store", "google_play"},
                  {"url", "https://play.google.com/store/apps/details?id=kz.qorgan.demo"}}})},
           {"promos",
            Json::array(
                {{{"url", {{"kk", "/kk/notices"}, {"ru", "/ru/notices"}, {"en", "/en/notices"}}},
                  {"title",
                   {{"kk", "Ерікті резервке қосылыңыз"},
                    {"ru", "Вступайте в резерв добровольцев"},
                    {"en", "Join the volunteer reserve"}}},
                  {"text",
                   {{"kk", "Оқу тегін, кесте ыңғайлы."},
                    {"ru", "Обучение бесплатное, удобный график."},
                    {"en", "Free training at convenient hours."}}}}})}});
  if (!s) return core::fail(s.error());

  // One cover image per category, through the media library (resized variants included).
  std::map<std::string, std::string> covers;
  struct Cover {
    std::string category;
    std::array<unsigned char, 3> rgb;
    std::string alt;
  };
  const std::vector<Cover> palette{
      {"news", {13, 79, 139}, "Blue abstract cover for official news"},
      {"interviews", {92, 52, 120}, "Purple abstract cover for interviews"},
      {"notices", {176, 96, 16}, "Amber abstract cover for notices"},
      {"evacuation", {20, 110, 70}, "Green abstract cover for evacuation guidance"},
      {"exercises", {150, 40, 40}, "Red abstract cover for exercises"},
      {"infosec", {40, 60, 70}, "Slate abstract cover for information security advisories"}};
  for (const auto& [cat, rgb, alt] : palette) {
    auto m = portal.media.upload(chief, actor, cover_png(rgb[0], rgb[1], rgb[2]), alt, "");
    if (!m) return core::fail(m.error());
    covers[cat] = media_path(m->key, "large");
  }

  static const std::array<std::array<const char*, 3>, 5> weekdays{
      {{"сенбі", "в субботу", "Saturday"},
       {"жексенбі", "в воскресенье", "Sunday"},
       {"сәрсенбі", "в среду", "Wednesday"},
       {"бейсенбі", "в четверг", "Thursday"},
       {"жұма", "в пятницу", "Friday"}}};
  const char* langs[3] = {"kk", "ru", "en"};
  int created = 0, story = 0;
  auto now = core::now_us();
  // 12 templates × 3 districts = 36 stories. Two in three appear in all three languages (linked as
  // translations); the others in one language only, rotating kk, ru, en.
  for (size_t ti = 0; ti < templates().size(); ++ti) {
    for (int rep = 0; rep < 3; ++rep, ++story) {
      const auto& tpl = templates()[ti];
      const District& d = kDistricts[(ti * 3 + size_t(rep) * 5) % kDistricts.size()];
      int n = 12 + (story * 37) % 140;
      int person = (story * 3) % int(kPeople.size());
      bool all = story % 3 != 2;
      std::vector<int> which = all ? std::vector<int>{1, 0, 2}
                                   : std::vector<int>{story % 9 == 2   ? 0
                                                      : story % 9 == 5 ? 1
                                                                       : 2};
      std::optional<std::int64_t> first;
      core::Timestamp published =
          now - std::int64_t(story) * 9 * 3600 * 1'000'000LL - 3600LL * 1'000'000;
      for (int li : which) {
        const Text& tx = li == 0 ? tpl.kk : li == 1 ? tpl.ru : tpl.en;
        std::string wd = weekdays[size_t(story) % weekdays.size()][size_t(li)];
        Json tags = Json::array();
        for (auto* t : tpl.tags) tags.push_back(tag_in(t, li));
        Json body{{"lang", langs[li]},
                  {"category", tpl.category},
                  {"title", fill(tx.title, d, li, n, person, wd)},
                  {"lead", fill(tx.lead, d, li, n, person, wd)},
                  {"body", fill(tx.body, d, li, n, person, wd)},
                  {"author", kPeople[size_t((person + 1) % int(kPeople.size()))][size_t(li)]},
                  {"tags", tags}};
        if (story % 2 == 0)
          body["images"] = Json::array({{{"src", covers[tpl.category]},
                                         {"alt", li == 0   ? "Мұқаба суреті"
                                                 : li == 1 ? "Обложка раздела"
                                                           : "Section cover"},
                                         {"caption", li == 0   ? "Сурет: Qorgan"
                                                     : li == 1 ? "Иллюстрация: Qorgan"
                                                               : "Illustration: Qorgan"}}});
        if (first) body["translation_of"] = *first;
        auto a = portal.articles.create(chief, actor, body);
        if (!a) return core::fail(a.error());
        if (!first) first = a->id;
        auto st = portal.articles.transition(chief, actor, a->id, {{"status", "in_review"}});
        if (st) st = portal.articles.transition(chief, actor, a->id, {{"status", "published"}});
        if (!st) return core::fail(st.error());
        // Back-date to spread the stories over the past weeks (the index keeps the same date).
        (void)db.write([&](storage::Tx& t) -> core::Status {
          store::backdate_article(t, a->id, published, std::int64_t((story * 53) % 400));
          return {};
        });
        ++created;
      }
    }
  }
  return created;
}

}  // namespace qorgan::portal
