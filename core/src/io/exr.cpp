#include "upsample/exr.hpp"

#include "io/byte_source.hpp"
#include "upsample/error.hpp"

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfIO.h>
#include <ImfInputFile.h>
#include <ImfOutputFile.h>
#include <ImfStandardAttributes.h>
#include <half.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <vector>

namespace upsample {
namespace {

constexpr int64_t kMaxSide = 1 << 20;

class SpanStream final : public Imf::IStream {
public:
    explicit SpanStream(std::span<const std::byte> bytes) : Imf::IStream("(memory)"), bytes_(bytes) {}
    bool isMemoryMapped() const override { return false; }
    bool read(char c[], int n) override {
        if (n < 0 || static_cast<uint64_t>(n) > bytes_.size() - pos_)
            throw std::runtime_error("unexpected end of file");
        std::memcpy(c, bytes_.data() + pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<uint64_t>(n);
        return pos_ < bytes_.size();
    }
    uint64_t tellg() override { return pos_; }
    void seekg(uint64_t pos) override {
        if (pos > bytes_.size()) throw std::runtime_error("seek past the end of the file");
        pos_ = pos;
    }
    void clear() override {}

private:
    std::span<const std::byte> bytes_;
    uint64_t pos_ = 0;
};

constexpr uint64_t kMaxHeaderBytes = 1 << 20;

// OpenEXR allocates each header attribute at the size the file claims before it checks it: the
// header is walked here first (magic, version, then name\0 type\0 int32 size, value; a multi-part
// file's headers each end with an empty name) and a size running past the file is refused.
// A chlist value: entries of name\0, int32 type, 4 bytes, int32 x and y sampling, then \0.
int64_t channelCount(std::span<const std::byte> v) {
    int64_t n = 0;
    for (std::size_t at = 0; at < v.size() && v[at] != std::byte{0}; ++n) {
        while (at < v.size() && v[at] != std::byte{0}) ++at;
        at += 1 + 16;
    }
    return n;
}

// The data window (box2i: xMin, yMin, xMax, yMax) and channels of the first part: their pixels
// are checked against maxBytes before OpenEXR sizes its line buffers from them.
void checkPixels(std::span<const std::byte> box, int64_t channels, uint64_t maxBytes) {
    const auto i32 = [&](std::size_t at) {
        uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint32_t>(box[at + static_cast<std::size_t>(i)]);
        return static_cast<int64_t>(static_cast<int32_t>(v));
    };
    const int64_t w = i32(8) - i32(0) + 1, h = i32(12) - i32(4) + 1;
    if (w < 1 || h < 1 || w > kMaxSide || h > kMaxSide)
        throw TensorFileError("the data window is " + std::to_string(w) + "x" + std::to_string(h) + " pixels");
    const Shape shape{1, std::max<int64_t>(channels, 1), h, w};
    checkByteCap("the picture of shape " + formatShape(shape), shapeBytes(shape, DType::Float32), maxBytes);
}

void checkHeader(std::span<const std::byte> head, uint64_t fileSize, uint64_t maxBytes) {
    const auto u32 = [&](std::size_t at) {
        uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint32_t>(head[at + static_cast<std::size_t>(i)]);
        return v;
    };
    if (head.size() < 8 || u32(0) != 20000630u) throw TensorFileError("not an OpenEXR file (no magic number)");
    const bool multiPart = (u32(4) & 0x1000u) != 0;
    std::size_t at = 8;
    const auto cString = [&](const char* what) {
        const std::size_t start = at;
        while (at < head.size() && head[at] != std::byte{0}) ++at;
        if (at >= head.size()) throw TensorFileError(std::string("the header is cut short in an attribute's ") + what);
        return at++ - start;
    };
    std::span<const std::byte> box;
    int64_t channels = 0;
    for (int parts = 0;; ++parts) {
        if (parts > 1024) throw TensorFileError("the file claims more than 1024 parts");
        int attributes = 0;
        for (std::size_t nameAt = at; cString("name") > 0; nameAt = at) {
            const std::string name(reinterpret_cast<const char*>(head.data() + nameAt));
            cString("type");
            if (at + 4 > head.size()) throw TensorFileError("the header is cut short in an attribute's size");
            const uint32_t size = u32(at);
            at += 4;
            if (size > fileSize - std::min<uint64_t>(fileSize, at) || size > head.size() - at)
                throw TensorFileError("a header attribute claims " + std::to_string(static_cast<int32_t>(size)) +
                                      " bytes, more than the file holds after it");
            if (parts == 0 && name == "dataWindow" && size == 16) box = head.subspan(at, 16);
            if (parts == 0 && name == "channels") channels = channelCount(head.subspan(at, size));
            at += size;
            ++attributes;
        }
        if (!multiPart || attributes == 0) break;
    }
    if (box.empty()) throw TensorFileError("the header has no dataWindow");
    checkPixels(box, channels, maxBytes);
}

// The channel names to read, in the tensor's order.
std::vector<std::string> pickChannels(const Imf::ChannelList& list) {
    std::vector<std::string> names;
    for (auto it = list.begin(); it != list.end(); ++it) names.emplace_back(it.name());
    const auto has = [&](const char* n) { return list.findChannel(n) != nullptr; };
    std::vector<std::string> pick;
    if (has("R") && has("G") && has("B")) pick = {"R", "G", "B"};
    else if (has("Y")) pick = {"Y"};
    if (!pick.empty() && has("A")) pick.push_back("A");
    if (pick.empty() || pick.size() + 0 < names.size()) {
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        throw TensorFileError("the channels (" + (all.empty() ? std::string("none") : all) +
                              ") are not R, G, B (and A) or Y (and A); layers and other channels are not read");
    }
    for (const auto& n : pick) {
        const Imf::Channel* c = list.findChannel(n.c_str());
        if (c->type == Imf::UINT) throw TensorFileError("the channel " + n + " holds UINT values; only half and float are read");
        if (c->xSampling != 1 || c->ySampling != 1) throw TensorFileError("the channel " + n + " is subsampled");
    }
    return pick;
}

ExrLoad readFrom(Imf::InputFile& file, uint64_t maxBytes) {
    const Imath::Box2i dw = file.header().dataWindow();
    const int64_t w = int64_t{dw.max.x} - dw.min.x + 1, h = int64_t{dw.max.y} - dw.min.y + 1;
    if (w < 1 || h < 1 || w > kMaxSide || h > kMaxSide)
        throw TensorFileError("the data window is " + std::to_string(w) + "x" + std::to_string(h) + " pixels");
    const auto names = pickChannels(file.header().channels());
    const Shape shape{1, static_cast<int64_t>(names.size()), h, w};
    checkByteCap("the picture of shape " + formatShape(shape), shapeBytes(shape, DType::Float32), maxBytes);
    ExrLoad load;
    load.tensor = Tensor(shape, DType::Float32);
    float* data = load.tensor.data<float>();
    Imf::FrameBuffer fb;
    bool allHalf = true;
    for (std::size_t c = 0; c < names.size(); ++c) {
        allHalf = allHalf && file.header().channels().findChannel(names[c].c_str())->type == Imf::HALF;
        // Slice origin: the pixel (0, 0) of the data window's coordinate system.
        const intptr_t origin = reinterpret_cast<intptr_t>(data + static_cast<int64_t>(c) * w * h) -
                                (int64_t{dw.min.x} + int64_t{dw.min.y} * w) * static_cast<intptr_t>(sizeof(float));
        fb.insert(names[c], Imf::Slice(Imf::FLOAT, reinterpret_cast<char*>(origin), sizeof(float),
                                       sizeof(float) * static_cast<std::size_t>(w)));
        load.channels += names[c];
    }
    file.setFrameBuffer(fb);
    file.readPixels(dw.min.y, dw.max.y);
    load.notices.push_back("read a " + std::to_string(w) + "x" + std::to_string(h) + " OpenEXR (" +
                           (allHalf ? "half " : "float ") + load.channels + ") as a " + formatShape(shape) +
                           " float32 tensor of its values");
    return load;
}

template <class F>
ExrLoad guarded(const std::string& name, F&& f) {
    try {
        return f();
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw TensorFileError(name + ": not a readable OpenEXR file: " + e.what());
    }
}

}  // namespace

bool exrSupported() { return true; }

ExrLoad readExr(const std::string& path, uint64_t maxBytes) {
    return guarded(path, [&] {
        try {
            const io::FileSource src(path);
            checkHeader(src.bytes(0, std::min<uint64_t>(src.size(), kMaxHeaderBytes)), src.size(), maxBytes);
            Imf::InputFile file(path.c_str());
            return readFrom(file, maxBytes);
        } catch (const TensorFileError& e) {
            throw TensorFileError(path + ": " + e.what());
        }
    });
}

ExrLoad readExrBytes(std::span<const std::byte> bytes, uint64_t maxBytes) {
    return guarded("the OpenEXR data", [&] {
        checkHeader(bytes.first(std::min<std::size_t>(bytes.size(), kMaxHeaderBytes)), bytes.size(), maxBytes);
        SpanStream stream(bytes);
        Imf::InputFile file(stream);
        return readFrom(file, maxBytes);
    });
}

void writeExrForTest(const std::string& path, const Tensor& t, bool asHalf) {
    const int rank = t.rank();
    if ((rank != 3 && rank != 4) || t.dtype() != DType::Float32) throw TensorFileError("writeExrForTest: a float32 (C, H, W)");
    const int64_t c = t.dim(rank - 3), h = t.dim(rank - 2), w = t.dim(rank - 1);
    static const char* const names4[] = {"R", "G", "B", "A"};
    Imf::Header header(static_cast<int>(w), static_cast<int>(h));
    for (int64_t i = 0; i < c; ++i)
        header.channels().insert(c == 1 ? "Y" : names4[i], Imf::Channel(asHalf ? Imf::HALF : Imf::FLOAT));
    std::vector<Imath::half> halves(asHalf ? static_cast<std::size_t>(t.numel()) : 0);
    for (std::size_t i = 0; i < halves.size(); ++i) halves[i] = Imath::half(t.data<float>()[i]);
    Imf::FrameBuffer fb;
    for (int64_t i = 0; i < c; ++i) {
        char* base = asHalf ? reinterpret_cast<char*>(halves.data() + i * w * h)
                          : reinterpret_cast<char*>(const_cast<float*>(t.data<float>() + i * w * h));
        const std::size_t size = asHalf ? sizeof(Imath::half) : sizeof(float);
        fb.insert(c == 1 ? "Y" : names4[i], Imf::Slice(asHalf ? Imf::HALF : Imf::FLOAT, base, size, size * static_cast<std::size_t>(w)));
    }
    try {
        Imf::OutputFile file(path.c_str(), header);
        file.setFrameBuffer(fb);
        file.writePixels(static_cast<int>(h));
    } catch (const std::exception& e) {
        throw TensorFileError(path + ": cannot write the OpenEXR file: " + e.what());
    }
}

}  // namespace upsample
