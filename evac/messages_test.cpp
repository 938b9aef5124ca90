// The engine's messages in kk and ru: every key that the sources pass to fail/part/err/term is in
// the catalogue with both translations keeping the same values, and real failures read in each
// language with their values while the English stays byte for byte what it was.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "evac/error.hpp"
#include "evac/io/demand_csv_reader.hpp"
#include "evac/io/error_json.hpp"
#include "evac/io/line_parser.hpp"
#include "evac/io/text_network_reader.hpp"
#include "evac/plan/planner.hpp"

using namespace qorgan::evac;
namespace fs = std::filesystem;

namespace {

// The source without comments; string and character literals kept whole.
std::string without_comments(const std::string& s) {
  std::string out;
  const auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == 'R' && s.compare(i, 2, "R\"") == 0 && (i == 0 || !ident(s[i - 1]))) {
      const auto open = s.find('(', i);
      const std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
      i = s.find(close, open) + close.size();
      out += "\"\"";
    } else if (s[i] == '"' || (s[i] == '\'' && (i == 0 || !ident(s[i - 1])))) {
      const char q = s[i];
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != q) j += s[j] == '\\' ? 2 : 1;
      out.append(s, i, j + 1 - i);
      i = j + 1;
    } else if (s.compare(i, 2, "//") == 0) {
      i = s.find('\n', i);
      if (i == std::string::npos) i = s.size();
    } else if (s.compare(i, 2, "/*") == 0) {
      i = s.find("*/", i) + 2;
    } else {
      out += s[i++];
    }
  }
  return out;
}

// The message keys in a source: the string literals (adjacent ones joined) that open a call of
// fail, part, err or term.
std::vector<std::string> keys_in(const std::string& source) {
  const std::string s = without_comments(source);
  std::vector<std::string> keys;
  const auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t len = 0;
    for (const char* name : {"fail", "part", "err", "term"})
      if (s.compare(i, std::strlen(name), name) == 0) len = std::strlen(name);
    if (len == 0 || (i > 0 && (ident(s[i - 1]) || s[i - 1] == '.'))) continue;
    std::size_t j = i + len;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j >= s.size() || s[j] != '(') continue;
    ++j;
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j >= s.size() || s[j] != '"') continue;
    std::string key;
    while (j < s.size() && s[j] == '"') {
      for (++j; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '\\') {
          ++j;
          key += s[j] == 'n' ? '\n' : s[j] == 't' ? '\t' : s[j];
        } else {
          key += s[j];
        }
      }
      ++j;
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    }
    keys.push_back(key);
    i = j;
  }
  return keys;
}

// The argument indices a format string refers to ("{}" counts on, "{1}" names one).
std::set<std::size_t> fields_of(std::string_view f) {
  std::set<std::size_t> out;
  std::size_t next = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '{' && i + 1 < f.size() && f[i + 1] == '{') {
      ++i;
    } else if (f[i] == '{') {
      const auto close = f.find('}', i);
      const auto id = f.substr(i + 1, f.find_first_of(":}", i + 1) - i - 1);
      out.insert(id.empty() ? next++ : std::stoul(std::string(id)));
      i = close;
    }
  }
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Error error_of(const std::string& net_text) {
  std::istringstream in(net_text);
  auto r = io::read_text_network(in, "net.txt");
  EXPECT_FALSE(r) << "parsed without error";
  return r ? Error() : r.error();
}

const char* kCity =
    "node 1 lat=43.2401 lon=76.9001\n"
    "node 2 lat=43.2455 lon=76.9080\n"
    "edge 1 2 5 2\n";

}  // namespace

TEST(EvacMessages, ScannerFindsTheKeysOfEveryKindOfCall) {
  const auto keys = keys_in(R"(
    // fail("in a comment") is no call
    if (x) return fail("unknown node {}", id);
    return err("a long "
               "message {}", n);
    auto p = part("{}:{}: ", file, line);
    constexpr Term t = term("node count");
    obj.fail("a method") ; fail(Error::forbidden("not a key"));
  )");
  EXPECT_EQ(keys, (std::vector<std::string>{"unknown node {}", "a long message {}",
                                            "{}:{}: ", "node count"}));
  // A new message is caught: it is not in the catalogue.
  EXPECT_EQ(find_in_catalogue("a long message {}"), nullptr);
}

TEST(EvacMessages, EveryKeyInTheSourcesIsTranslated) {
  const fs::path root = fs::path(QORGAN_SOURCE_DIR) / "evac";
  std::set<std::string> used;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto name = entry.path().filename().string();
    const auto ext = entry.path().extension();
    if ((ext != ".cpp" && ext != ".hpp") || name.ends_with("_test.cpp") ||
        name == "test_support.hpp" || name == "messages.cpp")
      continue;
    ++files;
    for (auto& k : keys_in(read(entry.path()))) used.insert(std::move(k));
  }
  EXPECT_GT(files, 50);
  EXPECT_GT(used.size(), 150u);  // a scanner that finds nothing must not pass
  for (const auto& key : used) {
    const auto* e = find_in_catalogue(key);
    if (!e) {
      ADD_FAILURE() << "no kk/ru translation in evac/messages.cpp for: " << key;
      continue;
    }
    EXPECT_FALSE(e->kk.empty()) << key;
    EXPECT_FALSE(e->ru.empty()) << key;
  }
  // Nothing in the catalogue that no source uses any more.
  for (const auto& e : catalogue()) EXPECT_TRUE(used.contains(std::string(e.en))) << e.en;
}

TEST(EvacMessages, TranslationsKeepEveryValue) {
  std::set<std::string_view> seen;
  for (const auto& e : catalogue()) {
    EXPECT_TRUE(seen.insert(e.en).second) << "twice: " << e.en;
    const auto want = fields_of(e.en);
    EXPECT_EQ(fields_of(e.kk), want) << e.en << " / " << e.kk;
    EXPECT_EQ(fields_of(e.ru), want) << e.en << " / " << e.ru;
  }
}

TEST(EvacMessages, EnglishIsWhatFmtWrites) {
  auto e = fail("point ({}, {}) is {:.0f} m from the nearest road junction", 55.75, 37.61, 2731.6)
               .error();
  EXPECT_EQ(e.message, "point (55.75, 37.61) is 2732 m from the nearest road junction");
  EXPECT_EQ(render(e, "en"), e.message);
  EXPECT_EQ(render(e, "ru"),
            "точка (55.75, 37.61) находится в 2732 м от ближайшего узла дорожной сети");
  // A context part in front, an untranslated error left English in every language.
  e.prefix(part("line {}: ", 4));
  EXPECT_EQ(e.message, "line 4: point (55.75, 37.61) is 2732 m from the nearest road junction");
  EXPECT_EQ(render(e, "kk"),
            "4-жол: (55.75, 37.61) нүктесі ең жақын жол түйінінен 2732 м қашықтықта");
  auto u = Error::untranslated("internal error: boom");
  u.prefix(part("line {}: ", 4));
  EXPECT_EQ(render(u, "ru"), "line 4: internal error: boom");
}

TEST(EvacMessages, TextNetworkErrorsInKazakhAndRussian) {
  auto e = error_of("nodes 2\narc 0 1 0 3\n");
  EXPECT_EQ(e.message, "net.txt:2: arc capacity must be at least 1, got 0");
  EXPECT_EQ(render(e, "ru"),
            "net.txt:2: пропускная способность дуги должна быть не меньше 1, получено: 0");
  EXPECT_EQ(render(e, "kk"),
            "net.txt:2: доғаның өткізу қабілеті кемінде 1 болуы керек, берілгені: 0");
  // A term as a value is translated too; the value itself is kept.
  e = error_of("nodes x1\n");
  EXPECT_EQ(e.message, "net.txt:1: node count 'x1' is not an integer");
  EXPECT_EQ(render(e, "ru"), "net.txt:1: число узлов: «x1» не является целым числом");
  EXPECT_EQ(render(e, "kk"), "net.txt:1: түйіндер саны: «x1» бүтін сан емес");
  e = error_of("nodes 2\narc 0 7 1 1\n");
  EXPECT_EQ(e.message, "net.txt:2: unknown node 7");
  EXPECT_EQ(render(e, "kk"), "net.txt:2: белгісіз түйін 7");
}

TEST(EvacMessages, CsvErrorsInKazakhAndRussian) {
  std::istringstream in(kCity);
  auto net = io::read_text_network(in, "city.txt");
  ASSERT_TRUE(net) << net.error().message;
  auto r = io::parse_evacuees_csv("lat,lon,count\n43.2401,76.9001,10\n43.2401,76.9001,zero\n",
                                  net->network);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "line 3: count 'zero' is not an integer");
  EXPECT_EQ(render(r.error(), "ru"), "строка 3: count: «zero» не является целым числом");
  EXPECT_EQ(render(r.error(), "kk"), "3-жол: count: «zero» бүтін сан емес");
  // The CSV reader's own words for a broken record.
  r = io::parse_evacuees_csv("lat,lon,count,name\n43.2401,76.9001,10,\"School\n", net->network);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "line 2: field 4: a quoted field opened on this line is never closed");
  EXPECT_EQ(render(r.error(), "ru"),
            "строка 2: поле 4: поле в кавычках, открытое в этой строке, не закрыто");
  auto s =
      io::parse_shelters_csv("lat,lon,capacity\n43.2401,76.9001,10000000000000000\n", net->network);
  ASSERT_FALSE(s);
  EXPECT_EQ(render(s.error(), "kk"),
            "2-жол: capacity бағанындағы мән ең көбі 1000000000 болуы керек, берілгені: "
            "10000000000000000");
}

TEST(EvacMessages, HorizonInKazakhAndRussian) {
  std::istringstream in("nodes 3\narc 0 1 1 1\narc 1 2 1 1\nsource 0 1000\nsink 2 1000\n");
  auto p = io::read_text_network(in, "line.txt");
  ASSERT_TRUE(p) << p.error().message;
  RunControl control;
  control.horizon = 50;
  auto plan = make_qorgan_planner(1)->plan(*p, control);
  ASSERT_FALSE(plan);
  const auto& e = plan.error();
  EXPECT_TRUE(e.message.starts_with("the egress would take at least ")) << e.message;
  EXPECT_EQ(render(e, "en"), e.message);
  const auto ru = render(e, "ru");
  EXPECT_TRUE(ru.starts_with("эвакуация займёт шагов не меньше: ")) << ru;
  EXPECT_NE(ru.find("за пределами горизонта планирования (шагов: 50): "), std::string::npos) << ru;
  EXPECT_NE(ru.find("до укрытий могут добраться людей: 1000"), std::string::npos) << ru;
  const auto kk = render(e, "kk");
  EXPECT_NE(kk.find("50 қадамдық жоспарлау көкжиегінен тыс: баспанаға 1000 адам жете алады"),
            std::string::npos)
      << kk;
  EXPECT_TRUE(
      kk.ends_with("; адамдар саны мен өткізу қабілетін тексеріңіз немесе көкжиекті "
                   "ұлғайтыңыз"))
      << kk;
}

TEST(EvacMessages, PartsSurviveJson) {
  auto e = error_of("nodes 99999999999999999999999999\n");
  const auto j = io::parts_to_json(e.parts);
  EXPECT_EQ(io::parts_from_json(nlohmann::json::parse(j.dump())), e.parts);
  EXPECT_EQ(render(io::parts_from_json(j), "en"), e.message);
  EXPECT_TRUE(io::parts_from_json(nlohmann::json::parse(R"([{"key": 3}])")).empty());
  EXPECT_TRUE(io::parts_from_json(nullptr).empty());
  EXPECT_EQ(translate(kSheltersFull, "ru"),
            "все укрытия, достижимые из этого места выхода, заполнены (вместимость укрытий "
            "меньше численности населения)");
  EXPECT_EQ(translate("no such text", "kk"), "no such text");
}
