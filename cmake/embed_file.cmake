# Writes OUT: a C++ source whose function FUNCTION (in namespace NAMESPACE) returns the text of FILE.
file(READ ${FILE} text)
set(body "// Generated from ${NAME} by cmake/embed_file.cmake. Do not edit.\n#include <string_view>\n\nnamespace ${NAMESPACE} {\n\nstd::string_view ${FUNCTION}() {\n  static constexpr std::string_view kText = R\"rattvag_text(${text})rattvag_text\";\n  return kText;\n}\n\n}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUT}.tmp "${body}")
configure_file(${OUT}.tmp ${OUT} COPYONLY)
