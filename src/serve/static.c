/*
** static.c — the dashboard's files, served from the web root and never
** from outside it.  Two independent guards: the decoded path may not hold
** a ".." segment, a backslash or a control byte; and the file's real path
** (symlinks resolved) must still lie under the root's real path.  Only
** regular files are served; a directory means its index.html.
*/
#include "serve.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
    const char *ext, *type;
} content_types[] = {
    {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
    {".ico", "image/x-icon"}, {".map", "application/json"}, {".txt", "text/plain; charset=utf-8"},
};

static const char *content_type_of(const char *path) {
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof content_types / sizeof content_types[0]; i++)
            if (strcmp(dot, content_types[i].ext) == 0) return content_types[i].type;
    return "application/octet-stream";
}

/* Reject what could climb out of the root or confuse the file system. */
static bool static_path_safe(const char *path) {
    if (path[0] != '/') return false;
    for (const char *p = path; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == 0x7f) return false;
    for (const char *seg = path; seg; seg = strchr(seg + 1, '/')) {
        const char *s = seg + 1;
        size_t len = strcspn(s, "/");
        if ((len == 2 && s[0] == '.' && s[1] == '.') || (len > 0 && s[0] == '.')) return false;
    }
    return true;
}

int serve_static(orr_server *srv, serve_req *req, serve_resp *resp) {
    if (!static_path_safe(req->path))
        return serve_reply_error(resp, 404, NULL, "no such file");
    char want[PATH_MAX], real[PATH_MAX];
    const char *tail = req->path[strlen(req->path) - 1] == '/' ? "index.html" : "";
    int n = snprintf(want, sizeof want, "%s%s%s", srv->web_root, req->path, tail);
    if (n < 0 || (size_t)n >= sizeof want) return serve_reply_error(resp, 414, NULL, "path too long");
    if (!realpath(want, real)) return serve_reply_error(resp, 404, NULL, "no such file");
    size_t root_len = strlen(srv->web_root);
    if (strncmp(real, srv->web_root, root_len) != 0 || (real[root_len] != '/' && real[root_len]))
        return serve_reply_error(resp, 404, NULL, "no such file");
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0) close(fd);
        return serve_reply_error(resp, 404, NULL, "no such file");
    }
    resp->status = 200;
    resp->content_type = content_type_of(real);
    resp->file_fd = fd;
    resp->file_size = (size_t)sb.st_size;
    return ORR_OK;
}
