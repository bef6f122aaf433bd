#include "scripting/LinkServer.hpp"
#include "scripting/LinkStats.hpp"

#include "MainWindow.hpp"
#include "docks/SpecDock.hpp"
#include "session/PinController.hpp"
#include "session/Settings.hpp"
#include "session/SpecState.hpp"
#include "tools/AnalysisTools.hpp"
#include "tools/CompareWindow.hpp"

#include "upsample/call_parser.hpp"
#include "upsample/error.hpp"
#include "upsample/inspect.hpp"
#include "upsample/version.hpp"

#include <QApplication>
#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <optional>

namespace studio {

using namespace upsample;
using nlohmann::json;
using link::Frame;

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

constexpr qint64 kReadChunk = 1 << 20;
constexpr qint64 kSliceMs = 15;  // the longest a connection holds the event loop before yielding
const char* const kCommands = "ping, open, spec, result, compare, inspect, stats, screenshot, quit";

// Thrown by a command handler: the error reply's message and Python-style type.
struct Refusal {
    std::string message, type = "StudioError";
};

std::string nameOf(const Frame& f, const std::string& fallback) {
    const auto n = f.header.find("name");
    return n != f.header.end() && n->is_string() && !n->get<std::string>().empty() ? n->get<std::string>() : fallback;
}

int64_t intField(const Frame& f, const char* key) {
    const auto v = f.header.find(key);
    if (v == f.header.end() || !v->is_number_integer())
        throw Refusal{std::string("the header needs \"") + key + "\" (an integer)", "ValueError"};
    return v->get<int64_t>();
}

// What F.interpolate takes: rank 3 to 5 with no empty dim (as the window's loader says for files).
void checkInputShape(const Tensor& t) {
    if (t.rank() < 3 || t.rank() > 5)
        throw Refusal{"a tensor of shape " + formatShape(t.shape()) + " (rank " + std::to_string(t.rank()) +
                      "): F.interpolate takes rank 3 to 5: (N, C, L), (N, C, H, W) or (N, C, D, H, W)", "ValueError"};
    for (int64_t d : t.shape())
        if (d == 0) throw Refusal{"an empty tensor of shape " + formatShape(t.shape()) + "; there is nothing to show", "ValueError"};
}

json axisJson(const AxisInspection& a) {
    json j{{"dim", a.dim},       {"name", a.name},       {"in", a.in},
           {"out", a.out},       {"out_index", a.outIndex}, {"scale", a.scale},
           {"scale_formula", a.scaleFormula}, {"source", a.source}, {"source_formula", a.sourceFormula},
           {"taps", a.taps},     {"weights", a.weights}, {"note", a.note}};
    if (a.support) j["support"] = *a.support;
    if (a.center) j["center"] = *a.center;
    return j;
}
}  // namespace

struct LinkServer::Connection {
    QLocalSocket* socket = nullptr;
    link::FrameReader reader;
    QTimer* timeout = nullptr;
    std::deque<link::ReadResult> queue;  // read, not answered yet
    std::optional<Frame> waiting;         // a request that waits for the computation to be idle
    bool handling = false;
    quint64 id = 0;

    explicit Connection(uint64_t cap) : reader(cap) {}
};

LinkServer::LinkServer(MainWindow& window, Settings& settings, QObject* parent)
    : QObject(parent), window_(window), settings_(settings), server_(new QLocalServer(this)), poll_(new QTimer(this)) {
    server_->setSocketOptions(QLocalServer::UserAccessOption);
    connect(server_, &QLocalServer::newConnection, this, &LinkServer::onNewConnection);
    poll_->setInterval(5);
    connect(poll_, &QTimer::timeout, this, &LinkServer::pollWaiting);
}

LinkServer::~LinkServer() {
    server_->close();
    poll_->stop();
    // abort() emits disconnected, whose handler would erase from connections_ while it is walked:
    // take the connections out first and cut each socket's signals to this server before closing it.
    std::vector<std::unique_ptr<Connection>> open;
    open.swap(connections_);
    for (auto& c : open) {
        c->socket->disconnect(this);
        c->timeout->stop();
        c->socket->abort();
    }
}

int LinkServer::frameTimeoutMs() {
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("UPSAMPLE_LINK_TIMEOUT_MS", &ok);
    return ok && ms > 0 ? ms : 10000;
}

bool LinkServer::listen(const QString& name, QString* error) {
    if (!link::validName(name.toStdString())) {
        *error = tr("--listen: '%1' is not a link name (1 to 64 letters, digits, '_' or '-')").arg(name);
        return false;
    }
    // Makes the runtime folder (0700) when $XDG_RUNTIME_DIR is not set, as the clients expect it.
    if (QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation).isEmpty()) {
        *error = tr("there is no runtime folder for the link's socket");
        return false;
    }
    path_ = qs(link::socketPath(name.toStdString()));
    // Qt would replace a live studio's socket file: ask first whether someone answers there.
    QLocalSocket probe;
    probe.connectToServer(path_);
    if (probe.waitForConnected(1000)) {
        *error = tr("another studio already listens as '%1' (%2)").arg(name, path_);
        return false;
    }
    QLocalServer::removeServer(path_);  // a stale socket file of a studio that ended
    if (!server_->listen(path_)) {
        *error = tr("cannot listen on %1: %2").arg(path_, server_->errorString());
        return false;
    }
    // Read and write for the user alone (execute means nothing on a socket).
    QFile::setPermissions(path_, QFile::ReadOwner | QFile::WriteOwner);
    return true;
}

void LinkServer::onNewConnection() {
    while (QLocalSocket* s = server_->nextPendingConnection()) {
        auto c = std::make_unique<Connection>(settings_.maxResultBytes());
        c->id = ++lastId_;
        Connection* raw = c.get();
        c->socket = s;
        s->setReadBufferSize(kReadChunk);  // the client waits while a request is being answered
        c->timeout = new QTimer(s);
        c->timeout->setSingleShot(true);
        c->timeout->setInterval(frameTimeoutMs());
        connect(c->timeout, &QTimer::timeout, this, [this, raw] {
            if (raw->handling || raw->waiting || !raw->queue.empty()) return raw->timeout->start();  // the studio is the slow one
            raw->reader.abandon(tr("no byte came for %1 ms").arg(raw->timeout->interval()).toStdString());
            readFrom(raw);
        });
        connect(s, &QLocalSocket::readyRead, this, [this, raw] { readFrom(raw); });
        connect(s, &QLocalSocket::disconnected, this, [this, raw] {
            if (raw->reader.midFrame())
                window_.showStatus(tr("Live link: a client left in the middle of a frame (%1)").arg(qs(raw->reader.progress())), 8000);
            drop(raw);
        });
        connections_.push_back(std::move(c));
        readFrom(raw);
    }
}

bool LinkServer::computeIdle() const { return !window_.computeController()->busy(); }

LinkServer::Connection* LinkServer::find(quint64 id) const {
    for (const auto& c : connections_)
        if (c->id == id) return c.get();
    return nullptr;
}

void LinkServer::readFrom(Connection* c) {
    if (c->handling || c->waiting) return;
    QElapsedTimer clock;
    clock.start();
    const quint64 id = c->id;
    for (;;) {
        while (auto r = c->reader.next()) c->queue.push_back(std::move(*r));
        if (!process(c, clock)) return;  // dropped, waiting, or yielding to the event loop
        if (c->socket->bytesAvailable() <= 0 || c->reader.failed()) break;
        const QByteArray chunk = c->socket->read(kReadChunk);
        c->reader.feed(std::span<const std::byte>(reinterpret_cast<const std::byte*>(chunk.constData()),
                                                  static_cast<std::size_t>(chunk.size())));
    }
    if (!find(id)) return;
    if (c->reader.midFrame()) c->timeout->start();
    else c->timeout->stop();
}

bool LinkServer::process(Connection* c, const QElapsedTimer& clock) {
    const quint64 id = c->id;
    while (!c->queue.empty()) {
        if (clock.elapsed() > kSliceMs) {
            // Let the window and the other clients have their turn, then go on.
            QTimer::singleShot(0, this, [this, id] {
                if (Connection* again = find(id)) readFrom(again);
            });
            return false;
        }
        link::ReadResult r = std::move(c->queue.front());
        c->queue.pop_front();
        if (!r.frame) {
            send(c, link::errorReply(r.command, r.error, r.fatal ? "ProtocolError" : "ValueError"));
            if (r.fatal) {
                drop(c);
                return false;
            }
            continue;
        }
        // Of consecutive specs only the last reaches the Spec dock (each is checked and answered).
        const bool specFollows = !c->queue.empty() && c->queue.front().frame &&
                                 c->queue.front().frame->header.value("command", "") == "spec";
        c->handling = true;
        const Reply done = handle(c, *r.frame, !specFollows);
        c->handling = false;
        if (!find(id)) return false;
        if (done == Reply::Wait) {
            c->waiting = std::move(*r.frame);
            poll_->start();
            return false;
        }
    }
    return true;
}

void LinkServer::pollWaiting() {
    if (!computeIdle()) return;
    poll_->stop();
    std::vector<quint64> ready;
    for (auto& c : connections_)
        if (c->waiting) ready.push_back(c->id);
    for (quint64 id : ready) {
        Connection* c = find(id);
        if (!c || !c->waiting) continue;
        Frame f = std::move(*c->waiting);
        c->waiting.reset();
        c->handling = true;
        const Reply r = handle(c, f, true);
        c->handling = false;
        if (!find(id)) continue;
        if (r == Reply::Wait) {
            c->waiting = std::move(f);
            poll_->start();
            continue;
        }
        readFrom(c);
    }
}

void LinkServer::send(Connection* c, const json& header, std::span<const std::byte> payload) {
    const std::vector<std::byte> bytes = link::encodeFrame(header, payload);
    c->socket->write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
    c->socket->flush();
}

void LinkServer::drop(Connection* c) {
    const auto it = std::find_if(connections_.begin(), connections_.end(), [c](const auto& p) { return p.get() == c; });
    if (it == connections_.end()) return;
    QLocalSocket* s = c->socket;
    s->disconnect(this);
    c->timeout->stop();
    // Written replies still go out: the socket closes once they are sent, then deletes itself.
    if (s->state() == QLocalSocket::UnconnectedState) s->deleteLater();
    else {
        connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
        s->disconnectFromServer();
    }
    std::unique_ptr<Connection> keep = std::move(*it);
    connections_.erase(it);
}

// ---- the commands ----

LinkServer::Reply LinkServer::handle(Connection* c, const Frame& f, bool applySpec) {
    const std::string command = f.header.value("command", "");
    const bool needsIdle = command == "result" || command == "inspect" || command == "compare" || command == "screenshot" ||
                           command == "stats";
    if (needsIdle && !computeIdle()) return Reply::Wait;
    try {
        json torch = followTorch(f);
        json reply;
        if (command == "ping") {
            reply = {{"version", kVersion}, {"protocol", link::kProtocolVersion}, {"socket", path_.toStdString()}};
        } else if (command == "open") {
            reply = cmdOpen(f);
        } else if (command == "spec") {
            reply = cmdSpec(f, applySpec);
        } else if (command == "inspect") {
            reply = cmdInspect(f);
        } else if (command == "compare") {
            reply = cmdCompare(f);
        } else if (command == "stats") {
            reply = regionStatsReply(window_, f.header);
        } else if (command == "result") {
            cmdResult(c, f);
            return Reply::Done;
        } else if (command == "screenshot") {
            cmdScreenshot(c, f);
            return Reply::Done;
        } else if (command == "quit") {
            send(c, {{"ok", true}, {"command", command}});
            QTimer::singleShot(0, &window_, [this] {
                window_.close();
                QApplication::quit();
            });
            return Reply::Done;
        } else {
            throw Refusal{"unknown command '" + command + "' (the commands: " + kCommands + ")", "ValueError"};
        }
        reply["ok"] = true;
        reply["command"] = command;
        if (!torch.is_null()) reply["torch"] = torch;
        send(c, reply);
    } catch (const Refusal& r) {
        send(c, link::errorReply(command, r.message, r.type));
    } catch (const ParseError& e) {
        send(c, link::errorReply(command, e.what(), e.typeName()));
    } catch (const SpecError& e) {
        send(c, link::errorReply(command, e.what(), pyErrorTypeName(e.pyType())));
    } catch (const std::exception& e) {
        send(c, link::errorReply(command, e.what(), "ValueError"));
    }
    return Reply::Done;
}

json LinkServer::followTorch(const Frame& f) {
    const auto v = f.header.find("torch_version");
    if (v == f.header.end() || !v->is_string()) return nullptr;
    const std::string client = v->get<std::string>();
    const Semantics* sem = nearestSemantics(client);
    if (!sem) return {{"client", client}, {"reproduced", std::string(window_.spec().semantics().version)},
                      {"note", "not a version number; the Spec dock's version is kept"}};
    const bool exact = client.rfind(std::string(sem->version) + ".", 0) == 0;
    const std::string note = exact ? "the client's version" : "the nearest supported version";
    if (&window_.spec().semantics() != sem) {
        SpecState s = window_.specDock()->state();
        s.torch = sem;
        window_.specDock()->setState(s);
        window_.showStatus(tr("Live link: the client runs PyTorch %1; reproducing %2 (%3)")
                               .arg(qs(client), qs(std::string(sem->version)), qs(note)),
                           8000);
    }
    return {{"client", client}, {"reproduced", std::string(sem->version)}, {"note", note}};
}

json LinkServer::cmdOpen(const Frame& f) {
    // The dtype as torch.from_numpy keeps it, as File ▸ Open of the same array as a .npy does: uint8
    // stays uint8, so the nearest modes compute it and the others refuse it as PyTorch does.
    link::TensorLoad load = link::decodeTensor(f, settings_.maxResultBytes(), NpyDTypes::AsPyTorch);
    checkInputShape(load.tensor);
    InputDocument doc;
    doc.displayName = qs(nameOf(f, "tensor"));
    doc.tensor = std::move(load.tensor);
    for (const auto& n : load.notices) doc.notices << qs(n);
    if (doc.tensor.rank() == 3)
        doc.notices << tr("A 3-D tensor is read as (N, C, L): one spatial dim");
    const Shape shape = doc.tensor.shape();
    const DType dtype = doc.tensor.dtype();
    if (!window_.openDocument(std::move(doc))) throw Refusal{window_.lastError().toStdString()};
    window_.showStatus(tr("Live link: opened %1 %2").arg(qs(nameOf(f, "tensor")), qs(formatShape(shape))), 5000);
    return {{"input", {{"shape", shape}, {"dtype", std::string(dtypeName(dtype))}}}, {"notices", load.notices}};
}

json LinkServer::cmdSpec(const Frame& f, bool apply) {
    const auto call = f.header.find("call");
    if (call == f.header.end() || !call->is_string())
        throw Refusal{"the header needs \"call\": the call as text, e.g. \"F.interpolate(x, scale_factor=2, mode='bicubic')\"",
                      "ValueError"};
    // The call text carries no version: the Spec dock's (the client's, when it named one).
    const ParsedCall parsed = parseCall(call->get<std::string>(), window_.spec().semantics());
    const auto& input = window_.input();
    if (!input) throw Refusal{"no tensor is open: send one with open first"};
    const ResolvedSpec resolved = resolve(parsed.spec, input->tensor.shape());  // PyTorch's error, if it refuses
    QString why;
    const auto state = SpecState::fromSpec(parsed.spec, input->spatialDims(), &why);
    if (!state) throw Refusal{why.toStdString(), "ValueError"};
    if (apply) window_.specDock()->setState(*state);
    return {{"call", toPythonCall(state->toSpec(input->spatialDims()))}, {"output_shape", resolved.outputShape},
            {"warnings", parsed.warnings}};
}

void LinkServer::cmdResult(Connection* c, const Frame& f) {
    const std::string of = f.header.value("of", "result");
    Tensor t;
    json h{{"ok", true}, {"command", "result"}, {"of", of}};
    if (of == "result") {
        if (!window_.result()) throw Refusal{"there is no result" + (window_.lastError().isEmpty() ? std::string() : ": " + window_.lastError().toStdString())};
        t = window_.result()->output;
        h["call"] = toPythonCall(window_.result()->spec);
        h["backend"] = window_.result()->report.backend;
    } else if (of == "input") {
        if (!window_.input()) throw Refusal{"no tensor is open"};
        t = window_.input()->tensor;
    } else if (of == "difference") {
        CompareWindow* cw = window_.analysis()->compare();
        if (cw->difference().empty()) throw Refusal{"there is no A/B difference" + (cw->message().isEmpty() ? std::string() : ": " + cw->message().toStdString())};
        t = cw->difference();
        h["title"] = cw->title().toStdString();
    } else {
        throw Refusal{"\"of\" is '" + of + "'; expected result, input or difference", "ValueError"};
    }
    h.update(link::tensorFields(t));
    send(c, h, link::tensorBytes(t));
}

json LinkServer::cmdInspect(const Frame& f) {
    const int64_t x = intField(f, "x"), y = intField(f, "y");
    if (!window_.result()) throw Refusal{"there is no result to inspect"};
    const PlaneView plane = window_.resultPlane();
    if (x < 0 || y < 0 || x >= plane.width() || y >= plane.height())
        throw Refusal{"pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") is outside the result plane of " +
                          std::to_string(plane.width()) + " x " + std::to_string(plane.height()),
                      "IndexError"};
    PinController* pin = window_.analysis()->pin();
    pin->pin(QPoint(static_cast<int>(x), static_cast<int>(y)));
    const auto& p = pin->pinned();
    if (!p) throw Refusal{pin->error().isEmpty() ? "the pixel cannot be inspected" : pin->error().toStdString()};
    json axes = json::array(), channels = json::array();
    for (const auto& a : p->inspection.axes) axes.push_back(axisJson(a));
    for (const auto& ch : p->inspection.channels)
        channels.push_back({{"channel", ch.channel}, {"value", ch.value}, {"recomputed", ch.recomputed}, {"sum", ch.sum}});
    return {{"pixel", {x, y}}, {"batch", p->batch}, {"out_pos", p->outPos}, {"call", toPythonCall(window_.spec())},
            {"axes", axes}, {"channels", channels}};
}

json LinkServer::cmdCompare(const Frame& f) {
    link::TensorLoad load = link::decodeTensor(f, settings_.maxResultBytes());
    QString name = qs(nameOf(f, "sent"));
    name.replace(QRegularExpression("[^A-Za-z0-9_.-]"), "_");
    if (!name.endsWith(".npy")) name += ".npy";
    AnalysisTools* tools = window_.analysis();
    tools->showCompare();
    CompareWindow* cw = tools->compare();
    // Handed over in memory: a .npy round trip through a scratch folder held the GUI thread for
    // seconds with a 15 MB tensor on a loaded machine (the GUI monkey's longest ping).
    cw->setTensor(1, load.tensor, name);
    if (!cw->setSources("current", "tensor:" + name))
        throw Refusal{"the compare window cannot show it: " + window_.lastError().toStdString()};
    if (!cw->stats()) throw Refusal{cw->message().toStdString(), "ValueError"};
    const DiffStats& s = *cw->stats();
    return {{"title", cw->title().toStdString()},
            {"stats",
             {{"max_abs", s.maxAbs}, {"arg_max_abs", s.argMaxAbs}, {"mean_abs", s.meanAbs}, {"rmse", s.rmse},
              {"psnr", std::isinf(s.psnr) ? json(nullptr) : json(s.psnr)}, {"peak", s.peak}, {"peak_rule", s.peakRule},
              {"count", s.count},
              {"differing", s.differing}, {"non_finite_mismatch", s.nonFiniteMismatch}}},
            {"notices", load.notices}};
}

void LinkServer::cmdScreenshot(Connection* c, const Frame& f) {
    const std::string of = f.header.value("of", "window");
    QWidget* target = nullptr;
    if (of == "window") target = &window_;
    else if (of == "compare") target = window_.analysis()->compare();
    else throw Refusal{"\"of\" is '" + of + "'; expected window or compare", "ValueError"};
    const QImage shot = target->grab().toImage();
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (shot.isNull() || !shot.save(&buffer, "PNG")) throw Refusal{"the screenshot cannot be rendered"};
    send(c, {{"ok", true}, {"command", "screenshot"}, {"of", of}, {"format", "png"}, {"width", shot.width()},
             {"height", shot.height()}},
         std::span<const std::byte>(reinterpret_cast<const std::byte*>(png.constData()), static_cast<std::size_t>(png.size())));
}

}  // namespace studio
