// The system zlib, for SluiceArchive's gzip (Debian: zlib1g-dev).
#include <zlib.h>
