-- OFREP bulk evaluation of all 50 flags, one fixed user, no conditional header (a full 200 every time).
dofile(os.getenv("FG_LUA") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/ofrep/v1/evaluate/flags"
wrk.headers = ofrep_headers()
wrk.body = fixed_context
done = report("bulk-fixed")
