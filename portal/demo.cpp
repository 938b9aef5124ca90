#include "portal/demo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "auth/principal.hpp"
#include "core/time.hpp"
#include "portal/demo_pictures.hpp"
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
      {"news",
       {"volunteers", "first aid"},
       {"{K} {N} тұрғын алғашқы көмек курсын бітірді",
        "Сабақтарды Қызыл Жарты Ай нұсқаушылары мен аудандық штаб дәрігерлері жүргізді.",
        "{K} алты апталық алғашқы көмек курсы аяқталды. Тыңдаушылар қан кетуді тоқтатуды, "
        "жүрек-өкпе реанимациясын және зардап шегушіні қауіпсіз жерге жеткізуді үйренді.\n\n"
        "Курсты бітіргендер еріктілер резервіне жазылып, төтенше жағдайда жиын пункттерінде "
        "кезекшілік атқара алады. Келесі топқа жазылу күні: {W}."},
       {"{R} {N} жителей окончили курс первой помощи",
        "Занятия вели инструкторы Красного Полумесяца и врачи районного штаба.",
        "{R} завершился шестинедельный курс первой помощи. Слушатели научились останавливать "
        "кровотечение, проводить сердечно-лёгочную реанимацию и выносить пострадавшего в "
        "безопасное место.\n\n"
        "Выпускники могут записаться в резерв добровольцев и дежурить на пунктах сбора в "
        "чрезвычайной ситуации. Запись в следующую группу начнётся {W}."},
       {"{N} residents of {E} complete a first aid course",
        "Red Crescent instructors and the district headquarters' doctors taught the classes.",
        "A six-week first aid course has ended in {E}. The trainees learned to stop bleeding, "
        "to give cardiopulmonary resuscitation and to move an injured person to safety.\n\n"
        "Graduates may join the volunteer reserve and take shifts at assembly points in an "
        "emergency. Sign-up for the next group opens on {W}."}},
      {"news",
       {"sirens", "notice"},
       {"{K} жаңа сиреналар орнатылды", "Дыбыс енді ауданның шеткі көшелеріне де жетеді.",
        "{KN} ауданында {N} жаңа электрондық сирена орнатылды. Олар дабыл белгісінен кейін "
        "қазақ және орыс тілдерінде қысқа хабар береді.\n\n"
        "Сиреналарды тексеру айдың бірінші сәрсенбісінде сағат 12:00-де өтеді. Тексеру кезінде "
        "ешқандай әрекет жасаудың қажеті жоқ."},
       {"{R} установлены новые сирены", "Звук теперь доходит и до окраинных улиц района.",
        "В районе {KN} установлено {N} новых электронных сирен. После сигнала тревоги они "
        "передают короткое сообщение на казахском и русском языках.\n\n"
        "Проверка сирен проходит в первую среду месяца в 12:00. Во время проверки ничего делать "
        "не нужно."},
       {"New sirens installed in {E}",
        "Their sound now reaches the district's outlying streets too.",
        "{N} new electronic sirens have been installed in {E}. After the alarm tone they give a "
        "short spoken message in Kazakh and Russian.\n\n"
        "Sirens are tested on the first Wednesday of each month at 12:00. Nothing needs to be "
        "done during a test."}},
      {"interviews",
       {"interview", "evacuation"},
       {"Мектеп директоры {P}: «Балаларды шығару — үш минуттық іс»",
        "Мектеп жылына төрт рет эвакуация жаттығуын өткізеді.",
        "— Жаттығу қалай өтеді?\n\n"
        "— Дабыл естілгенде әр мұғалім сыныбын белгіленген есікке апарады. Ауладағы жиын "
        "орнында сынып жетекшісі тізім бойынша балаларды санайды. Бізде {N} оқушы бар, бәрін "
        "шығаруға үш минуттан аз уақыт кетеді.\n\n"
        "— Ата-аналарға не айтар едіңіз?\n\n"
        "— Төтенше жағдайда мектепке жүгірмеңіз. Балаларды жиын пунктінен тізім бойынша "
        "қабылдап аласыз."},
       {"Директор школы {P}: «Вывести детей — дело трёх минут»",
        "Школа проводит учебную эвакуацию четыре раза в год.",
        "— Как проходит тренировка?\n\n"
        "— По сигналу каждый учитель ведёт класс к назначенному выходу. На месте сбора во дворе "
        "классный руководитель пересчитывает детей по списку. У нас {N} учеников, и на то, "
        "чтобы вывести всех, уходит меньше трёх минут.\n\n"
        "— Что бы вы сказали родителям?\n\n"
        "— В чрезвычайной ситуации не бегите в школу. Детей вы заберёте на пункте сбора по "
        "списку."},
       {"School head {P}: \"Getting the children out takes three minutes\"",
        "The school holds an evacuation drill four times a year.",
        "— How does a drill go?\n\n"
        "— At the signal every teacher leads the class to its assigned exit. At the assembly "
        "point in the yard the class teacher counts the children against the list. We have {N} "
        "pupils, and getting them all out takes less than three minutes.\n\n"
        "— What would you tell parents?\n\n"
        "— Do not run to the school in an emergency. You will collect your children at the "
        "assembly point, by the list."}},
      {"interviews",
       {"interview", "volunteers"},
       {"Ерікті дәрігер {P}: «Біз кәсіби медицинаның орнын баспаймыз»",
        "Еріктілер жедел жәрдем келгенге дейінгі алғашқы минуттарда көмектеседі.",
        "— Неге ерікті болдыңыз?\n\n"
        "— Жер сілкінісі туралы жаттығуда көршілерімнің көбі не істеу керегін білмегенін "
        "көрдім. Қазір біздің топта {N} адам бар.\n\n"
        "— Еріктілер не істейді?\n\n"
        "— Жараланғандарды сұрыптауға, жиын пунктінде тізім жүргізуге және жедел жәрдемге "
        "жол көрсетуге көмектесеміз. Емдеу — дәрігерлердің ісі."},
       {"Доктор-доброволец {P}: «Мы не заменяем профессиональную медицину»",
        "Добровольцы помогают в первые минуты, пока не приехала скорая.",
        "— Почему вы стали добровольцем?\n\n"
        "— На учениях по землетрясению я увидела, что многие соседи не знают, что делать. Сейчас "
        "в нашей группе {N} человек.\n\n"
        "— Чем занимаются добровольцы?\n\n"
        "— Помогаем сортировать пострадавших, вести список на пункте сбора и показывать дорогу "
        "скорой. Лечение — дело врачей."},
       {"Volunteer doctor {P}: \"We do not replace professional medicine\"",
        "Volunteers help in the first minutes, before the ambulance arrives.",
        "— Why did you volunteer?\n\n"
        "— At an earthquake exercise I saw that many of my neighbours did not know what to do. "
        "Our group now has {N} people.\n\n"
        "— What do volunteers do?\n\n"
        "— We help sort the injured, keep the list at the assembly point and show the ambulance "
        "the way. Treatment is for doctors."}},
      {"notices",
       {"notice", "requisition"},
       {"Мүлікті пайдалану үшін өтемақы: қабылдау кестесі",
        "Мүлкі уақытша пайдалануға алынған иелер комиссияға жүгіне алады (қабылдау күні: {W}).",
        "Аумақтық қорғаныс жаттығуы кезінде көлігі немесе жабдығы пайдаланылған иелер "
        "{K} орналасқан комиссияға өтемақы туралы өтінішпен жүгіне алады.\n\n"
        "Өзіңізбен бірге жеке куәлік, алу актісі және банк шотының IBAN нөмірі болуы керек. "
        "Өтемақы нарықтық құн бойынша лицензиясы бар бағалаушының қорытындысымен есептеледі."},
       {"Компенсация за использование имущества: график приёма",
        "Владельцы, чьё имущество было временно изъято, могут обратиться в комиссию {W}.",
        "Владельцы, чьи автомобили или оборудование использовались во время учений "
        "территориальной обороны, могут подать заявление о компенсации в комиссию {R}.\n\n"
        "При себе нужно иметь удостоверение личности, акт изъятия и номер банковского счёта "
        "IBAN. Компенсация рассчитывается по рыночной стоимости на основании заключения "
        "лицензированного оценщика."},
       {"Compensation for the use of property: reception hours",
        "Owners whose property was taken into temporary use can see the commission on {W}.",
        "Owners whose vehicles or equipment were used during the territorial defence exercise "
        "can apply for compensation to the commission in {E}.\n\n"
        "Bring your identity card, the taking act and your bank account's IBAN. Compensation is "
        "calculated at market value from a licensed appraiser's report."}},
      {"notices",
       {"notice", "exercises"},
       {"Жаттығу кезінде көшелер уақытша жабылады ({W})",
        "Қозғалыс сағат 10:00-ден 14:00-ге дейін шектеледі.",
        "{K} өтетін аумақтық қорғаныс жаттығуы кезінде бірнеше көшеде көлік қозғалысы "
        "уақытша шектеледі. Қоғамдық көлік айналма жолмен жүреді.\n\n"
        "Жаттығуға {N} адам қатысады. Әскери техника мен қару пайдаланылмайды. Тұрғындардан "
        "сабырлы болуды және реттеушілердің нұсқауларын орындауды сұраймыз."},
       {"{W} на время учений временно перекроют улицы", "Движение ограничат с 10:00 до 14:00.",
        "Во время учений территориальной обороны {R} на нескольких улицах временно ограничат "
        "движение транспорта. Общественный транспорт пойдёт в объезд.\n\n"
        "В учениях участвуют {N} человек. Военная техника и оружие не используются. Жителей "
        "просят сохранять спокойствие и выполнять указания регулировщиков."},
       {"Streets closed for an exercise on {W}", "Traffic will be restricted from 10:00 to 14:00.",
        "During the territorial defence exercise in {E} traffic will be restricted on several "
        "streets. Public transport will take a detour.\n\n"
        "{N} people take part in the exercise. No military vehicles or weapons are used. "
        "Residents are asked to stay calm and follow the traffic marshals."}},
      {"evacuation",
       {"evacuation", "readiness"},
       {"Дабыл сөмкесіне не салу керек: қысқа тізім",
        "Алдын ала жиналған сөмке эвакуация кезінде уақытты үнемдейді.",
        "Сөмкеге үш күнге жететін су мен азық, қолшам, батареялар, дәрі-дәрмек, құжаттардың "
        "көшірмелері, ақша және телефон зарядтағышы салынады.\n\n"
        "Балалары бар отбасыларға арналған заттарды және үй жануарларына арналған азықты "
        "ұмытпаңыз. Сөмкені есіктің жанында ұстаңыз және жылына екі рет тексеріп тұрыңыз."},
       {"Что положить в тревожный чемоданчик: короткий список",
        "Собранная заранее сумка экономит время при эвакуации.",
        "В сумку кладут воду и еду на три дня, фонарик, батарейки, лекарства, копии документов, "
        "деньги и зарядку для телефона.\n\n"
        "Не забудьте вещи для детей и корм для домашних животных. Держите сумку у двери и "
        "проверяйте её дважды в год."},
       {"What to pack in an emergency bag: a short list",
        "A bag packed in advance saves time in an evacuation.",
        "Pack water and food for three days, a torch, batteries, medicines, copies of your "
        "documents, cash and a phone charger.\n\n"
        "Do not forget things for children and food for pets. Keep the bag by the door and "
        "check it twice a year."}},
      {"evacuation",
       {"evacuation", "shelter"},
       {"Қозғалуы шектеулі адамдар эвакуацияға алдын ала тіркеледі",
        "Тіркелгендерге көлік пен сүйемелдеуші бекітіледі.",
        "{K} мүмкіндігі шектеулі тұрғындар мен олардың туыстары аудандық штабқа немесе "
        "әкімдіктің әлеуметтік бөліміне жүгініп, алдын ала тіркеле алады.\n\n"
        "Тізімдегі әр адамға көлік, сүйемелдеуші ерікті және баспанадағы орын бекітіледі. "
        "Қазір тізімде {N} адам бар."},
       {"Маломобильных жителей заранее регистрируют для эвакуации",
        "За зарегистрированными закрепят транспорт и сопровождающего.",
        "Жители с ограниченной подвижностью {R} и их родственники могут заранее "
        "зарегистрироваться в районном штабе или в социальном отделе акимата.\n\n"
        "За каждым человеком из списка закрепляют транспорт, сопровождающего добровольца и "
        "место в укрытии. Сейчас в списке {N} человек."},
       {"Residents with limited mobility register for evacuation in advance",
        "Each one registered gets transport and an escort.",
        "Residents of {E} with limited mobility and their relatives can register in advance at "
        "the district headquarters or the akimat's social department.\n\n"
        "Everyone on the list is assigned transport, a volunteer escort and a place in a "
        "shelter. The list now holds {N} people."}},
      {"exercises",
       {"exercises", "results"},
       {"Түнгі байланыс жаттығуы: хабар {N} минутта жетті",
        "Радиостанциялар мен жергілікті хабарлама жүйесі тексерілді.",
        "{K} өткен түнгі жаттығуда штаб барлық жиын пункттеріне хабар жіберіп, жауап алды. "
        "Ұялы байланыс өшірілген жағдайда хабар радио арқылы {N} минутта жетті.\n\n"
        "Екі пунктте радиостанцияның батареясы отырып қалғаны анықталды. Штаб қосалқы "
        "батареяларды әр пунктке бөлуді шешті."},
       {"Ночная тренировка связи: сообщение дошло за {N} минут",
        "Проверены радиостанции и местная система оповещения.",
        "На ночной тренировке {R} штаб отправил сообщение на все пункты сбора и получил "
        "ответы. При отключённой сотовой связи сообщение по радио дошло за {N} минут.\n\n"
        "На двух пунктах сели аккумуляторы радиостанций. Штаб решил выдать каждому пункту "
        "запасные батареи."},
       {"Night communications drill: the message arrived in {N} minutes",
        "Radios and the local warning system were tested.",
        "In a night drill in {E} the headquarters sent a message to every assembly point and "
        "received the answers. With mobile networks off, the message arrived by radio in {N} "
        "minutes.\n\n"
        "At two points the radios' batteries ran flat. The headquarters decided to give every "
        "point spare batteries."}},
      {"exercises",
       {"exercises", "volunteers"},
       {"Еріктілер су алу құрылысын күзетуді жаттықтырды",
        "Жаттығуға кәсіпорынның күзет қызметі мен аудандық жасақ қатысты.",
        "{K} орналасқан су алу құрылысында өткен жаттығуда {N} ерікті кезекшілік ауысымын, "
        "бекеттер арасындағы байланысты және бөгде адамды тоқтату тәртібін пысықтады.\n\n"
        "Кәсіпорын басшысы {P} мұндай нысандарды қорғау заң бойынша кәсіпорынның өз міндеті "
        "екенін, ал еріктілер оны тек күшейтетінін атап өтті."},
       {"Добровольцы потренировались охранять водозабор",
        "В тренировке участвовали служба охраны предприятия и районная дружина.",
        "На водозаборе {R} {N} добровольцев отработали смену дежурства, связь между постами и "
        "порядок задержания постороннего.\n\n"
        "Руководитель предприятия {P} отметил, что охранять такие объекты по закону обязано "
        "само предприятие, а добровольцы лишь усиливают охрану."},
       {"Volunteers practise guarding the water intake",
        "The company's security service and the district squad took part.",
        "At the water intake in {E}, {N} volunteers practised a change of shift, contact "
        "between posts and how to stop an intruder.\n\n"
        "The head of the company, {P}, noted that by law the company itself must guard such "
        "facilities; volunteers only reinforce it."}},
      {"infosec",
       {"information security", "scams"},
       {"Мессенджерлерде жалған эвакуация карталары таралуда",
        "Ресми карталар тек порталда және аудандық штабта жарияланады.",
        "Соңғы аптада {KN} ауданының тұрғындарына эвакуация бағыттары бейнеленген жалған "
        "карталар жіберілді. Оларда жабық көпірлер мен жоқ баспаналар көрсетілген.\n\n"
        "Ресми бағыттар порталдың «Эвакуация» бөлімінде және штабтың басылған "
        "хабарландыруларында ғана жарияланады. Күдікті хабарларды таратпаңыз."},
       {"В мессенджерах распространяют поддельные карты эвакуации",
        "Официальные карты публикуются только на портале и в районном штабе.",
        "На прошлой неделе жителям района {KN} рассылали поддельные карты маршрутов эвакуации. "
        "На них отмечены закрытые мосты и несуществующие укрытия.\n\n"
        "Официальные маршруты публикуются только в разделе «Эвакуация» на портале и в печатных "
        "объявлениях штаба. Не пересылайте подозрительные сообщения."},
       {"Fake evacuation maps are spreading in messengers",
        "Official maps are published only on this portal and at the district headquarters.",
        "Last week residents of {E} received fake maps of evacuation routes. They show closed "
        "bridges and shelters that do not exist.\n\n"
        "Official routes are published only in the portal's Evacuation section and in the "
        "headquarters' printed notices. Do not forward suspicious messages."}},
      {"infosec",
       {"information security", "sirens"},
       {"Ресми дабылды қалай тануға болады",
        "Ресми дабыл портал баннерінде, SMS-те және CAP арнасында бірдей көрінеді.",
        "Ресми дабыл әрқашан порталдың барлық беттерінің жоғарғы жағындағы қызыл баннерде "
        "шығады. Оның мәтіні SMS-те, электрондық поштада және машина оқитын CAP арнасында "
        "бірдей болады.\n\n"
        "Ресми хабарлама ешқашан құпиясөзді, карта деректерін немесе SMS кодын сұрамайды. "
        "Күмәндансаңыз, порталды өзіңіз ашып тексеріңіз."},
       {"Как узнать официальную тревогу",
        "Официальное оповещение одинаково выглядит в баннере портала, в SMS и в ленте CAP.",
        "Официальная тревога всегда появляется красным баннером вверху каждой страницы "
        "портала. Её текст совпадает в SMS, в электронной почте и в машиночитаемой ленте "
        "CAP.\n\n"
        "Официальное сообщение никогда не просит пароль, данные карты или код из SMS. Если "
        "сомневаетесь, откройте портал сами и проверьте."},
       {"How to recognise an official alert",
        "An official alert reads the same in the portal's banner, in SMS and in the CAP feed.",
        "An official alert always appears as a red banner at the top of every portal page. Its "
        "text is the same in SMS, in e-mail and in the machine-readable CAP feed.\n\n"
        "An official message never asks for a password, card details or an SMS code. If in "
        "doubt, open the portal yourself and check."}},
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
      {"passwords", {"құпиясөздер", "пароли", "passwords"}},
      {"first aid", {"алғашқы көмек", "первая помощь", "first aid"}},
      {"requisition", {"реквизиция", "реквизиция", "requisition"}}};
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

  static const std::array<std::array<const char*, 3>, 5> weekdays{
      {{"сенбі", "в субботу", "Saturday"},
       {"жексенбі", "в воскресенье", "Sunday"},
       {"сәрсенбі", "в среду", "Wednesday"},
       {"бейсенбі", "в четверг", "Thursday"},
       {"жұма", "в пятницу", "Friday"}}};
  const char* langs[3] = {"kk", "ru", "en"};
  int created = 0;
  auto now = core::now_us();
  // 24 stories, each its own text in a district of its own, published 9 hours apart with the
  // sections mixed in time (7 is prime to 24). Three in four appear in all three languages
  // (linked as translations); the others in one language only, rotating kk, ru, en.
  const int count = int(templates().size());
  for (int story = 0; story < count; ++story) {
    const auto& tpl = templates()[size_t(story)];
    const District& d = kDistricts[size_t(story * 3) % kDistricts.size()];
    int n = 12 + (story * 37) % 140;
    int person = (story * 3) % int(kPeople.size());
    bool all = story % 4 != 3;
    std::vector<int> which = all ? std::vector<int>{1, 0, 2} : std::vector<int>{(story / 4) % 3};
    // A picture of its own, drawn for the story's section, through the media library (resized
    // variants included).
    auto picture = demo::draw_picture(tpl.category, story);
    auto m = portal.media.upload(chief, actor, picture.png, picture.alt[2], "");
    if (!m) return core::fail(m.error());
    const std::string cover = media_path(m->key, "large");
    std::optional<std::int64_t> first;
    const std::int64_t hours_ago = std::int64_t(story * 7 % count) * 9 + 1;
    core::Timestamp published = now - hours_ago * 3600LL * 1'000'000;
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
      body["images"] = Json::array({{{"src", cover},
                                     {"alt", picture.alt[size_t(li)]},
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
        // Readers come fast in the first hours and then steadily; Russian pages are read
        // most, English least.
        const double share = li == 1 ? 1.0 : li == 0 ? 0.6 : 0.2;
        const std::int64_t first_day = 120 + (story * 53) % 380;
        const std::int64_t views = std::int64_t(
            share * double(std::min<std::int64_t>(hours_ago, 24) * first_day / 24 +
                           std::max<std::int64_t>(hours_ago - 24, 0) * (2 + story % 5)));
        store::backdate_article(t, a->id, published, std::max<std::int64_t>(views, 3));
        return {};
      });
      ++created;
    }
  }
  return created;
}

}  // namespace qorgan::portal
