# Shared by the two ways this folder is built:
#  - from zkg (plugins/zeek is the top-level project): the Seawall core and the mapping are built
#    here from ../../core, and the Zeek plugin is always wanted;
#  - from Seawall's own build (add_subdirectory(plugins/zeek)): the core already exists, the
#    mapping is always built and tested, the plugin only with -DSEAWALL_ZEEK=ON.
set(SW_ZEEK_ROOT ${CMAKE_CURRENT_LIST_DIR})
set(SW_REPO_ROOT ${SW_ZEEK_ROOT}/../..)

if(NOT TARGET seawall)
  # Standalone (zkg): the core needs jansson and libyaml (zkg.meta external_depends).
  set(CMAKE_C_STANDARD 11)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
  pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)
  add_compile_definitions(_POSIX_C_SOURCE=200809L _DEFAULT_SOURCE SEAWALL_VERSION="zeek")
  add_subdirectory(${SW_REPO_ROOT}/core ${CMAKE_BINARY_DIR}/seawall-core)
  set(SW_ZEEK_WANT_PLUGIN ON)
else()
  option(SEAWALL_ZEEK "Build the Zeek plugin (needs zeek-config of an installed Zeek >= 8.0)" OFF)
  set(SW_ZEEK_WANT_PLUGIN ${SEAWALL_ZEEK})
endif()

add_subdirectory(${SW_ZEEK_ROOT}/mapping ${CMAKE_CURRENT_BINARY_DIR}/mapping)

if(SW_ZEEK_WANT_PLUGIN)
  enable_language(CXX)
  # Zeek's CMake helpers (ZeekPlugin.cmake) are found through zeek-config, as zkg does.
  find_program(ZEEK_CONFIG zeek-config REQUIRED)
  execute_process(COMMAND ${ZEEK_CONFIG} --cmake_dir OUTPUT_VARIABLE SW_ZEEK_CMAKE_DIR
                  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE SW_ZEEK_RC)
  if(NOT SW_ZEEK_RC EQUAL 0 OR NOT SW_ZEEK_CMAKE_DIR)
    message(FATAL_ERROR "zeek-config --cmake_dir failed: is Zeek >= 8.0 installed?")
  endif()
  list(APPEND CMAKE_MODULE_PATH ${SW_ZEEK_CMAKE_DIR})
  include(ZeekPlugin)
  set(SW_ZEEK_CATALOG_INSTALL ${SW_REPO_ROOT}/signatures/catalog.yaml)
endif()
