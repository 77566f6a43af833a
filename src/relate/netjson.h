/*
** netjson.h — the signed network as a jansson object, the one JSON form
** that both `orrery network --format json` and the HTTP API's /network
** answer with.  Internal: it exposes jansson, which orrery.h does not.
*/
#ifndef ORR_NETJSON_H
#define ORR_NETJSON_H

#include <jansson.h>

#include "orrery.h"

json_t *relate_network_json(const orr_network *net);

#endif
