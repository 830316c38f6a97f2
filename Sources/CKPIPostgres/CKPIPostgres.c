// libpq loaded with dlopen on first use (see CKPIPostgres.h): each function kpi calls is
// defined here with libpq's own prototype and forwards to the one dlsym found.
#include "CKPIPostgres.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// Returning functions: X(return type, name, parameters, arguments).
#define KPI_PQ_RETURNING(X) \
    X(PGconn *, PQconnectdbParams, (const char *const *keywords, const char *const *values, int expand_dbname), \
      (keywords, values, expand_dbname)) \
    X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo)) \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn)) \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn)) \
    X(char *, PQhost, (const PGconn *conn), (conn)) \
    X(char *, PQport, (const PGconn *conn), (conn)) \
    X(char *, PQuser, (const PGconn *conn), (conn)) \
    X(int, PQsocket, (const PGconn *conn), (conn)) \
    X(int, PQsendQuery, (PGconn *conn, const char *query), (conn, query)) \
    X(PGresult *, PQgetResult, (PGconn *conn), (conn)) \
    X(int, PQisBusy, (PGconn *conn), (conn)) \
    X(int, PQconsumeInput, (PGconn *conn), (conn)) \
    X(PGcancel *, PQgetCancel, (PGconn *conn), (conn)) \
    X(int, PQcancel, (PGcancel *cancel, char *errbuf, int errbufsize), (cancel, errbuf, errbufsize)) \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res)) \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res)) \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode)) \
    X(int, PQntuples, (const PGresult *res), (res)) \
    X(int, PQnfields, (const PGresult *res), (res)) \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num)) \
    X(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num)) \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(PGresult *, PQprepare, (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes)) \
    X(PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt)) \
    X(int, PQgetCopyData, (PGconn *conn, char **buffer, int async), (conn, buffer, async)) \
    X(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes)) \
    X(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg)) \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query)) \
    X(int, PQlibVersion, (void), ())

// Functions without a result: X(name, parameters, arguments).
#define KPI_PQ_VOID(X) \
    X(PQfinish, (PGconn *conn), (conn)) \
    X(PQreset, (PGconn *conn), (conn)) \
    X(PQfreeCancel, (PGcancel *cancel), (cancel)) \
    X(PQclear, (PGresult *res), (res)) \
    X(PQfreemem, (void *ptr), (ptr))

#define KPI_POINTER(type, name, parameters, arguments) static type (*loaded_##name) parameters;
#define KPI_VOID_POINTER(name, parameters, arguments) static void (*loaded_##name) parameters;
KPI_PQ_RETURNING(KPI_POINTER)
KPI_PQ_VOID(KPI_VOID_POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char failure[512];

static void load(void) {
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(failure, sizeof failure, "%s", dlerror());
        return;
    }
#define KPI_RESOLVE(name) \
    *(void **)(&loaded_##name) = dlsym(library, #name); \
    if (loaded_##name == NULL) { snprintf(failure, sizeof failure, "libpq.so.5 has no %s", #name); return; }
#define KPI_RESOLVE_RETURNING(type, name, parameters, arguments) KPI_RESOLVE(name)
#define KPI_RESOLVE_VOID(name, parameters, arguments) KPI_RESOLVE(name)
    KPI_PQ_RETURNING(KPI_RESOLVE_RETURNING)
    KPI_PQ_VOID(KPI_RESOLVE_VOID)
}

const char *CKPIPostgres_load(void) {
    pthread_once(&once, load);
    return failure[0] ? failure : NULL;
}

#define KPI_FORWARD(type, name, parameters, arguments) type name parameters { return loaded_##name arguments; }
#define KPI_FORWARD_VOID(name, parameters, arguments) void name parameters { loaded_##name arguments; }
KPI_PQ_RETURNING(KPI_FORWARD)
KPI_PQ_VOID(KPI_FORWARD_VOID)
