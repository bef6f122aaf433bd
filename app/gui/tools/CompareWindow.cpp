#include "tools/CompareWindow.hpp"

#include "views/ColorLegend.hpp"
#include "export/ExportActions.hpp"
#include "views/ImageView.hpp"
#include "session/StudioContext.hpp"
#include "session/ModeBatch.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewSync.hpp"

#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString num(double v) { return QString::number(v, 'g', 6); }

// "[0, 2, 5, 7]" for a flat index into a shape.
QString indexText(int64_t flat, const Shape& shape) {
    QStringList parts;
    for (auto it = shape.rbegin(); it != shape.rend(); ++it) {
        parts.prepend(QString::number(flat % *it));
        flat /= *it;
    }
    return "[" + parts.join(", ") + "]";
}
}  // namespace

CompareWindow::CompareWindow(StudioContext& studio, ModeBatch* batch)
    : QWidget(studio.widget(), Qt::Window), studio_(studio), batch_(batch), sync_(new ViewSync(this)) {
    setObjectName("compareWindow");
    setWindowTitle(tr("A/B Compare \u2014 Upsample Studio"));
    resize(1000, 860);
    auto* layout = new QVBoxLayout(this);
    auto* pickers = new QGridLayout;
    for (int side = 0; side < 2; ++side) {
        pick_[side] = new QComboBox(this);
        pick_[side]->setObjectName(side == 0 ? "pickA" : "pickB");
        pick_[side]->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        pickers->addWidget(new QLabel(side == 0 ? tr("<b>A</b>") : tr("<b>B</b>"), this), 0, side * 2);
        pickers->addWidget(pick_[side], 0, side * 2 + 1);
        connect(pick_[side], &QComboBox::activated, this, [this, side] { onPicked(side); });
    }
    pickers->setColumnStretch(4, 1);
    layout->addLayout(pickers);

    auto* slice = new QHBoxLayout;
    batchSpin_ = new QSpinBox(this);
    channelSpin_ = new QSpinBox(this);
    depthSpin_ = new QSpinBox(this);
    depthLabel_ = new QLabel(tr("output depth"), this);
    slice->addWidget(new QLabel(tr("batch"), this));
    slice->addWidget(batchSpin_);
    slice->addWidget(new QLabel(tr("channel"), this));
    slice->addWidget(channelSpin_);
    slice->addWidget(depthLabel_);
    slice->addWidget(depthSpin_);
    slice->addStretch(1);
    auto* fitButton = new QPushButton(tr("Fit"), this);
    connect(fitButton, &QPushButton::clicked, this, &CompareWindow::fit);
    slice->addWidget(fitButton);
    exportButton_ = new QToolButton(this);
    slice->addWidget(exportButton_);
    layout->addLayout(slice);
    for (QSpinBox* s : {batchSpin_, channelSpin_, depthSpin_})
        connect(s, &QSpinBox::valueChanged, this, [this] {
            if (!updating_) updateView();
        });

    view_ = new ImageView(sync_, this);
    view_->setObjectName("differenceView");
    connect(view_, &ImageView::hovered, sync_, &ViewSync::setHover);
    connect(view_, &ImageView::hovered, this, &CompareWindow::onHover);
    layout->addWidget(view_, 1);
    legend_ = new ColorLegend(this);
    layout->addWidget(legend_);
    statsLabel_ = new QLabel(this);
    statsLabel_->setObjectName("compareStats");
    statsLabel_->setWordWrap(true);
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(statsLabel_);
    hoverLabel_ = new QLabel(this);
    hoverLabel_->setStyleSheet("color: #555");
    layout->addWidget(hoverLabel_);
    source_[1] = "nearest";
}

void CompareWindow::setExportAction(QAction* action) { exportButton_->setDefaultAction(action); }

void CompareWindow::fit() { sync_->fit(view_->size()); }

void CompareWindow::rebuildPickers() {
    const QSignalBlocker a(pick_[0]), b(pick_[1]);
    for (int side = 0; side < 2; ++side) {
        QComboBox* c = pick_[side];
        c->clear();
        c->addItem(tr("Current result"), "current");
        for (const ModeVariant& v : batch_->variants()) c->addItem(v.label(), v.key());
        for (auto it = files_.begin(); it != files_.end(); ++it) c->addItem(QFileInfo(it.key().mid(5)).fileName(), it.key());
        c->addItem(tr("Load .npy\u2026"), "load");
        const int at = c->findData(source_[side]);
        if (at >= 0) c->setCurrentIndex(at);
    }
}

void CompareWindow::onPicked(int side) {
    const QString data = pick_[side]->currentData().toString();
    if (data == "load") {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load a result to compare"), QString(),
                                                          tr("NumPy tensors (*.npy);;All files (*)"));
        if (path.isEmpty() || !loadNpy(side, path)) rebuildPickers();  // back to the previous choice
        return;
    }
    source_[side] = data;
    refresh();
}

bool CompareWindow::loadNpy(int side, const QString& path) {
    try {
        files_["file:" + path] = readNpy(path.toStdString()).tensor;
    } catch (const std::exception& e) {
        studio_.showError(tr("Cannot load the tensor to compare"), qs(e.what()));
        return false;
    }
    source_[side] = "file:" + path;
    refresh();
    return true;
}

bool CompareWindow::setSources(const QString& a, const QString& b) {
    for (const QString& s : {a, b})
        if (s != "current" && !files_.contains(s) && batch_->indexOfKey(s) < 0) return false;
    auto key = [&](const QString& s) {
        const int i = batch_->indexOfKey(s);
        return i >= 0 ? batch_->variants()[static_cast<std::size_t>(i)].key() : s;
    };
    source_[0] = key(a);
    source_[1] = key(b);
    refresh();
    return true;
}

QString CompareWindow::sourceLabel(const QString& source) const {
    if (source == "current") {
        const auto& r = studio_.result();
        return r ? tr("current result (%1)").arg(qs(toPythonCall(r->spec))) : tr("current result");
    }
    if (source.startsWith("file:")) return QFileInfo(source.mid(5)).fileName();
    const int i = batch_->indexOfKey(source);
    return i >= 0 ? batch_->variants()[static_cast<std::size_t>(i)].label() : source;
}

QString CompareWindow::title() const {
    return tr("A \u2212 B: %1 \u2212 %2").arg(sourceLabel(source_[0]), sourceLabel(source_[1]));
}

std::optional<Tensor> CompareWindow::tensorFor(const QString& source, QString* why) const {
    if (source == "current") {
        if (studio_.result()) return studio_.result()->output;
        *why = tr("There is no current result.");
        return std::nullopt;
    }
    if (source.startsWith("file:")) return files_.value(source);
    const int i = batch_->indexOfKey(source);
    if (i < 0) {
        *why = tr("No result '%1' for this input.").arg(source);
        return std::nullopt;
    }
    const auto& o = batch_->outcomes()[static_cast<std::size_t>(i)];
    if (!o) *why = tr("Computing %1\u2026").arg(batch_->variants()[static_cast<std::size_t>(i)].label());
    else if (!o->ok) *why = tr("%1 failed: %2").arg(batch_->variants()[static_cast<std::size_t>(i)].label(), o->error);
    else return o->output;
    return std::nullopt;
}

void CompareWindow::refresh() {
    rebuildPickers();
    QString why;
    const auto a = tensorFor(source_[0], &why);
    const auto b = a ? tensorFor(source_[1], &why) : std::nullopt;
    if (!a || !b) {
        a_ = b_ = diff_ = Tensor();
        stats_.reset();
        message_ = why;
    } else if (a->raw() != a_.raw() || b->raw() != b_.raw() || !stats_) {
        a_ = *a;
        b_ = *b;
        try {
            diff_ = signedDifference(a_, b_);
            stats_ = diffStats(a_, b_);
            message_.clear();
        } catch (const Error& e) {
            diff_ = Tensor();
            stats_.reset();
            message_ = qs(e.what()) + tr(". A and B must have the same shape: pick a result of the same spec, or a "
                                         ".npy saved from F.interpolate on the same input.");
        }
    }
    updateView();
}

QString CompareWindow::statsText() const {
    if (!stats_) return message_;
    const DiffStats& s = *stats_;
    QString t = tr("max |A \u2212 B| = %1").arg(num(s.maxAbs));
    if (s.argMaxAbs >= 0 && s.maxAbs > 0) t += tr(" at %1").arg(indexText(s.argMaxAbs, diff_.shape()));
    t += tr("   mean |A \u2212 B| = %1   RMSE = %2   PSNR = %3")
             .arg(num(s.meanAbs), num(s.rmse),
                  std::isinf(s.psnr) ? tr("\u221e (identical)") : tr("%1 dB (peak %2)").arg(QString::number(s.psnr, 'f', 2), num(s.peak)));
    t += tr("   %1 of %2 values differ").arg(s.differing).arg(s.count);
    if (s.nonFiniteMismatch > 0) t += tr(", %1 of them NaN/Inf on one side only").arg(s.nonFiniteMismatch);
    return t;
}

namespace {
DisplayMapping differenceMapping(const std::optional<DiffStats>& s) {
    const double m = s && std::isfinite(s->maxAbs) && s->maxAbs > 0 ? s->maxAbs : 1.0;
    return DisplayMapping(-m, m, ColorMap::Diverging);
}
}  // namespace

void CompareWindow::updateView() {
    const bool has = stats_.has_value() && !diff_.empty();
    statsLabel_->setText(has ? title() + "\n" + statsText() : QString());
    statsLabel_->setStyleSheet(has ? QString() : QString("color: #c0392b"));
    if (!has) {
        view_->clear(message_);
        legend_->setVisible(false);
        return;
    }
    const int rank = diff_.rank();
    updating_ = true;
    batchSpin_->setRange(0, static_cast<int>(diff_.dim(0) - 1));
    channelSpin_->setRange(0, static_cast<int>(diff_.dim(1) - 1));
    channelSpin_->setEnabled(rank >= 4);  // (N, C, L) shows every channel as a row
    depthSpin_->setRange(0, rank == 5 ? static_cast<int>(diff_.dim(2) - 1) : 0);
    depthSpin_->setVisible(rank == 5);
    depthLabel_->setVisible(rank == 5);
    updating_ = false;
    SliceSelection sel;
    sel.batch = batchSpin_->value();
    sel.channel = channelSpin_->value();
    sel.depth = depthSpin_->value();
    const PlaneView plane(diff_, sel);
    const DisplayMapping mapping = differenceMapping(stats_);
    const QSizeF size(plane.width(), plane.height());
    const bool newSize = sync_->sourceSize() != size;
    if (newSize) sync_->setSourceSize(size);
    view_->setPlane(plane, mapping, {1, 1});
    if (newSize) QTimer::singleShot(0, this, &CompareWindow::fit);
    legend_->setVisible(true);
    legend_->setMapping(mapping, diff_.dtype(), tr("A \u2212 B"));
}

void CompareWindow::onHover(std::optional<QPointF> s) {
    const auto pix = s ? view_->pixelAt(*s) : std::nullopt;
    if (!pix || diff_.empty()) {
        hoverLabel_->clear();
        return;
    }
    const PlaneView& d = view_->plane();
    const PlaneView a(a_, d.selection()), b(b_, d.selection());
    hoverLabel_->setText(tr("A \u2212 B at %1 = %2   (A = %3, B = %4)")
                             .arg(d.indexText(pix->x(), pix->y()), formatValue(d.value(pix->x(), pix->y()), d.dtype()),
                                  formatValue(a.value(pix->x(), pix->y()), a.dtype()),
                                  formatValue(b.value(pix->x(), pix->y()), b.dtype())));
}

QImage CompareWindow::renderFigure() const {
    if (!stats_ || diff_.empty()) return {};
    const PlaneView& plane = view_->plane();
    const DisplayMapping mapping = differenceMapping(stats_);
    const SliceSelection& sel = plane.selection();
    QString where = diff_.rank() == 3 ? tr("batch %1, every channel").arg(sel.batch)
                                      : tr("batch %1, channel %2").arg(sel.batch).arg(sel.channel);
    if (diff_.rank() == 5) where += tr(", depth %1").arg(sel.depth);
    FigurePanel panel{tr("A \u2212 B"), qs(formatShape(diff_.shape())) + "  " + where, plane, {1, 1}};
    const QImage body = ExportActions::renderGrid({panel}, 1, mapping, title(), statsText(),
                                                  QSizeF(plane.width(), plane.height()), 512);
    // The legend under the picture.
    QImage fig(body.width(), body.height() + 56, QImage::Format_RGB32);
    fig.fill(Qt::white);
    QPainter p(&fig);
    p.drawImage(0, 0, body);
    QFont f("DejaVu Sans");
    f.setPixelSize(13);
    p.setFont(f);
    ColorLegend::paint(p, QRect(24, body.height() - 8, std::min(body.width() - 48, 560), 48), mapping, diff_.dtype(),
                       tr("A \u2212 B"));
    p.end();
    return fig;
}

}  // namespace studio
