#ifndef CKPIPOSTGRES_H
#define CKPIPOSTGRES_H
// libpq-dev's header at Debian's path (pkg-config --cflags libpq): a path of its own, since
// a C target's include flags do not reach the Swift modules that import it.
#include "/usr/include/postgresql/libpq-fe.h"
#include <poll.h>

/// Loads libpq (libpq.so.5) on first use: nothing of it is linked, so the ~40 libraries it
/// pulls in (OpenSSL, Kerberos, LDAP …) cost start-up time only to a session that connects
/// to PostgreSQL. Returns NULL when loaded, or why it could not be. The PQ… functions of
/// libpq-fe.h that kpi calls are defined in CKPIPostgres.c and forward to the loaded ones;
/// call this first.
const char *CKPIPostgres_load(void);

/// Waits up to `milliseconds` for the connection's socket to be readable: the query loop
/// wakes this often to notice Ctrl-C and send a cancel request.
static inline int CKPIPostgres_waitReadable(int socket, int milliseconds) {
    struct pollfd descriptor = { .fd = socket, .events = POLLIN, .revents = 0 };
    return poll(&descriptor, 1, milliseconds);
}

#endif
