/*
** api_network.c — network, blocs, shifts and what-if endpoints: waiting
** for the network/shift/what-if half of the relations stage (declared in
** orrery.h, not yet built on the relate branch).  Until then they answer
** 501 with a JSON error, and dyad series come without change points.
*/
#include "serve.h"

static int not_yet(serve_resp *resp, const char *what) {
    return serve_reply_error(resp, 501, NULL, "%s: not built yet (relations stage, issue relate)", what);
}
int api_network(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp, "network"); }
int api_blocs(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp, "blocs"); }
int api_shifts(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp, "shifts"); }
int api_whatif(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp, "what-if"); }
void serve_change_points(const double *x, size_t n, const char (*periods)[11], json_t *out) {}
