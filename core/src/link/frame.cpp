#include "upsample/link.hpp"

#include "upsample/npy.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string_view>

#include <pwd.h>
#include <unistd.h>

namespace upsample::link {

using nlohmann::json;

namespace {

struct WireDType {
    std::string_view name;  // NumPy's
    std::string_view npy;   // the .npy descr without its byte-order character
    std::size_t size;
};

// bfloat16 has no .npy descr: its frames are decoded without one (bfloat16Tensor).
constexpr std::array<WireDType, 11> kDTypes{{
    {"float32", "f4", 4}, {"float64", "f8", 8}, {"float16", "f2", 2}, {"bfloat16", "", 2}, {"uint8", "u1", 1},
    {"int8", "i1", 1}, {"uint16", "u2", 2}, {"int16", "i2", 2}, {"int32", "i4", 4}, {"int64", "i8", 8},
    {"bool", "b1", 1},
}};

const WireDType* findDType(const std::string& name) {
    for (const auto& d : kDTypes)
        if (d.name == name) return &d;
    return nullptr;
}

std::string dtypeList() {
    std::string s;
    for (const auto& d : kDTypes) s += (s.empty() ? "" : ", ") + std::string(d.name);
    return s;
}

// A JSON byte count: a non-negative integer (parsed texts give unsigned, built values signed).
std::optional<uint64_t> byteCount(const json& v) {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_integer() && v.get<int64_t>() >= 0) return static_cast<uint64_t>(v.get<int64_t>());
    return std::nullopt;
}

void putU32(std::vector<std::byte>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>((v >> (8 * i)) & 0xff));
}

struct TensorHeader {
    const WireDType* dtype;
    Shape shape;
    bool bigEndian;
    uint64_t nbytes;
};

// The tensor fields of a header, checked against each other and the cap.
TensorHeader readTensorHeader(const json& h, uint64_t maxBytes) {
    TensorHeader t{};
    const auto dt = h.find("dtype");
    if (dt == h.end() || !dt->is_string()) throw UsageError("the header has no \"dtype\" (a string such as \"float32\")");
    t.dtype = findDType(dt->get<std::string>());
    if (!t.dtype)
        throw UsageError("unsupported dtype '" + dt->get<std::string>() + "' (supported: " + dtypeList() + ")");
    const auto sh = h.find("shape");
    if (sh == h.end() || !sh->is_array()) throw UsageError("the header has no \"shape\" (a list of sizes)");
    if (sh->empty() || sh->size() > static_cast<std::size_t>(kMaxRank))
        throw UsageError("a shape of rank " + std::to_string(sh->size()) + " is not supported (1 to " +
                         std::to_string(kMaxRank) + ")");
    for (const auto& d : *sh) {
        if (!d.is_number_integer()) throw UsageError("the shape " + sh->dump() + " holds something other than integers");
        if (d.is_number_unsigned() && d.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            throw TooLargeError("the element count of shape " + sh->dump() + " overflows", 0, maxBytes);
        t.shape.push_back(d.get<int64_t>());
    }
    for (int64_t d : t.shape)
        if (d < 0) throw UsageError("negative dimension " + std::to_string(d) + " in the shape " + formatShape(t.shape));
    const auto bo = h.find("byteorder");
    const std::string order = bo != h.end() && bo->is_string() ? bo->get<std::string>() : "little";
    if (order != "little" && order != "big")
        throw UsageError("unknown byteorder '" + order + "' (expected \"little\" or \"big\")");
    t.bigEndian = order == "big";
    // The tensor as sent and as the studio keeps it (float32 unless float64), both under the cap.
    const int64_t numel = shapeNumel(t.shape);  // throws TooLargeError on overflow
    const std::string what = "the tensor " + formatShape(t.shape) + " " + std::string(t.dtype->name);
    if (static_cast<uint64_t>(numel) > std::numeric_limits<uint64_t>::max() / 8)
        throw TooLargeError("the element count of shape " + formatShape(t.shape) + " overflows", 0, maxBytes);
    const uint64_t bytes = static_cast<uint64_t>(numel) * t.dtype->size;
    const uint64_t kept = static_cast<uint64_t>(numel) * (t.dtype->name == "float64" ? 8 : 4);
    checkByteCap(what, bytes, maxBytes);
    checkByteCap(what + " as " + (t.dtype->name == "float64" ? "float64" : "float32"), kept, maxBytes);
    const auto nb = h.find("nbytes");
    t.nbytes = nb != h.end() ? byteCount(*nb).value_or(0) : 0;
    if (t.nbytes != bytes)
        throw UsageError("the header says nbytes " + std::to_string(t.nbytes) + ", but " + what + " is " +
                         std::to_string(bytes) + " bytes");
    return t;
}

// A .npy header for the frame's tensor, so that readNpyBytes converts it as it converts files.
std::vector<std::byte> npyPrefix(const TensorHeader& t) {
    std::string shape = "(";
    for (std::size_t i = 0; i < t.shape.size(); ++i) shape += (i ? ", " : "") + std::to_string(t.shape[i]);
    shape += t.shape.size() == 1 ? ",)" : ")";
    const char order = t.dtype->size == 1 ? '|' : (t.bigEndian ? '>' : '<');
    std::string dict = "{'descr': '" + std::string(1, order) + std::string(t.dtype->npy) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
    std::size_t total = 10 + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    std::vector<std::byte> out;
    const char magic[] = "\x93NUMPY\x01\x00";
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::byte>(magic[i]));
    out.push_back(static_cast<std::byte>(dict.size() & 0xff));
    out.push_back(static_cast<std::byte>(dict.size() >> 8));
    for (char c : dict) out.push_back(static_cast<std::byte>(c));
    return out;
}

// A bfloat16 frame's tensor: kept with AsPyTorch, else widened to float32 exactly (with a notice,
// as readNpyBytes converts the other dtypes).
TensorLoad bfloat16Tensor(const TensorHeader& t, std::span<const std::byte> payload, NpyDTypes dtypes) {
    Tensor bits(t.shape, DType::BFloat16);
    auto* p = static_cast<uint16_t*>(bits.raw());
    for (int64_t i = 0; i < bits.numel(); ++i) {
        const auto lo = std::to_integer<uint16_t>(payload[static_cast<std::size_t>(2 * i) + (t.bigEndian ? 1 : 0)]);
        const auto hi = std::to_integer<uint16_t>(payload[static_cast<std::size_t>(2 * i) + (t.bigEndian ? 0 : 1)]);
        p[i] = static_cast<uint16_t>(lo | (hi << 8));
    }
    if (dtypes == NpyDTypes::AsPyTorch) return {std::move(bits), {}};
    return {bits.to(DType::Float32), {"converted bfloat16 to float32"}};
}

}  // namespace

std::vector<std::byte> encodeFrame(json header, std::span<const std::byte> payload) {
    header["nbytes"] = static_cast<uint64_t>(payload.size());
    const std::string text = header.dump();
    std::vector<std::byte> out;
    out.reserve(4 + text.size() + payload.size());
    putU32(out, static_cast<uint32_t>(text.size()));
    for (char c : text) out.push_back(static_cast<std::byte>(c));
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
}

json tensorFields(const Tensor& t) {
    static_assert(std::endian::native == std::endian::little, "the wire order is little endian");
    return {{"dtype", std::string(dtypeName(t.dtype()))}, {"shape", t.shape()}, {"byteorder", "little"},
            {"nbytes", static_cast<uint64_t>(t.nbytes())}};
}

std::span<const std::byte> tensorBytes(const Tensor& t) {
    return {static_cast<const std::byte*>(t.raw()), t.nbytes()};
}

void checkTensorHeader(const json& header, uint64_t maxBytes) { readTensorHeader(header, maxBytes); }

TensorLoad decodeTensor(const Frame& frame, uint64_t maxBytes, NpyDTypes dtypes) {
    const TensorHeader t = readTensorHeader(frame.header, maxBytes);
    if (frame.payload.size() != t.nbytes)
        throw UsageError("the frame holds " + std::to_string(frame.payload.size()) + " bytes, its header says " +
                         std::to_string(t.nbytes));
    if (t.dtype->name == "bfloat16") return bfloat16Tensor(t, frame.payload, dtypes);
    std::vector<std::byte> npy = npyPrefix(t);
    npy.insert(npy.end(), frame.payload.begin(), frame.payload.end());
    NpyLoad load = readNpyBytes(npy, dtypes, maxBytes);
    return {std::move(load.tensor), std::move(load.notices)};
}

// ---- FrameReader ----

FrameReader::FrameReader(uint64_t maxPayloadBytes) : maxPayload_(maxPayloadBytes) {}

bool FrameReader::midFrame() const {
    return !failed_ && (state_ != State::Length || !small_.empty());
}

std::string FrameReader::progress() const {
    switch (state_) {
        case State::Length: return std::to_string(small_.size()) + " of the 4 bytes of the header length";
        case State::Header:
            return std::to_string(small_.size()) + " of " + std::to_string(headerLength_) + " bytes of the header";
        case State::Payload:
        case State::Skip:
            return std::to_string(payloadGot_) + " of " + std::to_string(payloadWanted_) + " bytes of the payload";
    }
    return {};
}

void FrameReader::abandon(const std::string& why) {
    if (failed_) return;
    ReadResult r;
    r.error = "truncated frame: " + why + " after " + progress();
    if (state_ == State::Payload || state_ == State::Skip) r.command = frame_.header.value("command", "");
    r.fatal = true;
    ready_.push_back(std::move(r));
    failed_ = true;
}

void FrameReader::onHeader() {
    const std::string text(reinterpret_cast<const char*>(small_.data()), small_.size());
    small_.clear();
    auto fatal = [&](const std::string& message, const std::string& command = {}) {
        ReadResult r;
        r.error = message;
        r.command = command;
        r.fatal = true;
        ready_.push_back(std::move(r));
        failed_ = true;
    };
    json h = json::parse(text, nullptr, false);
    if (h.is_discarded() || !h.is_object()) {
        const std::string shown = text.size() > 60 ? text.substr(0, 60) + "..." : text;
        return fatal("the frame header is not a JSON object: " + json(shown).dump(-1, ' ', true, json::error_handler_t::replace));
    }
    const std::string command = h.contains("command") && h["command"].is_string() ? h["command"].get<std::string>() : "";
    const auto nb = h.find("nbytes");
    uint64_t nbytes = 0;
    if (nb != h.end()) {
        const auto count = byteCount(*nb);
        if (!count) return fatal("\"nbytes\" is not a byte count: " + nb->dump(), command);
        nbytes = *count;
    }
    if (nbytes > maxPayload_) {
        std::string message = "a payload of " + formatBytes(nbytes) + " is over the limit of " + formatBytes(maxPayload_);
        if (h.contains("dtype")) {
            try {
                checkTensorHeader(h, maxPayload_);
            } catch (const Error& e) {
                message = e.what();
            }
        }
        return fatal(message, command);
    }
    std::string refusal;
    if (command.empty()) refusal = "the frame header has no \"command\"";
    else if (h.contains("dtype")) {
        try {
            checkTensorHeader(h, maxPayload_);
        } catch (const Error& e) {
            refusal = e.what();
        }
    }
    frame_ = Frame{std::move(h), {}};
    payloadWanted_ = nbytes;
    payloadGot_ = 0;
    if (!refusal.empty()) {
        ReadResult r;
        r.error = refusal;
        r.command = command;
        ready_.push_back(std::move(r));
        state_ = nbytes > 0 ? State::Skip : State::Length;
        return;
    }
    frame_.payload.resize(nbytes);
    state_ = State::Payload;
    if (nbytes == 0) {
        ready_.push_back(ReadResult{std::move(frame_), {}, command, false});
        frame_ = Frame{};
        state_ = State::Length;
    }
}

void FrameReader::feed(std::span<const std::byte> bytes) {
    std::size_t at = 0;
    while (at < bytes.size() && !failed_) {
        const std::size_t left = bytes.size() - at;
        switch (state_) {
            case State::Length: {
                small_.push_back(bytes[at++]);
                if (small_.size() == 4) {
                    headerLength_ = 0;
                    for (int i = 3; i >= 0; --i) headerLength_ = (headerLength_ << 8) | static_cast<uint32_t>(small_[i]);
                    small_.clear();
                    if (headerLength_ == 0 || headerLength_ > kMaxHeaderBytes) {
                        ReadResult r;
                        r.error = "a frame header of " + std::to_string(headerLength_) + " bytes (the limit is " +
                                  std::to_string(kMaxHeaderBytes) + "; a frame starts with the header's length as 4 "
                                  "little-endian bytes)";
                        r.fatal = true;
                        ready_.push_back(std::move(r));
                        failed_ = true;
                    } else {
                        state_ = State::Header;
                    }
                }
                break;
            }
            case State::Header: {
                const std::size_t take = std::min<std::size_t>(left, headerLength_ - small_.size());
                small_.insert(small_.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at),
                              bytes.begin() + static_cast<std::ptrdiff_t>(at + take));
                at += take;
                if (small_.size() == headerLength_) onHeader();
                break;
            }
            case State::Payload:
            case State::Skip: {
                const std::size_t take = static_cast<std::size_t>(std::min<uint64_t>(left, payloadWanted_ - payloadGot_));
                if (state_ == State::Payload)
                    std::memcpy(frame_.payload.data() + payloadGot_, bytes.data() + at, take);
                at += take;
                payloadGot_ += take;
                if (payloadGot_ == payloadWanted_) {
                    if (state_ == State::Payload) {
                        const std::string command = frame_.header.value("command", "");
                        ready_.push_back(ReadResult{std::move(frame_), {}, command, false});
                    }
                    frame_ = Frame{};
                    state_ = State::Length;
                }
                break;
            }
        }
    }
}

std::optional<ReadResult> FrameReader::next() {
    if (ready_.empty()) return std::nullopt;
    ReadResult r = std::move(ready_.front());
    ready_.pop_front();
    return r;
}

json errorReply(const std::string& command, const std::string& message, const std::string& type) {
    return {{"ok", false}, {"command", command}, {"error", message}, {"error_type", type}};
}

// ---- where the socket is ----

bool validName(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

std::string runtimeDir() {
    if (const char* x = std::getenv("XDG_RUNTIME_DIR"); x && *x) return x;
    std::string tmp = "/tmp";
    if (const char* t = std::getenv("TMPDIR"); t && *t) tmp = t;
    while (tmp.size() > 1 && tmp.back() == '/') tmp.pop_back();
    std::string user = std::to_string(geteuid());
    if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) user = pw->pw_name;
    return tmp + "/runtime-" + user;
}

std::string socketPath(const std::string& name) { return runtimeDir() + "/upsample-studio-" + name + ".sock"; }

}  // namespace upsample::link
