// Zstandard, for the raw bytes the store keeps of each article (Debian: libzstd-dev).
#include <zstd.h>
