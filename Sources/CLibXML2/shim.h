// libxml2 for the HTML sources. Debian builds libxml2 with ICU, and its encoding.h then
// includes the system's <unicode/ucnv.h>, whose UErrorCode clashes with the ICU copy in
// Foundation (_FoundationICU) in any module that imports both. Nothing here uses libxml2's
// ICU converters, so the ICU branch of its headers is switched off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
