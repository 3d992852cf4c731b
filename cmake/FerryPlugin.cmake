# ferry_add_plugin(<kind>_<name> SOURCES src... [LIBS libs...] [EXTRA_EXPORTS sym...])
# Builds one plugin as a MODULE library named exactly <kind>_<name>.so that
# exports only ferry_plugin_entry. Works in-tree and, through
# find_package(Ferry), for out-of-tree plugins.
function(ferry_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS;EXTRA_EXPORTS" ${ARGN})
  add_library(${name} MODULE ${P_SOURCES})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${name}"
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Export exactly one symbol. Hidden visibility alone still leaves weak
  # template copies from libstdc++ and the symbols of linked helper archives
  # (in-tree plugins link ferry_format...) in the dynamic symbol table.
  set(version_script "${CMAKE_CURRENT_BINARY_DIR}/${name}.exports")
  set(exported "ferry_plugin_entry;")
  foreach(sym ${P_EXTRA_EXPORTS})  # test plugins expose probes
    string(APPEND exported " ${sym};")
  endforeach()
  file(WRITE "${version_script}" "{ global: ${exported} local: *; };\n")
  target_link_options(${name} PRIVATE "LINKER:--exclude-libs,ALL"
                      "LINKER:--version-script=${version_script}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${version_script}")
  if(TARGET Ferry::sdk)
    target_link_libraries(${name} PRIVATE Ferry::sdk ${P_LIBS})
  else()
    target_link_libraries(${name} PRIVATE ferry_sdk ${P_LIBS})
  endif()
  if(DEFINED FERRY_BUILD_PLUGIN_DIR)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${FERRY_BUILD_PLUGIN_DIR}")
  endif()
  if(DEFINED FERRY_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION "${FERRY_PLUGIN_INSTALL_DIR}")
  endif()
endfunction()
