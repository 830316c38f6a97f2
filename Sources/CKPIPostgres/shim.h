#ifndef CKPIPOSTGRES_SHIM_H
#define CKPIPOSTGRES_SHIM_H
#include <libpq-fe.h>
#include <poll.h>

/// Waits up to `milliseconds` for the connection's socket to be readable: the query loop
/// wakes this often to notice Ctrl-C and send a cancel request.
static inline int CKPIPostgres_waitReadable(int socket, int milliseconds) {
    struct pollfd descriptor = { .fd = socket, .events = POLLIN, .revents = 0 };
    return poll(&descriptor, 1, milliseconds);
}

#endif
