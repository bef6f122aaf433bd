#include "upsample/array_reading.hpp"

#include "upsample/error.hpp"

#include <cstring>

namespace upsample {

namespace {

bool isBig(int64_t v) { return v >= 8; }
bool isFewChannels(int64_t v) { return v >= 1 && v <= 4; }

// The same values under another shape (the dims added are of size 1).
Tensor withShape(const Tensor& t, Shape shape) {
    Tensor out(std::move(shape), t.dtype());
    if (t.nbytes() > 0) std::memcpy(out.raw(), t.raw(), t.nbytes());
    return out;
}

// (H, W, C) -> (1, C, H, W), element by element in the dtype's bytes.
Tensor channelsLastToNchw(const Tensor& t) {
    const int64_t h = t.dim(0), w = t.dim(1), c = t.dim(2);
    Tensor out({1, c, h, w}, t.dtype());
    const std::size_t item = dtypeSize(t.dtype());
    const auto* src = static_cast<const std::byte*>(t.raw());
    auto* dst = static_cast<std::byte*>(out.raw());
    for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x)
            for (int64_t k = 0; k < c; ++k)
                std::memcpy(dst + static_cast<std::size_t>((k * h + y) * w + x) * item,
                            src + static_cast<std::size_t>((y * w + x) * c + k) * item, item);
    return out;
}

Shape prepend(Shape s, std::size_t ones) {
    s.insert(s.begin(), ones, 1);
    return s;
}

}  // namespace

std::string_view readingLayout(ArrayReading reading) {
    switch (reading) {
        case ArrayReading::ChannelsFirst: return "(C, H, W)";
        case ArrayReading::DepthHW: return "(D, H, W)";
        case ArrayReading::AsPyTorch: return "(N, C, L)";
        case ArrayReading::ChannelsLast: return "(H, W, C)";
        case ArrayReading::Auto: break;
    }
    return "auto";
}

ReadingGuess guessArrayReading(const Shape& s) {
    ReadingGuess g;
    if (s.size() != 3) {
        g.reading = s.size() <= 2 ? ArrayReading::DepthHW : ArrayReading::AsPyTorch;  // x[None, None] / as is
        return g;
    }
    if (s[0] == 1 && s[1] == 1) {
        g.reading = ArrayReading::AsPyTorch;
        g.why = "two leading ones: almost surely (N, C, L), one signal of length " + std::to_string(s[2]);
        return g;
    }
    g.reading = ArrayReading::ChannelsFirst;
    if (isBig(s[0]) && isBig(s[1]) && isFewChannels(s[2]) && !isFewChannels(s[0])) {
        g.offer = ArrayReading::ChannelsLast;
        g.offerText = formatShape(s) + " looks like (H, W, C), channels-last: x.permute(2, 0, 1)[None] is " +
                      formatShape({1, s[2], s[0], s[1]}) + ", one " + std::to_string(s[0]) + "x" +
                      std::to_string(s[1]) + " picture of " + std::to_string(s[2]) + " channel" +
                      (s[2] == 1 ? "" : "s");
    }
    return g;
}

ArrayRead readArrayAs(const Tensor& array, ArrayReading reading) {
    const Shape& s = array.shape();
    if (s.empty() || s.size() > 5)
        throw UsageError("an array of shape " + formatShape(s) + " (rank " + std::to_string(s.size()) +
                         ") cannot be read as F.interpolate's input: rank 1 to 5 are, (L), (H, W), (C, H, W), "
                         "(N, C, L), (N, C, H, W) and (N, C, D, H, W)");
    ArrayRead r;
    const ReadingGuess guess = guessArrayReading(s);
    if (reading == ArrayReading::Auto) {
        reading = guess.reading;
        r.offer = guess.offer;
        r.offerText = guess.offerText;
    }
    const std::string from = formatShape(s);
    if (s.size() >= 4) {
        r.tensor = array;
        r.reading = ArrayReading::AsPyTorch;
        return r;
    }
    if (s.size() <= 2) {
        r.reading = ArrayReading::DepthHW;
        r.indexing = "x[None, None]";
        r.tensor = withShape(array, prepend(s, 2));
        r.notice = from + " array read as " + (s.size() == 1 ? "(L)" : "(H, W)") + ": x[None, None] gives " +
                   formatShape(r.tensor.shape());
        return r;
    }
    r.reading = reading;
    switch (reading) {
        case ArrayReading::AsPyTorch:
            r.tensor = array;
            r.notice = from + " array read as PyTorch reads it, (N, C, L): one spatial dim" +
                       (guess.why.empty() ? std::string() : " (" + guess.why + ")");
            return r;
        case ArrayReading::ChannelsLast:
            r.indexing = "x.permute(2, 0, 1)[None]";
            r.tensor = channelsLastToNchw(array);
            break;
        case ArrayReading::DepthHW:
            r.indexing = "x[None, None]";
            r.tensor = withShape(array, prepend(s, 2));
            break;
        default:
            r.reading = ArrayReading::ChannelsFirst;
            r.indexing = "x[None]";
            r.tensor = withShape(array, prepend(s, 1));
            break;
    }
    r.notice = from + " array read as " + std::string(readingLayout(r.reading)) + ": " + r.indexing + " gives " +
               formatShape(r.tensor.shape()) + "; PyTorch itself reads it as (N, C, L)";
    return r;
}

}  // namespace upsample
