// upsample-studio: the Qt window. `upsample-studio [FILE]` opens a picture or a .npy tensor; the
// other options (scripting/ScriptOptions.hpp) set up the spec, the docks and the analysis tools,
// and `--screenshot OUT.png` renders the window (offscreen where no display exists), writes it
// and exits, which is what `make run` does on a machine without a display.
// --help and --version are answered before any Qt platform opens, so they work with no display
// (help2man reads them at build time for the man page).
#include "scripting/ScriptOptions.hpp"
#include "scripting/ScriptedRun.hpp"

#include "upsample/opencl.hpp"
#include "upsample/version.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QIcon>

#include <cstdio>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace {

// glibc raises its mmap threshold to the size of every large block freed (up to 32 MiB); after that,
// tensors of a few MiB come from the heap arenas of the threads that freed them, and an arena gives
// back only what lies at its top. Over an hour of results of different shapes the resident size
// creeps up by what the arenas keep. A fixed threshold (setting it turns the adjustment off) keeps
// every block of 4 MiB or more (results, display planes) in its own mapping, returned to the system
// when it is freed; smaller ones (tables, strings) are still reused from the heap without new page
// faults.
void keepLargeBlocksMapped() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

void nameApplication() {
    QCoreApplication::setOrganizationName("UpsampleStudio");
    QCoreApplication::setApplicationName("upsample-studio");
    QCoreApplication::setApplicationVersion(QString::fromLatin1(upsample::kVersion));
}

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription("Shows exactly what PyTorch's F.interpolate does to a picture or a tensor.");
    parser.addHelpOption();
    parser.addVersionOption();
    studio::addScriptOptions(parser);
}

// Whether an argument asks for the help or the version (up to a "--").
bool asksHelpOrVersion(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--") == 0) return false;
        for (const char* option : {"-h", "--help", "-?", "--help-all", "-v", "--version"})
            if (std::strcmp(a, option) == 0) return true;
    }
    return false;
}

// --help and --version with a QCoreApplication, which opens no platform: prints and exits. Returns
// when they were only an option's value (`--screenshot --help`), for the window to start.
void answerWithoutDisplay(int argc, char** argv) {
    QCoreApplication core(argc, argv);
    nameApplication();
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(studio::normaliseListenArgument(QCoreApplication::arguments()))) return;  // the window says why
    if (parser.isSet("help") || parser.isSet("help-all")) parser.showHelp(0);
    if (parser.isSet("version")) parser.showVersion();
}

}  // namespace

int main(int argc, char** argv) {
    if (asksHelpOrVersion(argc, argv)) answerWithoutDisplay(argc, argv);
    keepLargeBlocksMapped();
    upsample::prepareOpenCLDriver();  // before QApplication and the studio start threads

    QApplication app(argc, argv);
    nameApplication();
    QApplication::setApplicationDisplayName("Upsample Studio");
    QApplication::setWindowIcon(QIcon(":/icons/upsample-studio.svg"));

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(studio::normaliseListenArgument(QApplication::arguments()));

    QString error;
    const auto options = studio::readScriptOptions(parser, &error);
    if (!options) {
        std::fprintf(stderr, "upsample-studio: %s\n", qPrintable(error));
        return 2;
    }
    return studio::runStudio(*options);
}
