// The live link's wire format, shared by the studio (the server), upsample-cli send and the tests;
// the Python client (python/upsample_studio) speaks the same. Every message, either way, is a frame:
//
//   u32 little-endian length of the header | the header: a UTF-8 JSON object | `nbytes` raw bytes
//
// A request header names a "command"; a tensor travels as "dtype" (NumPy's name: float32, float64,
// float16, bfloat16 (2 bytes, no .npy descr), uint8, int8, uint16, int16, int32, int64, bool), "shape", "byteorder" ("little" or "big")
// and "nbytes", with the C-order bytes as the payload. Each request gets one reply frame, in order:
// {"ok": true, ...} with the answer (and a payload for tensors and PNGs), or {"ok": false,
// "error": "...", "error_type": "..."}. README.md, "Live link", lists the commands.
//
// FrameReader checks each header before it allocates anything: a header over kMaxHeaderBytes, a
// header that is not a JSON object, or a payload over the size cap ends the stream (fatal: the
// connection is closed after the error reply); a header whose tensor fields do not add up (an
// unknown dtype, a byte count that is not shape x itemsize, a tensor over the cap) is refused
// and its payload skipped without being stored, and the stream goes on.
#pragma once

#include "upsample/error.hpp"
#include "upsample/npy.hpp"
#include "upsample/tensor.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace upsample::link {

inline constexpr int kProtocolVersion = 1;
inline constexpr uint32_t kMaxHeaderBytes = 64 * 1024;
inline constexpr int kMaxRank = 8;

struct Frame {
    nlohmann::json header;  // always an object
    std::vector<std::byte> payload;
};

// One result of reading: a frame, or a refused one (error set; fatal: the stream cannot be
// followed past it).
struct ReadResult {
    std::optional<Frame> frame;
    std::string error;
    std::string command;  // the refused frame's command, when its header said
    bool fatal = false;
};

// The frame's bytes; header["nbytes"] is set to the payload's size.
std::vector<std::byte> encodeFrame(nlohmann::json header, std::span<const std::byte> payload = {});

// The header fields of a tensor (dtype, shape, byteorder little, nbytes) and its bytes: little
// endian, C order, as float32 or float64.
nlohmann::json tensorFields(const Tensor& t);
std::span<const std::byte> tensorBytes(const Tensor& t);

// The tensor a frame carries, in native order. dtypes: ConvertToFloat32 (the default) keeps
// float32 and float64 and converts the rest to float32, with a notice; AsPyTorch keeps the dtype
// as torch.from_numpy does (uint8 stays uint8), as the studio's open of a .npy does, and refuses
// uint16/uint32/uint64 with torch.from_numpy's TypeError. Throws Error when the frame carries no
// tensor or it does not add up.
struct TensorLoad {
    Tensor tensor;
    std::vector<std::string> notices;
};
TensorLoad decodeTensor(const Frame& frame, uint64_t maxBytes, NpyDTypes dtypes = NpyDTypes::ConvertToFloat32);

// Checks a header's tensor fields (dtype, shape, byteorder, nbytes) against each other and the
// cap, without touching any payload. Throws Error (TooLargeError over the cap).
void checkTensorHeader(const nlohmann::json& header, uint64_t maxBytes);

// Reads frames from a byte stream fed in pieces of any size. Each payload is stored only after
// its header passed the checks above, so no byte count a client writes is allocated unchecked.
class FrameReader {
public:
    explicit FrameReader(uint64_t maxPayloadBytes);

    // Consumes bytes; complete frames and errors queue up for next(). After a fatal error the
    // rest is ignored.
    void feed(std::span<const std::byte> bytes);
    std::optional<ReadResult> next();
    bool pending() const { return !ready_.empty(); }
    bool failed() const { return failed_; }
    // Bytes of an unfinished frame are held: how far it got ("12 of 64 bytes of the payload").
    bool midFrame() const;
    std::string progress() const;
    // The frame cannot finish (the peer went away or took too long): a fatal error naming what
    // is missing, queued for next().
    void abandon(const std::string& why);

private:
    enum class State { Length, Header, Payload, Skip };
    void onHeader();

    uint64_t maxPayload_;
    State state_ = State::Length;
    std::vector<std::byte> small_;  // the length or the header being read
    uint32_t headerLength_ = 0;
    Frame frame_;
    uint64_t payloadWanted_ = 0, payloadGot_ = 0;
    std::deque<ReadResult> ready_;
    bool failed_ = false;
};

// {"ok": false, "command": command, "error": message, "error_type": type}.
nlohmann::json errorReply(const std::string& command, const std::string& message,
                          const std::string& type = "StudioError");

// The socket the studio listens on for a name: $XDG_RUNTIME_DIR/upsample-studio-NAME.sock, or
// without XDG_RUNTIME_DIR, Qt's fallback runtime folder ($TMPDIR or /tmp, then /runtime-USER).
// Names are 1 to 64 letters, digits, '_' or '-'; "default" when none is given.
inline constexpr const char* kDefaultName = "default";
bool validName(const std::string& name);
std::string runtimeDir();
std::string socketPath(const std::string& name);

// A blocking client on the studio's socket (what upsample-cli send uses).
class Client {
public:
    // Throws IoError when nothing listens on the path.
    explicit Client(const std::string& path);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Sends one request and waits for its reply (throws IoError when the connection fails).
    Frame request(nlohmann::json header, std::span<const std::byte> payload = {});

private:
    int fd_ = -1;
    FrameReader reader_;
};

}  // namespace upsample::link
