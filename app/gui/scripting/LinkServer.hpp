// The live link (README "Live link"): the studio listens on a local socket in the user's runtime
// folder (mode 0600) and serves the framed protocol of upsample/link.hpp to scripts (the Python
// client python/upsample_studio, upsample-cli send). Requests of one connection are answered in
// order, one at a time; the ones that need the result (result, inspect, compare, screenshot) wait
// until the window's computation is idle, so a flood of spec frames costs one compute at a time
// and the latest spec wins (ComputeController keeps only the newest). A bad frame gets an error
// reply; one the stream cannot be followed past also closes that connection. Nothing a client
// sends is allocated before its header passed the Preferences size cap.
#pragma once

#include "upsample/link.hpp"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QLocalServer;
class QLocalSocket;
class QElapsedTimer;
class QTimer;

namespace studio {

class MainWindow;
class Settings;

class LinkServer : public QObject {
    Q_OBJECT
public:
    LinkServer(MainWindow& window, Settings& settings, QObject* parent = nullptr);
    ~LinkServer() override;

    // Listens as NAME (letters, digits, '_', '-'); false with *error set when it cannot (a bad
    // name, another studio listening on it, no runtime folder). A stale socket file is replaced.
    bool listen(const QString& name, QString* error);
    QString socketPath() const { return path_; }
    int connections() const { return static_cast<int>(connections_.size()); }

    // How long a started frame may wait for its next bytes before it is refused as truncated
    // (default 10 s; UPSAMPLE_LINK_TIMEOUT_MS overrides it).
    static int frameTimeoutMs();

private:
    struct Connection;
    enum class Reply { Done, Wait };

    void onNewConnection();
    Connection* find(quint64 id) const;
    void readFrom(Connection* c);
    bool process(Connection* c, const QElapsedTimer& clock);
    Reply handle(Connection* c, const upsample::link::Frame& f, bool applySpec);
    bool computeIdle() const;
    void send(Connection* c, const nlohmann::json& header, std::span<const std::byte> payload = {});
    void drop(Connection* c);
    void pollWaiting();

    // A client that names its torch.__version__ ("torch_version") is followed: the Spec dock takes
    // the nearest supported version. The reply's "torch" part says which, and why.
    nlohmann::json followTorch(const upsample::link::Frame& f);
    nlohmann::json cmdOpen(const upsample::link::Frame& f);
    nlohmann::json cmdSpec(const upsample::link::Frame& f, bool apply);
    nlohmann::json cmdInspect(const upsample::link::Frame& f);
    nlohmann::json cmdCompare(const upsample::link::Frame& f);
    void cmdResult(Connection* c, const upsample::link::Frame& f);
    void cmdScreenshot(Connection* c, const upsample::link::Frame& f);

    MainWindow& window_;
    Settings& settings_;
    QLocalServer* server_;
    QTimer* poll_;
    QString path_;
    std::vector<std::unique_ptr<Connection>> connections_;
    quint64 lastId_ = 0;
};

}  // namespace studio
