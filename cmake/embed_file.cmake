# Writes OUT: a C++ source whose function FUNCTION (in namespace NAMESPACE) returns the text of FILE.
file(READ ${FILE} text)
set(body "// Generated from ${NAME} by cmake/embed_file.cmake. Do not edit.\n#include <string_view>\n\nnamespace ${NAMESPACE} {\n\nstd::string_view ${FUNCTION}() {\n  // An array, not a string_view literal: its length is known without a constexpr scan (the\n  // document is larger than GCC's constexpr loop limit).\n  static constexpr char kText[] = R\"rattvag_text(${text})rattvag_text\";\n  return {kText, sizeof kText - 1};\n}\n\n}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUT}.tmp "${body}")
configure_file(${OUT}.tmp ${OUT} COPYONLY)
