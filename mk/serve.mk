# mk/serve.mk — the dashboard's static assets and the HTTP load benchmark.
#
#   make               builds build/web/ (npm ci from web/package-lock.json,
#                      then esbuild via web/build.mjs); `orrery serve` finds it
#                      beside the binary.  Needs node + npm (scripts/deps.d/70-serve.list).
#   make ORRERY_NO_WEB=1   skips the dashboard on purpose (API only), and says so.
#   make bench-http    wrk against a cached /api/dyads query (bench/bench_http.sh)

WEB_OUT   := build/web
WEB_STAMP := web/node_modules/.orrery-npm-ci
WEB_SRC   := web/index.html web/build.mjs $(wildcard web/src/*)

.PHONY: web bench-http
data: web

ifeq ($(ORRERY_NO_WEB),1)
web:
	@echo "serve: ORRERY_NO_WEB=1 — dashboard NOT built; 'orrery serve' will answer the API only"
else
web: $(WEB_OUT)/index.html

$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "serve: npm not found: install npm (apt-get install npm on stock Debian) or build with ORRERY_NO_WEB=1" >&2; exit 1; }
	@echo "  NPM     web (npm ci)"
	$(Q)cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_OUT)/index.html: $(WEB_STAMP) $(WEB_SRC)
	@echo "  WEB     $(WEB_OUT)"
	$(Q)node web/build.mjs $(WEB_OUT) >/dev/null
endif

bench-http: $(B)/orrery web
	@bash bench/bench_http.sh
