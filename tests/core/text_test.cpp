// The one normalisation applied before indexing and before query parsing.
#include <catch2/catch.hpp>

#include "query/core/text.h"

using civic::text::collapse_whitespace;
using civic::text::is_valid_utf8;
using civic::text::name_key;
using civic::text::normalise;
using civic::text::to_valid_utf8;
using civic::text::truncate_utf8;

TEST_CASE("normalise folds quotes, dashes, case, accents and compatibility forms", "[core][text]") {
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"Big Society", "big society"},
      {"citizens\xE2\x80\x99 service", "citizens' service"},               // ’
      {"\xE2\x80\x9CPilots\xE2\x80\x9D", "\"pilots\""},                    // “ ”
      {"DfE \xE2\x80\x93 developing", "dfe - developing"},                 // –
      {"a\xE2\x80\x94" "b", "a-b"},                                           // —
      {"Caf\xC3\xA9 Zo\xC3\xAB", "cafe zoe"},                              // é ë precomposed
      {"Cafe\xCC\x81", "cafe"},                                            // e + combining acute
      {"\xEF\xBC\xA4\xEF\xBD\x86\xEF\xBC\xA5", "dfe"},                     // full-width ＤｆＥ
      {"\xEF\xAC\x81nance", "finance"},                                    // ﬁ ligature
      {"non\xC2\xA0" "breaking", "non breaking"},                          // NBSP
      {"STRASSE Stra\xC3\x9F" "e", "strasse strasse"},                     // ß casefolds
      {"\xC2\xA3" "50m", "\xC2\xA3" "50m"},                                // £ kept
  }));
  CAPTURE(input);
  CHECK(normalise(input) == expected);
}

TEST_CASE("normalise is idempotent and never returns invalid UTF-8", "[core][text]") {
  for (std::string input : {std::string("Dept. of Communities & Local Government"),
                            std::string("bad \xC3\x28 bytes \xFF"), std::string("\xE2\x80\x98quoted\xE2\x80\x99")}) {
    CAPTURE(input);
    const std::string once = normalise(input);
    CHECK(is_valid_utf8(once));
    CHECK(normalise(once) == once);
  }
}

TEST_CASE("to_valid_utf8 replaces bad sequences and drops NUL and control bytes", "[core][text]") {
  CHECK(to_valid_utf8("ok") == "ok");
  CHECK(to_valid_utf8(std::string("a\0b", 3)) == "ab");
  CHECK(to_valid_utf8("x\xFFy") == "x\xEF\xBF\xBDy");
  CHECK(to_valid_utf8("tab\tnew\nline") == "tab\tnew\nline");
  CHECK(to_valid_utf8("\xE2\x80") == "\xEF\xBF\xBD");  // truncated sequence at the end
  CHECK_FALSE(is_valid_utf8(std::string("a\0b", 3)));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));  // overlong
  CHECK(is_valid_utf8("\xC2\xA3"));
}

TEST_CASE("name_key makes organisation spellings comparable", "[core][text]") {
  CHECK(name_key("Dept. of Communities & Local Government") == "dept of communities and local government");
  CHECK(name_key("Department of Communities and Local Government") ==
        "department of communities and local government");
  CHECK(name_key("  Centre for Public Scrutiny ") == name_key("centre for public scrutiny"));
  CHECK(name_key("O\xE2\x80\x99" "Brien") == "obrien");
}

TEST_CASE("collapse_whitespace and truncate_utf8 respect characters", "[core][text]") {
  CHECK(collapse_whitespace("  a \t\n b\xC2\xA0" "c  ") == "a b c");
  CHECK(truncate_utf8("\xC2\xA3\xC2\xA3", 3) == "\xC2\xA3");
  CHECK(truncate_utf8("abc", 10) == "abc");
}
