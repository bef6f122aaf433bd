// Tensors printed the way PyTorch 1.13 prints them (torch/_tensor_str.py, default options):
// "tensor([[[[1., 1.],\n          [1., 1.]]]])".
#pragma once

#include "upsample/tensor.hpp"

#include <string>

namespace upsample {

std::string formatTorch(const Tensor& t);

}  // namespace upsample
