/*
** api_relate.c — relations endpoints (placeholder until src/relate lands):
** /api/dyads/{A}/{B}, /api/network, /api/blocs, /api/shifts, /api/whatif.
*/
#include "serve.h"

static int not_yet(serve_resp *resp) {
    return serve_reply_error(resp, 501, NULL, "relations are not built yet (issue: relate)");
}
int api_dyad(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp); }
int api_network(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp); }
int api_blocs(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp); }
int api_shifts(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp); }
int api_whatif(orr_server *srv, serve_req *req, serve_resp *resp) { return not_yet(resp); }
