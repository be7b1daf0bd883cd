// The role and organisation written around a name (indexer/attribution/names.h), one phrasing
// per case, with fictional people and organisations. These need the person-name model's data
// (given names and the word lists); the test says so when they are missing rather than passing.
#include <catch2/catch.hpp>

#include "indexer/attribution.h"
#include "indexer/attribution/names.h"
#include "query/core/unit.h"

namespace {

using civic::indexer::attribution::Affiliation;
using civic::indexer::attribution::Lexicon;

// The affiliation of the first name in `sentence`.
Affiliation of_first_name(const std::string& sentence) {
  namespace a = civic::indexer::attribution;
  const Lexicon& lex = Lexicon::standard();
  const auto tokens = a::tokenize(a::straight_quotes(sentence));
  const auto names = a::find_names(tokens, lex);
  REQUIRE_FALSE(names.empty());
  return a::affiliation_after(tokens, names.front().after, lex);
}

void require_model() {
  const Lexicon& lex = Lexicon::standard();
  INFO("the person-name model lacks " << lex.missing());
  REQUIRE(lex.missing().empty());
}

}  // namespace

TEST_CASE("the organisation is the one after 'at', not the function after 'of'",
          "[indexer][attribution][affiliation]") {
  require_model();
  auto a = of_first_name(
      "Priya Okafor, Vice President of Member Experience at Kirkhope Credit Union, said");
  CHECK(a.role == "Vice President of Member Experience");
  CHECK(a.org == "Kirkhope Credit Union");
  a = of_first_name("said Tom Bevington, Director of Policy for the Centre for Rural Futures.");
  CHECK(a.role == "Director of Policy");
  CHECK(a.org == "Centre for Rural Futures");
  // A function and nothing else: no organisation.
  a = of_first_name("said Tom Bevington, Head of Digital Strategy, and then");
  CHECK(a.org.empty());
  a = of_first_name("said Tom Bevington, Professor of the Practice of Government, at length");
  CHECK(a.org.empty());
  CHECK(a.role == "Professor of the Practice of Government");
  a = of_first_name("said Tom Bevington, Director of Social Services, on Monday");
  CHECK(a.org.empty());
}

TEST_CASE("an acronym after 'for' is the organisation, the words before it the role",
          "[indexer][attribution][affiliation]") {
  require_model();
  const auto a = of_first_name(
      "Nadia Price, Fellow and Director of Building Services for KCU, said that");
  CHECK(a.org == "KCU");
  CHECK(a.role == "Fellow and Director of Building Services");
}

TEST_CASE("an office's name keeps its title and its remit",
          "[indexer][attribution][affiliation]") {
  require_model();
  auto a = of_first_name("chaired by Ed Marlow of the Hexley Office of the Chief Financial Officer.");
  CHECK(a.org == "Hexley Office of the Chief Financial Officer");
  a = of_first_name(
      "said Ruth Ambler, analyst in the Department for Rivers, Canals and Coastal Waters, today");
  CHECK(a.org == "Department for Rivers, Canals and Coastal Waters");
  // A second organisation after the comma is not a remit.
  a = of_first_name(
      "said Ruth Ambler, analyst in the Department of Learning, Outreach and Events Office, today");
  CHECK(a.org != "Department of Learning, Outreach and Events Office");
}

TEST_CASE("places, people and functions are not organisations",
          "[indexer][attribution][affiliation]") {
  require_model();
  // Where someone lives.
  CHECK(of_first_name("a flight provided by Malcolm Ardrey, of Kirkbeckton, West Lothian.").org.empty());
  CHECK(of_first_name("tickets paid for by Mr Jonas Whitby, West Hexleyshire. (Registered)").org.empty());
  // A list of people.
  CHECK(of_first_name("will be Maya Corran, Dana Whitlock, and Sam Reyes.").org.empty());
  // A function between role and organisation.
  const auto a = of_first_name(
      "Jacob Parrish (Manager, Mobile Programs, Hexley Services Agency) spoke");
  CHECK(a.org == "Hexley Services Agency");
  // A bare office word.
  CHECK(of_first_name("said Mona Fairley of the Office, yesterday").org.empty());
}

TEST_CASE("qualifying prefixes and possessives leave one spelling",
          "[indexer][attribution][affiliation]") {
  using civic::indexer::attribution::clean_org;
  CHECK(clean_org("White House Office of Rivers and Canals") == "Office of Rivers and Canals");
  CHECK(clean_org("White House ORC") == "ORC");
  CHECK(clean_org("U.K. Department for Rivers") == "Department for Rivers");
  CHECK(clean_org("White House Office") == "White House Office");
  CHECK(clean_org("Hexley Board of Governors'") == "Hexley Board of Governors");
}

TEST_CASE("'>>' marks a transcript's turns; a name after it is the speaker",
          "[indexer][attribution][transcript]") {
  require_model();
  civic::PostDoc doc;
  doc.post.id = "p";
  doc.post.title = "Maps for newsrooms";
  const char* texts[] = {
      "Session facilitator(s): Oriel Quennell, Tamsin Varga",
      ">> Oriel: Welcome, everybody, we will start in a minute.",
      "Grab a seat near the front.",
      ">> Tamsin: Thanks. Let me show the first map.",
      ">> I have a question about projections.",
      "Especially for small islands.",
  };
  int position = 0;
  for (const char* text : texts) {
    civic::Unit u;
    u.kind = civic::UnitKind::Paragraph;
    u.text = text;
    u.position = ++position;
    doc.units.push_back(u);
  }
  civic::indexer::Gazetteer gazetteer;
  civic::indexer::AcronymTable learnt;
  civic::indexer::attribute(doc, gazetteer, learnt);
  CHECK(doc.units[1].speaker == "Oriel Quennell");
  CHECK(doc.units[2].speaker == "Oriel Quennell");
  CHECK(doc.units[3].speaker == "Tamsin Varga");
  // A turn that names no one ends Tamsin's, and its speaker stays empty.
  CHECK(doc.units[4].speaker.empty());
  CHECK(doc.units[5].speaker.empty());
}
