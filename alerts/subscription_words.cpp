#include "alerts/subscription_words.hpp"

namespace qorgan::alerts {

const view::Catalogue& subscription_words() {
  // {English, Russian, Kazakh}, as view::Message orders them.
  // clang-format off
  static const view::Catalogue c({
      // Messages.
      {"Confirm your subscription to Qorgan public alerts", "Подтвердите подписку на оповещения Qorgan",
       "Qorgan хабарландыруларына жазылуды растаңыз"},
      {"Qorgan: confirm alerts: {}", "Qorgan: подтвердите оповещения: {}", "Qorgan: хабарландыруды растаңыз: {}"},
      {"Someone (we hope you) asked to receive official public alerts for your area at this address. To confirm, open this link: {}",
       "Кто-то (надеемся, вы) попросил присылать на этот адрес официальные оповещения для вашей местности. Чтобы подтвердить, откройте ссылку: {}",
       "Біреу (сіз деп үміттенеміз) осы мекенжайға өз аймағыңыздың ресми хабарландыруларын жіберуді сұрады. Растау үшін мына сілтемені ашыңыз: {}"},
      {"If it was not you, ignore this message: nothing will be sent.",
       "Если это были не вы, не обращайте внимания на это сообщение: ничего присылаться не будет.",
       "Егер бұл сіз болмасаңыз, бұл хабарламаны елемеңіз: ешнәрсе жіберілмейді."},
      {"Unsubscribe: {}", "Отписаться: {}", "Жазылудан бас тарту: {}"},
      // Pages.
      {"Public alerts", "Оповещения населения", "Халыққа хабарландыру"},
      {"Subscribe to public alerts", "Подписка на оповещения", "Хабарландыруларға жазылу"},
      {"Official warnings (air raid, flood, evacuation) for the regions you choose, by e-mail or SMS. We keep only your address, encrypted, and your choices.",
       "Официальные предупреждения (воздушная тревога, паводок, эвакуация) для выбранных местностей по e-mail или SMS. Мы храним только ваш адрес в зашифрованном виде и ваш выбор.",
       "Таңдаған аймақтарыңыз үшін ресми ескертулер (әуе дабылы, су тасқыны, эвакуация) e-mail немесе SMS арқылы. Біз тек шифрланған мекенжайыңыз бен таңдауыңызды сақтаймыз."},
      {"E-mail address or phone number (+7…)", "Адрес e-mail или номер телефона (+7…)", "E-mail мекенжайы немесе телефон нөмірі (+7…)"},
      {"Regions", "Местности", "Аймақтар"},
      {"Language of the messages", "Язык сообщений", "Хабарламалар тілі"},
      {"Subscribe", "Подписаться", "Жазылу"},
      {"Check your messages: we have sent a link to confirm the subscription.",
       "Проверьте сообщения: мы отправили ссылку для подтверждения подписки.",
       "Хабарламаларыңызды тексеріңіз: жазылуды растайтын сілтеме жібердік."},
      {"Confirm the subscription", "Подтверждение подписки", "Жазылуды растау"},
      {"Confirm", "Подтвердить", "Растау"},
      {"Your subscription is confirmed. You will receive alerts for your regions.",
       "Подписка подтверждена. Вы будете получать оповещения для своих местностей.",
       "Жазылу расталды. Өз аймақтарыңыздың хабарландыруларын аласыз."},
      {"This link is not valid or has expired. Subscribe again to get a new one.",
       "Ссылка недействительна или устарела. Подпишитесь снова, чтобы получить новую.",
       "Сілтеме жарамсыз немесе ескірген. Жаңасын алу үшін қайта жазылыңыз."},
      {"Unsubscribe from public alerts", "Отписка от оповещений", "Хабарландырулардан бас тарту"},
      {"Unsubscribe", "Отписаться", "Бас тарту"},
      {"You will no longer receive alerts at this address. Your address has been deleted.",
       "Оповещения на этот адрес больше не придут. Ваш адрес удалён.",
       "Бұл мекенжайға хабарландыру енді келмейді. Мекенжайыңыз жойылды."},
      {"Stop the alerts to {}?", "Больше не присылать оповещения на {}?", "{} мекенжайына хабарландыру жіберуді тоқтату керек пе?"},
      {"Too many requests. Try again in {} seconds.", "Слишком много запросов. Повторите через {} с.",
       "Сұраулар тым көп. {} секундтан кейін қайталаңыз."},
      {"Choose at least one region.", "Выберите хотя бы одну местность.", "Кемінде бір аймақты таңдаңыз."},
      {"Give an e-mail address or a phone number in international form, e.g. +77011234567.",
       "Укажите адрес e-mail или номер телефона в международном формате, например +77011234567.",
       "E-mail мекенжайын немесе телефон нөмірін халықаралық форматта көрсетіңіз, мысалы +77011234567."},
      {"Language", "Язык", "Тіл"},
      {"Qorgan — territorial defence and civil protection", "Qorgan — территориальная оборона и гражданская защита",
       "Qorgan — аумақтық қорғаныс және азаматтық қорғау"},
  });
  // clang-format on
  return c;
}

}  // namespace qorgan::alerts
