#include "docks/RegionDock.hpp"

#include "session/StudioContext.hpp"
#include "views/ImageView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewOverlay.hpp"
#include "views/WidgetHelpers.hpp"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace studio {

namespace {
QString num(double v) { return std::isfinite(v) ? QString::number(v, 'g', 7) : QString::fromUtf8("\u2013"); }

// "(12, 40) 8×6" for a plane's pixels.
QString pixelsText(const QRect& r) {
    if (r.isEmpty()) return QObject::tr("none");
    return QString("(%1, %2) %3\u00d7%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}
}  // namespace

RegionDock::RegionDock(StudioContext& studio, QWidget* parent)
    : QDockWidget(tr("Region Statistics"), parent), studio_(studio) {
    setObjectName("RegionDock");
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    header_ = new QLabel(w);
    header_->setWordWrap(true);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(header_);
    table_ = new QTableWidget(3, 7, w);
    table_->setObjectName("regionTable");
    table_->setHorizontalHeaderLabels({tr("of"), tr("pixels (x, y) w\u00d7h"), tr("count"), tr("mean"), tr("min"),
                                       tr("max"), tr("std")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setMinimumHeight(table_->horizontalHeader()->sizeHint().height() * 4 + 8);
    layout->addWidget(table_, 1);
    setScrollingWidget(this, w);
    for (int k = 0; k < 2; ++k) {
        ImageView* view = k == 0 ? studio_.originalView() : studio_.resultView();
        marks_[k] = new ViewOverlay(view, studio_.viewSync());
        connect(view, &ImageView::regionDragged, this, [this](QRectF r, bool done) {
            // When the drag ends the numbers come to the front.
            if (setRegion(r) && done) {
                show();
                raise();
            }
        });
    }
    showReport();
}

bool RegionDock::setRegion(std::optional<QRectF> source) {
    const PlaneView op = studio_.originalPlane();
    region_.reset();
    if (source && op.valid()) {
        const QRectF snapped = snapToPixels(*source, QSizeF(op.width(), op.height()));
        if (!snapped.isEmpty()) region_ = snapped;
    }
    refresh();
    return !source || region_.has_value();
}

void RegionDock::refresh() {
    report_.reset();
    if (region_ && studio_.originalPlane().valid()) {
        const Difference d = difference_ ? difference_() : Difference{};
        report_ = regionReport(studio_, *region_, d.plane, d.pixelsPerSource, d.name);
    }
    showReport();
    updateMarks();
}

void RegionDock::showReport() {
    if (!report_) {
        header_->setText(tr("Shift+drag a rectangle on either view: the count, mean, min, max and standard deviation "
                            "of the values under it, in the original, the result and the A/B difference."));
        table_->setRowCount(0);
        return;
    }
    const QRectF& s = report_->source;
    header_->setText(tr("Region x %1\u2013%2, y %3\u2013%4 of the original (%5\u00d7%6 pixels); std with ddof = 0, as "
                        "NumPy's default; NaN and \u00b1inf are counted but left out of the others.")
                         .arg(s.left()).arg(s.right()).arg(s.top()).arg(s.bottom()).arg(s.width()).arg(s.height()));
    const std::pair<QString, const std::optional<PlaneStats>*> rows[] = {
        {tr("original"), &report_->original}, {tr("result"), &report_->result}, {tr("difference A \u2212 B"), &report_->difference}};
    table_->setRowCount(0);
    for (const auto& [name, st] : rows) {
        if (!st->has_value()) continue;
        const PlaneStats& p = **st;
        const int row = table_->rowCount();
        table_->insertRow(row);
        const QString count = p.finite == p.count ? QString::number(p.count)
                                                  : tr("%1 (%2 finite)").arg(p.count).arg(p.finite);
        const QString cells[] = {name, pixelsText(p.pixels), count, num(p.mean), num(p.min), num(p.max), num(p.std)};
        for (int c = 0; c < 7; ++c) table_->setItem(row, c, new QTableWidgetItem(cells[c]));
        if (st == &report_->difference) table_->item(row, 0)->setToolTip(report_->differenceName);
    }
}

void RegionDock::updateMarks() {
    for (int k = 0; k < 2; ++k) {
        OverlayMarks m;
        m.colour = QColor(0, 200, 255);
        const std::optional<PlaneStats>& st = k == 0 ? (report_ ? report_->original : std::nullopt)
                                                     : (report_ ? report_->result : std::nullopt);
        if (st && !st->pixels.isEmpty()) m.frame = st->pixels;
        marks_[k]->setMarks(m);
    }
}

QString RegionDock::text() const {
    QStringList lines;
    for (int r = 0; r < table_->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < table_->columnCount(); ++c) cells << (table_->item(r, c) ? table_->item(r, c)->text() : QString());
        lines << cells.join("  ");
    }
    return lines.join("\n");
}

}  // namespace studio
