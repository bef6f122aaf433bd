#include "docks/ExplainDock.hpp"

#include "docks/SpecDock.hpp"
#include "session/SpecState.hpp"

#include "upsample/error.hpp"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace studio {

using namespace upsample;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString esc(const std::string& s) { return qs(s).toHtmlEscaped(); }
QString pre(const std::string& s) { return "<pre style='margin: 2px 0 8px 0'>" + esc(s) + "</pre>"; }
constexpr const char* kGrey = "#5a5a5a";
constexpr const char* kErrorRed = "#b00020";
}  // namespace

ExplainDock::ExplainDock(SpecDock* specDock, QWidget* parent) : QDockWidget(tr("Explain"), parent), specDock_(specDock) {
    setObjectName("ExplainDock");
    buildUi();
    connect(specDock_, &SpecDock::specChanged, this, &ExplainDock::onSpecChanged);
    shapeEdit_->setText(qs(formatShape(loadedShape_)));
    followSpec();
}

void ExplainDock::buildUi() {
    auto* w = new QWidget(this);
    auto* layout = new QVBoxLayout(w);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    shapeEdit_ = new QLineEdit(w);
    shapeEdit_->setObjectName("explainShape");
    shapeEdit_->setFont(mono);
    shapeEdit_->setToolTip(tr("The input tensor's shape, e.g. (1, 3, 256, 256); starts as the loaded tensor's"));
    auto* loaded = new QToolButton(w);
    loaded->setText(tr("Loaded"));
    loaded->setToolTip(tr("Back to the loaded tensor's shape"));
    auto* shapeRow = new QHBoxLayout;
    shapeRow->addWidget(shapeEdit_, 1);
    shapeRow->addWidget(loaded);
    form->addRow(tr("Input shape"), shapeRow);

    callEdit_ = new QLineEdit(w);
    callEdit_->setObjectName("explainCall");
    callEdit_->setFont(mono);
    callEdit_->setClearButtonEnabled(true);
    callEdit_->setPlaceholderText("nn.Upsample(scale_factor=2, mode='bilinear')");
    callEdit_->setToolTip(tr("A call as written in Python: nn.Upsample(...), nn.UpsamplingNearest2d(...), "
                             "nn.UpsamplingBilinear2d(...), F.interpolate(x, ...), F.upsample(x, ...).\n"
                             "Enter applies it to the Spec dock."));
    applyButton_ = new QPushButton(tr("Apply"), w);
    applyButton_->setToolTip(tr("Set the Spec dock to this call (Enter in the call field)"));
    auto* callRow = new QHBoxLayout;
    callRow->addWidget(callEdit_, 1);
    callRow->addWidget(applyButton_);
    form->addRow(tr("Call"), callRow);
    layout->addLayout(form);

    statusLabel_ = new QLabel(w);
    statusLabel_->setObjectName("explainStatus");
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(statusLabel_);

    browser_ = new QTextBrowser(w);
    browser_->setObjectName("explanation");
    browser_->setOpenLinks(false);
    layout->addWidget(browser_, 1);
    setWidget(w);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(200);
    connect(debounce_, &QTimer::timeout, this, &ExplainDock::explainNow);
    connect(callEdit_, &QLineEdit::textEdited, this, [this] {
        dirty_ = true;
        setStatus(tr("Enter applies this call to the Spec dock"), false);
        debounce_->start();
    });
    connect(shapeEdit_, &QLineEdit::textEdited, debounce_, qOverload<>(&QTimer::start));
    connect(shapeEdit_, &QLineEdit::returnPressed, this, &ExplainDock::explainNow);
    connect(loaded, &QToolButton::clicked, this, [this] { setShapeText(qs(formatShape(loadedShape_))); });
    connect(callEdit_, &QLineEdit::returnPressed, this, &ExplainDock::applyCall);
    connect(applyButton_, &QPushButton::clicked, this, &ExplainDock::applyCall);
}

void ExplainDock::setInputShape(const Shape& shape) {
    loadedShape_ = shape;
    shapeEdit_->setText(qs(formatShape(shape)));
    if (dirty_ && callEdit_->hasFocus()) explainNow();
    else followSpec();
}

void ExplainDock::setShapeText(const QString& text) {
    shapeEdit_->setText(text);
    explainNow();
}

void ExplainDock::setCallText(const QString& text) {
    callEdit_->setText(text);
    dirty_ = true;
    explainNow();
    setStatus(tr("Enter applies this call to the Spec dock"), false);
}

QString ExplainDock::shapeText() const { return shapeEdit_->text(); }
QString ExplainDock::callText() const { return callEdit_->text(); }
QString ExplainDock::statusText() const { return statusLabel_->text(); }
QString ExplainDock::explanationText() const { return browser_->toPlainText(); }

void ExplainDock::setStatus(const QString& text, bool error) {
    statusLabel_->setText(text);
    statusLabel_->setStyleSheet(QString("color: %1").arg(error ? kErrorRed : kGrey));
}

void ExplainDock::explainNow() {
    debounce_->stop();
    const int scroll = browser_->verticalScrollBar()->value();
    shapeError_.clear();
    Shape shape;
    try {
        shape = parseShape(shapeEdit_->text().toStdString());
    } catch (const std::exception& ex) {
        shapeError_ = tr("Input shape: %1").arg(qs(ex.what()));
        explanation_ = Explanation{};
        browser_->setHtml(QString("<p style='color:%1'>%2</p>").arg(kErrorRed, shapeError_.toHtmlEscaped()));
        return;
    }
    explanation_ = explain(shape, callEdit_->text().trimmed().toStdString(), specDock_->spec().semantics());
    browser_->setHtml(explanationHtml(explanation_));
    browser_->verticalScrollBar()->setValue(scroll);
}

bool ExplainDock::applyCall() {
    explainNow();
    dirty_ = false;
    if (!shapeError_.isEmpty()) {
        setStatus(tr("Not applied: %1").arg(shapeError_), true);
        return false;
    }
    const Explanation& e = explanation_;
    if (!e.ok()) {
        // Without a parsed call, Python refused the text (or it is no call at all) before PyTorch ran.
        const QString who = e.call ? tr("PyTorch refuses this call")
                                   : (e.error->type == "ParseError" ? tr("the call cannot be read")
                                                                    : tr("Python refuses this call"));
        setStatus(tr("Not applied: %1 (below); the Spec dock keeps %2").arg(who, qs(toPythonCall(specDock_->spec()))),
                  true);
        return false;
    }
    const int dims = specDock_->spatialDims();
    const int rank = static_cast<int>(e.tensorShape.size());
    if (rank != dims + 2) {
        setStatus(tr("Not applied: the call runs on a %1-D tensor %2, the loaded tensor is %3-D %4")
                      .arg(rank)
                      .arg(qs(formatShape(e.tensorShape)))
                      .arg(dims + 2)
                      .arg(qs(formatShape(loadedShape_))),
                  true);
        return false;
    }
    QString why;
    const auto state = SpecState::fromSpec(e.call->spec, dims, &why);
    if (!state) {
        setStatus(tr("Not applied: %1").arg(why), true);
        return false;
    }
    specDock_->setState(*state);
    setStatus(tr("Applied: the Spec dock runs %1").arg(qs(toPythonCall(specDock_->spec()))), false);
    return true;
}

bool ExplainDock::textMatchesSpec() const {
    const int dims = specDock_->spatialDims();
    try {
        // the text carries no version: the Spec dock's
        const ParsedCall call = parseCall(callEdit_->text().trimmed().toStdString(), specDock_->spec().semantics());
        const auto state = SpecState::fromSpec(call.spec, dims);
        return state && state->toSpec(dims) == specDock_->spec();
    } catch (const Error&) {
        return false;
    }
}

void ExplainDock::onSpecChanged() {
    if (dirty_ && callEdit_->hasFocus()) {
        setStatus(tr("The Spec dock changed to %1; Enter applies the call above instead")
                      .arg(qs(toPythonCall(specDock_->spec()))),
                  false);
        return;
    }
    followSpec();
}

void ExplainDock::followSpec() {
    // A call that already says what the Spec dock runs stays as written (a module call, say).
    if (!textMatchesSpec()) {
        callEdit_->setText(qs(toPythonCall(specDock_->spec())));
        callEdit_->setCursorPosition(0);  // show the start of a call longer than the field
    }
    dirty_ = false;
    explainNow();
    setStatus(tr("Follows the Spec dock; edit the call and press Enter to change the spec"), false);
}

QString ExplainDock::explanationHtml(const Explanation& e) {
    QString h;
    if (e.ok()) {
        h += QString("<p style='font-size: large'><b>Output %1</b></p>").arg(esc(formatShape(e.outputShape())));
    } else {
        const ExplainError& err = *e.error;
        QString line = QString("<b>%1:</b> %2").arg(esc(err.type), esc(err.message));
        if (err.column) line += QString(" <span style='color:%1'>(column %2)</span>").arg(kGrey).arg(*err.column);
        h += QString("<p style='color:%1'>%2</p>").arg(kErrorRed, line);
        if (!err.caret.empty()) h += QString("<pre style='color:%1'>%2</pre>").arg(kErrorRed, esc(err.caret));
        if (!err.hint.empty()) h += "<p><i>Hint:</i> " + esc(err.hint) + "</p>";
        if (!err.pythonText)
            h += QString("<p style='color:%1'>(this message is Upsample Studio's; Python's own wording differs)</p>")
                     .arg(kGrey);
    }
    h += "<p>Input " + esc(formatShape(e.inputShape));
    if (e.tensorShape != e.inputShape) h += "; F.interpolate receives " + esc(formatShape(e.tensorShape));
    if (!e.layout.empty()) h += " read as " + esc(e.layout);
    h += "</p>";
    if (!e.equivalentCall.empty()) h += "<p>Runs <code>" + esc(e.equivalentCall) + "</code></p>";
    for (const DimExplanation& d : e.dims) {
        h += QString("<p><b>%1</b>: %2 \u2192 %3 &nbsp; <span style='color:%4'>size:</span> %5<br>")
                 .arg(esc(d.name))
                 .arg(d.in)
                 .arg(d.out)
                 .arg(kGrey, esc(d.sizeRule));
        h += QString("<span style='color:%1'>kernel scale:</span> %2<br>").arg(kGrey, esc(d.scaleFormula));
        h += QString("<span style='color:%1'>%2</span><br>").arg(kGrey, esc(d.scaleReason));
        h += esc(d.coordinateRule) + "</p>";
    }
    if (!e.notes.empty()) {
        h += "<p><b>Notes</b></p><ul style='margin-left: -20px'>";
        for (const auto& n : e.notes) h += "<li>" + esc(n) + "</li>";
        h += "</ul>";
    }
    if (!e.versions.empty()) {
        h += "<p><b>" + QObject::tr("PyTorch versions").toHtmlEscaped() + "</b> <span style='color:" + QString(kGrey) + "'>(" +
             QObject::tr("explained for %1").arg(esc(std::string(e.semantics->version))) + ")</span></p><ul style='margin-left: -20px'>";
        for (const auto& n : e.versions) h += "<li>" + esc(n) + "</li>";
        h += "</ul>";
    }
    bool anyRows = false;
    for (const DimExplanation& d : e.dims) anyRows = anyRows || !d.rows.empty();
    if (anyRows) {
        h += "<p><b>Per output index</b> <span style='color:" + QString(kGrey) +
             "'>(source coordinate in input pixels; the inputs read, with their weights)</span></p>";
        for (const DimExplanation& d : e.dims) h += "<p style='margin-bottom: 0'>" + esc(d.name) + "</p>" + pre(formatCoordinateTable(d, ""));
    }
    return h;
}

}  // namespace studio
