// The published policy list (政策清单) as a static site: an index of every
// provision, filterable by the groups it serves, by document and by
// keyword; one card per provision with its conditions, amounts and tiers
// in words from the compiled rules and how the public is served; and the
// 政策一卡通 print view, one card per page. No framework, no network.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace provisio::doc {

struct Page {
  std::string path;  // relative to the site's folder
  std::string content;
};

// Every page of the site of `modules`, in the order given.
std::vector<Page> Site(const std::vector<const ir::Module*>& modules);

// The print view's path, which `chromium --print-to-pdf` turns into the 一卡通.
inline constexpr const char* kPrintPage = "print.html";

}  // namespace provisio::doc
