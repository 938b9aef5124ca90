#include "activation/activation_json.hpp"

#include <gtest/gtest.h>

namespace qorgan::activation {

namespace {

// What the check-in's answer was before it was written by hand: the notice's JSON without its
// token, with the two flags, printed as http::Response::json prints it.
std::string through_json(const CheckInResult& r) {
  core::Json j = to_json(r.notice, nullptr);
  j["already_checked_in"] = r.already;
  j["elsewhere"] = r.elsewhere;
  return j.dump(-1, ' ', false, core::Json::error_handler_t::replace);
}

}  // namespace

TEST(ActivationJson, ACheckInsAnswerIsTheSameBytesAsTheNoticesJson) {
  Notice bare;
  bare.id = 7;
  bare.activation_id = 3;
  bare.person_id = 11;
  bare.unit_id = 5;
  bare.assembly_facility_id = 2;
  bare.person_name = "Сейтқали Айбек";
  bare.code = "ABCDEFGH";

  Notice full = bare;
  full.person_name = "O'Brien \"Quoted\" \\ \x01 Дана";
  full.muster = {Muster::arrived, DeclineReason::other, 1764936729000000};
  full.answered_at = 1764930000123456;
  full.arrived_facility_id = 9;
  full.checked_in_by = "hq-aliya";
  full.delivered_at = 1764920000000000;
  full.language = "ru";

  Notice declined = bare;
  declined.muster = {Muster::declined, DeclineReason::ill, std::nullopt};
  declined.person_name = "bad utf-8 \xff\xfe end";

  for (const Notice* n : {&bare, &full, &declined})
    for (bool already : {false, true})
      for (bool elsewhere : {false, true}) {
        CheckInResult r{*n, already, elsewhere};
        EXPECT_EQ(check_in_json(r), through_json(r)) << n->person_name;
      }
}

}  // namespace qorgan::activation
