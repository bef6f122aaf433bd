# The Debian packages (make package): CPack turns what `cmake --install` places into two
# packages, split as Debian splits such projects:
#   upsample-studio_<version>-1_amd64.deb        the programs, desktop entry, icon, man pages, docs
#   python3-upsample-studio_<version>-1_all.deb  the live link's Python client (python/)
# Everything runs from the installed files: the OpenCL kernels are embedded in the binaries
# (core/cmake/embed_kernels.cmake) and the samples and icon are Qt resources of the studio, so
# nothing reads the source or build tree. The man pages (help2man, from each program's --help),
# the Debian changelog (from CHANGELOG.md), the copyright file (from LICENSE) and the Depends
# field (dpkg-shlibdeps) are generated here at build time: the target `packaged` builds what the
# packages hold and nothing else. tests/package/check_package.sh checks them (ctest -R package);
# scripts/package-trial.sh runs lintian and a new user's install/remove/purge on Debian 12.

include(GNUInstallDirs)

set(UPSAMPLE_PACKAGE_NAME upsample-studio)
set(UPSAMPLE_PYTHON_PACKAGE_NAME python3-upsample-studio)
set(UPSAMPLE_DEBIAN_REVISION 1)
set(UPSAMPLE_DEBIAN_VERSION ${PROJECT_VERSION}-${UPSAMPLE_DEBIAN_REVISION})
set(UPSAMPLE_PACKAGE_MAINTAINER "Upsample Studio maintainers <maintainers@upsample-studio.invalid>"
    CACHE STRING "The Maintainer field of the Debian packages")

# `cmake --install` and cpack install what is built, without building `all` (the test suite)
# first: `make package` builds the target `packaged` alone.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

# --- Generated documents -------------------------------------------------------------------
set(debian_dir ${CMAKE_BINARY_DIR}/debian)
find_program(UPSAMPLE_PACKAGING_PYTHON3 python3 REQUIRED)
find_program(UPSAMPLE_HELP2MAN help2man)
set(debian_docs ${PROJECT_SOURCE_DIR}/scripts/debian_docs.py)
add_custom_command(OUTPUT ${debian_dir}/changelog.Debian.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${debian_dir}
  COMMAND ${UPSAMPLE_PACKAGING_PYTHON3} ${debian_docs} changelog ${PROJECT_SOURCE_DIR}/CHANGELOG.md
          ${UPSAMPLE_PACKAGE_NAME} ${UPSAMPLE_DEBIAN_VERSION} "${UPSAMPLE_PACKAGE_MAINTAINER}"
          ${debian_dir}/changelog.Debian.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${debian_docs}
  COMMENT "Debian changelog from CHANGELOG.md" VERBATIM)
add_custom_command(OUTPUT ${debian_dir}/copyright
  COMMAND ${CMAKE_COMMAND} -E make_directory ${debian_dir}
  COMMAND ${UPSAMPLE_PACKAGING_PYTHON3} ${debian_docs} copyright ${PROJECT_SOURCE_DIR}/LICENSE
          "${UPSAMPLE_PACKAGE_MAINTAINER}" ${debian_dir}/copyright
  DEPENDS ${PROJECT_SOURCE_DIR}/LICENSE ${debian_docs}
  COMMENT "Debian copyright file from LICENSE" VERBATIM)
add_custom_command(OUTPUT ${debian_dir}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${debian_dir}
  COMMAND ${UPSAMPLE_PACKAGING_PYTHON3} ${debian_docs} compress ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${debian_dir}/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${debian_docs}
  COMMENT "Upstream changelog (CHANGELOG.md) as changelog.gz" VERBATIM)
set(package_files ${debian_dir}/changelog.Debian.gz ${debian_dir}/changelog.gz ${debian_dir}/copyright)

# A man page from a program's --help and --version (help2man) and resources/man/<program>.h2m,
# compressed as Debian ships them. Run with no display: --help must not need one.
# upsample-cli's --help goes through scripts/cli-help-for-man.sh (one paragraph per command).
function(upsample_man_page program)
  set(page ${debian_dir}/${program}.1)
  set(include ${PROJECT_SOURCE_DIR}/resources/man/${program}.h2m)
  set(run $<TARGET_FILE:${program}>)
  if(program STREQUAL "upsample-cli")
    set(run "${PROJECT_SOURCE_DIR}/scripts/cli-help-for-man.sh $<TARGET_FILE:${program}>")
  endif()
  add_custom_command(OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${debian_dir}
    COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY --unset=QT_QPA_PLATFORM
            ${UPSAMPLE_HELP2MAN} --no-info --section=1 --include=${include} --output=${page} ${run}
    COMMAND gzip -9nf ${page}
    DEPENDS ${program} ${include} ${PROJECT_SOURCE_DIR}/scripts/cli-help-for-man.sh
    COMMENT "Man page ${program}(1) from its --help" VERBATIM)
  install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT studio)
  set(package_files ${package_files} ${page}.gz PARENT_SCOPE)
endfunction()

set(packaged_programs upsample-cli)
if(TARGET upsample-studio)
  list(APPEND packaged_programs upsample-studio)
endif()
if(UPSAMPLE_HELP2MAN)
  foreach(program IN LISTS packaged_programs)
    upsample_man_page(${program})
  endforeach()
else()
  message(WARNING "help2man not found (scripts/install-deps.sh installs it): the package is built without man pages")
endif()
# The Depends field of upsample-studio: the run-time pieces no binary links, then what
# dpkg-shlibdeps computes from the binaries (Qt 6, libstdc++ and, built with OpenCL, the ICD
# loader), each package once; read by cpack through CPACK_PROJECT_CONFIG_FILE.
# Named here: Qt's image-format plugins (TIFF, WebP), Qt's SVG plugins (the window icon) and a
# font for the views' labels (also offscreen).
set(UPSAMPLE_RUNTIME_DEPENDS
    "qt6-image-formats-plugins, libqt6svg6, fonts-dejavu-core | fonts-freefont-ttf | fonts-liberation2")
set(program_files)
foreach(program IN LISTS packaged_programs)
  list(APPEND program_files $<TARGET_FILE:${program}>)
endforeach()
add_custom_command(OUTPUT ${debian_dir}/depends
  COMMAND ${CMAKE_COMMAND} -E make_directory ${debian_dir}
  COMMAND ${UPSAMPLE_PACKAGING_PYTHON3} ${debian_docs} depends ${debian_dir}/depends "${UPSAMPLE_RUNTIME_DEPENDS}"
          ${program_files}
  DEPENDS ${packaged_programs} ${debian_docs}
  COMMENT "Depends of upsample-studio (dpkg-shlibdeps)" VERBATIM)
list(APPEND package_files ${debian_dir}/depends)
file(WRITE ${debian_dir}/CPackProjectConfig.cmake
  "# Written by cmake/Packaging.cmake: the Depends computed at build time (target packaged).\n"
  "if(NOT EXISTS \"${debian_dir}/depends\")\n"
  "  message(FATAL_ERROR \"${debian_dir}/depends is missing: build the target packaged first\")\n"
  "endif()\n"
  "file(READ \"${debian_dir}/depends\" CPACK_DEBIAN_STUDIO_PACKAGE_DEPENDS)\n"
  "string(STRIP \"\${CPACK_DEBIAN_STUDIO_PACKAGE_DEPENDS}\" CPACK_DEBIAN_STUDIO_PACKAGE_DEPENDS)\n")
set(CPACK_PROJECT_CONFIG_FILE ${debian_dir}/CPackProjectConfig.cmake)
add_custom_target(package_files ALL DEPENDS ${package_files})
add_custom_target(packaged)
add_dependencies(packaged package_files ${packaged_programs})

# --- What each package holds ---------------------------------------------------------------
# The programs, desktop entry and icon (app/*/CMakeLists.txt) are in the default component,
# studio; the Python client (top-level CMakeLists.txt) in python.
set(studio_doc ${CMAKE_INSTALL_DATAROOTDIR}/doc/${UPSAMPLE_PACKAGE_NAME})
set(python_doc ${CMAKE_INSTALL_DATAROOTDIR}/doc/${UPSAMPLE_PYTHON_PACKAGE_NAME})
# CHANGELOG.md is the upstream changelog, changelog.gz as Debian names it.
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${debian_dir}/changelog.gz
              ${debian_dir}/copyright ${debian_dir}/changelog.Debian.gz
        DESTINATION ${studio_doc} COMPONENT studio)
install(FILES ${debian_dir}/copyright ${debian_dir}/changelog.Debian.gz
        DESTINATION ${python_doc} COMPONENT python)
# Tags lintian reports that stay, each with its reason (resources/debian/*.lintian-overrides).
install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/upsample-studio.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME ${UPSAMPLE_PACKAGE_NAME} COMPONENT studio)
install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/python3-upsample-studio.lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME ${UPSAMPLE_PYTHON_PACKAGE_NAME}
        COMPONENT python)
install(FILES ${PROJECT_SOURCE_DIR}/python/README.md DESTINATION ${python_doc} COMPONENT python)

# --- The packages --------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ${UPSAMPLE_PACKAGE_NAME})
set(CPACK_PACKAGE_VENDOR "Upsample Studio")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${UPSAMPLE_PACKAGE_MAINTAINER}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL studio python)
set(CPACK_COMPONENTS_GROUPING IGNORE)  # one package per component

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <package>_<version>-<revision>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE ${UPSAMPLE_DEBIAN_REVISION})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${UPSAMPLE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# upsample-studio. Each description: the synopsis, then lines of the control file (at most 80
# columns).
set(CPACK_DEBIAN_STUDIO_PACKAGE_NAME ${UPSAMPLE_PACKAGE_NAME})
set(CPACK_DEBIAN_STUDIO_PACKAGE_SECTION graphics)
string(JOIN "\n" CPACK_DEBIAN_STUDIO_DESCRIPTION
  "see exactly what PyTorch's upsampling does to a picture or a tensor"
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
# Depends: computed at build time (above).
set(CPACK_DEBIAN_STUDIO_PACKAGE_SHLIBDEPS OFF)
# The Python client: what README's live link session imports.
set(CPACK_DEBIAN_STUDIO_PACKAGE_RECOMMENDS ${UPSAMPLE_PYTHON_PACKAGE_NAME})
# Wayland sessions: Qt's Wayland platform plugin (X11 and offscreen come with libqt6gui6).
set(CPACK_DEBIAN_STUDIO_PACKAGE_SUGGESTS "qt6-wayland")
if(UPSAMPLE_WITH_OPENCL)
  # PoCL: an OpenCL device on any CPU. Suggested, not recommended: it compiles kernels at run time
  # and so depends on clang, LLVM and their -dev packages, which apt would install by default with
  # a Recommends; `--backend auto` uses the native CPU backend on a CPU anyway.
  set(CPACK_DEBIAN_STUDIO_PACKAGE_SUGGESTS "pocl-opencl-icd, qt6-wayland")
endif()

# python3-upsample-studio: pure Python, byte-compiled on install and cleaned on remove by the
# maintainer scripts dh_python3 would write (py3compile, py3clean).
set(CPACK_DEBIAN_PYTHON_PACKAGE_NAME ${UPSAMPLE_PYTHON_PACKAGE_NAME})
set(CPACK_DEBIAN_PYTHON_PACKAGE_SOURCE ${UPSAMPLE_PACKAGE_NAME})
set(CPACK_DEBIAN_PYTHON_PACKAGE_SECTION python)
set(CPACK_DEBIAN_PYTHON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_PYTHON_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_PYTHON_PACKAGE_DEPENDS "python3, python3-numpy")
set(CPACK_DEBIAN_PYTHON_PACKAGE_ENHANCES ${UPSAMPLE_PACKAGE_NAME})
set(CPACK_DEBIAN_PYTHON_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/resources/debian/python3-upsample-studio/postinst
    ${PROJECT_SOURCE_DIR}/resources/debian/python3-upsample-studio/prerm)
string(JOIN "\n" CPACK_DEBIAN_PYTHON_DESCRIPTION
  "Python client of Upsample Studio's live link"
  "Upsample Studio shows exactly what PyTorch's torch.nn.functional.interpolate"
  "computes. This module sends NumPy arrays and torch tensors from a Python"
  "session to a running upsample-studio (started with --listen), sets the"
  "upsampling call, and reads back the exact result, the A/B comparison with"
  "another output, a pixel's taps and weights, or a screenshot.")

include(CPack)
