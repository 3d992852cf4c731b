# Fails when ferry/abi.h changed but core/sdk/abi.sha256 was not updated
# with it, and when the recorded version is not the header's version.
file(SHA256 "${HEADER}" actual)
file(STRINGS "${RECORD}" lines REGEX "^[0-9]+\\.[0-9]+ [0-9a-f]+$")
list(GET lines -1 last)
string(REPLACE " " ";" parts "${last}")
list(GET parts 0 recorded_version)
list(GET parts 1 recorded_hash)
file(STRINGS "${HEADER}" major_line REGEX "^#define FERRY_ABI_MAJOR ")
file(STRINGS "${HEADER}" minor_line REGEX "^#define FERRY_ABI_MINOR ")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" major "${major_line}")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" minor "${minor_line}")
if(NOT recorded_version STREQUAL "${major}.${minor}")
  message(FATAL_ERROR "abi.sha256 records ABI ${recorded_version} but abi.h says ${major}.${minor}")
endif()
if(NOT recorded_hash STREQUAL actual)
  message(FATAL_ERROR "ferry/abi.h changed (sha256 ${actual}) but core/sdk/abi.sha256 records "
          "${recorded_hash}: bump FERRY_ABI_MINOR (append-only change) or FERRY_ABI_MAJOR, "
          "then record the new hash with the new version (docs/abi-policy.md)")
endif()
message(STATUS "ABI ${major}.${minor} header matches its recorded hash")
