#include "session/Settings.hpp"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace studio {

namespace {
namespace key {
const char* const geometry = "window/geometry";
const char* const state = "window/state";
const char* const lastFolder = "files/lastFolder";
const char* const lastExportFolder = "files/lastExportFolder";
const char* const recent = "files/recent";
const char* const colorMap = "display/colorMap";
const char* const rangeMode = "display/rangeMode";
const char* const specMode = "spec/mode";
const char* const specUseSize = "spec/useSize";
const char* const specPerDim = "spec/perDim";
const char* const specScale = "spec/scale";
const char* const specSize = "spec/size";
const char* const specAlign = "spec/alignCorners";
const char* const specRecompute = "spec/recomputeScaleFactor";
const char* const specAntialias = "spec/antialias";
const char* const specTorch = "spec/torch";
const char* const maxBytes = "compute/maxResultBytes";
const char* const threads = "compute/cpuThreads";
}  // namespace key

QString triToText(const std::optional<bool>& v) { return !v ? "None" : (*v ? "True" : "False"); }
std::optional<bool> triFromText(const QString& t) {
    if (t == "True") return true;
    if (t == "False") return false;
    return std::nullopt;
}

// A stored enum value from 0 to `last`; nothing for a missing or out-of-range value.
template <class E>
std::optional<E> enumValue(const QSettings& s, const char* key, E last) {
    bool ok = false;
    const int v = s.value(key).toInt(&ok);
    if (!ok || v < 0 || v > static_cast<int>(last)) return std::nullopt;
    return static_cast<E>(v);
}
}  // namespace

Settings::Settings() : s_(std::make_unique<QSettings>()) {}
Settings::Settings(const QString& iniPath) : s_(std::make_unique<QSettings>(iniPath, QSettings::IniFormat)) {}
Settings::~Settings() = default;

QByteArray Settings::geometry() const { return s_->value(key::geometry).toByteArray(); }
void Settings::setGeometry(const QByteArray& g) { s_->setValue(key::geometry, g); }
QByteArray Settings::windowState() const { return s_->value(key::state).toByteArray(); }
void Settings::setWindowState(const QByteArray& s) { s_->setValue(key::state, s); }

QString Settings::lastFolder() const { return s_->value(key::lastFolder).toString(); }
void Settings::setLastFolder(const QString& folder) { s_->setValue(key::lastFolder, folder); }
QString Settings::lastExportFolder() const { return s_->value(key::lastExportFolder).toString(); }
void Settings::setLastExportFolder(const QString& folder) { s_->setValue(key::lastExportFolder, folder); }

QString Settings::saveStartFolder() const {
    return chooseSaveStartFolder(lastExportFolder(), QStandardPaths::writableLocation(QStandardPaths::PicturesLocation),
                                 QDir::homePath());
}

bool isSystemFolder(const QString& folder) {
    const QString path = QDir::cleanPath(QDir::fromNativeSeparators(QFileInfo(folder).absoluteFilePath()));
    static const QStringList roots = {"/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib64", "/var", "/srv",
                                      "/boot", "/sys", "/proc", "/dev", "/run", "/snap", "/System", "/Library",
                                      "/Applications", "C:/Windows", "C:/Program Files", "C:/Program Files (x86)"};
    if (path == "/") return true;
    for (const QString& root : roots)
        if (path.compare(root, Qt::CaseInsensitive) == 0 || path.startsWith(root + "/", Qt::CaseInsensitive)) return true;
    return false;
}

QString chooseSaveStartFolder(const QString& lastExport, const QString& pictures, const QString& home) {
    const auto usable = [](const QString& f) { return !f.isEmpty() && QFileInfo(f).isDir() && !isSystemFolder(f); };
    if (usable(lastExport)) return lastExport;
    if (!pictures.isEmpty() && QFileInfo(pictures).isDir()) return pictures;
    return home;
}

std::optional<ColorMap> Settings::colorMap() const { return enumValue(*s_, key::colorMap, ColorMap::Diverging); }
void Settings::setColorMap(ColorMap m) { s_->setValue(key::colorMap, static_cast<int>(m)); }

std::optional<RangeMode> Settings::rangeMode() const { return enumValue(*s_, key::rangeMode, RangeMode::Percentile); }
void Settings::setRangeMode(RangeMode m) { s_->setValue(key::rangeMode, static_cast<int>(m)); }

QString Settings::lastFileToReopen() const {
    const QStringList files = recentFiles();
    if (files.isEmpty() || !QFileInfo(files.first()).isFile()) return QString();
    return files.first();
}

QStringList Settings::recentFiles() const { return s_->value(key::recent).toStringList(); }
void Settings::addRecentFile(const QString& path) {
    QStringList l = recentFiles();
    l.removeAll(path);
    l.prepend(path);
    while (l.size() > kMaxRecentFiles) l.removeLast();
    s_->setValue(key::recent, l);
}
void Settings::removeRecentFile(const QString& path) {
    QStringList l = recentFiles();
    l.removeAll(path);
    s_->setValue(key::recent, l);
}
void Settings::clearRecentFiles() { s_->remove(key::recent); }

std::optional<SpecState> Settings::lastSpec() const {
    if (!s_->contains(key::specMode)) return std::nullopt;
    SpecState st;
    const auto mode = upsample::modeFromName(s_->value(key::specMode).toString().toStdString());
    if (!mode) return std::nullopt;
    st.mode = *mode;
    st.useSize = s_->value(key::specUseSize, false).toBool();
    st.perDim = s_->value(key::specPerDim, false).toBool();
    const QStringList scales = s_->value(key::specScale).toStringList();
    const QStringList sizes = s_->value(key::specSize).toStringList();
    for (int i = 0; i < 3; ++i) {
        bool ok = false;
        if (i < scales.size()) {
            const double v = scales[i].toDouble(&ok);
            if (ok) st.scale[i] = v;
        }
        if (i < sizes.size()) {
            const qlonglong v = sizes[i].toLongLong(&ok);
            if (ok) st.size[i] = v;
        }
    }
    st.alignCorners = triFromText(s_->value(key::specAlign).toString());
    st.recomputeScaleFactor = triFromText(s_->value(key::specRecompute).toString());
    st.antialias = s_->value(key::specAntialias, false).toBool();
    if (const auto* v = upsample::semanticsNamed(s_->value(key::specTorch).toString().toStdString())) st.torch = v;
    return st;
}

void Settings::setLastSpec(const SpecState& st) {
    s_->setValue(key::specMode, QString::fromStdString(std::string(upsample::modeName(st.mode))));
    s_->setValue(key::specUseSize, st.useSize);
    s_->setValue(key::specPerDim, st.perDim);
    QStringList scales, sizes;
    for (int i = 0; i < 3; ++i) {
        scales << QString::number(st.scale[i], 'g', 17);
        sizes << QString::number(st.size[i]);
    }
    s_->setValue(key::specScale, scales);
    s_->setValue(key::specSize, sizes);
    s_->setValue(key::specAlign, triToText(st.alignCorners));
    s_->setValue(key::specRecompute, triToText(st.recomputeScaleFactor));
    s_->setValue(key::specAntialias, st.antialias);
    s_->setValue(key::specTorch, QString::fromStdString(std::string(st.torch->version)));
}

uint64_t Settings::maxResultBytes() const {
    bool ok = false;
    const qulonglong v = s_->value(key::maxBytes).toULongLong(&ok);
    return (ok && v > 0) ? v : kDefaultMaxResultBytes;
}
void Settings::setMaxResultBytes(uint64_t bytes) { s_->setValue(key::maxBytes, QString::number(bytes)); }

int Settings::cpuThreads() const { return std::max(0, s_->value(key::threads, 0).toInt()); }
void Settings::setCpuThreads(int n) { s_->setValue(key::threads, std::max(0, n)); }

bool Settings::listenAlways() const { return s_->value("link/listen", false).toBool(); }
void Settings::setListenAlways(bool on) { s_->setValue("link/listen", on); }
QString Settings::listenName() const {
    const QString n = s_->value("link/name").toString();
    return n.isEmpty() ? QStringLiteral("default") : n;
}
void Settings::setListenName(const QString& name) { s_->setValue("link/name", name); }

void Settings::sync() { s_->sync(); }

}  // namespace studio
