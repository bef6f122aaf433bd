#include "tools/LibrariesWindow.hpp"
#include "views/WidgetHelpers.hpp"

#include "views/ImageView.hpp"
#include "session/StudioContext.hpp"
#include "views/ValueFormat.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include "upsample/error.hpp"
#include "upsample/inspect.hpp"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }
QString num(double v) { return QString::number(v, 'g', 6); }

QString indexText(const std::vector<int64_t>& at) {
    QStringList parts;
    for (int64_t i : at) parts << QString::number(i);
    return "[" + parts.join(", ") + "]";
}

// A pixel's values, "(r, g, b)" for several channels.
QString valuesAt(const PlaneView& p, int x, int y) {
    QStringList v;
    for (int k = 0; k < p.channels(); ++k) v << formatValue(p.value(x, y, k), p.dtype());
    return v.size() == 1 ? v.front() : "(" + v.join(", ") + ")";
}

QString verdictColor(Verdict v) {
    switch (v) {
    case Verdict::Identical: return "#1e8449";
    case Verdict::Differs: return "#c0392b";
    case Verdict::NoEquivalent: return "#7f8c8d";
    }
    return "#000";
}

// The slice of a library's output to show: the display's slice, and for volumes the output
// depth nearest to the source depth shown (by PyTorch's mapping: the outputs share its shape).
SliceSelection outputSlice(const StudioContext& studio, const Tensor& output) {
    SliceSelection s = studio.shownSlice();
    if (output.rank() == 5 && studio.input()) {
        try {
            const ResolvedSpec r = resolve(studio.spec(), studio.input()->tensor.shape());
            s.depth = static_cast<int>(outputIndexNearestSource(r, 0, s.depth));
        } catch (const Error&) {
        }
    }
    return s;
}

// The slice of a row's output (a preview when step > 1: the kept depth at or below the one shown).
SliceSelection rowSlice(const StudioContext& studio, const Tensor& output, int64_t step) {
    SliceSelection s = outputSlice(studio, output);
    if (output.rank() == 5 && step > 1) s.depth = static_cast<int>(s.depth / step);
    return s;
}

// The same precision rule as the views' Auto range: differences within a few ulps of the values'
// magnitude are float rounding and draw as zero.
DifferenceRange differenceRangeOf(const std::optional<DiffStats>& s, const PlaneView& values) {
    const auto r = DisplayMapping::finiteRange(values);
    const double magnitude = r ? std::max(std::fabs(r->first), std::fabs(r->second)) : 0.0;
    return differenceRange(s && std::isfinite(s->maxAbs) ? s->maxAbs : 0.0, magnitude, values.dtype());
}

DisplayMapping differenceMapping(const DifferenceRange& r) {
    DisplayMapping m(-r.limit, r.limit, ColorMap::Diverging);
    if (r.withinPrecision) m.setDeadZone(r.floor);
    return m;
}
}  // namespace

LibrariesWindow::LibrariesWindow(StudioContext& studio)
    : QWidget(studio.widget(), Qt::Window), studio_(studio), sync_(new ViewSync(this)) {
    const ToolWindowTop top =
        setUpToolWindow(this, "librariesWindow", tr("Libraries \u2014 Upsample Studio"), [this] { fit(); });
    header_ = top.header;
    QVBoxLayout* layout = top.layout;
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);
    grid_ = new QGridLayout;
    grid_->setHorizontalSpacing(10);
    grid_->setVerticalSpacing(6);
    grid_->setColumnStretch(0, 0);
    grid_->setColumnStretch(1, 1);
    grid_->setColumnStretch(2, 1);
    layout->addLayout(grid_, 1);
    probeLabel_ = new QLabel(this);
    probeLabel_->setObjectName("librariesProbe");
    probeLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    probeLabel_->setTextFormat(Qt::RichText);
    layout->addWidget(probeLabel_);
}

LibrariesWindow::~LibrariesWindow() {
    ++generation_;
    pool_.waitForDone();
}

LibrariesWindow::Outcome LibrariesWindow::compute(const Tensor& input, int bitDepth, const Spec& spec,
                                                  uint64_t previewBytes, quint64 generation) const {
    Outcome o;
    o.generation = generation;
    try {
        const auto superseded = [this, generation] { return generation_ != generation; };
        o.rows = computeLibraryRows(input, bitDepth, spec, previewBytes, superseded);
    } catch (const std::exception& e) {
        o.rows.clear();
        o.error = qs(std::string(e.what()));
    }
    return o;
}

void LibrariesWindow::refresh() {
    const auto& input = studio_.input();
    if (!input) {
        ++generation_;
        input_ = Tensor();
        call_.clear();
        rows_.clear();
        streaming_.clear();
        message_ = tr("Open an input to see it through each library.");
        rebuild();
        return;
    }
    const Spec spec = studio_.spec();
    const QString call = qs(toPythonCall(spec));
    if (input->tensor.raw() != input_.raw() || call != call_) {
        const quint64 g = ++generation_;
        input_ = input->tensor;
        call_ = call;
        rows_.clear();
        probe_.reset();
        // Whole, streamed into previews, or refused before computing (LibraryRows.hpp).
        const LibraryPlan plan = planLibraries(spec, input_, studio_.maxResultBytes());
        streaming_ = plan.streaming;
        message_ = plan.refusal;
        if (!message_.isEmpty()) {
            rebuild();
            return;
        }
        message_ = tr("Computing each library's closest call\u2026");
        ++pending_;
        pool_.start([this, g, in = input_, bits = input->bitDepth, spec, previews = plan.previewBytes] {
            Outcome o = generation_ == g ? compute(in, bits, spec, previews, g) : Outcome{g, {}, {}};
            QMetaObject::invokeMethod(this, [this, o = std::move(o)] { deliver(o); }, Qt::QueuedConnection);
        });
        rebuild();
        return;
    }
    updateTiles();  // the slice or the colours may have changed
}

void LibrariesWindow::deliver(const Outcome& o) {
    --pending_;
    if (o.generation != generation_) return;
    rows_ = o.rows;
    message_ = o.error.isEmpty() ? streaming_ : o.error;
    rebuild();
}

void LibrariesWindow::waitForIdle() {
    while (pending_ > 0) {
        pool_.waitForDone(20);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
}

// The window's heading: the input, the call, how to read the rows, and the message if any.
QString LibrariesWindow::headerText() const {
    const auto& input = studio_.input();
    QString head;
    if (input)
        head = tr("<b>%1</b> %2 through <code>%3</code> and each library's closest call.")
                   .arg(input->displayName.toHtmlEscaped(), qs(formatShape(input->tensor.shape())), call_.toHtmlEscaped());
    head += tr("<br><span style='color:#666'>Each row: the library's result, and its signed difference to PyTorch "
               "(blue below, red above, white equal; scaled to the row's max |diff|). Click a pixel of any tile to "
               "compare every library's value there. The views zoom and pan together.</span>");
    if (!message_.isEmpty())
        head += "<br><span style='color:" + QString(rows_.empty() && !busy() && input ? "#c0392b" : "#666") + "'>" +
                message_.toHtmlEscaped() + "</span>";
    return head;
}

// A row's text: the library, its verdict, its call and its statistics against PyTorch.
QString LibrariesWindow::rowHtml(const LibraryRow& r) const {
    const LibraryCall& c = r.call;
    const QString lib = qs(libraryDisplayName(c.library));
    QString html = QString("<b style='font-size:large'>%1</b>&nbsp;&nbsp;<b style='color:%2'>%3</b>")
                       .arg(lib, verdictColor(c.verdict), qs(verdictName(c.verdict)));
    if (c.library == Library::PyTorch) html += tr(" <span style='color:#666'>(the reference)</span>");
    else if (!c.code.empty()) html += tr(" <span style='color:#8a5a00'>emulated</span>");
    if (!c.code.empty()) html += "<br><code>" + qs(c.code).toHtmlEscaped() + "</code>";
    html += measuredHtml(c, r.real);
    if (c.library != Library::PyTorch && c.verdict != Verdict::NoEquivalent) {
        if (r.stats) {
            const DiffStats& s = *r.stats;
            html += tr("<br>max |diff| = <b>%1</b>").arg(num(s.maxAbs));
            if (c.maxAbsDiff && *c.maxAbsDiff > 0) html += tr(" at %1").arg(indexText(c.maxAbsDiffAt));
            html += tr("<br>mean |diff| = %1 &nbsp; PSNR = %2")
                        .arg(num(s.meanAbs), std::isinf(s.psnr) ? tr("\u221e") : tr("%1 dB").arg(QString::number(s.psnr, 'f', 2)));
            html += tr("<br>%1 of %2 values differ").arg(c.differing).arg(c.compared);
        } else {
            html += tr("<br>output %1, PyTorch's %2: no element-wise difference")
                        .arg(qs(formatShape(c.shape)), qs(formatShape(rows_.front().call.shape)));
        }
    }
    html += emulatedHtml(c);
    if (!c.note.empty()) html += "<br><span style='color:#555'>" + qs(c.note).toHtmlEscaped() + "</span>";
    return html;
}

// The row's first column: its text and, when the library has code, the "Copy as code" button.
void LibrariesWindow::addInfoCell(int row, const LibraryRow& r, RowWidgets& w) {
    const LibraryCall& c = r.call;
    const QString key = qs(libraryName(c.library));
    auto* info = new QWidget(this);
    info->setObjectName("libraryInfo:" + key);
    info->setFixedWidth(420);
    auto* v = new QVBoxLayout(info);
    v->setContentsMargins(0, 0, 0, 0);
    w.info = new QLabel(info);
    w.info->setWordWrap(true);
    w.info->setTextFormat(Qt::RichText);
    w.info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    w.info->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    v->addWidget(w.info);
    if (!c.code.empty()) {
        w.copy = new QPushButton(tr("Copy as code"), info);
        w.copy->setObjectName("copy:" + key);
        w.copy->setToolTip(qs(c.code));
        connect(w.copy, &QPushButton::clicked, this, [this, row] { copyCode(row); });
        auto* h = new QHBoxLayout;
        h->addWidget(w.copy);
        h->addStretch(1);
        v->addLayout(h);
    }
    v->addStretch(1);
    grid_->addWidget(info, row, 0);
    owned_.push_back(info);
    w.info->setText(rowHtml(r));
}

// The row's tiles: its result and its difference to PyTorch, or a note saying why there are none.
void LibrariesWindow::addTiles(int row, const LibraryRow& r, RowWidgets& w) {
    const LibraryCall& c = r.call;
    const QString lib = qs(libraryDisplayName(c.library));
    const QString key = qs(libraryName(c.library));
    if (c.verdict == Verdict::NoEquivalent || !c.output) {
        w.note = new QLabel(this);
        w.note->setObjectName("libraryNote:" + key);
        w.note->setWordWrap(true);
        w.note->setAlignment(Qt::AlignCenter);
        w.note->setStyleSheet("color:#7f8c8d; font-size:large; border:1px dashed #bbb");
        w.note->setText(c.note.empty() ? tr("No equivalent call.") : qs(c.note));
        grid_->addWidget(w.note, row, 1, 1, 2);
        owned_.push_back(w.note);
    } else {
        const auto clicked = [this](ViewPane* p, QPointF s) { onTileClicked(p, s); };
        w.result = makeSyncedTile(lib, "result:" + key, sync_, this, clicked);
        w.difference = makeSyncedTile(lib + tr(" \u2212 PyTorch"), "difference:" + key, sync_, this, clicked);
        owned_.push_back(w.result);
        owned_.push_back(w.difference);
        grid_->addWidget(w.result, row, 1);
        grid_->addWidget(w.difference, row, 2);
    }
}

void LibrariesWindow::rebuild() {
    for (QWidget* w : owned_) delete w;
    owned_.clear();
    widgets_.clear();
    header_->setText(headerText());
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const int row = static_cast<int>(i);
        RowWidgets w;
        addInfoCell(row, rows_[i], w);
        addTiles(row, rows_[i], w);
        grid_->setRowStretch(row, 1);
        widgets_.push_back(w);
    }
    fitPending_ = true;
    updateTiles();
}

void LibrariesWindow::updateTiles() {
    const auto& input = studio_.input();
    if (!input) {
        updateProbe();
        return;
    }
    const PlaneView in(input->tensor, studio_.shownSlice());
    const QSizeF source(in.width(), in.height());
    if (sync_->sourceSize() != source) {
        sync_->setSourceSize(source);
        fitPending_ = true;
    }
    const DisplayMapping mapping = studio_.originalView()->mapping();
    for (std::size_t i = 0; i < rows_.size() && i < widgets_.size(); ++i) {
        const LibraryRow& r = rows_[i];
        const RowWidgets& w = widgets_[i];
        if (!w.result || !r.call.output) continue;
        const PlaneView plane(*r.call.output, rowSlice(studio_, *r.call.output, r.step));
        const QSizeF ratio(in.width() > 0 ? static_cast<double>(plane.width()) / in.width() : 1.0,
                           in.height() > 0 ? static_cast<double>(plane.height()) / in.height() : 1.0);
        w.result->view()->setPlane(plane, mapping, ratio);
        const QString preview = r.step > 1 ? tr(" \u00b7 preview 1:%1").arg(r.step) : QString();
        w.result->setCaption(qs(formatShape(r.call.shape)) + preview);
        if (r.call.library == Library::PyTorch) {
            w.difference->view()->clear(tr("PyTorch is the reference"));
            w.difference->setCaption(QString());
        } else if (r.difference) {
            // One channel: the diverging map is for single values (an RGB slice shows its first).
            SliceSelection sel = plane.selection();
            if (sel.rgb) sel.channel = sel.rgbChannels[0];
            sel.rgb = false;
            const PlaneView d(*r.difference, sel);
            const DifferenceRange range = differenceRangeOf(r.stats, plane);
            w.difference->view()->setPlane(d, differenceMapping(range), ratio);
            QString caption = range.withinPrecision ? qs(range.note) : tr("\u00b1%1").arg(num(range.limit));
            if (r.difference->rank() >= 4) caption += tr(" \u00b7 channel %1").arg(d.selection().channel);
            caption += preview;
            w.difference->setCaption(caption);
        } else {
            w.difference->view()->clear(tr("Another shape than PyTorch's: no difference"));
            w.difference->setCaption(QString());
        }
    }
    if (fitPending_ && isVisible()) QTimer::singleShot(0, this, &LibrariesWindow::fit);
    updateProbe();
}

void LibrariesWindow::fit() {
    for (const RowWidgets& w : widgets_)
        if (w.result) {
            fitPending_ = false;
            sync_->fit(w.result->view()->size());
            return;
        }
}

void LibrariesWindow::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (fitPending_) QTimer::singleShot(0, this, &LibrariesWindow::fit);
}

QString LibrariesWindow::rowText(int row) const {
    if (row < 0 || row >= static_cast<int>(widgets_.size()) || !widgets_[static_cast<std::size_t>(row)].info) return {};
    QString html = widgets_[static_cast<std::size_t>(row)].info->text();
    html.replace("<br>", "\n");
    html.remove(QRegularExpression("<[^>]*>"));
    html.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"")
        .replace("&#39;", "'");
    return html;
}

ViewPane* LibrariesWindow::resultTile(int row) const {
    return row >= 0 && row < static_cast<int>(widgets_.size()) ? widgets_[static_cast<std::size_t>(row)].result : nullptr;
}
ViewPane* LibrariesWindow::differenceTile(int row) const {
    return row >= 0 && row < static_cast<int>(widgets_.size()) ? widgets_[static_cast<std::size_t>(row)].difference
                                                               : nullptr;
}
QPushButton* LibrariesWindow::copyButton(int row) const {
    return row >= 0 && row < static_cast<int>(widgets_.size()) ? widgets_[static_cast<std::size_t>(row)].copy : nullptr;
}

void LibrariesWindow::copyCode(int row) {
    if (row < 0 || row >= rowCount()) return;
    const LibraryCall& c = rows_[static_cast<std::size_t>(row)].call;
    if (c.code.empty()) return;
    QApplication::clipboard()->setText(qs(c.code));
}

void LibrariesWindow::onTileClicked(ViewPane* pane, QPointF sourcePoint) {
    const auto pix = pane->view()->pixelAt(sourcePoint);
    if (!pix) return;
    int64_t step = 1;  // a preview's pixel i is the output's pixel step·i
    for (std::size_t i = 0; i < widgets_.size() && i < rows_.size(); ++i)
        if (widgets_[i].result == pane || widgets_[i].difference == pane) step = rows_[i].step;
    probe(QPoint(static_cast<int>(pix->x() * step), static_cast<int>(pix->y() * step)));
}

void LibrariesWindow::probe(QPoint outputPixel) {
    probe_ = outputPixel;
    updateProbe();
}

// One library's line of the probe at output pixel (x, y) of the slice `at` of PyTorch's output.
QString LibrariesWindow::probeLine(const LibraryRow& r, const SliceSelection& at, int x, int y) const {
    const QString lib = qs(libraryDisplayName(r.call.library));
    if (!r.call.output) return tr("%1: no equivalent").arg(lib);
    if (!r.difference) return tr("%1: output %2, another shape").arg(lib, qs(formatShape(r.call.shape)));
    SliceSelection sel = at;
    const int64_t k = r.step;
    const bool depthKept = r.call.output->rank() < 5 || sel.depth % k == 0;
    if (x % k != 0 || y % k != 0 || !depthKept)
        return tr("%1: not held at this pixel (its preview 1:%2 keeps the samples whose indices are multiples of %2)")
            .arg(lib)
            .arg(k);
    if (r.call.output->rank() == 5) sel.depth = static_cast<int>(sel.depth / k);
    const PlaneView p(*r.call.output, sel), d(*r.difference, sel);
    const int px = static_cast<int>(x / k), py = static_cast<int>(y / k);
    QString line = tr("%1 = <b>%2</b> (\u2212 PyTorch = %3)").arg(lib, valuesAt(p, px, py), valuesAt(d, px, py));
    if (input_.rank() == 4) {
        const auto taps = libraryPixelTaps(r.call, input_.dim(2), input_.dim(3), y, x);
        if (!taps.empty()) line += tr(" reads ") + tapsText(taps).toHtmlEscaped();
    }
    return line;
}

QString LibrariesWindow::probeText() const {
    QString t = probeLabel_->text();
    t.replace("<br>", "\n");
    t.remove(QRegularExpression("<[^>]*>"));
    return t.replace("&nbsp;", " ").replace("&amp;", "&");
}

// "H 1·0.75 + 2·0.25, W 3·1": the inputs one output pixel reads, per axis.
QString LibrariesWindow::tapsText(const std::vector<LibraryAxisTaps>& taps) {
    QStringList axes;
    for (const auto& a : taps) {
        QStringList terms;
        for (std::size_t j = 0; j < a.index.size(); ++j)
            terms << QString("%1\u00b7%2").arg(a.index[j]).arg(a.weight[j], 0, 'g', 5);
        axes << qs(a.axis) + " " + terms.join(" + ");
    }
    return axes.join(", ");
}

void LibrariesWindow::updateProbe() {
    if (!probe_ || rows_.empty() || !rows_.front().call.output) {
        probeLabel_->setText(rows_.empty() ? QString()
                                           : tr("<span style='color:#666'>Click a pixel of any tile to compare the "
                                                "libraries' values at that output pixel.</span>"));
        return;
    }
    const Tensor& reference = *rows_.front().call.output;
    const PlaneView ref(reference, outputSlice(studio_, reference));
    const int x = probe_->x(), y = probe_->y();
    if (x < 0 || y < 0 || x >= ref.width() || y >= ref.height()) {
        probeLabel_->setText(tr("Output pixel (%1, %2) is outside PyTorch's output.").arg(x).arg(y));
        return;
    }
    QStringList parts;
    parts << tr("<b>At output %1</b>: PyTorch = <b>%2</b>").arg(ref.indexText(x, y).toHtmlEscaped(), valuesAt(ref, x, y));
    for (std::size_t i = 1; i < rows_.size(); ++i) parts << probeLine(rows_[i], ref.selection(), x, y);
    probeLabel_->setText(parts.join("<br>") +
                         tr("<br><span style='color:#666'>Values at the same output pixel under each library's own "
                            "convention, with the inputs it reads there (index\u00b7weight per axis, from the core); "
                            "the pixel inspector shows PyTorch's taps.</span>"));
}

}  // namespace studio
