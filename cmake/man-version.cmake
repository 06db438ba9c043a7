# cmake -DIN=page -DOUT=page -DVERSION=x.y.z -P man-version.cmake
#
# Copies a man page, giving its .TH line's source field the project's
# version ("oomkit" becomes "oomkit x.y.z"): the pages in man/ carry no
# version of their own, so project(VERSION) stays its only place.
file(READ "${IN}" text)
string(REGEX MATCH "^\\.TH [^\n]*" th "${text}")
if(NOT th)
  message(FATAL_ERROR "${IN}: the first line is not a .TH line")
endif()
string(REGEX REPLACE "\"oomkit( [^\"]*)?\"" "\"oomkit ${VERSION}\"" newth "${th}")
if(newth STREQUAL th)
  message(FATAL_ERROR "${IN}: the .TH line has no \"oomkit\" source field")
endif()
string(LENGTH "${th}" len)
string(SUBSTRING "${text}" ${len} -1 rest)
file(WRITE "${OUT}" "${newth}${rest}")
