#include "scripting/LinkStats.hpp"

#include "MainWindow.hpp"
#include "docks/RegionDock.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace studio {

using nlohmann::json;

namespace {
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json statsJson(const PlaneStats& s) {
    return {{"pixels", {s.pixels.x(), s.pixels.y(), s.pixels.width(), s.pixels.height()}},
            {"count", s.count},
            {"finite", s.finite},
            {"mean", number(s.mean)},
            {"min", number(s.min)},
            {"max", number(s.max)},
            {"std", number(s.std)}};
}
}  // namespace

json regionStatsReply(MainWindow& window, const json& header) {
    const auto rect = header.find("rect");
    if (rect == header.end() || !rect->is_array() || rect->size() != 4)
        throw std::invalid_argument("the header needs \"rect\": [x, y, width, height] in the original's pixels");
    double v[4];
    for (int i = 0; i < 4; ++i) {
        const json& e = (*rect)[static_cast<std::size_t>(i)];
        if (!e.is_number() || !std::isfinite(e.get<double>()))
            throw std::invalid_argument("\"rect\" holds " + rect->dump() + "; expected four finite numbers");
        v[i] = e.get<double>();
    }
    if (v[2] <= 0 || v[3] <= 0)
        throw std::invalid_argument("\"rect\" " + rect->dump() + " has no area: width and height must be > 0");
    if (!window.result()) throw std::runtime_error("there is no result to measure");
    RegionDock* dock = window.regionDock();
    if (!dock->setRegion(QRectF(v[0], v[1], v[2], v[3])))
        throw std::invalid_argument("\"rect\" " + rect->dump() + " lies outside the original (" +
                                    std::to_string(window.originalPlane().width()) + " x " +
                                    std::to_string(window.originalPlane().height()) + ")");
    const RegionReport& r = *dock->report();
    json reply{{"rect", {r.source.x(), r.source.y(), r.source.width(), r.source.height()}}};
    if (r.original) reply["original"] = statsJson(*r.original);
    if (r.result) reply["result"] = statsJson(*r.result);
    if (r.difference) {
        reply["difference"] = statsJson(*r.difference);
        reply["difference_of"] = r.differenceName.toStdString();
    }
    return reply;
}

}  // namespace studio
