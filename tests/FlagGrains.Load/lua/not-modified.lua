-- The 304 path: a device revalidating its bulk evaluation with the ETag it holds (FG_ETAG).
dofile(os.getenv("FG_LUA") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/ofrep/v1/evaluate/flags"
wrk.headers = ofrep_headers()
wrk.headers["If-None-Match"] = os.getenv("FG_ETAG")
wrk.body = fixed_context
done = report("bulk-304")
