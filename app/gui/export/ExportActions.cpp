#include "export/ExportActions.hpp"

#include "views/ValueFormat.hpp"

#include "imageio/image_io.hpp"
#include "upsample/error.hpp"
#include "upsample/npy.hpp"

#include <QFont>
#include <QFontMetrics>
#include <QImageWriter>
#include <QPainter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace studio {

using namespace upsample;

namespace {
// Values inside the pixels when the pixels are large enough to hold them (small tensors).
void drawValues(QPainter& p, const FigurePanel& fp, const DisplayMapping& mapping, QPoint origin, double cellW,
                double cellH) {
    if (cellW < 36 || cellH < 16.0 * fp.plane.channels()) return;
    ExportActions::drawCellValues(p, fp.plane, mapping, QRect(0, 0, fp.plane.width(), fp.plane.height()), origin,
                                  QSizeF(cellW, cellH));
}

// The swipe's right side: its plane from the line to the panel's right edge, and the line.
void drawSwipe(QPainter& p, const FigurePanel& fp, const DisplayMapping& mapping, QRect panel, QRectF region,
               double zoom) {
    const int at = std::clamp(static_cast<int>(std::lround(fp.swipeAt * panel.width())), 0, panel.width());
    if (fp.swipePlane.valid() && at < panel.width()) {
        const double rx = fp.swipePixelsPerSource.width(), ry = fp.swipePixelsPerSource.height();
        const QImage right = mapping.render(fp.swipePlane, panel.size(), region.left() * rx, region.top() * ry,
                                            rx / zoom, ry / zoom, qRgb(255, 255, 255));
        p.drawImage(QPoint(panel.left() + at, panel.top()), right, QRect(at, 0, panel.width() - at, panel.height()));
    }
    p.setPen(QPen(QColor(255, 200, 0), 2));
    p.drawLine(panel.left() + at, panel.top(), panel.left() + at, panel.bottom());
}

void writeBytes(const QString& path, const char* data, qint64 size) {
    const std::string p = path.toStdString();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) throw IoError(p, "cannot write '" + p + "': " + f.errorString().toStdString());
    if (f.write(data, size) != size) {
        const std::string why = f.errorString().toStdString();
        f.cancelWriting();
        throw IoError(p, "cannot write '" + p + "': " + why);
    }
    if (!f.commit()) throw IoError(p, "cannot write '" + p + "': " + f.errorString().toStdString());
}
}  // namespace

void ExportActions::drawCellValues(QPainter& p, const PlaneView& plane, const DisplayMapping& mapping, QRect crop,
                                   QPointF origin, QSizeF cell) {
    const int lines = plane.channels();
    QFont f("DejaVu Sans");
    f.setPixelSize(static_cast<int>(std::clamp(std::min(cell.height() / (lines + 1.2), cell.width() / 4.5), 9.0, 22.0)));
    p.setFont(f);
    const int maxChars =
        std::max(1, static_cast<int>((cell.width() - 4) / QFontMetricsF(f).horizontalAdvance(QChar('8'))));
    for (int y = crop.top(); y <= crop.bottom(); ++y)
        for (int x = crop.left(); x <= crop.right(); ++x) {
            const QRgb c = mapping.mapPixel(plane, x, y);
            p.setPen(qRed(c) * 299 + qGreen(c) * 587 + qBlue(c) * 114 > 140000 ? Qt::black : Qt::white);
            QStringList texts;
            for (int k = 0; k < lines; ++k) texts << formatValueCompact(plane.value(x, y, k), plane.dtype(), maxChars);
            const QPointF at(origin.x() + (x - crop.left()) * cell.width(), origin.y() + (y - crop.top()) * cell.height());
            p.drawText(QRectF(at, cell), Qt::AlignCenter, texts.join('\n'));
        }
}

void ExportActions::writeResultImage(const QString& path, const Tensor& result, int sourceBitDepth) {
    // imageio writes float values; a uint8 result (nearest of a uint8 input) goes through the
    // core's exact conversion.
    const bool isFloat = result.dtype() == DType::Float32 || result.dtype() == DType::Float64;
    imageio::writeImage(path, isFloat ? result : result.to(DType::Float32), sourceBitDepth == 16 ? 16 : 8);
}

void ExportActions::writeNpy(const QString& path, const Tensor& t) {
    const std::vector<std::byte> bytes = encodeNpy(t);
    writeBytes(path, reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
}

QImage ExportActions::renderFigure(const FigurePanel& original, const FigurePanel& result,
                                   const DisplayMapping& mapping, const QString& title, const QString& subtitle,
                                   QSizeF sourceSize) {
    return renderGrid({original, result}, 2, mapping, title, subtitle, sourceSize, 512);
}

QImage ExportActions::renderGrid(const std::vector<FigurePanel>& panels, int columns, const DisplayMapping& mapping,
                                 const QString& title, const QString& subtitle, QSizeF sourceSize, int panelSize) {
    // Each panel shows the whole source region at the same size: an integer number of screen
    // pixels per source pixel when the source is small, else the source shrunk to panelSize.
    const double longest = std::max(sourceSize.width(), sourceSize.height());
    double zoom = panelSize / longest;
    if (zoom >= 1.0) zoom = std::floor(zoom);
    return renderGridAt(panels, columns, mapping, title, subtitle, QRectF(QPointF(0, 0), sourceSize), zoom);
}

QImage ExportActions::renderGridAt(const std::vector<FigurePanel>& panels, int columns, const DisplayMapping& mapping,
                                   const QString& title, const QString& subtitle, QRectF region, double zoom) {
    const QSize panel(std::max(1, static_cast<int>(std::lround(region.width() * zoom))),
                      std::max(1, static_cast<int>(std::lround(region.height() * zoom))));
    const int count = static_cast<int>(panels.size());
    columns = std::clamp(columns, 1, std::max(1, count));
    const int rows = (count + columns - 1) / columns;
    const int margin = 24, gap = 32;
    QFont titleFont("DejaVu Sans Mono");
    titleFont.setPixelSize(15);
    QFont captionFont("DejaVu Sans");
    captionFont.setPixelSize(15);
    QFont smallFont("DejaVu Sans");
    smallFont.setPixelSize(13);
    const int titleH = QFontMetrics(titleFont).height();
    const int capH = QFontMetrics(captionFont).height();
    const int smallH = QFontMetrics(smallFont).height();
    // Under each caption, the shape and details on a line of their own when the panel is narrow.
    const bool twoLines = std::any_of(panels.begin(), panels.end(), [&](const FigurePanel& fp) {
        return QFontMetrics(captionFont).horizontalAdvance(fp.title + "  " + fp.shape) > panel.width() + gap - 4;
    });
    const int captionH = capH + (twoLines ? smallH + 2 : 0) + 6;
    const int cellW = panel.width() + gap, cellH = captionH + panel.height() + gap;
    const int width = std::max({margin * 2 + cellW * columns - gap, QFontMetrics(titleFont).horizontalAdvance(title) + margin * 2,
                                QFontMetrics(smallFont).horizontalAdvance(subtitle) + margin * 2});
    const int top = margin + titleH + 6 + smallH + 16;
    const int height = top + cellH * rows - gap + margin;
    QImage fig(width, height, QImage::Format_RGB32);
    fig.fill(Qt::white);
    QPainter p(&fig);
    p.setPen(Qt::black);
    p.setFont(titleFont);
    p.drawText(QRect(margin, margin, width - 2 * margin, titleH), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(smallFont);
    p.setPen(QColor(80, 80, 80));
    p.drawText(QRect(margin, margin + titleH + 6, width - 2 * margin, smallH), Qt::AlignLeft | Qt::AlignVCenter, subtitle);
    const int x0 = (width - (cellW * columns - gap)) / 2;
    for (int i = 0; i < count; ++i) {
        const FigurePanel& fp = panels[static_cast<std::size_t>(i)];
        const int x = x0 + (i % columns) * cellW, y = top + (i / columns) * cellH;
        p.setFont(captionFont);
        p.setPen(Qt::black);
        if (twoLines) {
            p.drawText(QRect(x, y, cellW - 4, capH), Qt::AlignLeft | Qt::AlignVCenter, fp.title);
            p.setFont(smallFont);
            p.setPen(QColor(80, 80, 80));
            p.drawText(QRect(x, y + capH + 2, cellW - 4, smallH), Qt::AlignLeft | Qt::AlignVCenter, fp.shape);
        } else {
            p.drawText(QRect(x, y, cellW - 4, capH), Qt::AlignLeft | Qt::AlignVCenter, fp.title + "  " + fp.shape);
        }
        const int py = y + captionH;
        if (!fp.plane.valid()) {
            p.setPen(QColor(160, 160, 160));
            p.drawRect(QRect(QPoint(x - 1, py - 1), panel + QSize(1, 1)));
            continue;
        }
        const double rx = fp.pixelsPerSource.width(), ry = fp.pixelsPerSource.height();
        const QImage img = mapping.render(fp.plane, panel, region.left() * rx, region.top() * ry, rx / zoom, ry / zoom,
                                          qRgb(255, 255, 255));
        p.drawImage(QPoint(x, py), img);
        if (fp.swipeAt >= 0) drawSwipe(p, fp, mapping, QRect(QPoint(x, py), panel), region, zoom);
        if (region.topLeft() == QPointF(0, 0)) drawValues(p, fp, mapping, QPoint(x, py), zoom / rx, zoom / ry);
        p.setPen(QColor(160, 160, 160));
        p.drawRect(QRect(QPoint(x - 1, py - 1), panel + QSize(1, 1)));
    }
    p.end();
    return fig;
}

void ExportActions::writePng(const QString& path, const QImage& image) {
    const std::string p = path.toStdString();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) throw IoError(p, "cannot write '" + p + "': " + f.errorString().toStdString());
    QImageWriter w(&f, "png");
    if (!w.write(image)) {
        const std::string why = w.errorString().toStdString();
        f.cancelWriting();
        throw IoError(p, "cannot write '" + p + "': " + why);
    }
    if (!f.commit()) throw IoError(p, "cannot write '" + p + "': " + f.errorString().toStdString());
}

void ExportActions::writeText(const QString& path, const QString& text) {
    const QByteArray bytes = text.toUtf8();
    writeBytes(path, bytes.constData(), bytes.size());
}

QString ExportActions::pythonCode(const Spec& spec) {
    return QString::fromStdString(toPythonCall(spec));
}

}  // namespace studio

