// From tensor values to screen colours, and nothing else: a 2-D slice of a tensor (PlaneView),
// a display range with a colour map (DisplayMapping), and nearest-neighbour rendering of the
// visible part of a slice. Values are only read here, never changed.
#pragma once

#include "upsample/tensor.hpp"

#include <QImage>
#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace studio {

// Which 2-D slice of an (N, C, L), (N, C, H, W) or (N, C, D, H, W) tensor is shown.
struct SliceSelection {
    int batch = 0;
    int channel = 0;                       // single-channel display
    bool rgb = false;                      // show three channels as R, G, B
    std::array<int, 3> rgbChannels{0, 1, 2};
    int depth = 0;                         // rank 5 only

    bool operator==(const SliceSelection&) const = default;
};

// A read-only 2-D window into a tensor. For (N, C, L) the plane is C rows by L columns (every
// channel of one batch entry); for images and volumes it is H rows by W columns.
class PlaneView {
public:
    PlaneView() = default;
    // Indices out of range are clamped to the tensor's dims.
    PlaneView(const upsample::Tensor& t, SliceSelection sel);

    bool valid() const { return width_ > 0 && height_ > 0; }
    int width() const { return width_; }
    int height() const { return height_; }
    int channels() const { return channels_; }  // 1, or 3 for RGB
    upsample::DType dtype() const { return tensor_.dtype(); }
    const upsample::Tensor& tensor() const { return tensor_; }
    const SliceSelection& selection() const { return sel_; }

    // Channel k (0 for single-channel, 0..2 for RGB) of plane pixel (x, y), whatever the dtype
    // (float32, float64 and uint8 read directly, the others through Tensor::at).
    double value(int x, int y, int k = 0) const {
        const int64_t i = base_[k] + static_cast<int64_t>(y) * rowStride_ + x;
        if (f32_) return static_cast<double>(f32_[i]);
        if (f64_) return f64_[i];
        if (u8_) return static_cast<double>(u8_[i]);
        return tensor_.at(i);
    }
    // The tensor index of plane pixel (x, y), e.g. "[0, 0, 2, 3]" or "[0, :, 2, 3]" for RGB.
    QString indexText(int x, int y) const;

private:
    upsample::Tensor tensor_;
    SliceSelection sel_;
    const float* f32_ = nullptr;
    const double* f64_ = nullptr;
    const uint8_t* u8_ = nullptr;
    std::array<int64_t, 3> base_{};
    int64_t rowStride_ = 0;
    int width_ = 0, height_ = 0, channels_ = 1;
};

// Diverging: blue through white to red, for signed data on a range symmetric about 0.
enum class ColorMap { Grey, Viridis, Turbo, Diverging };

// The display range (the Display dock's choice). Stored: 0 to 255/65535 (pictures); Auto: min to
// max, never narrower than the dtype can tell apart; User: a given range; Percentile: 0.5 to 99.5 %.
enum class RangeMode { Stored, Auto, User, Percentile };
QString colorMapName(ColorMap m);

class DisplayMapping {
public:
    DisplayMapping() = default;
    // Maps [low, high] onto the colour map (values outside are clamped to its ends).
    DisplayMapping(double low, double high, ColorMap map);

    double low() const { return low_; }
    double high() const { return high_; }
    ColorMap colorMap() const { return map_; }

    // Values with |v| <= t draw as 0 (a "show only |diff| > t" threshold); 0 turns it off.
    void setDeadZone(double t) { deadZone_ = t > 0 ? t : 0; }
    double deadZone() const { return deadZone_; }
    // A symmetric-log scale: colours follow sign(v) · log(1 + |v| / linear); 0 is linear.
    void setLogScale(double linear) { logLinear_ = linear > 0 ? linear : 0; }
    double logScale() const { return logLinear_; }
    // Where v falls between low (0) and high (1) on this mapping's scale.
    double position(double v) const;

    // NaN and the infinities: a colour for a single pixel (mapPixel), and in render(), where a
    // pixel covers several screen pixels, a pattern no colour map draws: NaN a magenta and black
    // checker, +inf cyan and black stripes rising to the right, -inf blue and white stripes falling.
    enum class NonFinite { None, NaN, PosInf, NegInf };
    static NonFinite nonFinite(const PlaneView& p, int x, int y);
    // The pattern's colour at screen pixel (i, j) of the rendered image.
    static QRgb patternColor(NonFinite kind, int i, int j);
    static QRgb nanColor() { return qRgb(255, 0, 255); }     // magenta
    static QRgb posInfColor() { return qRgb(0, 255, 255); }  // cyan
    static QRgb negInfColor() { return qRgb(0, 64, 255); }   // blue

    QRgb mapValue(double v) const;                        // one channel through the colour map
    QRgb mapRgb(double r, double g, double b) const;      // three channels, each over the range
    QRgb mapPixel(const PlaneView& p, int x, int y) const;

    // The plane as seen through a view: output pixel (i, j) shows plane pixel
    // (floor(x0 + (i + 0.5) * dx), floor(y0 + (j + 0.5) * dy)), `background` where that is
    // outside the plane. Nearest neighbour only; the cost is the output's size, not the plane's.
    // NaN and infinities draw as their patterns (patternColor).
    QImage render(const PlaneView& p, QSize out, double x0, double y0, double dx, double dy, QRgb background) const;

    // The smallest and largest finite values of a plane (all channels); none when no value is
    // finite.
    static std::optional<std::pair<double, double>> finiteRange(const PlaneView& p);
    // A usable range from a (possibly empty) min-max: when low == high the range is widened to
    // include 0 (ones show white on black's scale), and to [low, low + 1] when that is 0 too.
    static std::pair<double, double> usableRange(double low, double high);

private:
    int level(double v) const;  // 0..255, for finite v
    double low_ = 0, high_ = 1;
    ColorMap map_ = ColorMap::Grey;
    double deadZone_ = 0, logLinear_ = 0;
};

}  // namespace studio
