# Turns the OpenCL C files of core/kernels into one C++ header of raw string literals, so the
# library carries its kernels and compiles them at run time.
# Usage: cmake -DOUTPUT=<header> -DFILES=<a.cl|b.cl|...> -P embed_kernels.cmake
# (FILES is separated by '|' so that the list survives the custom command's quoting.)
if(NOT OUTPUT OR NOT FILES)
  message(FATAL_ERROR "embed_kernels: OUTPUT and FILES are required")
endif()
string(REPLACE "|" ";" files "${FILES}")
set(delimiter "UPSAMPLE_CL")
set(body "")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME)
  file(READ "${file}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "embed_kernels: ${name} contains the raw string delimiter )${delimiter}\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()
set(content "// Generated at build time by core/cmake/embed_kernels.cmake from core/kernels/*.cl. Do not edit.
#pragma once

#include <string_view>

namespace upsample::opencl {

struct EmbeddedKernelFile {
    std::string_view name;  // \"linear.cl\"
    std::string_view text;
};

inline constexpr EmbeddedKernelFile kEmbeddedKernelFiles[] = {
${body}};

}  // namespace upsample::opencl
")
file(WRITE "${OUTPUT}" "${content}")
