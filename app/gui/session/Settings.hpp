// Every persistent setting of the studio, typed, behind one small class (QSettings inside).
#pragma once

#include "session/SpecState.hpp"

#include "views/DisplayMapping.hpp"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>

class QSettings;

namespace studio {

// A folder that belongs to the system (/usr, /etc, /opt, ... or Windows' and macOS's own), where
// nobody means to save.
bool isSystemFolder(const QString& folder);
// The save dialog's start: `lastExport` when it is an existing folder outside the system's,
// else `pictures` when it exists, else `home`.
QString chooseSaveStartFolder(const QString& lastExport, const QString& pictures, const QString& home);

class Settings {
public:
    static constexpr int kMaxRecentFiles = 8;
    static constexpr uint64_t kDefaultMaxResultBytes = uint64_t{2} << 30;  // 2 GiB

    Settings();                              // the user's settings (organisation/application names)
    explicit Settings(const QString& iniPath);  // a given file (tests, screenshots)
    ~Settings();
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    QByteArray geometry() const;
    void setGeometry(const QByteArray& g);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& s);

    QString lastFolder() const;
    void setLastFolder(const QString& folder);
    // The folder of the last file saved (exports), kept apart from where inputs are opened from.
    QString lastExportFolder() const;
    void setLastExportFolder(const QString& folder);
    // Where a save dialog starts: the last export folder while it exists and is a user folder,
    // else the user's Pictures folder, else home; never a system folder such as /usr/share.
    QString saveStartFolder() const;

    QStringList recentFiles() const;
    void addRecentFile(const QString& path);  // most recent first, no duplicates, at most kMaxRecentFiles
    void removeRecentFile(const QString& path);
    void clearRecentFiles();

    // The Display dock's colour map and range mode (none when never saved or unknown).
    std::optional<ColorMap> colorMap() const;
    void setColorMap(ColorMap m);
    std::optional<RangeMode> rangeMode() const;
    void setRangeMode(RangeMode m);
    // The file to reopen on start: the most recent one, while it exists.
    QString lastFileToReopen() const;

    std::optional<SpecState> lastSpec() const;
    void setLastSpec(const SpecState& s);

    uint64_t maxResultBytes() const;  // results larger than this are refused before allocating
    void setMaxResultBytes(uint64_t bytes);
    int cpuThreads() const;  // 0: one per hardware thread
    void setCpuThreads(int n);
    // The live link: listen at every start (as --listen does), under this name.
    bool listenAlways() const;
    void setListenAlways(bool on);
    QString listenName() const;  // "default" when unset
    void setListenName(const QString& name);

    void sync();

private:
    std::unique_ptr<QSettings> s_;
};

}  // namespace studio
