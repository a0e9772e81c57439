-- OFREP single-flag evaluation, one fixed user.
dofile(os.getenv("FG_LUA") .. "/report.lua")
wrk.method = "POST"
wrk.path = "/ofrep/v1/evaluate/flags/bench-flag-00"
wrk.headers = ofrep_headers()
wrk.body = fixed_context
done = report("single")
