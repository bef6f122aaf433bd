// The Catch2 main of the Qt tests: a QApplication on the offscreen platform (no display needed).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("UpsampleStudioTests");
    QApplication::setApplicationName("upsample-studio-tests");
    return Catch::Session().run(argc, argv);
}
