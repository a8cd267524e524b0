-- Runs deploy/fluent-bit/spark-enrich.lua the way Fluent Bit would, under a real LuaJIT, for
-- scripts/deploy/fluent-bit.deploy.test.ts:
--   luajit fluent-bit-harness.lua <filter.lua> <cases.jsonl>
-- Each case is {"line": raw log line, "source_file", "source_offset", "kubernetes"?}. The record
-- is built as Fluent Bit builds it: the tail input reads the line into "log", the parser filter
-- (Preserve_Key, Reserve_Data) adds the fields of a JSON object next to it, path_key / offset_key
-- add source_file and source_offset, and on Kubernetes the kubernetes filter adds its map
-- (Merge_Log puts the fields at the top, Keep_Log keeps "log"). The result is printed as the es output would send it: it always adds "@timestamp"
-- from the record time (%Y-%m-%dT%H:%M:%S plus milliseconds and "Z", UTC).
-- Prints one JSON object per case: {"code", "document"?}. Exits 1 when the filter cannot load.
local cjson = require('cjson')

local script, cases = arg[1], arg[2]
local chunk, load_error = loadfile(script)
if not chunk then
  io.stderr:write('cannot load ' .. script .. ': ' .. load_error .. '\n')
  os.exit(1)
end
local ok, run_error = pcall(chunk)
if not ok then
  io.stderr:write('cannot run ' .. script .. ': ' .. tostring(run_error) .. '\n')
  os.exit(1)
end
if type(enrich_spark) ~= 'function' then
  io.stderr:write(script .. ' defines no function enrich_spark\n')
  os.exit(1)
end

local READ_TIME = { sec = 1795577000, nsec = 0 }

for text in io.lines(cases) do
  local case = cjson.decode(text)
  local record
  local parsed_ok, parsed = pcall(cjson.decode, case.line)
  if parsed_ok and type(parsed) == 'table' and case.line:match('^%s*{') then
    record = parsed
  else
    record = {}
  end
  record.log = case.line
  record.source_file = case.source_file
  record.source_offset = case.source_offset
  if case.kubernetes then
    record.kubernetes = case.kubernetes
    record.stream = 'stdout'
    record._p = 'F'
    record.time = '2026-11-25T03:39:20.033456789Z'
  end
  local called, code, time, doc = pcall(enrich_spark, 'spark.test', READ_TIME, record)
  if not called then
    io.stderr:write('enrich_spark failed: ' .. tostring(code) .. '\n')
    os.exit(1)
  end
  local out = { code = code }
  if code == 1 or code == 2 then
    local t = code == 1 and time or READ_TIME
    doc['@timestamp'] = os.date('!%Y-%m-%dT%H:%M:%S', t.sec)
      .. string.format('.%03dZ', math.floor(t.nsec / 1000000))
    out.document = doc
  end
  io.write(cjson.encode(out), '\n')
end
