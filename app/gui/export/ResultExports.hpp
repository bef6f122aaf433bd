// The File menu's exports of the current result (picture, .npy, side-by-side figure) and Edit ▸
// Copy as PyTorch Code. The write* functions write without asking (the save dialogs ask before
// overwriting) and return false after an error dialog; the askAndWrite* ones ask for a path first.
#pragma once

#include "export/ViewFigure.hpp"

#include <QObject>
#include <QRectF>
#include <QString>

namespace studio {

class StudioContext;

// The part of the original the views show (in its pixels), or the whole when none of it is shown.
QRectF shownRegion(QRectF visible, const PlaneView& original);

class ResultExports : public QObject {
    Q_OBJECT
public:
    ResultExports(StudioContext& studio, QObject* parent);

    bool writeImage(const QString& path);
    bool writeNpy(const QString& path);
    bool writeFigure(const QString& path);
    // The figure at true pixels of what the views show now (export/ViewFigure.hpp).
    bool writeViewFigure(const QString& path, ViewFigureOptions options = {});
    void askAndWriteViewFigure();

    void askAndWriteImage();
    void askAndWriteNpy();
    void askAndWriteFigure();
    void copyPythonCode();

private:
    StudioContext& studio_;
};

}  // namespace studio
