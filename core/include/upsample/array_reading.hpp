// How an array that is not already (N, C, ...) becomes F.interpolate's input, and what its shape
// suggests: the studio's File ▸ Read 3-D Array As, its channels-last offer, multi-page TIFF stacks
// and the CLI's --read-as all read arrays here.
//
// The guess (ArrayReading::Auto): (L) and (H, W) get x[None, None]; a 3-D array is one (C, H, W)
// picture, x[None], except (1, 1, L) (two leading ones), which is almost surely PyTorch's own
// (N, C, L) and is read as is, so that F.interpolate refuses or computes it as PyTorch does. A
// 3-D array shaped like (H, W, C) (C of 1 to 4 after two dims of 8 or more) is still read as
// (C, H, W) but the guess offers channels-last, x.permute(2, 0, 1)[None].
#pragma once

#include "upsample/tensor.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace upsample {

enum class ArrayReading {
    Auto,           // guessArrayReading's choice
    ChannelsFirst,  // a 3-D array as (C, H, W): x[None]
    DepthHW,        // a 3-D array as a (D, H, W) volume: x[None, None]
    AsPyTorch,      // as is: F.interpolate reads a 3-D array as (N, C, L)
    ChannelsLast,   // a 3-D array as (H, W, C): x.permute(2, 0, 1)[None]
};

// "(C, H, W)", "(D, H, W)", "(N, C, L)", "(H, W, C)"; "auto" for Auto.
std::string_view readingLayout(ArrayReading reading);

struct ReadingGuess {
    ArrayReading reading = ArrayReading::ChannelsFirst;  // never Auto
    std::string why;                                     // the sentence saying why (empty: the usual case)
    std::optional<ArrayReading> offer;                   // another reading the shape suggests
    std::string offerText;  // "(512, 512, 3)? Read as channels-last (H, W, C): x.permute(2, 0, 1)[None] is (1, 3, 512, 512)"
};

// The reading Auto picks for an array of this shape as stored (rank 1 to 3; for rank 4 and 5
// AsPyTorch: they are read as is).
ReadingGuess guessArrayReading(const Shape& stored);

struct ArrayRead {
    Tensor tensor;                      // (N, C, L), (N, C, H, W) or (N, C, D, H, W)
    ArrayReading reading = ArrayReading::AsPyTorch;  // the one used, never Auto
    std::string indexing;               // "x[None, None]", "x[None]", "x.permute(2, 0, 1)[None]"; "" as is
    std::string notice;                 // "(3, 4, 5) array read as (C, H, W): x[None] gives (1, 3, 4, 5)"
    std::optional<ArrayReading> offer;  // from the guess, when Auto read it
    std::string offerText;
};

// Reads an array of rank 1 to 5 as F.interpolate's input ((L) and (H, W) get x[None, None] and report
// DepthHW, the reading with that indexing). A reading other than Auto and AsPyTorch
// applies to 3-D arrays only (ranks 1, 2, 4 and 5 are read as the guess says). Throws UsageError
// for a rank outside 1 to 5. The values are copied (a permute is materialised).
ArrayRead readArrayAs(const Tensor& array, ArrayReading reading = ArrayReading::Auto);

}  // namespace upsample
