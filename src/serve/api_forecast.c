/*
** api_forecast.c — POST /api/forecast (placeholder until src/forecast lands).
*/
#include "serve.h"

int api_forecast(orr_server *srv, serve_req *req, serve_resp *resp) {
    return serve_reply_error(resp, 501, NULL, "forecasts are not built yet (issue: forecast)");
}
