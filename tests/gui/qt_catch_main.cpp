// The Catch2 main of the Qt tests: a QApplication on the offscreen platform (no display needed).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

int main(int argc, char** argv) {
    // Offscreen always; a test may name its own offscreen options (a screen size: configfile=...).
    if (!qEnvironmentVariable("QT_QPA_PLATFORM").startsWith("offscreen")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("UpsampleStudioTests");
    QApplication::setApplicationName("upsample-studio-tests");
    return Catch::Session().run(argc, argv);
}
