// libFuzzer target: the picture loader (app/imageio) on arbitrary bytes. Reading must either give
// a (1, C, H, W) tensor with C in {1, 3, 4} or throw upsample::Error; never crash, hang or leak.
#include "imageio/image_io.hpp"
#include "upsample/error.hpp"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    try {
        // a small cap, so that headers claiming huge pictures are refused before decoding
        const auto load = upsample::imageio::readImageBytes(bytes, QStringLiteral("fuzz"), uint64_t{64} << 20);
        const auto& s = load.tensor.shape();
        if (s.size() != 4 || s[0] != 1 || !(s[1] == 1 || s[1] == 3 || s[1] == 4)) std::abort();
    } catch (const upsample::Error&) {
    }
    return 0;
}
