// Calendar dates as the archive, the API and the index write them. The one date check: the
// API, the page, the CLI and the library all refuse 2010-02-30 the same way.
#pragma once

#include <string>
#include <string_view>

namespace civic::date {

/// True when `s` is YYYY-MM-DD naming a real day of the proleptic Gregorian calendar
/// (2012-02-29 yes, 2010-02-30 and 2010-13-01 no).
bool is_iso_date(std::string_view s);

/// YYYY-MM-DD → YYYYMMDD, the form stored in the date slot (string order = date order).
/// `iso` must pass is_iso_date().
std::string compact(std::string_view iso);

}  // namespace civic::date
