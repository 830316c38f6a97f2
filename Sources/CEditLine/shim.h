#ifndef KPI_EDITLINE_SHIM_H
#define KPI_EDITLINE_SHIM_H

/* libedit's native API. el_set, el_get and history are variadic, which Swift
   cannot call, so each use gets a fixed-argument wrapper with the kpi_ prefix. */
#include <histedit.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <locale.h>
#include <sys/ioctl.h>

typedef char *(*kpi_prompt_fn)(EditLine *);
typedef unsigned char (*kpi_command_fn)(EditLine *, int);

/* stdin/stdout/stderr are shared mutable globals that Swift 6 rejects. */
static inline EditLine *kpi_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

static inline int kpi_el_set_prompt(EditLine *el, kpi_prompt_fn prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int kpi_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int kpi_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

static inline int kpi_el_set_history(EditLine *el, History *history_) {
    return el_set(el, EL_HIST, history, history_);
}

static inline int kpi_el_add_function(EditLine *el, const char *name, const char *help, kpi_command_fn function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

static inline int kpi_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}

static inline History *kpi_history_init(void) {
    return history_init();
}

static inline int kpi_history_set_size(History *h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}

static inline int kpi_history_set_unique(History *h, int unique) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, unique);
}

static inline int kpi_history_enter(History *h, const char *line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

static inline int kpi_history_load(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

static inline int kpi_history_save(History *h, const char *path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

/* A SIGINT handler without SA_RESTART, so a blocking read returns EINTR and
   el_gets gives the line up: that is how Ctrl-C clears the line. */
static inline int kpi_install_interrupt_handler(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    /* A parent may have started us with SIGINT blocked (threads of test runners
       and some launchers do); Ctrl-C must reach us all the same. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_UNBLOCK, &interrupt, NULL);
    return sigaction(SIGINT, &action, NULL);
}

/* The width of the terminal on `fd` in columns, or 0 when it is not a terminal
   (ioctl is variadic, so Swift cannot call it directly). */
static inline int kpi_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

static inline void kpi_set_ctype_locale(void) {
    setlocale(LC_CTYPE, "");
}

#endif
