// Congressional Record granules: the day's members from the MODS beside them (the roster), the
// member forms the Record prints, and how attribution resolves them. The fixture
// tests/fixtures/congressional-record/CREC-2099-03-04 is a fictional day in GPO's layout
// (mods.xml + html/); the real days are scored in attribution_eval_test.cpp.
#include "indexer/congressional_record.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "indexer/attribution.h"
#include "indexer/reader.h"
#include "tests/support.h"

namespace {

using civic::indexer::normal_case;
using civic::indexer::parse_printed_member;

const std::filesystem::path& fixture_day() {
  static const auto day =
      civic::testing::source_dir() / "tests/fixtures/congressional-record/CREC-2099-03-04";
  return day;
}

std::filesystem::path granule(const std::string& page) {
  return fixture_day() / "html" / ("CREC-2099-03-04-pt1-Pg" + page + ".htm");
}

const civic::Person* member(const std::vector<civic::Person>& roster, const std::string& name) {
  auto it = std::find_if(roster.begin(), roster.end(),
                         [&](const civic::Person& p) { return p.name == name; });
  return it == roster.end() ? nullptr : &*it;
}

// Attributes `doc`; then [start] is the speaker of its first unit whose text starts so.
class Speakers {
 public:
  explicit Speakers(civic::PostDoc& doc) : doc_(doc) {
    civic::indexer::Gazetteer gazetteer;
    civic::indexer::AcronymTable learnt;
    civic::indexer::attribute(doc_, gazetteer, learnt);
  }
  std::string operator[](std::string_view start) const {
    for (const auto& unit : doc_.units) {
      if (unit.text.starts_with(start)) return unit.speaker;
    }
    FAIL("no unit starts with '" << start << "'");
    return {};
  }

 private:
  civic::PostDoc& doc_;
};

civic::PostDoc read_one(const std::filesystem::path& file, const std::string& as_path) {
  auto read = civic::indexer::read_bytes(civic::indexer::Format::Html, civic::testing::slurp(file),
                                         {as_path, as_path});
  REQUIRE(read);
  REQUIRE(read->posts.size() == 1);
  CHECK(read->warnings.empty());
  return std::move(read->posts.front());
}

}  // namespace

TEST_CASE("a Record granule's roster is its chamber's members in the day's MODS",
          "[indexer][record]") {
  const auto senate = read_one(granule("S100"), granule("S100").string()).post.roster;
  REQUIRE(senate.size() == 8);
  const civic::Person* kennedy = member(senate, "Alan B. Kennedy");
  REQUIRE(kennedy != nullptr);
  CHECK(kennedy->org.empty());
  CHECK(kennedy->role == "Senator from Massachusetts");
  CHECK(kennedy->aliases ==
        std::vector<std::string>{"Mr. KENNEDY", "Mr. KENNEDY of Massachusetts"});
  // The House's Kennedy is not a senator; the Extension's member is a representative.
  CHECK(member(senate, "Ned Kennedy") == nullptr);
  const auto house = read_one(granule("E300"), granule("E300").string()).post.roster;
  REQUIRE(member(house, "Paul E. Gilford") != nullptr);
  CHECK(member(house, "Paul E. Gilford")->role == "Representative from Ohio");
  CHECK(member(house, "Alan B. Kennedy") == nullptr);
  // The printed name with its given names also gets the surname form the Record may print.
  const civic::Person* sanchez = member(house, "Linda T. Sanchez");
  REQUIRE(sanchez != nullptr);
  CHECK(std::count(sanchez->aliases.begin(), sanchez->aliases.end(), "Ms. SANCHEZ of California") ==
        1);
  // A granule the MODS does not list (another package's MODS) gets no roster, and no granule
  // has one where no MODS is.
  CHECK(read_one(granule("S999"), granule("S999").string()).post.roster.empty());
  CHECK(read_one(granule("S100"), "/nonexistent/CREC-2099-03-04/html/x.htm").post.roster.empty());
}

TEST_CASE("printed member names resolve to the MODS full names", "[indexer][record]") {
  auto senate = read_one(granule("S100"), granule("S100").string());
  const Speakers s(senate);
  CHECK(s["Mr. KENNEDY of Massachusetts"] == "Alan B. Kennedy");  // two Kennedys: by state
  CHECK(s["Mr. KENNEDY of Rhode Island."] == "Carl Kennedy");
  CHECK(s["Ms. VELÁZQUEZ. Mr. President"] == "Dora M. Velázquez");    // accents
  CHECK(s["Mr. de la GARZA. Mr. Presiden"] == "Eligio de la Garza");  // particles
  CHECK(s["Mr. DROGAN. Mr. President, I"] == "Martin Q. Dorgan");     // a misprint
  CHECK(s["Ms. DeLUCA. Mr. President, I"] == "Ana DeLuca");
  CHECK(s["Mr. McCall. Mr. President, I"] == "Lee McCall");          // mixed case, then an address
  CHECK(s["Mr. Harlan. I thank the Sena"] == "Hugh T. Harlan Jr.");  // mixed case, on the roster
  CHECK(s["Mr. SMITH. Mr. President, I "] == "Mr. Smith");           // not in the MODS
  // Officers are roles with nobody in the speaker facet; the Record's narration and a bill
  // listing are no one's speech.
  auto role_of = [](const civic::PostDoc& doc, const std::string& start) {
    for (const auto& unit : doc.units) {
      if (unit.text.starts_with(start)) return unit.speaker.empty() ? unit.role : "speaker " + unit.speaker;
    }
    return std::string("no unit");
  };
  CHECK(role_of(senate, "The PRESIDING OFFICER (Mr. H") == "The Presiding Officer");
  CHECK(role_of(senate, "The PRESIDING OFFICER [Mr. H") == "The Presiding Officer");
  CHECK(s["The legislative clerk procee"].empty());
  CHECK(s["Mr. HARLAN addressed the Cha"].empty());
  CHECK(s["By Mr. DORGAN (for himself a"].empty());
  for (const auto& unit : senate.units) {
    if (unit.text.starts_with("By Mr. DORGAN")) {
      CHECK(unit.mentions == std::vector<std::string>{"Martin Q. Dorgan"});
    }
    if (unit.speaker == "Alan B. Kennedy") CHECK(unit.role == "Senator from Massachusetts");
  }

  auto house = read_one(granule("H200"), granule("H200").string());
  const Speakers h(house);
  CHECK(h["Ms. LINDA T. SANCHEZ of Cali"] == "Linda T. Sanchez");  // initials
  CHECK(h["Ms. LORETTA SANCHEZ of Calif"] == "Loretta Sanchez");
  CHECK(h["Mrs. WILSON of New Mexico. M"] == "Heather Wilson");
  CHECK(h["Mr. WILSON of South Carolina"] == "Joe Wilson");
  CHECK(role_of(house, "The SPEAKER pro tempore (Mr.") == "The Speaker pro tempore");
  CHECK(h["Mr. MARIO DIAZ-BALART of Flo"] == "Mario Diaz-Balart");
  CHECK(h["Mr. KENNEDY. Madam Speaker, "] == "Ned Kennedy");  // the House's only Kennedy
  CHECK(role_of(house, "The Acting CHAIRMAN (Mr. GIL") == "The Acting Chairman");

  // An Extension of Remarks with no turn marker: the byline's member speaks.
  auto extension = read_one(granule("E300"), granule("E300").string());
  const Speakers e(extension);
  CHECK(e["Mr. Speaker, I rise today to"] == "Paul E. Gilford");
  CHECK(e["For a hundred years they kep"] == "Paul E. Gilford");
  CHECK(e["of ohio"].empty());
  CHECK(e["in the house of representati"].empty());
}

TEST_CASE("without a MODS, printed names keep their title and lose their capitals",
          "[indexer][record]") {
  const std::string elsewhere = "/nonexistent/CREC-2099-03-04/html/";
  auto senate = read_one(granule("S100"), elsewhere + "CREC-2099-03-04-pt1-PgS100.htm");
  const Speakers s(senate);
  CHECK(s["Mr. KENNEDY of Massachusetts"] == "Mr. Kennedy of Massachusetts");
  CHECK(s["Ms. VELÁZQUEZ. Mr. President"] == "Ms. Velázquez");
  CHECK(s["Mr. de la GARZA. Mr. Presiden"] == "Mr. de la Garza");
  CHECK(s["Mr. DROGAN. Mr. President, I"] == "Mr. Drogan");
  CHECK(s["Ms. DeLUCA. Mr. President, I"] == "Ms. DeLuca");
  CHECK(s["Mr. McCall. Mr. President, I"] == "Mr. McCall");
  // Mixed case with no address is a turn only where a roster knows the name.
  CHECK(s["Mr. Harlan. I thank the Sena"] == "Mr. McCall");
  auto house = read_one(granule("H200"), elsewhere + "CREC-2099-03-04-pt1-PgH200.htm");
  CHECK(Speakers(house)["Ms. LINDA T. SANCHEZ of Cali"] == "Ms. Linda T. Sanchez of California");
  auto extension = read_one(granule("E300"), elsewhere + "CREC-2099-03-04-pt1-PgE300.htm");
  CHECK(Speakers(extension)["Mr. Speaker, I rise today to"] == "Paul E. Gilford");
}

TEST_CASE("a malformed MODS is reported once and its granules keep the printed names",
          "[indexer][record]") {
  civic::testing::TempDir dir;
  const auto mods = dir.write("CREC-2099-03-04/mods.xml", "<mods><relatedItem>\n<oops></mods>");
  const std::string bytes = civic::testing::slurp(granule("S100"));
  std::vector<std::size_t> warnings;
  for (const char* page : {"S100", "S999"}) {
    const auto path = dir.write(
        std::string("CREC-2099-03-04/html/CREC-2099-03-04-pt1-Pg") + page + ".htm", bytes);
    auto read = civic::indexer::read_file(path, {path.string(), path.string()});
    REQUIRE(read);
    CHECK(read->posts.front().post.roster.empty());
    warnings.push_back(read->warnings.size());
    if (!read->warnings.empty()) {
      CHECK(read->warnings.front().message.starts_with(mods.string() + ":2: "));
    }
  }
  CHECK(warnings == std::vector<std::size_t>{1, 0});
}

TEST_CASE("member forms the Record prints parse", "[indexer][record]") {
  using Row = std::tuple<std::string, std::string, std::string, bool, bool>;
  // text → printed form ("" = not a member form), state, capitals, address to the chair
  auto [text, printed, state, capitals, address] =
      GENERATE(table<std::string, std::string, std::string, bool, bool>({
          Row{"Mr. LOTT. Mr. President, I", "Mr. LOTT", "", true, true},
          Row{"  Mrs. HUTCHISON. I object.", "Mrs. HUTCHISON", "", true, false},
          Row{"Mr. SMITH of New Jersey. Mr. Speaker", "Mr. SMITH of New Jersey", "New Jersey", true,
              true},
          Row{"Ms. LINDA T. SANCHEZ of California. Madam Speaker,",
              "Ms. LINDA T. SANCHEZ of California", "California", true, true},
          Row{"Mr. DE LA GARZA. Mr. Speaker,", "Mr. DE LA GARZA", "", true, true},
          Row{"Mr. de la GARZA. Mr. Speaker,", "Mr. de la GARZA", "", true, true},
          Row{"Mr. McCAIN. Mr. President,", "Mr. McCAIN", "", true, true},
          Row{"Ms. VELÁZQUEZ. Madam Speaker,", "Ms. VELÁZQUEZ", "", true, true},
          Row{"Mr. DIAZ- BALART of Florida. Mr. Speaker,", "Mr. DIAZ-BALART of Florida", "Florida",
              true, true},
          Row{"Mrs. CHRISTENSEN of the Virgin Islands. Madam",
              "Mrs. CHRISTENSEN of the Virgin Islands", "the Virgin Islands", true, false},
          Row{"Mr. McCain. Mr. President, when", "Mr. McCain", "", false, true},
          Row{"Mr. Reid. I thank", "Mr. Reid", "", false, false},
          // Not member forms.
          Row{"Mr. President, I ask unanimous consent", "", "", false, false},
          Row{"Mr. DORGAN addressed the Chair.", "", "", false, false},
          Row{"Mr. D'AMATO, from the Committee on Banking", "", "", false, false},
          Row{"Mr. KENNEDY (for himself and Mr. Leahy):", "", "", false, false},
          Row{"Mr. Mortenson has an answer for students.", "", "", false, false},
          Row{"Mr. Smith JONES. Mixed.", "", "", false, false},
          Row{"Mr. LINDA T.. Odd.", "", "", false, false},
          Row{"Mr. LOTT.Mr. President", "", "", false, false},
          Row{"Dr. Guyer's achievements at Michigan State", "", "", false, false},
      }));
  CAPTURE(text);
  auto member = parse_printed_member(text);
  if (printed.empty()) {
    CHECK(!member);
    return;
  }
  REQUIRE(member);
  CHECK(member->printed() == printed);
  CHECK(member->state == state);
  CHECK(member->is_capitals == capitals);
  CHECK(member->addresses_chair == address);
}

TEST_CASE("capitals become normal case", "[indexer][record]") {
  using Row = std::pair<std::string, std::string>;
  auto [caps, normal] = GENERATE(table<std::string, std::string>({
      Row{"HOLLINGS", "Hollings"},
      Row{"O'NEILL", "O'Neill"},
      Row{"McCAIN", "McCain"},
      Row{"DeLAURO", "DeLauro"},
      Row{"DIAZ-BALART", "Diaz-Balart"},
      Row{"de la GARZA", "de la Garza"},
      Row{"VELÁZQUEZ", "Velázquez"},
      Row{"LINDA T. SANCHEZ", "Linda T. Sanchez"},
      Row{"JOHN CONYERS, JR.", "John Conyers, Jr."},
      Row{"GEORGE W. HARLAN III", "George W. Harlan III"},
      Row{"McCain", "McCain"},
  }));
  CAPTURE(caps);
  CHECK(normal_case(caps) == normal);
}
