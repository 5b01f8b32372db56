// libxml2 built with ICU would pull ICU's headers into this module, where they
// clash with the copy Foundation ships; nothing here uses libxml2's ICU
// converters, so their declarations are left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

/// Frees memory that libxml2 allocated. `xmlFree` is a global function pointer,
/// which Swift 6 refuses to read as it is not concurrency-safe.
static inline void cxml_free(void *pointer) {
    xmlFree(pointer);
}

#include <libxml/HTMLparser.h>
