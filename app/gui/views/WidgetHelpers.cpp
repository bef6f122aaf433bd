#include "views/WidgetHelpers.hpp"

#include <QDockWidget>
#include <QFrame>
#include <QLabel>
#include <QScrollArea>

namespace studio {

void setScrollingWidget(QDockWidget* dock, QWidget* content) {
    auto* scroll = new QScrollArea(dock);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    dock->setWidget(scroll);
}

QLabel* makeHeaderLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace studio
