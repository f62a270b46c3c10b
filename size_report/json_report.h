// The comparison as JSON, for scripts and dashboards. Byte counts are
// integers; a side that does not exist is null.
#pragma once
#include <string>

#include "comparison.h"

namespace size_report {

std::string json_report(const Comparison& comparison);

}  // namespace size_report
