// libsystemd's readiness protocol and native journal API (Debian: libsystemd-dev).
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
