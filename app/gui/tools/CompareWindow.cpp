#include "tools/CompareWindow.hpp"
#include "views/WidgetHelpers.hpp"

#include "export/ExportActions.hpp"
#include "session/ModeBatch.hpp"
#include "session/StudioContext.hpp"
#include "views/ColorLegend.hpp"
#include "views/ImageView.hpp"
#include "views/SwipeView.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewSync.hpp"

#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
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
    for (int64_t i : unflatten(flat, shape)) parts << QString::number(i);
    return "[" + parts.join(", ") + "]";
}

const char* kViewNames[] = {"diff", "flicker", "swipe", "side"};
}  // namespace

std::vector<int64_t> unflatten(int64_t flat, const Shape& shape) {
    std::vector<int64_t> idx(shape.size());
    for (std::size_t k = shape.size(); k-- > 0;) {
        idx[k] = flat % shape[k];
        flat /= shape[k];
    }
    return idx;
}

std::optional<CompareView> compareViewFromName(const QString& name) {
    for (int i = 0; i < 4; ++i)
        if (name == kViewNames[i]) return static_cast<CompareView>(i);
    return std::nullopt;
}

CompareWindow::CompareWindow(StudioContext& studio, ModeBatch* batch)
    : QWidget(studio.widget(), Qt::Window), studio_(studio), batch_(batch) {
    setObjectName("compareWindow");
    resize(1000, 900);
    flickerTimer_ = new QTimer(this);
    connect(flickerTimer_, &QTimer::timeout, this, &CompareWindow::toggleFlicker);
    buildControls();
    buildViews();
    buildKeys();
    source_[1] = "nearest";
    updateTitle();
}

// Keys: 1 to 4 pick the view, Space flips A and B (in flicker), T starts or stops the timer, Esc
// and Ctrl+W close the window. Each says what it does (Help ▸ Keyboard Shortcuts lists them).
void CompareWindow::buildKeys() {
    auto key = [this](const QKeySequence& k, const QString& what, auto slot) {
        auto* s = new QShortcut(k, this);
        s->setContext(Qt::WindowShortcut);
        s->setWhatsThis(what);
        connect(s, &QShortcut::activated, this, slot);
        keys_ << s;
    };
    const QString names[] = {tr("difference A \u2212 B"), tr("flicker"), tr("swipe"), tr("side by side")};
    for (int i = 0; i < 4; ++i)
        key(QKeySequence(QString::number(i + 1)), tr("Show the %1 view").arg(names[i]),
            [this, i] { setCompareView(static_cast<CompareView>(i)); });
    key(QKeySequence(Qt::Key_Space), tr("Flicker: flip between A and B"), [this] {
        if (mode_ != CompareView::Flicker) setCompareView(CompareView::Flicker);
        else toggleFlicker();
    });
    key(QKeySequence(Qt::Key_T), tr("Flicker: start or stop the timer"), [this] { timerCheck_->toggle(); });
    keys_ << closeOnEscape(this);
    key(QKeySequence(Qt::CTRL | Qt::Key_W), tr("Close this window"), [this] { close(); });
}

void CompareWindow::buildViews() {
    auto* layout = static_cast<QVBoxLayout*>(this->layout());
    ViewSync* sync = studio_.viewSync();
    shownLabel_ = new QLabel(this);
    shownLabel_->setObjectName("compareShown");
    QFont big = shownLabel_->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    shownLabel_->setFont(big);
    layout->addWidget(shownLabel_);

    stack_ = new QStackedWidget(this);
    view_ = new ImageView(sync, stack_);
    view_->setObjectName("differenceView");
    flickerView_ = new ImageView(sync, stack_);
    flickerView_->setObjectName("flickerView");
    swipe_ = new SwipeView(sync, stack_);
    swipe_->setObjectName("swipeView");
    auto* sidePage = new QWidget(stack_);
    auto* sideLayout = new QGridLayout(sidePage);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    for (int s = 0; s < 2; ++s) {
        sideLabel_[s] = new QLabel(sidePage);
        // A long caption must not widen its pane: both panes take half the width.
        sideLabel_[s]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        side_[s] = new ImageView(sync, sidePage);
        side_[s]->setObjectName(s == 0 ? "sideViewA" : "sideViewB");
        sideLayout->addWidget(sideLabel_[s], 0, s);
        sideLayout->addWidget(side_[s], 1, s);
        sideLayout->setColumnStretch(s, 1);
    }
    sideLayout->setRowStretch(1, 1);
    stack_->addWidget(view_);
    stack_->addWidget(flickerView_);
    stack_->addWidget(swipe_);
    stack_->addWidget(sidePage);
    // The hover line follows the shared hover: these views', the studio's and the modes grid's.
    for (ImageView* v : {view_, flickerView_, side_[0], side_[1]}) connect(v, &ImageView::hovered, sync, &ViewSync::setHover);
    connect(swipe_, &SwipeView::hovered, sync, &ViewSync::setHover);
    connect(sync, &ViewSync::hoverChanged, this, [this, sync] { onHover(sync->hover()); });
    layout->addWidget(stack_, 1);

    legend_ = new ColorLegend(this);
    layout->addWidget(legend_);
    statsLabel_ = new QLabel(this);
    statsLabel_->setObjectName("compareStats");
    statsLabel_->setWordWrap(true);
    statsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(statsLabel_, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == "max") jumpToMax();
    });
    layout->addWidget(statsLabel_);
    hoverLabel_ = new QLabel(this);
    hoverLabel_->setObjectName("compareHover");
    hoverLabel_->setStyleSheet("color: #555");
    hoverLabel_->setWordWrap(true);
    hoverLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(hoverLabel_);
}

QString CompareWindow::hoverText() const { return hoverLabel_->text(); }

ViewSync* CompareWindow::viewSync() const { return studio_.viewSync(); }

int CompareWindow::channel() const { return channelSpin_->value(); }
void CompareWindow::setChannel(int c) { channelSpin_->setValue(c); }

void CompareWindow::setExportAction(QAction* action) { exportButton_->setDefaultAction(action); }

void CompareWindow::fit() {
    const QWidget* shown = stack_->currentWidget();
    QSize size = shown->size();
    if (mode_ == CompareView::SideBySide) size = side_[0]->size();
    studio_.viewSync()->fit(size);
}

void CompareWindow::setCompareView(CompareView v) {
    mode_ = v;
    const int i = static_cast<int>(v);
    viewCombo_->setCurrentIndex(i);
    stack_->setCurrentIndex(i);
    if (v != CompareView::Flicker) setFlickerTimer(false);
    updateView();
}

void CompareWindow::toggleFlicker() {
    showingB_ = !showingB_;
    if (mode_ == CompareView::Flicker) updateView();
}

void CompareWindow::setFlickerTimer(bool on, int ms) {
    {
        const QSignalBlocker block(timerCheck_);
        timerCheck_->setChecked(on);
    }
    if (on) {
        timerSpin_->setValue(ms);
        flickerTimer_->start(ms);
        if (mode_ != CompareView::Flicker) setCompareView(CompareView::Flicker);
    } else {
        flickerTimer_->stop();
    }
}

void CompareWindow::setExposure(double stops) { exposureSpin_->setValue(stops); }
void CompareWindow::setLogScale(bool on) { logCheck_->setChecked(on); }
void CompareWindow::setThreshold(double t) { thresholdSpin_->setValue(t); }

void CompareWindow::rebuildPickers() {
    const QSignalBlocker a(pick_[0]), b(pick_[1]);
    for (int side = 0; side < 2; ++side) {
        QComboBox* c = pick_[side];
        c->clear();
        c->addItem(tr("Current result"), "current");
        for (const ModeVariant& v : batch_->variants()) c->addItem(v.label(), v.key());
        for (auto it = files_.begin(); it != files_.end(); ++it) c->addItem(sourceLabel(it.key()), it.key());
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

void CompareWindow::setTensor(int side, const Tensor& t, const QString& name) {
    files_["tensor:" + name] = t;
    source_[side == 0 ? 0 : 1] = "tensor:" + name;
    refresh();
}

void CompareWindow::setB(const Tensor& t, const QString& name) {
    setTensor(1, t, name);
    show();
    raise();
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
    if (source.startsWith("tensor:")) return source.mid(7);
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
    if (files_.contains(source)) return files_.value(source);
    const int i = batch_->indexOfKey(source);
    if (i < 0) {
        *why = tr("No result '%1' for this input.").arg(source);
        return std::nullopt;
    }
    const auto& o = batch_->outcomes()[static_cast<std::size_t>(i)];
    if (!o) *why = tr("Computing %1\u2026").arg(batch_->variants()[static_cast<std::size_t>(i)].label());
    else if (o->ok && batch_->previewStep(static_cast<std::size_t>(i)) > 1)
        *why = tr("Computing %1 at full size\u2026").arg(batch_->variants()[static_cast<std::size_t>(i)].label());
    else if (!o->ok) *why = tr("%1 failed: %2").arg(batch_->variants()[static_cast<std::size_t>(i)].label(), o->error);
    else return o->output;
    return std::nullopt;
}

void CompareWindow::refresh() {
    rebuildPickers();
    // While the modes batch streams, only A and B are held whole (or why they cannot be), and only
    // while the window is open.
    QString why = isVisible() ? batch_->keepFull({batch_->indexOfKey(source_[0]), batch_->indexOfKey(source_[1])})
                              : batch_->keepFull({});
    const auto a = why.isEmpty() ? tensorFor(source_[0], &why) : std::nullopt;
    const auto b = a ? tensorFor(source_[1], &why) : std::nullopt;
    if (!a || !b) {
        a_ = b_ = bOnA_ = diff_ = Tensor();
        stats_.reset();
        range_.reset();
        message_ = why;
    } else if (a->raw() != a_.raw() || b->raw() != b_.raw() || !stats_) {
        a_ = *a;
        b_ = *b;
        alignNote_.clear();
        try {
            // Different spatial sizes: B is read on A's grid by source position.
            bOnA_ = alignBySourcePosition(b_, a_.shape());
            if (b_.shape() != a_.shape())
                alignNote_ = tr("B %1 is read on A's %2 grid by source position.")
                                 .arg(qs(formatShape(b_.shape())), qs(formatShape(a_.shape())));
            diff_ = signedDifference(a_, bOnA_);
            stats_ = diffStats(a_, bOnA_, studio_.input() ? psnrPeak(studio_.input()->tensor, studio_.input()->bitDepth)
                                                           : PsnrPeak{});
            const ValueStats va = tensorStats(a_), vb = tensorStats(bOnA_);
            double magnitude = 0;
            for (double v : {va.min, va.max, vb.min, vb.max})
                if (std::isfinite(v)) magnitude = std::max(magnitude, std::fabs(v));
            range_ = differenceRange(stats_->maxAbs, magnitude, diff_.dtype());
            message_.clear();
        } catch (const Error& e) {
            bOnA_ = diff_ = Tensor();
            stats_.reset();
            range_.reset();
            message_ = qs(e.what()) + tr(". A and B must have the same batch and channels: pick a result of the same "
                                         "input, or a .npy saved from F.interpolate on it.");
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
                  std::isinf(s.psnr) ? tr("\u221e (identical)") : tr("%1 dB (peak %2, %3)").arg(QString::number(s.psnr, 'f', 2), num(s.peak), qs(s.peakRule)));
    t += tr("   %1 of %2 values differ").arg(s.differing).arg(s.count);
    if (s.nonFiniteMismatch > 0) t += tr(", %1 of them NaN/Inf on one side only").arg(s.nonFiniteMismatch);
    if (range_ && range_->withinPrecision && s.maxAbs > 0) t += "   (" + qs(range_->note) + ")";
    if (!alignNote_.isEmpty()) t += "   " + alignNote_;
    return t;
}

DisplayMapping CompareWindow::differenceMapping() const {
    const double base = range_ ? range_->limit : 1.0;
    const double limit = base / std::exp2(exposureSpin_->value());
    DisplayMapping m(-limit, limit, ColorMap::Diverging);
    double dead = thresholdSpin_->value();
    if (range_ && range_->withinPrecision) dead = std::max(dead, range_->floor);
    m.setDeadZone(dead);
    if (logCheck_->isChecked()) m.setLogScale(limit / 1000);
    return m;
}

DisplayMapping CompareWindow::valueMapping() const {
    if (studio_.input()) return studio_.currentMapping();
    const PlaneView a(a_, selection()), b(bOnA_, selection());
    auto r = DisplayMapping::finiteRange(a);
    if (const auto rb = DisplayMapping::finiteRange(b))
        r = r ? std::make_pair(std::min(r->first, rb->first), std::max(r->second, rb->second)) : rb;
    return r ? DisplayMapping(r->first, r->second, ColorMap::Grey) : DisplayMapping();
}

SliceSelection CompareWindow::selection() const {
    SliceSelection sel = studio_.input() ? studio_.shownSlice() : SliceSelection();
    sel.batch = batchSpin_->value();
    sel.depth = depthSpin_->value();
    // The spin's channel, also when A and B show as RGB: the difference shows that channel.
    sel.channel = channelSpin_->value();
    if (a_.rank() < 4 || a_.dim(1) < 3) sel.rgb = false;
    return sel;
}

QSizeF CompareWindow::ratioOf(const PlaneView& p) const {
    const PlaneView source = studio_.originalPlane();
    if (!source.valid() || !p.valid()) {
        // No input: A's grid is the source.
        const PlaneView a(a_, p.selection());
        if (!a.valid() || !p.valid()) return {1, 1};
        return {static_cast<double>(p.width()) / a.width(), static_cast<double>(p.height()) / a.height()};
    }
    return {static_cast<double>(p.width()) / source.width(), static_cast<double>(p.height()) / source.height()};
}

void CompareWindow::updateTitle() {
    QString t = tr("A/B Compare");
    if (!a_.empty()) {
        switch (mode_) {
        case CompareView::Difference: t += tr(" \u2014 difference A \u2212 B"); break;
        case CompareView::Flicker:
            t += showingB_ ? tr(" \u2014 flicker: showing B (%1)").arg(sourceLabel(source_[1]))
                           : tr(" \u2014 flicker: showing A (%1)").arg(sourceLabel(source_[0]));
            break;
        case CompareView::Swipe: t += tr(" \u2014 swipe: A left, B right"); break;
        case CompareView::SideBySide: t += tr(" \u2014 A | B side by side"); break;
        }
    }
    setWindowTitle(t + tr(" \u2014 Upsample Studio"));
    if (mode_ == CompareView::Flicker && !a_.empty())
        shownLabel_->setText(showingB_ ? tr("Showing B: %1").arg(sourceLabel(source_[1]))
                                       : tr("Showing A: %1").arg(sourceLabel(source_[0])));
    else if (mode_ == CompareView::Swipe && !a_.empty())
        shownLabel_->setText(tr("A: %1  \u2502  B: %2").arg(sourceLabel(source_[0]), sourceLabel(source_[1])));
    else
        shownLabel_->setText(a_.empty() ? QString() : shownTitle());
}

void CompareWindow::updateView() {
    const bool has = stats_.has_value() && !diff_.empty();
    differenceControls_->setVisible(mode_ == CompareView::Difference);
    flickerControls_->setVisible(mode_ == CompareView::Flicker);
    updateTitle();
    if (has) {
        QString html = statsText().toHtmlEscaped();
        if (stats_->argMaxAbs >= 0 && stats_->maxAbs > 0) {
            const QString at = tr(" at %1").arg(indexText(stats_->argMaxAbs, diff_.shape())).toHtmlEscaped();
            html.replace(at, " at <a href=\"max\">" + at.mid(4) + "</a>");
        }
        statsLabel_->setText(html);
    } else {
        statsLabel_->setText(QString());
    }
    statsLabel_->setStyleSheet(has ? QString() : QString("color: #c0392b"));
    if (!has) {
        for (ImageView* v : {view_, flickerView_, side_[0], side_[1]}) v->clear(message_);
        swipe_->clear();
        legend_->setVisible(false);
        return;
    }
    const int rank = diff_.rank();
    updating_ = true;
    batchSpin_->setRange(0, static_cast<int>(diff_.dim(0) - 1));
    channelSpin_->setRange(0, static_cast<int>(diff_.dim(1) - 1));
    // (N, C, L) shows every channel as a row; RGB values show all three (the difference one).
    channelSpin_->setEnabled(rank >= 4 && (mode_ == CompareView::Difference || !selection().rgb));
    depthSpin_->setRange(0, rank == 5 ? static_cast<int>(diff_.dim(2) - 1) : 0);
    depthSpin_->setVisible(rank == 5);
    depthLabel_->setVisible(rank == 5);
    updating_ = false;
    SliceSelection one = selection();
    one.rgb = false;
    const PlaneView plane(diff_, one);
    const SliceSelection sel = selection();
    const PlaneView pa(a_, sel), pb(b_, sel);
    const DisplayMapping values = valueMapping();
    switch (mode_) {
    case CompareView::Difference: {
        const DisplayMapping mapping = differenceMapping();
        view_->setPlane(plane, mapping, ratioOf(plane));
        legend_->setMapping(mapping, diff_.dtype(), tr("A \u2212 B"));
        break;
    }
    case CompareView::Flicker:
        flickerView_->setPlane(showingB_ ? pb : pa, values, ratioOf(showingB_ ? pb : pa));
        legend_->setMapping(values, a_.dtype(), tr("value"));
        break;
    case CompareView::Swipe:
        swipe_->setPlanes(pa, ratioOf(pa), pb, ratioOf(pb), values);
        legend_->setMapping(values, a_.dtype(), tr("value"));
        break;
    case CompareView::SideBySide:
        side_[0]->setPlane(pa, values, ratioOf(pa));
        side_[1]->setPlane(pb, values, ratioOf(pb));
        sideLabel_[0]->setText(tr("<b>A</b> %1 %2").arg(sourceLabel(source_[0]).toHtmlEscaped(), qs(formatShape(a_.shape()))));
        sideLabel_[1]->setText(tr("<b>B</b> %1 %2").arg(sourceLabel(source_[1]).toHtmlEscaped(), qs(formatShape(b_.shape()))));
        legend_->setMapping(values, a_.dtype(), tr("value"));
        break;
    }
    legend_->setVisible(true);
    onHover(studio_.viewSync()->hover());  // the values under the pointer may have changed
}

}  // namespace studio
