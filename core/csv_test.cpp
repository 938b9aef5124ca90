// The RFC 4180 reader's edge cases: BOM, line ends, quoting, and where broken quoting is reported.
#include "core/csv.hpp"

#include <gtest/gtest.h>

using namespace qorgan::core;

namespace {

std::vector<std::vector<std::string>> all(std::string_view text) {
  csv::Reader r(text);
  std::vector<std::vector<std::string>> out;
  while (true) {
    auto rec = r.next();
    EXPECT_TRUE(rec) << (rec ? "" : csv::describe(rec.error()));
    if (!rec || !*rec) break;
    out.push_back((*rec)->fields);
  }
  return out;
}

csv::SyntaxError error_of(std::string_view text) {
  csv::Reader r(text);
  while (true) {
    auto rec = r.next();
    if (!rec) return rec.error();
    if (!*rec) break;
  }
  ADD_FAILURE() << "no error in: " << text;
  return {};
}

using Rows = std::vector<std::vector<std::string>>;

TEST(Csv, PlainFieldsAndLineEnds) {
  EXPECT_EQ(all("a,b\n1,2\n"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(all("a,b\r\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(all("a,b\r1,2\r"), (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(all("a,,\n"), (Rows{{"a", "", ""}}));
  EXPECT_EQ(all(""), Rows{});
}

TEST(Csv, ByteOrderMarkIsSkippedOnlyAtTheStart) {
  EXPECT_EQ(all("\xEF\xBB\xBFname\nЖан\n"), (Rows{{"name"}, {"Жан"}}));
  EXPECT_EQ(all("x\n\xEF\xBB\xBFy\n"), (Rows{{"x"}, {"\xEF\xBB\xBFy"}}));
}

TEST(Csv, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  EXPECT_EQ(all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"),
            (Rows{{"a,b", "say \"hi\"", "two\nlines"}}));
  EXPECT_EQ(all("\"\",x\n"), (Rows{{"", "x"}}));
  EXPECT_EQ(all("\"crlf\r\ninside\"\r\n"), (Rows{{"crlf\r\ninside"}}));
}

TEST(Csv, BlankLinesAreSkippedAndRowsCountRecordsNotLines) {
  csv::Reader r("h\n\n\"a\nb\"\n\nc\n");
  auto h = r.next(), a = r.next(), c = r.next(), end = r.next();
  ASSERT_TRUE(h && a && c && end);
  EXPECT_EQ((*a)->row, 2);
  EXPECT_EQ((*a)->line, 3);
  EXPECT_EQ((*c)->row, 3);
  EXPECT_EQ((*c)->line, 6);
  EXPECT_FALSE(*end);
}

TEST(Csv, BrokenQuotingNamesRowColumnAndLine) {
  auto e = error_of("a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(e.row, 2);
  EXPECT_EQ(e.column, 2);
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("never closed"), std::string::npos);

  e = error_of("a,b\n1,2\nx,ab\"c\n");
  EXPECT_EQ(e.row, 3);
  EXPECT_EQ(e.column, 2);
  EXPECT_NE(e.message.find("unquoted"), std::string::npos);

  e = error_of("\"ab\"c,d\n");
  EXPECT_EQ(e.row, 1);
  EXPECT_EQ(e.column, 1);
  EXPECT_NE(e.message.find("after a closing quote"), std::string::npos);
}

TEST(Csv, WriterRoundTrips) {
  std::vector<std::string> fields{"plain", "a,b", "say \"hi\"", "two\nlines", "", " padded "};
  std::string line = csv::write_row(fields);
  EXPECT_EQ(line, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" padded \"\r\n");
  EXPECT_EQ(all(line), (Rows{fields}));
}

// A record of one empty field (a one-column export with an empty value) is not a blank line,
// which the reader skips: the record would vanish and every later row would move up.
TEST(Csv, OneEmptyFieldRoundTrips) {
  EXPECT_EQ(csv::write_row({""}), "\"\"\r\n");
  std::string text = csv::write_row({"name"}) + csv::write_row({""}) + csv::write_row({"Aru"});
  EXPECT_EQ(all(text), (Rows{{"name"}, {""}, {"Aru"}}));
}

// A value starting with U+FEFF (pasted from another program) in a record's first field would,
// written bare at the start of a file, be taken for the file's byte order mark and dropped.
TEST(Csv, LeadingByteOrderMarkInAValueRoundTrips) {
  const std::string bom = "\xEF\xBB\xBF";
  std::vector<std::string> fields{bom + "Aru", bom + "x"};
  EXPECT_EQ(csv::write_row(fields), "\"" + bom + "Aru\"," + bom + "x\r\n");
  EXPECT_EQ(all(csv::write_row(fields)), (Rows{fields}));
}

TEST(Csv, FormulasAreNeutralisedOnWriteAndRestoredOnRead) {
  std::vector<std::string> fields{"=HYPERLINK(\"http://evil.example\",\"click\")",
                                  "+cmd|' /C calc'!A0",
                                  "-2+3",
                                  "@SUM(A1:A2)",
                                  "\tindented",
                                  "'quoted already",
                                  "''=two",
                                  "-12.5",
                                  "+7",
                                  "Әлия-Ғани",
                                  "'"};
  std::string line = csv::write_row(fields);
  // Every cell a spreadsheet would evaluate now starts with an apostrophe.
  for (const auto& rec : all(line))
    for (size_t i = 0; i < rec.size(); ++i) EXPECT_EQ(rec[i], fields[i]);
  EXPECT_NE(line.find("\"'=HYPERLINK("), std::string::npos) << line;
  EXPECT_NE(line.find("'+cmd|"), std::string::npos) << line;
  EXPECT_NE(line.find(",'-2+3,"), std::string::npos) << line;
  EXPECT_NE(line.find(",'@SUM(A1:A2),"), std::string::npos) << line;
  EXPECT_NE(line.find(",'\tindented,"), std::string::npos) << line;
  EXPECT_NE(line.find(",-12.5,+7,"), std::string::npos) << line;  // plain numbers stay numbers
  EXPECT_EQ(csv::restored(csv::neutralised("''=two")), "''=two");
  EXPECT_EQ(csv::neutralised("Әлия"), "Әлия");
}

// The records a reader pulling `chunk` bytes at a time gives; an error ends the list as
// "!" + describe(error).
std::vector<std::vector<std::string>> pulled(std::string_view text, std::size_t chunk) {
  std::size_t at = 0;
  csv::Reader r(
      [&](char* out, std::size_t max) {
        std::size_t n = std::min({max, chunk, text.size() - at});
        std::copy_n(text.data() + at, n, out);
        at += n;
        return n;
      },
      chunk);
  std::vector<std::vector<std::string>> out;
  while (true) {
    auto rec = r.next();
    if (!rec) {
      out.push_back({"!" + csv::describe(rec.error())});
      return out;
    }
    if (!*rec) break;
    out.push_back((*rec)->fields);
    out.back().push_back(std::to_string((*rec)->row) + "@" + std::to_string((*rec)->line));
  }
  EXPECT_EQ(r.offset(), text.size());
  return out;
}

std::vector<std::vector<std::string>> whole(std::string_view text) {
  csv::Reader r(text);
  std::vector<std::vector<std::string>> out;
  while (true) {
    auto rec = r.next();
    if (!rec) {
      out.push_back({"!" + csv::describe(rec.error())});
      break;
    }
    if (!*rec) break;
    out.push_back((*rec)->fields);
    out.back().push_back(std::to_string((*rec)->row) + "@" + std::to_string((*rec)->line));
  }
  return out;
}

}  // namespace

TEST(Csv, PulledInAnyPiecesTheRecordsAreThoseOfTheWholeText) {
  // Every place a piece can end: inside a BOM, a quoted line break, a doubled quote, a CRLF.
  for (std::string_view text :
       {std::string_view("\xEF\xBB\xBF"
                         "a,b\r\n\"x,\"\"y\"\"\nz\",2\r\n\r\n'=1,\"\"\n"),
        std::string_view("h\n\n\"a\nb\"\n\nc\n"), std::string_view("a,b\rc,d"),
        std::string_view("a,b\nc,\"d\"e\n"), std::string_view("a\n\"never closed\n")})
    for (std::size_t chunk = 1; chunk <= text.size() + 1; ++chunk)
      EXPECT_EQ(pulled(text, chunk), whole(text)) << "pieces of " << chunk << " bytes";
}

TEST(Csv, APulledRecordLongerThanTheLimitIsAnError) {
  std::string text = "a,b\n1,\"" + std::string(csv::Reader::kMaxRecord + 10, 'x');
  auto got = pulled(text, 1 << 16);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[1][0].find("longer than 1 MiB"), std::string::npos) << got[1][0];
}
