#include "activation/callup_words.hpp"

namespace qorgan::activation {

const view::Catalogue& callup_words() {
  // {English, Russian, Kazakh}, as view::Message orders them.
  // clang-format off
  static const view::Catalogue c({
      {"Call-up notice", "Повестка", "Шақыру қағазы"},
      {"Call-up notices: {}", "Повестки: {}", "Шақыру қағаздары: {}"},
      {"EXERCISE", "УЧЕНИЯ", "ЖАТТЫҒУ"},
      {"This is an exercise.", "Это учения.", "Бұл — жаттығу."},
      {"Name", "Ф. И. О.", "Аты-жөні"},
      {"Unit", "Подразделение", "Бөлімше"},
      {"Assembly point", "Пункт сбора", "Жиын пункті"},
      {"Address", "Адрес", "Мекенжайы"},
      {"Report by", "Явиться до", "Келу мерзімі"},
      {"Code", "Код", "Код"},
      {"Status", "Состояние", "Күйі"},
      {"Issued", "Выдана", "Берілген уақыты"},
      {"Read the code out on the phone or show the QR code at the assembly point.",
       "Назовите код по телефону или покажите QR-код на пункте сбора.",
       "Кодты телефонмен айтыңыз немесе жиын пунктінде QR кодты көрсетіңіз."},
      {"Answer on the web: {}", "Ответить в интернете: {}", "Интернет арқылы жауап беру: {}"},
      {"QR code of the notice", "QR-код повестки", "Шақыру қағазының QR коды"},
      {"No notices of this unit are to be delivered by hand.",
       "Повесток этого подразделения для вручения нет.",
       "Бұл бөлімшенің қолма-қол табыс етілетін шақыру қағазы жоқ."},
      {"{} notices", "Повесток: {}", "Шақыру қағаздары: {}"},
      // The notice's text message and its reminder.
      {"Code: {}", "Код: {}", "Код: {}"},
      {"Report by: {}", "Явиться до: {}", "Келу мерзімі: {}"},
      {"Answer: {}", "Ответ: {}", "Жауап: {}"},
      {"Reminder: you have not yet answered your call-up notice.",
       "Напоминание: вы ещё не ответили на повестку.",
       "Еске салу: шақыру қағазыңызға әлі жауап берген жоқсыз."},
      // The answer page.
      {"Your call-up notice", "Ваша повестка", "Сіздің шақыру қағазыңыз"},
      {"Answer the call-up", "Ответ на повестку", "Шақыруға жауап"},
      {"Enter the code from your notice", "Введите код из повестки", "Шақыру қағазындағы кодты енгізіңіз"},
      {"Open the notice", "Открыть повестку", "Шақыру қағазын ашу"},
      {"I will come", "Я явлюсь", "Келемін"},
      {"I cannot come", "Я не могу явиться", "Келе алмаймын"},
      {"Reason", "Причина", "Себебі"},
      {"Send the answer", "Отправить ответ", "Жауапты жіберу"},
      {"Your answer", "Ваш ответ", "Сіздің жауабыңыз"},
      {"Your answer has been recorded.", "Ваш ответ записан.", "Жауабыңыз тіркелді."},
      {"You can change your answer until you check in at the assembly point.",
       "Ответ можно изменить до отметки на пункте сбора.",
       "Жиын пунктінде тіркелгенге дейін жауабыңызды өзгерте аласыз."},
      {"Choose a reason.", "Укажите причину.", "Себебін таңдаңыз."},
      {"Choose whether you will come.", "Укажите, явитесь ли вы.", "Келетін-келмейтініңізді таңдаңыз."},
      {"No call-up notice has this code. Check the code on your notice.",
       "Повестки с таким кодом нет. Проверьте код в повестке.",
       "Бұл кодпен шақыру қағазы жоқ. Шақыру қағазындағы кодты тексеріңіз."},
      {"A code is 8 letters and digits, like ABCD-EFGH.",
       "Код — это 8 букв и цифр, например ABCD-EFGH.",
       "Код — 8 әріп пен цифр, мысалы ABCD-EFGH."},
      {"Too many wrong codes from your address. Try again in {} seconds.",
       "С вашего адреса введено слишком много неверных кодов. Повторите через {} с.",
       "Сіздің мекенжайыңыздан қате код тым көп енгізілді. {} секундтан кейін қайталаңыз."},
      {"You have checked in; the answer no longer changes.",
       "Вы уже отметились на пункте сбора; ответ больше не меняется.",
       "Сіз жиын пунктінде тіркелдіңіз; жауап енді өзгермейді."},
      {"This call-up is over.", "Этот призыв завершён.", "Бұл шақыру аяқталды."},
      {"Language", "Язык", "Тіл"},
      {"Qorgan — territorial defence and civil protection",
       "Qorgan — территориальная оборона и гражданская защита",
       "Qorgan — аумақтық қорғаныс және азаматтық қорғау"},
      // Muster states and decline reasons.
      {"called", "вызван", "шақырылды"},
      {"reached", "оповещён", "хабарланды"},
      {"confirmed", "явка подтверждена", "келетіні расталды"},
      {"declined", "отказ", "бас тартты"},
      {"arrived", "прибыл", "келді"},
      {"overdue", "не явился в срок", "мерзімінде келмеді"},
      {"ill", "болен", "ауырып жатырмын"},
      {"abroad", "за границей", "шетелдемін"},
      {"exempt", "освобождён", "босатылғанмын"},
      {"other", "другое", "басқа себеп"},
  });
  // clang-format on
  return c;
}

}  // namespace qorgan::activation
