-- Fluent Bit Lua filter: turns one record of Spark 4's JSON log layout into the Elasticsearch
-- document the console reads. The Elasticsearch we ship to has no ingest processors, so this is
-- the port of scripts/shipper/enrich.ts that runs before indexing; both are checked to give the
-- same document for the same line (scripts/deploy/fluent-bit.deploy.test.ts). Keep them in step.
--
-- Lua 5.1 / LuaJIT (what Fluent Bit embeds). Contract: enrich_spark(tag, timestamp, record)
-- returns -1 (drop: not a Spark JSON line), or 1 with the line's own time and the new record.
-- The record carries no "@timestamp": the es output always adds its Time_Key, formatted from the
-- record time as %Y-%m-%dT%H:%M:%S.mmmZ, and a second "@timestamp" would be a duplicate field that
-- Elasticsearch rejects. Setting the record time from `ts` (time_as_table, so no float rounding)
-- makes the es output write exactly Spark's `ts` and pick the same daily index as the shipper.
--
-- Where a record comes from:
--   compose: tail with path_key source_file and offset_key source_offset; the driver's file in
--            the log dir, executors' at <work>/<app id>/<executor id>/executor.log (as the shipper).
--   Kubernetes: the kubernetes filter (Merge_Log On) adds a `kubernetes` map whose labels name the
--            app (spark-app-selector), the role (spark-role) and the executor (spark-exec-id).

local APP_NAME_DEFAULT = 'miaradia-streaming'

-- A missing key. JSON null arrives as nil from Fluent Bit (a userdata with enable_flb_null) and
-- as a lightuserdata from lua-cjson (the tests); as a userdata it fails the type checks below
-- as null fails enrich.ts's schema, except for exception.msg, which may be null.
local function is_absent(v)
  return v == nil
end

local function is_table(v)
  return type(v) == 'table'
end

-- A non-empty table whose keys are exactly 1..n. An empty table is taken for an empty map.
local function is_array(t)
  if not is_table(t) or next(t) == nil then
    return false
  end
  local n = 0
  for _ in pairs(t) do
    n = n + 1
  end
  for i = 1, n do
    if t[i] == nil then
      return false
    end
  end
  return true
end

-- Number -> string as JavaScript's String(number) writes it (shortest round-trip digits).
local function js_number(v)
  if v ~= v then
    return 'NaN'
  end
  if v == math.huge then
    return 'Infinity'
  end
  if v == -math.huge then
    return '-Infinity'
  end
  if v == 0 then
    return '0'
  end
  if v == math.floor(v) and math.abs(v) < 1e21 then
    return string.format('%.0f', v)
  end
  local sign = v < 0 and '-' or ''
  local a = math.abs(v)
  local mantissa, exp
  for p = 1, 17 do
    local s = string.format('%.' .. (p - 1) .. 'e', a)
    if tonumber(s) == a then
      mantissa, exp = s:match('^([%d%.]+)e([-+]%d+)$')
      break
    end
  end
  local digits = mantissa:gsub('%.', '')
  local k, n = #digits, tonumber(exp) + 1
  if k <= n and n <= 21 then
    return sign .. digits .. string.rep('0', n - k)
  elseif 0 < n and n <= 21 then
    return sign .. digits:sub(1, n) .. '.' .. digits:sub(n + 1)
  elseif -6 < n and n <= 0 then
    return sign .. '0.' .. string.rep('0', -n) .. digits
  end
  local e = n - 1
  local e_text = (e < 0 and '-' or '+') .. math.abs(e)
  if k == 1 then
    return sign .. digits .. 'e' .. e_text
  end
  return sign .. digits:sub(1, 1) .. '.' .. digits:sub(2) .. 'e' .. e_text
end

-- enrich.ts's str(): a non-empty string, or a number as text; anything else is no value.
local function str(v)
  if type(v) == 'string' and v ~= '' then
    return v
  end
  if type(v) == 'number' then
    return js_number(v)
  end
  return nil
end

-- JavaScript's \s also matches these Unicode spaces (Lua's %s is ASCII only); a capture that
-- holds one is a match JavaScript would not have made.
local UNICODE_SPACES = {
  '\194\160',
  '\225\154\128',
  '\226\128[\128-\138]',
  '\226\128\168',
  '\226\128\169',
  '\226\128\175',
  '\226\129\159',
  '\227\128\128',
  '\239\187\191',
}
local function has_unicode_space(s)
  for _, p in ipairs(UNICODE_SPACES) do
    if s:find(p) then
      return true
    end
  end
  return false
end

-- The first occurrence of `pattern` that starts on a JavaScript word boundary (\b) and, with
-- `bounded_end`, also ends on one. Returns its start and the first capture.
local function find_word(s, pattern, bounded_end)
  local init = 1
  while true do
    local a, b, cap = s:find(pattern, init)
    if not a then
      return nil
    end
    local before = a > 1 and s:sub(a - 1, a - 1) or ''
    local after = s:sub(b + 1, b + 1)
    if not before:find('^[%w_]') and not (bounded_end and after:find('^[%w_]')) then
      return a, cap
    end
    init = a + 1
  end
end

-- The earliest of several alternatives, as a JavaScript alternation matches.
local function first_of(s, alternatives)
  local best, value
  for _, alt in ipairs(alternatives) do
    local at, cap = find_word(s, alt[1], alt[2])
    if at and (not best or at < best) then
      best, value = at, cap
    end
  end
  return value
end

-- enrich.ts's fromMessage(): ids of context-free lines, parsed from the message.
local function from_message(msg)
  local out = {}
  -- "Lost executor 0 on 192.0.2.2: Command exited with code 137"
  local executor, host = msg:match('^Lost executor (%d+) on ([^:%s]+):')
  if not executor then
    executor, host = msg:match('^Lost executor (driver) on ([^:%s]+):')
  end
  if executor and not has_unicode_space(host) then
    out.executorId, out.host = executor, host
  end
  -- "Lost task 89.0 in stage 3.0 (TID 294) (192.0.2.2 executor 0): ExecutorLostFailure ..."
  local stage, task, task_host, task_executor = msg:match(
    '^Lost task %d+%.%d+ in stage (%d+)%.%d+ %(TID (%d+)%) %(([^%s)]+) executor (%d+)%)'
  )
  if stage and not has_unicode_space(task_host) then
    out.stageId, out.taskId, out.host, out.executorId = stage, task, task_host, task_executor
  end
  -- "Executor app-20261125021704-0000/0 removed: Command exited with code 137"
  local app, removed = msg:match('^Executor ([A-Za-z0-9%-]+)/(%d+) removed:')
  if app then
    out.appId, out.executorId = app, removed
  end
  -- "Job 12 finished: ..." / "Got job 12 (...)"
  local job = first_of(msg, { { 'Job (%d+) finished', true }, { 'Got job (%d+)', true } })
  if job then
    out.jobId = job
  end
  -- "ShuffleMapStage 3 (...)" / "ResultStage 3 (...)" / "Stage 3 (...)"
  local stage_id = first_of(msg, {
    { 'ShuffleMapStage (%d+) %(', false },
    { 'ResultStage (%d+) %(', false },
    { 'Stage (%d+) %(', false },
  })
  if stage_id and not out.stageId then
    out.stageId = stage_id
  end
  return out
end

local function stacktrace_text(trace)
  if not is_table(trace) or trace[1] == nil then
    return nil
  end
  local lines = {}
  for i = 1, #trace do
    local frame = trace[i]
    if is_table(frame) then
      lines[i] = 'at '
        .. (str(frame.class) or '?')
        .. '.'
        .. (str(frame.method) or '?')
        .. '('
        .. (str(frame.file) or 'Unknown Source')
        .. ':'
        .. (str(frame.line) or '?')
        .. ')'
    elseif type(frame) == 'number' then
      lines[i] = js_number(frame)
    elseif type(frame) == 'string' or type(frame) == 'boolean' then
      lines[i] = tostring(frame)
    else
      lines[i] = 'null'
    end
  end
  return table.concat(lines, '\n')
end

-- The fields of Spark's JSON layout, checked as enrich.ts's zod schema checks them; nil when the
-- record is not a Spark JSON line.
local function spark_line(record)
  local ts, level, msg = record.ts, record.level, record.msg
  if type(ts) ~= 'string' or type(level) ~= 'string' or type(msg) ~= 'string' then
    return nil
  end
  local logger, context, exception = record.logger, record.context, record.exception
  if not is_absent(logger) and type(logger) ~= 'string' then
    return nil
  end
  if not is_absent(context) and not (is_table(context) and not is_array(context)) then
    return nil
  end
  if is_table(exception) then
    if is_array(exception) then
      return nil
    end
    local class, emsg, trace = exception.class, exception.msg, exception.stacktrace
    if not is_absent(class) and type(class) ~= 'string' then
      return nil
    end
    -- msg is nullish in the schema: null is allowed and means "no message".
    if not is_absent(emsg) and type(emsg) ~= 'string' and type(emsg) ~= 'userdata' then
      return nil
    end
    if not is_absent(trace) and not (is_table(trace) and (next(trace) == nil or is_array(trace))) then
      return nil
    end
  elseif not is_absent(exception) and type(exception) ~= 'string' then
    return nil
  end
  return {
    ts = ts,
    level = level,
    msg = msg,
    logger = logger,
    context = context,
    exception = exception,
  }
end

-- app-id files read for driver logs, kept a few seconds (a new run writes a new id).
local app_id_cache = {}
local function app_id_beside(dir)
  local now = os.time()
  local hit = app_id_cache[dir]
  if hit and now - hit.at < 10 then
    return hit.value
  end
  local value
  local f = io.open(dir .. '/app-id', 'r')
  if f then
    value = str((f:read('*a') or ''):match('^%s*(.-)%s*$'))
    f:close()
  end
  app_id_cache[dir] = { at = now, value = value }
  return value
end

-- What the shipper knows about the file a line came from (enrich.ts's LineSource).
local function line_source(record)
  local offset = tonumber(record.source_offset) or 0
  local k8s = record.kubernetes
  if is_table(k8s) then
    local labels = is_table(k8s.labels) and k8s.labels or {}
    local app_id = str(labels['spark-app-selector'])
    if not app_id then
      return nil
    end
    local executor = labels['spark-role'] == 'driver' and 'driver' or str(labels['spark-exec-id'])
    return {
      appId = app_id,
      appName = str(labels['spark-app-name']) or str(os.getenv('MIARADIA_APP_NAME')),
      executorId = executor,
      host = str(k8s.host),
      file = 'k8s:' .. tostring(k8s.namespace_name or '') .. '/' .. tostring(k8s.pod_name or ''),
      offset = offset,
    }
  end
  local path = str(record.source_file) or ''
  local source = {
    appName = str(os.getenv('MIARADIA_APP_NAME')) or APP_NAME_DEFAULT,
    file = path,
    offset = offset,
  }
  -- A standalone worker runs each executor in its own directory: <work>/<app id>/<executor id>.
  local app, executor = path:match('([^/]+)/([^/]+)/executor%.log$')
  if app then
    source.appId, source.executorId = app, executor
  else
    source.executorId = 'driver'
    source.appId = app_id_beside(path:match('^(.*)/[^/]*$') or '.')
  end
  return source
end

local function days_from_civil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- ISO-8601 `ts` ("2026-11-25T02:17:31.123Z", or with an offset) -> seconds and nanoseconds.
local function parse_ts(ts)
  local y, mo, d, h, mi, s, rest =
    ts:match('^(%d%d%d%d)%-(%d%d)%-(%d%d)T(%d%d):(%d%d):(%d%d)(.*)$')
  if not y then
    return nil
  end
  local frac, zone = rest:match('^%.(%d+)(.*)$')
  if not frac then
    frac, zone = '', rest
  end
  local offset = 0
  if zone ~= 'Z' then
    local zsign, zh, zm = zone:match('^([-+])(%d%d):?(%d%d)$')
    if not zsign then
      return nil
    end
    offset = (tonumber(zh) * 3600 + tonumber(zm) * 60) * (zsign == '-' and -1 or 1)
  end
  local sec = days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
    + tonumber(h) * 3600
    + tonumber(mi) * 60
    + tonumber(s)
    - offset
  local nsec = tonumber((frac .. '000000000'):sub(1, 9))
  return sec, nsec
end

-- enrich.ts's enrich(): the document for one line, without "@timestamp" (see the top).
local function document(line, source)
  local ctx = is_table(line.context) and line.context or {}
  local task_name = str(ctx.task_name) or ''
  local t_stage, t_task = task_name:match('^task %d+%.%d+ in stage (%d+)%.%d+ %(TID (%d+)%)$')
  local parsed = from_message(line.msg)
  local doc = {
    level = line.level:upper(),
    message = line.msg,
    source = { file = source.file, offset = source.offset },
  }
  -- The first candidate that is a value, in enrich.ts's order.
  local function set(key, ...)
    local n = select('#', ...)
    for i = 1, n do
      local v = select(i, ...)
      if v ~= nil then
        doc[key] = v
        return
      end
    end
  end
  set('logger', line.logger)
  set('appId', str(ctx['mdc.appId']), str(ctx.app_id), source.appId, parsed.appId)
  set('appName', source.appName)
  set('stageId', str(ctx.stage_id), t_stage, parsed.stageId)
  set('taskId', str(ctx.task_id), t_task, parsed.taskId)
  set('jobId', str(ctx.job_id), parsed.jobId)
  set('batchId', str(ctx.batch_id), str(ctx['mdc.batchId']))
  set('queryId', str(ctx.query_id))
  -- An executor-lost line is written by the driver but is about the lost executor.
  set('executorId', parsed.executorId, str(ctx.executor_id), source.executorId)
  set('traceId', str(ctx.trace_id), str(ctx['mdc.traceId']))
  set('spanId', str(ctx.span_id), str(ctx['mdc.spanId']))
  set('host', parsed.host, str(ctx.host), source.host)
  if is_table(line.context) and next(line.context) ~= nil then
    doc.context = line.context
  end
  local e = line.exception
  if type(e) == 'string' then
    doc.exception = { msg = e }
  elseif is_table(e) then
    doc.exception = {
      class = e.class,
      msg = type(e.msg) == 'string' and e.msg or nil,
      stacktrace = stacktrace_text(e.stacktrace),
    }
  end
  return doc
end

function enrich_spark(tag, timestamp, record)
  local line = spark_line(record)
  if not line then
    return -1, timestamp, record
  end
  local source = line_source(record)
  if not source then
    return -1, timestamp, record
  end
  local doc = document(line, source)
  local sec, nsec = parse_ts(line.ts)
  if not sec then
    -- A `ts` that is not ISO-8601: keep the line at the time Fluent Bit read it.
    return 2, timestamp, doc
  end
  if type(timestamp) == 'table' then
    return 1, { sec = sec, nsec = nsec }, doc
  end
  return 1, sec + nsec / 1e9, doc
end
