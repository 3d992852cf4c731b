# Installs the Ferry build to a scratch prefix, builds the out-of-tree
# consumer against it with find_package(Ferry), and loads the result
# through the host loader.
# -DFERRY_BUILD_DIR -DCONSUMER_SOURCE_DIR -DWORK_DIR -DCHECKER -DGENERATOR
foreach(v FERRY_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR CHECKER GENERATOR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_consumer.cmake: -D${v}=... is required")
  endif()
endforeach()

function(step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
step(install ${CMAKE_COMMAND} --install "${FERRY_BUILD_DIR}" --prefix "${prefix}")
foreach(f include/ferry/abi.h include/ferry/plugin.hpp)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "install did not lay out ${f}")
  endif()
endforeach()
step(configure ${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build"
     -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}")
step(build ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
set(plugin "${WORK_DIR}/build/out_sdkprobe.so")
step(load "${CHECKER}" "${plugin}" output sdkprobe)
# The probe reports the ABI it was built against: the installed header's.
file(STRINGS "${prefix}/include/ferry/abi.h" abi_major_line REGEX "^#define FERRY_ABI_MAJOR ")
file(STRINGS "${prefix}/include/ferry/abi.h" abi_minor_line REGEX "^#define FERRY_ABI_MINOR ")
string(REGEX REPLACE ".* " "" abi_major "${abi_major_line}")
string(REGEX REPLACE ".* " "" abi_minor "${abi_minor_line}")
set(expected "type=sdkprobe version=0.0.1 status=test abi=${abi_major}.${abi_minor} params=2 first=label\nwrite=0\n")
if(NOT step_output STREQUAL expected)
  message(FATAL_ERROR "unexpected descriptor:\n${step_output}\nexpected:\n${expected}")
endif()
# The entry point is exported; none of the plugin's own code is (hidden
# visibility). libstdc++ template instances stay weak-exported; RTLD_LOCAL
# keeps them from clashing.
execute_process(COMMAND nm -D --defined-only "${plugin}" OUTPUT_VARIABLE syms)
if(NOT syms MATCHES " T ferry_plugin_entry\n")
  message(FATAL_ERROR "ferry_plugin_entry is not exported:\n${syms}")
endif()
string(REGEX MATCHALL "[^\n]*(ferry|Probe)[^\n]*" ours "${syms}")
foreach(line ${ours})
  if(NOT line MATCHES " ferry_plugin_entry$")
    message(FATAL_ERROR "the plugin exports more than its entry point: ${line}")
  endif()
endforeach()
message(STATUS "out-of-tree plugin built against the installed SDK and loaded: ${step_output}")
