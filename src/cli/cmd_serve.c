/*
** cmd_serve.c — `orrery serve`: the HTTP JSON API and the dashboard over a
** database, until SIGINT or SIGTERM.  The bearer token for write endpoints
** comes from $ORRERY_TOKEN (never from the command line, where `ps` would
** show it); without it the write endpoints answer 403.
**
** The dashboard is looked for in --web DIR, $ORRERY_WEB, then web/ beside
** the binary or one level up (build/web for build/orrery and
** build/asan/orrery, where `make` puts it).
*/
#include "cli.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_index(const char *dir) {
    char path[PATH_MAX + 16];
    struct stat sb;
    int n = snprintf(path, sizeof path, "%s/index.html", dir);
    return n > 0 && (size_t)n < sizeof path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* First of $ORRERY_WEB, <exe dir>/web, <exe dir>/../web holding index.html. */
static const char *find_web_root(char *buf, size_t size) {
    const char *env = getenv("ORRERY_WEB");
    if (env && *env) return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash) return NULL;
    *slash = 0;
    static const char *const tries[] = {"%s/web", "%s/../web"};
    for (int i = 0; i < 2; i++) {
        int len = snprintf(buf, size, tries[i], exe);
        if (len > 0 && (size_t)len < size && has_index(buf)) return buf;
    }
    return NULL;
}

static int parse_count(const char *cmd, const char *name, const char *v, long lo, long hi, long *out) {
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || !*v || *end || n < lo || n > hi)
        return cli_usage_error(cmd, "%s: expected a number from %ld to %ld", name, lo, hi);
    *out = n;
    return EXIT_OK;
}

int cmd_serve(int argc, char **argv) {
    orr_serve_config cfg = {.db_uri = cli_default_db(), .bind = "127.0.0.1", .port = 8080,
                            .threads = 2};
    const char *web = NULL;
    char web_buf[PATH_MAX];
    bool no_web = false;
    long n = 0;
    cli_opts o;
    cli_opts_init(&o, argc, argv);
    while (cli_opts_next(&o)) {
        const char *v;
        if (cli_opt_is(&o, "--db")) {
            if (!(cfg.db_uri = cli_opt_value(&o))) return EXIT_USAGE;
        } else if (cli_opt_is(&o, "--bind")) {
            if (!(cfg.bind = cli_opt_value(&o))) return EXIT_USAGE;
        } else if (cli_opt_is(&o, "--port")) {
            if (!(v = cli_opt_value(&o)) || parse_count("serve", "--port", v, 0, 65535, &n))
                return EXIT_USAGE;
            cfg.port = (int)n;
        } else if (cli_opt_is(&o, "--threads")) {
            if (!(v = cli_opt_value(&o)) || parse_count("serve", "--threads", v, 1, 256, &n))
                return EXIT_USAGE;
            cfg.threads = (int)n;
        } else if (cli_opt_is(&o, "--max-body")) {
            if (!(v = cli_opt_value(&o)) || parse_count("serve", "--max-body", v, 1, 1L << 30, &n))
                return EXIT_USAGE;
            cfg.max_body = (size_t)n;
        } else if (cli_opt_is(&o, "--web")) {
            if (!(web = cli_opt_value(&o))) return EXIT_USAGE;
        } else if (cli_opt_is(&o, "--no-web")) {
            no_web = true;
        } else if (cli_opt_is(&o, "--cors")) {
            if (!(cfg.cors_origin = cli_opt_value(&o))) return EXIT_USAGE;
        } else if (o.positional) {
            return cli_usage_error("serve", "unexpected argument '%s'", o.arg);
        } else {
            return cli_unknown_option(&o);
        }
    }
    struct stat sb;
    if (strstr(cfg.db_uri, "://") == NULL && stat(cfg.db_uri, &sb) != 0) {
        fprintf(stderr, "orrery serve: %s: no such database (create it with 'orrery ingest')\n",
                cfg.db_uri);
        return EXIT_FAIL;
    }
    cfg.web_root = no_web ? NULL : web ? web : find_web_root(web_buf, sizeof web_buf);
    cfg.token = getenv("ORRERY_TOKEN");

    /* Block the stop signals before the server's threads start, so that
    ** they inherit the mask and sigwait() below receives them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    orr_server *srv;
    orr_error err;
    if (orr_serve_start(&srv, &cfg, &err) != ORR_OK) {
        cli_print_error(&err);
        return err.code == ORR_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
    }
    const char *host = strchr(cfg.bind, ':') ? "[%s]" : "%s";
    char shown[80];
    snprintf(shown, sizeof shown, host, cfg.bind);
    fprintf(stderr, "orrery serve: %s on http://%s:%d/ (%d threads)\n", cfg.db_uri, shown,
            orr_serve_port(srv), cfg.threads);
    fprintf(stderr, "orrery serve: dashboard %s; write endpoints %s\n",
            cfg.web_root ? cfg.web_root : "not found (API only; run 'make' to build web/)",
            cfg.token && *cfg.token ? "need the bearer token" : "disabled (ORRERY_TOKEN unset)");
    if (strncmp(cfg.bind, "127.", 4) != 0 && strcmp(cfg.bind, "::1") != 0 && strcmp(cfg.bind, "localhost") != 0)
        fprintf(stderr, "orrery serve: warning: %s is not a loopback address: every read endpoint is "
                        "open to whoever can reach it\n", cfg.bind);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "orrery serve: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
    orr_serve_stop(srv);
    return EXIT_OK;
}
