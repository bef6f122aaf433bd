#include "docks/InspectorDock.hpp"

#include "session/PinController.hpp"
#include "views/ValueFormat.hpp"

#include <QTextBrowser>

#include <algorithm>
#include <cmath>

namespace studio {

using namespace upsample;

namespace {
constexpr std::size_t kMaxChannels = 16;  // channels written out at most

// The first channel written out: 16 around the pinned row of an (N, C, L) plane, else from 0.
std::size_t shownChannelsFrom(const PinnedPixel& p, std::size_t channels) {
    if (channels <= kMaxChannels || p.output.rank() != 3) return 0;
    const std::size_t row = static_cast<std::size_t>(std::max(p.row, 0));
    return std::min(row > kMaxChannels / 2 ? row - kMaxChannels / 2 : 0, channels - kMaxChannels);
}

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString esc(const std::string& s) { return qs(s).toHtmlEscaped(); }
QString code(const QString& s) { return "<code>" + s.toHtmlEscaped() + "</code>"; }

QString optionsText(const ResolvedSpec& s) {
    QString t = qs(std::string(modeName(s.mode)));
    if (modeAllowsAlignCorners(s.mode)) t += s.alignCorners ? ", align_corners=True" : ", align_corners=False";
    if (s.antialias) t += ", antialias=True";
    return t;
}

// "[0, :, 3, 5]": the output index, every channel.
QString outputIndex(const PinnedPixel& p) {
    QStringList parts{QString::number(p.batch), ":"};
    for (int64_t i : p.outPos) parts << QString::number(i);
    return "[" + parts.join(", ") + "]";
}

bool sameValue(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

QString axisHtml(const AxisInspection& a, DType dtype) {
    QString h = QString("<h4 style='margin-bottom:2px'>%1 &nbsp;<span style='font-weight:normal'>output index d = %2 "
                        "of %3 &middot; input size %4</span></h4>")
                    .arg(esc(a.name))
                    .arg(a.outIndex)
                    .arg(a.out)
                    .arg(a.in);
    h += "<table cellspacing='0' cellpadding='2'>";
    auto row = [&](const QString& k, const QString& v) {
        h += "<tr><td style='color:#666; padding-right:8px' valign='top'>" + k + "</td><td>" + v + "</td></tr>";
    };
    row("scale", code(qs(a.scaleFormula)));
    row("source", code(qs(a.sourceFormula)));
    if (a.support) row("support", code(QString::number(*a.support, 'g', 8)));
    if (a.center) row("centre", code(QString::number(*a.center, 'g', 8)));
    if (!a.note.empty()) row("note", esc(a.note));
    h += "</table>";
    // Taps and weights side by side, one column per tap.
    h += "<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse; border-color:#bbb; "
         "margin-top:3px'><tr><td style='color:#666'>tap</td>";
    for (int64_t t : a.taps) h += "<td align='right'><code>" + QString::number(t) + "</code></td>";
    h += "</tr><tr><td style='color:#666'>weight</td>";
    for (double w : a.weights) h += "<td align='right'><code>" + formatValue(w, dtype).toHtmlEscaped() + "</code></td>";
    h += "</tr></table>";
    return h;
}
}  // namespace

InspectorDock::InspectorDock(PinController* pin, QWidget* parent)
    : QDockWidget(tr("Pixel Inspector"), parent), pin_(pin), browser_(new QTextBrowser(this)) {
    setObjectName("InspectorDock");
    browser_->setObjectName("inspectorText");
    browser_->setOpenLinks(false);
    browser_->setMinimumSize(320, 160);
    setWidget(browser_);
    connect(pin_, &PinController::changed, this, &InspectorDock::refresh);
    refresh();
}

QString InspectorDock::text() const { return browser_->toPlainText(); }

void InspectorDock::refresh() {
    const auto& pinned = pin_->pinned();
    if (!pinned) {
        html_ = "<p style='color:#666'>" +
                (pin_->error().isEmpty() ? tr("Click a result pixel to pin it. The inspector then shows, per spatial "
                                              "dim, the source coordinate and its formula, the input taps with their "
                                              "weights, and per channel the weighted sum that gives the value. Arrow "
                                              "keys (in either view) move the pinned pixel.")
                                         : pin_->error())
                    .toHtmlEscaped() +
                "</p>";
        browser_->setHtml(html_);
        return;
    }
    const PinnedPixel& p = *pinned;
    const DType dtype = p.output.dtype();
    QString h = QString("<p style='margin-bottom:4px'><b>output %1</b> of %2 &middot; %3<br><span style='color:#666'>%4</span></p>")
                    .arg(code(outputIndex(p)), code(qs(formatShape(p.output.shape()))),
                         optionsText(p.spec).toHtmlEscaped(),
                         tr("On the original: the taps in yellow with their weights along the edges, the cyan cross "
                            "where this pixel's centre falls.")
                             .toHtmlEscaped());
    // The answer first: each channel's value and the weighted sum of the taps that gives it; of
    // many channels the 16 around the pinned row (the first 16 of a picture): 50,000 paragraphs
    // held the GUI thread for seconds.
    const auto& all = p.inspection.channels;
    const std::size_t first = shownChannelsFrom(p, all.size());
    const std::size_t last = std::min(all.size(), first + kMaxChannels);
    for (std::size_t k = first; k < last; ++k) {
        const ChannelInspection& c = all[k];
        const bool same = sameValue(c.recomputed, c.value);
        h += QString("<p style='margin-top:2px; margin-bottom:2px'>channel %1 = <b>%2</b> &nbsp;<span style='color:%3'>%4</span>"
                     "<br>%5</p>")
                 .arg(c.channel)
                 .arg(formatValue(c.value, dtype).toHtmlEscaped())
                 .arg(same ? "#2e7d32" : "#c0392b")
                 .arg(same ? tr("\u2713 the weighted sum of the taps reproduces it")
                           : tr("\u2260 the weighted sum of the taps gives %1").arg(formatValue(c.recomputed, dtype)))
                 .arg(code(qs(c.sum)));
    }
    if (last - first < all.size())
        h += "<p><i>" + tr("channels %1 to %2 of %3 (the live link's inspect gives every one)")
                            .arg(first).arg(last - 1).arg(all.size()) + "</i></p>";
    // Then, per spatial dim, where those taps and weights come from, and the kernel PyTorch runs.
    for (const AxisInspection& a : p.inspection.axes) h += axisHtml(a, dtype);
    h += "<p style='color:#666; margin-top:6px'>" + esc(p.inspection.kernel) + "</p>";
    html_ = h;
    browser_->setHtml(html_);
}

OverlayMarks tapMarks(const PinnedPixel& p) {
    OverlayMarks m;
    const auto& axes = p.inspection.axes;
    // Every weight with the same four decimals, so they read as one column of numbers.
    auto weight = [](double w) { return QString::number(w, 'f', 4); };
    // Clamped taps repeat an index (bicubic at the border): their weights share one label.
    auto label = [&](QRect cell, double w, Qt::Alignment align) {
        for (OverlayLabel& l : m.labels)
            if (l.cell == cell && l.align == align) {
                l.text += " + " + weight(w);
                return;
            }
        m.labels << OverlayLabel{cell, weight(w), align};
    };
    // Weights go just outside the tap grid, or just inside it where the grid touches the image's edge.
    const Qt::Alignment above = Qt::AlignBottom | Qt::AlignHCenter, leftOf = Qt::AlignRight | Qt::AlignVCenter;
    const Qt::Alignment insideTop = Qt::AlignTop | Qt::AlignHCenter, insideLeft = Qt::AlignLeft | Qt::AlignVCenter;
    const AxisInspection& w = axes.back();
    const double cx = outputCenterInSource(p.spec, w.dim, w.outIndex) + 0.5;
    if (axes.size() == 1) {  // (N, C, L): the taps along the pinned channel's row
        for (std::size_t j = 0; j < w.taps.size(); ++j) {
            const int x = static_cast<int>(w.taps[j]);
            if (const QRect c(x, p.row, 1, 1); !m.cells.contains(c)) m.cells << c;
            if (p.row > 0) label(QRect(x, p.row - 1, 1, 1), w.weights[j], above);
            else label(QRect(x, p.row, 1, 1), w.weights[j], insideTop);
        }
        m.cross = QPointF(cx, p.row + 0.5);
        return m;
    }
    const AxisInspection& hAxis = axes[axes.size() - 2];
    const int top = static_cast<int>(*std::min_element(hAxis.taps.begin(), hAxis.taps.end()));
    const int left = static_cast<int>(*std::min_element(w.taps.begin(), w.taps.end()));
    for (int64_t y : hAxis.taps)
        for (int64_t x : w.taps)
            if (const QRect c(static_cast<int>(x), static_cast<int>(y), 1, 1); !m.cells.contains(c)) m.cells << c;
    // W weights just above the tap grid, H weights just left of it.
    for (std::size_t j = 0; j < w.taps.size(); ++j)
        label(QRect(static_cast<int>(w.taps[j]), std::max(top - 1, 0), 1, 1), w.weights[j], top > 0 ? above : insideTop);
    for (std::size_t i = 0; i < hAxis.taps.size(); ++i)
        label(QRect(std::max(left - 1, 0), static_cast<int>(hAxis.taps[i]), 1, 1), hAxis.weights[i],
              left > 0 ? leftOf : insideLeft);
    m.cross = QPointF(cx, outputCenterInSource(p.spec, hAxis.dim, hAxis.outIndex) + 0.5);
    return m;
}

OverlayMarks pinMarks(const PinnedPixel& p) {
    OverlayMarks m;
    m.frame = QRect(p.pixel, QSize(1, 1));
    m.colour = QColor(0, 230, 255);
    return m;
}

}  // namespace studio
