// The compare window's figure (its Export PNG…): the view shown (difference, the flicker's A or B,
// the swipe with its line, A | B side by side), the channel shown, the region the view shows at
// the zoom on screen, under the view's title and the pair's statistics, with its colour bar.
#include "tools/CompareWindow.hpp"

#include "export/ExportActions.hpp"
#include "session/StudioContext.hpp"
#include "views/ColorLegend.hpp"
#include "views/ImageView.hpp"
#include "views/SwipeView.hpp"
#include "views/ViewSync.hpp"

#include <QPainter>
#include <QStackedWidget>

#include <algorithm>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

QString CompareWindow::shownTitle() const {
    const QString a = sourceLabel(source_[0]), b = sourceLabel(source_[1]);
    switch (mode_) {
    case CompareView::Difference: break;
    case CompareView::Flicker:
        return showingB_ ? tr("B: %1 (flicker against A: %2)").arg(b, a) : tr("A: %1 (flicker against B: %2)").arg(a, b);
    case CompareView::Swipe: return tr("A: %1  \u2502  B: %2").arg(a, b);
    case CompareView::SideBySide: return tr("A | B: %1 | %2").arg(a, b);
    }
    return title();
}

// "batch 0, channel 2", "batch 0, RGB", "batch 0, every channel" ((N, C, L)), with the depth.
QString CompareWindow::sliceText(const PlaneView& p) const {
    const SliceSelection& sel = p.selection();
    const Tensor& t = p.tensor();
    QString where = t.rank() == 3 ? tr("batch %1, every channel").arg(sel.batch)
                    : p.channels() == 3 ? tr("batch %1, RGB").arg(sel.batch)
                                        : tr("batch %1, channel %2").arg(sel.batch).arg(sel.channel);
    if (t.rank() == 5) where += tr(", depth %1").arg(sel.depth);
    return where;
}

// The source region the shown view covers (in the original's pixels), clipped to the picture.
QRectF CompareWindow::shownRegion() const {
    const QWidget* shown = mode_ == CompareView::SideBySide ? side_[0] : stack_->currentWidget();
    const PlaneView source = studio_.originalPlane();
    const PlaneView a(a_, selection());
    const QSizeF extent = source.valid() ? QSizeF(source.width(), source.height()) : QSizeF(a.width(), a.height());
    const QRectF whole(QPointF(0, 0), extent);
    const QRectF r = studio_.viewSync()->visibleSourceRect(shown->size()).intersected(whole);
    return r.isEmpty() ? whole : r;
}

PlaneView CompareWindow::differencePlane() const {
    if (diff_.empty()) return {};
    SliceSelection one = selection();
    one.rgb = false;
    return PlaneView(diff_, one);
}

QSizeF CompareWindow::differencePerSource() const { return ratioOf(differencePlane()); }

QImage CompareWindow::renderFigure() const {
    if (!stats_ || diff_.empty()) return {};
    const SliceSelection sel = selection();
    SliceSelection one = sel;
    one.rgb = false;
    const PlaneView pa(a_, sel), pb(b_, sel), pd(diff_, one);
    auto panel = [&](const QString& name, const PlaneView& p) {
        return FigurePanel{name, qs(formatShape(p.tensor().shape())) + "  " + sliceText(p), p, ratioOf(p)};
    };
    std::vector<FigurePanel> panels;
    DisplayMapping mapping = valueMapping();
    QString legendTitle = tr("value");
    DType legendType = a_.dtype();
    switch (mode_) {
    case CompareView::Difference:
        panels = {panel(tr("A \u2212 B"), pd)};
        mapping = differenceMapping();
        legendTitle = tr("A \u2212 B");
        legendType = diff_.dtype();
        break;
    case CompareView::Flicker: panels = {showingB_ ? panel(tr("B"), pb) : panel(tr("A"), pa)}; break;
    case CompareView::Swipe: {
        FigurePanel swipe = panel(tr("A left of the line, B right"), pa);
        swipe.swipePlane = pb;
        swipe.swipePixelsPerSource = ratioOf(pb);
        // The line where the view draws it, as a fraction of the exported region.
        const QRectF region = shownRegion();
        const double lineX = swipe_->widgetToSource(QPointF(swipe_->splitX(), 0)).x();
        swipe.swipeAt = std::clamp((lineX - region.left()) / std::max(1e-9, region.width()), 0.0, 1.0);
        panels = {swipe};
        break;
    }
    case CompareView::SideBySide: panels = {panel(tr("A"), pa), panel(tr("B"), pb)}; break;
    }
    const QImage body = ExportActions::renderGridAt(panels, static_cast<int>(panels.size()), mapping, shownTitle(),
                                                    statsText(), shownRegion(), studio_.viewSync()->zoom());
    // The colour bar under the picture.
    QImage fig(body.width(), body.height() + 56, QImage::Format_RGB32);
    fig.fill(Qt::white);
    QPainter p(&fig);
    p.drawImage(0, 0, body);
    QFont f("DejaVu Sans");
    f.setPixelSize(13);
    p.setFont(f);
    ColorLegend::paint(p, QRect(24, body.height() - 8, std::min(body.width() - 48, 560), 48), mapping, legendType,
                       legendTitle);
    p.end();
    return fig;
}

}  // namespace studio
