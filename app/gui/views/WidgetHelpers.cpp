#include "views/WidgetHelpers.hpp"

#include "views/ImageView.hpp"
#include "views/ViewPane.hpp"
#include "views/ViewSync.hpp"

#include <algorithm>

#include <QDockWidget>
#include <QKeySequence>
#include <QFrame>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>
#include <QLabel>
#include <QScreen>
#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>

namespace studio {

namespace {
// A vertical scroll area as wide as its content needs, with room for the scroll bar: the dock
// cannot be made narrower than its controls, so none is cut off at the right or lies under the bar.
class DockScrollArea : public QScrollArea {
public:
    using QScrollArea::QScrollArea;
    QSize minimumSizeHint() const override { return withContentWidth(QScrollArea::minimumSizeHint(), false); }
    QSize sizeHint() const override { return withContentWidth(QScrollArea::sizeHint(), true); }

protected:
    bool eventFilter(QObject* o, QEvent* e) override {
        if (o == widget() && e->type() == QEvent::LayoutRequest) updateGeometry();
        return QScrollArea::eventFilter(o, e);
    }

private:
    QSize withContentWidth(QSize s, bool preferred) const {
        if (!widget()) return s;
        const int content = preferred ? widget()->sizeHint().width() : widget()->minimumSizeHint().width();
        s.setWidth(content + verticalScrollBar()->sizeHint().width() + 2 * frameWidth());
        return s;
    }
};
}  // namespace

void setScrollingWidget(QDockWidget* dock, QWidget* content) {
    auto* scroll = new DockScrollArea(dock);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    content->installEventFilter(scroll);
    dock->setWidget(scroll);
}

QLabel* makeHeaderLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QShortcut* closeOnEscape(QWidget* window) {
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), window);
    esc->setContext(Qt::WindowShortcut);
    esc->setWhatsThis(QObject::tr("Close this window"));
    QObject::connect(esc, &QShortcut::activated, window, &QWidget::close);
    return esc;
}

ToolWindowTop setUpToolWindow(QWidget* window, const QString& objectName, const QString& title,
                              std::function<void()> fit) {
    window->setObjectName(objectName);
    window->setWindowTitle(title);
    window->resize(1400, 900);
    closeOnEscape(window);
    ToolWindowTop top{new QVBoxLayout(window), new QHBoxLayout, makeHeaderLabel(window)};
    top.row->addWidget(top.header, 1);
    auto* fitButton = new QPushButton(QObject::tr("Fit"), window);
    QObject::connect(fitButton, &QPushButton::clicked, window, std::move(fit));
    top.row->addWidget(fitButton);
    top.layout->addLayout(top.row);
    return top;
}

ViewPane* makeSyncedTile(const QString& caption, const QString& objectName, ViewSync* sync, QWidget* parent,
                         std::function<void(ViewPane*, QPointF)> clicked) {
    auto* pane = new ViewPane(caption, sync, parent);
    pane->setObjectName(objectName);
    QObject::connect(pane->view(), &ImageView::clicked, parent,
                     [pane, clicked = std::move(clicked)](QPointF s) { clicked(pane, s); });
    QObject::connect(pane->view(), &ImageView::hovered, sync, &ViewSync::setHover);
    return pane;
}

void keepOnScreen(QWidget* window) {
    QScreen* screen = window->screen();
    if (!screen) return;
    const QRect avail = screen->availableGeometry();
    QRect frame = window->frameGeometry();
    const QSize extra = frame.size() - window->size();  // the title bar and borders
    const QSize fits(std::min(window->width(), avail.width() - extra.width()),
                     std::min(window->height(), avail.height() - extra.height()));
    if (fits != window->size()) window->resize(fits);
    frame = window->frameGeometry();
    QPoint pos = frame.topLeft();
    pos.setX(std::clamp(pos.x(), avail.left(), std::max(avail.left(), avail.right() + 1 - frame.width())));
    pos.setY(std::clamp(pos.y(), avail.top(), std::max(avail.top(), avail.bottom() + 1 - frame.height())));
    if (pos != frame.topLeft()) window->move(pos);
}

}  // namespace studio
