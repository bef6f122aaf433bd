#include "scripting/ScriptOptions.hpp"

#include "session/SampleLibrary.hpp"

#include "upsample/semantics.hpp"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QRegularExpression>
#include <QStringList>

namespace studio {

namespace {

std::optional<QPointF> parsePoint(const QString& text) {
    const QStringList p = text.split(',');
    if (p.size() != 2) return std::nullopt;
    bool a = false, b = false;
    const double x = p[0].toDouble(&a), y = p[1].toDouble(&b);
    if (!a || !b) return std::nullopt;
    return QPointF(x, y);
}

// What opens and how the spec starts.
QList<QCommandLineOption> startOptions() {
    QStringList sampleIds;
    for (const auto& s : SampleLibrary::all()) sampleIds << s.id;
    return {
        {"screenshot", "Render the window to FILE (PNG), print its path and exit.", "FILE"},
        {"sample", "Open a bundled sample: " + sampleIds.join(", ") + ".", "ID"},
        {"mode", "Start with this mode (nearest, bilinear, ...).", "MODE"},
        {"scale", "Start with scale_factor S (or S,S[,S] per dim).", "S"},
        {"size", "Start with size N (or N,N[,N] per dim).", "N"},
        {"align-corners", "Start with align_corners=True."},
        {"antialias", "Start with antialias=True."},
        {"torch", "Start with this PyTorch version's F.interpolate (" +
                      QString::fromStdString(upsample::semanticsNames(", ")) + ").", "V"},
        {"zoom", "Screen pixels per original pixel (default: fit).", "Z"},
        {"center", "Centre the views on this original-pixel point (the A/B compare: a result pixel).", "X,Y"},
        {"hover", "Mark this original-pixel point as hovered.", "X,Y"},
        {"window-size", "Window size for the screenshot (default 1440x880; 1000x560 for a dock alone).", "WxH"},
    };
}

// The explain docks and the analysis tools.
QList<QCommandLineOption> toolOptions() {
    return {
        {"explain", "Explain this call (Python, e.g. \"nn.UpsamplingBilinear2d(scale_factor=2)\") and apply it to "
                    "the spec when it runs on the input.", "CALL"},
        {"explain-shape", "The Explain dock's input shape (default: the input's).", "SHAPE"},
        {"map-axis", "The coordinate map's axis: L, D, H or W (default: the last).", "AXIS"},
        {"overlay", "Overlay on the coordinate map: align-corners or nearest.", "WHAT"},
        {"screenshot-of", "What --screenshot grabs: window (default), or the explain, map or histogram dock alone, undocked "
                          "at the --window-size.", "WHAT"},
        {"depth", "Show this depth slice of a volume.", "D"},
        {"inspect", "Pin result pixel X,Y (column, row) in the inspector.", "X,Y"},
        {"profile-axis", "Run the line profile along W, H or D.", "AXIS"},
        {"modes-grid", "Open the modes grid (the screenshot shows it)."},
        {"compare", "Open the A/B compare of A and B: 'current', a mode key (nearest, bilinear+ac, ...) or a .npy "
                    "file (the screenshot shows it).", "A,B"},
        {"compare-view", "The A/B compare's view: diff (default), flicker, swipe or side.", "VIEW"},
        {"histogram", "Show the histogram dock on the original, the result or the A/B difference (diff).", "WHAT"},
        {"overshoot", "Show the overshoot report in the histogram dock and mark the result's values outside the "
                      "input's range."},
        {"libraries", "Open the libraries view: the input through PyTorch and each library's closest call (the "
                      "screenshot shows it)."},
        {"listen", "Listen for scripts (the live link: python/upsample_studio, upsample-cli send) on a socket in "
                   "the user's runtime folder, as NAME (default: default).", "NAME"},
    };
}

// The options whose values are numbers or points; false, with *error set, on a malformed one.
bool readNumbers(const QCommandLineParser& parser, ScriptOptions& o, QString* error) {
    if (parser.isSet("zoom")) {
        bool ok = false;
        o.zoom = parser.value("zoom").toDouble(&ok);
        if (!ok || o.zoom <= 0) return *error = "--zoom: '" + parser.value("zoom") + "' is not a positive number", false;
    }
    for (auto [name, point] : {std::pair{"center", &o.center}, {"hover", &o.hover}, {"inspect", &o.inspect}}) {
        if (parser.isSet(name) && !(*point = parsePoint(parser.value(name))))
            return *error = QString("--%1: expected X,Y, got '%2'").arg(name, parser.value(name)), false;
    }
    if (parser.isSet("depth")) {
        bool ok = false;
        o.depth = parser.value("depth").toInt(&ok);
        if (!ok || o.depth < 0) return *error = "--depth: '" + parser.value("depth") + "' is not a slice index", false;
    }
    if (parser.isSet("window-size")) {
        const QStringList wh = parser.value("window-size").split('x');
        if (wh.size() == 2) o.window = QSize(wh[0].toInt(), wh[1].toInt());
        if (o.window.isEmpty())
            return *error = "--window-size: expected WxH, got '" + parser.value("window-size") + "'", false;
    }
    return true;
}

}  // namespace

void addScriptOptions(QCommandLineParser& parser) {
    parser.addPositionalArgument("file", "A picture (PNG, JPEG, BMP, TIFF, WebP) or a .npy tensor to open.");
    parser.addOptions(startOptions());
    parser.addOptions(toolOptions());
}

QStringList normaliseListenArgument(const QStringList& arguments) {
    static const QRegularExpression name("^[A-Za-z0-9_-]{1,64}$");
    QStringList out;
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == "--listen" && (i + 1 >= arguments.size() || !name.match(arguments[i + 1]).hasMatch())) {
            out << "--listen=default";
            continue;
        }
        out << arguments[i];
    }
    return out;
}

std::optional<ScriptOptions> readScriptOptions(const QCommandLineParser& parser, QString* error) {
    ScriptOptions o;
    if (!parser.positionalArguments().isEmpty()) o.file = parser.positionalArguments().first();
    o.sample = parser.value("sample");
    o.screenshot = parser.value("screenshot");
    o.mode = parser.value("mode");
    o.scale = parser.value("scale");
    o.size = parser.value("size");
    o.alignCorners = parser.isSet("align-corners");
    o.antialias = parser.isSet("antialias");
    o.torch = parser.value("torch");
    o.explainCall = parser.value("explain");
    o.explainShape = parser.value("explain-shape");
    o.mapAxis = parser.value("map-axis");
    o.overlay = parser.value("overlay");
    o.screenshotOf = parser.value("screenshot-of");
    if (!readNumbers(parser, o, error)) return std::nullopt;
    o.profileAxis = parser.value("profile-axis");
    o.modesGrid = parser.isSet("modes-grid");
    o.compare = parser.value("compare");
    o.compareView = parser.value("compare-view");
    o.histogram = parser.value("histogram");
    o.overshoot = parser.isSet("overshoot");
    o.libraries = parser.isSet("libraries");
    o.listen = parser.value("listen");
    return o;
}

}  // namespace studio
