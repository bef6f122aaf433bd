// The studio's command-line options past the file to open: where it starts (a sample, the spec,
// the Explain dock, the coordinate map, the analysis tools) and what --screenshot grabs. They are
// declared on the program's parser and read back into one struct; ScriptedRun applies them.
#pragma once

#include <QPointF>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace studio {

struct ScriptOptions {
    QString file, sample, screenshot, mode, scale, size, torch;
    QString explainCall, explainShape, mapAxis, overlay, screenshotOf;
    bool alignCorners = false, antialias = false;
    double zoom = 0;
    std::optional<QPointF> center, hover, inspect;
    QSize window;
    QString profileAxis, compare;
    QString compareView;  // diff, flicker, swipe, side
    QString histogram;    // original, result or diff: the histogram dock shows it
    bool overshoot = false;
    int depth = -1;
    bool modesGrid = false;
    bool libraries = false;
    QString listen;  // --listen [NAME]: the live link's name ("default" without one)

    // --screenshot-of names a dock rather than the window.
    bool dockShot() const { return !screenshotOf.isEmpty() && screenshotOf != "window"; }
};

// Declares the options (and the positional file) on `parser`, before it processes the arguments.
void addScriptOptions(QCommandLineParser& parser);

// The arguments with a bare --listen (not followed by a link name: letters, digits, '_', '-')
// written as --listen=default, so that --listen takes an optional NAME and a file after it stays
// the file to open.
QStringList normaliseListenArgument(const QStringList& arguments);

// Reads the processed options; nullopt, with *error set, when a value cannot be used.
std::optional<ScriptOptions> readScriptOptions(const QCommandLineParser& parser, QString* error);

}  // namespace studio
