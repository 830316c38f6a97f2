#ifndef KPI_PSEUDO_TERMINAL_H
#define KPI_PSEUDO_TERMINAL_H

#include <spawn.h>

/* Opens a pseudo-terminal of `rows` x `columns`; returns the master descriptor
   (or -1) and writes the slave's path into `name`. */
int kpi_pty_open(char *name, unsigned long size, unsigned short rows, unsigned short columns);

/* posix_spawn_file_actions_addchdir_np, hidden behind _GNU_SOURCE in Swift. */
int kpi_pty_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
