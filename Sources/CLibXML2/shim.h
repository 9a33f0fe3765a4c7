// libxml2's error-tolerant HTML parser, used through its SAX interface (Debian: libxml2-dev).
//
// Debian builds libxml2 with ICU, so its encoding.h includes <unicode/ucnv.h>, whose enums
// clash with the ICU that Foundation bundles. Tidings only passes libxml2 UTF-8 and never
// touches its encoding handlers (whose layout the ICU fields change), so the ICU part of
// the headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
