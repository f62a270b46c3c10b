// The comparison as Markdown for a pull-request comment.
#pragma once
#include <string>

#include "comparison.h"

namespace size_report {

std::string markdown_report(const Comparison& comparison);

}  // namespace size_report
