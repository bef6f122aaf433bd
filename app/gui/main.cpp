// upsample-studio: the Qt window. `upsample-studio [FILE]` opens a picture or a .npy tensor; the
// other options (scripting/ScriptOptions.hpp) set up the spec, the docks and the analysis tools,
// and `--screenshot OUT.png` renders the window (offscreen where no display exists), writes it
// and exits, which is what `make run` does on a machine without a display.
#include "scripting/ScriptOptions.hpp"
#include "scripting/ScriptedRun.hpp"

#include "upsample/version.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("UpsampleStudio");
    QApplication::setApplicationName("upsample-studio");
    QApplication::setApplicationDisplayName("Upsample Studio");
    QApplication::setApplicationVersion(QString::fromLatin1(upsample::kVersion));
    QApplication::setWindowIcon(QIcon(":/icons/upsample-studio.svg"));

    QCommandLineParser parser;
    parser.setApplicationDescription("Shows exactly what PyTorch's F.interpolate does to a picture or a tensor.");
    parser.addHelpOption();
    parser.addVersionOption();
    studio::addScriptOptions(parser);
    parser.process(studio::normaliseListenArgument(QApplication::arguments()));

    QString error;
    const auto options = studio::readScriptOptions(parser, &error);
    if (!options) {
        std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(error));
        return 2;
    }
    return studio::runStudio(*options);
}
