# The Debian package (make package): CPack turns what `cmake --install` places into
# upsample-studio_<version>_amd64.deb. Everything runs from the installed files: the OpenCL
# kernels are embedded in the binaries (core/cmake/embed_kernels.cmake) and the samples and icon
# are Qt resources of the studio, so nothing reads the source or build tree.

include(GNUInstallDirs)

set(UPSAMPLE_PACKAGE_NAME upsample-studio)
set(UPSAMPLE_PACKAGE_MAINTAINER "Upsample Studio maintainers <maintainers@upsample-studio.invalid>"
    CACHE STRING "The Maintainer field of the Debian package")

# Documentation: /usr/share/doc/upsample-studio/README.md and CHANGELOG.md.
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${UPSAMPLE_PACKAGE_NAME})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${UPSAMPLE_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "Upsample Studio")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${UPSAMPLE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see exactly what PyTorch's upsampling does to a picture or a tensor")
# The long description, one string; each line becomes a line of the control file (at most 80 columns).
string(JOIN "\n" CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "Upsample Studio reproduces torch.nn.functional.interpolate, nn.Upsample,"
  "nn.UpsamplingNearest2d and nn.UpsamplingBilinear2d in C++: bit for bit for the"
  "nearest modes, within float rounding for the others, with PyTorch's own error"
  "messages, on the CPU or an OpenCL device."
  ""
  "upsample-studio is the desktop window: open a picture or a .npy tensor, choose"
  "the mode and its options, and see any output pixel's source coordinate, taps"
  "and weights; it also compares PyTorch with OpenCV, Pillow and ONNX Resize."
  ""
  "upsample-cli resizes .npy tensors and pictures, explains what a call does to a"
  "shape, compares libraries and times the computation.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # upsample-studio_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION graphics)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${UPSAMPLE_PACKAGE_MAINTAINER}")
# The shared libraries the binaries link come from dpkg-shlibdeps: Qt 6, libstdc++ and, built with
# OpenCL, the ICD loader (ocl-icd-libopencl1 or another libOpenCL.so.1). Named here are the pieces
# loaded at run time that no binary links: Qt's image-format plugins (TIFF, WebP), Qt's SVG
# plugins (the window icon) and a font for the views' labels (also offscreen).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qt6-image-formats-plugins, libqt6svg6, fonts-dejavu-core | fonts-freefont-ttf | fonts-liberation2")
# Wayland sessions: Qt's Wayland platform plugin (X11 and offscreen come with libqt6gui6).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "qt6-wayland")
if(UPSAMPLE_WITH_OPENCL)
  # PoCL: an OpenCL device on any CPU. Suggested, not recommended: it compiles kernels at run time
  # and so depends on clang, LLVM and their -dev packages, which apt would install by default with
  # a Recommends; `--backend auto` uses the native CPU backend on a CPU anyway.
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pocl-opencl-icd, qt6-wayland")
endif()
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
