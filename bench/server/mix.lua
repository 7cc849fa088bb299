-- wrk script of the server benchmark (bench/server/run.sh). Arguments after `--`:
--   mix    DATA THREADS READ WORKLIST WRITE   the caseworker mix (percentages, sum 100)
--   static                                    GET / (the nginx baseline; wrk's path)
--   login  DATA                               POST /api/v1/session with correct passwords
-- DATA is written by run.sh: one line per logged-in user, `user COOKIE CSRF USERNAME PASSWORD`,
-- then one per person, `person USER_INDEX ID PERSONNUMMER`. It lives in a private temporary
-- directory and is removed at exit; nothing here prints a personnummer.
--
-- Writes are real: each POST /api/v1/persons/{id}/events carries the ETag of the person's
-- case as last read by this wrk thread. A wrk thread runs many connections and its response()
-- does not say which request it answers, so the ETag is matched to its person through the
-- `person` field at the start of the GET answer. Each wrk thread reads and writes only its own
-- share of the persons (no two threads race on one case), writes only a person whose case was
-- read since its last write, and a read that shows a sequence not newer than the last one it
-- wrote with is ignored (it was answered before that write). A 409 is therefore not expected;
-- any is counted and printed.

bench_mode = nil  -- global: done() reads it from a thread
local users, persons, by_pnr, seen = {}, {}, {}, 0
local fresh, fresh_at = {}, {}   -- persons read since their last write (array + index)
local slots, slot = {}, 0
local today = os.date("!%Y-%m-%d")  -- The server's `today` is the UTC date.
counts = {read = 0, worklist = 0, write = 0, written = 0, conflict = 0, other = 0, no_fresh = 0}

-- setup/done environment: the threads, to sum their counts at the end.
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads - 1)
end

local function split(line)
  local fields = {}
  for f in line:gmatch("%S+") do fields[#fields + 1] = f end
  return fields
end

local function load(path, nthreads)
  for line in io.lines(path) do
    local f = split(line)
    if f[1] == "user" then
      users[#users + 1] = {cookie = f[2], csrf = f[3], username = f[4], password = f[5]}
    elseif f[1] == "person" then
      local n = tonumber(f[2])
      -- Round robin over the wrk threads: person k belongs to thread k mod THREADS.
      if nthreads == nil or seen % nthreads == index then
        local p = {user = users[n], id = f[3], pnr = f[4], used = -1}
        persons[#persons + 1] = p
        by_pnr[p.pnr] = p
      end
      seen = seen + 1
    end
  end
end

local function add_fresh(p)
  if fresh_at[p] then return end
  fresh[#fresh + 1] = p
  fresh_at[p] = #fresh
end

local function take_fresh()
  local n = #fresh
  if n == 0 then return nil end
  local i = math.random(n)
  local p = fresh[i]
  fresh[i] = fresh[n]
  fresh_at[fresh[i]] = i
  fresh[n] = nil
  fresh_at[p] = nil
  return p
end

function init(args)
  bench_mode = args[1]
  math.randomseed(1000 + index)
  if bench_mode == "mix" then
    load(args[2], tonumber(args[3]))
    for _, p in ipairs(persons) do
      p.get = wrk.format("GET", "/api/v1/persons/" .. p.id, {Cookie = p.user.cookie})
    end
    for _, u in ipairs(users) do
      u.worklist = wrk.format("GET", "/api/v1/worklist?scope=unit&limit=50", {Cookie = u.cookie})
    end
    -- 100 slots in the given proportions, shuffled once (the same order in every run).
    local kinds = {{"read", tonumber(args[4])}, {"worklist", tonumber(args[5])}, {"write", tonumber(args[6])}}
    for _, k in ipairs(kinds) do
      for _ = 1, k[2] do slots[#slots + 1] = k[1] end
    end
    for i = #slots, 2, -1 do
      local j = math.random(i)
      slots[i], slots[j] = slots[j], slots[i]
    end
  elseif bench_mode == "login" then
    load(args[2], nil)
    for _, u in ipairs(users) do
      u.login = wrk.format("POST", "/api/v1/session", {["Content-Type"] = "application/json"},
                           '{"username":"' .. u.username .. '","password":"' .. u.password .. '"}')
    end
    response = nil
  else
    request = nil   -- wrk's own GET of its path
    response = nil
  end
end

function request()
  if bench_mode == "login" then
    return users[math.random(#users)].login
  end
  slot = slot % #slots + 1
  local kind = slots[slot]
  if kind == "write" then
    local p = take_fresh()
    if p then
      counts.write = counts.write + 1
      p.used = p.seq
      return wrk.format("POST", "/api/v1/persons/" .. p.id .. "/events",
                        {Cookie = p.user.cookie, ["X-CSRF-Token"] = p.user.csrf, ["If-Match"] = '"' .. p.seq .. '"',
                         ["Content-Type"] = "application/json"},
                        '{"type":"mapping_meeting_held","date":"' .. today .. '"}')
    end
    counts.no_fresh = counts.no_fresh + 1  -- Nothing read yet to write on: read instead.
    kind = "read"
  end
  if kind == "worklist" then
    counts.worklist = counts.worklist + 1
    return users[math.random(#users)].worklist
  end
  counts.read = counts.read + 1
  return persons[math.random(#persons)].get
end

function response(status, headers, body)
  if status == 201 then
    counts.written = counts.written + 1
  elseif status == 409 then
    counts.conflict = counts.conflict + 1
  elseif status == 200 and body:sub(1, 12) == '{"assignee":' then
    local pnr = body:sub(1, 200):match('"person":"(%d+)"')
    local etag = headers["ETag"] or headers["Etag"] or headers["etag"]
    local p = pnr and by_pnr[pnr]
    local seq = etag and tonumber(etag:match("%d+"))
    if p and seq and seq > p.used then
      p.seq = seq
      add_fresh(p)
    end
  elseif status ~= 200 then
    counts.other = counts.other + 1
  end
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d " ..
                         "status_errors=%d socket_errors=%d timeouts=%d\n",
                         summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
                         latency:percentile(99) / 1000, latency.max / 1000, summary.requests, e.status,
                         e.connect + e.read + e.write, e.timeout))
  if threads[1]:get("bench_mode") == "mix" then
    io.write(string.format("MIX sent: read=%d worklist=%d write=%d (read instead of write, nothing fresh: %d); " ..
                           "answers: written=%d conflict=%d other_non_2xx=%d\n",
                           total.read, total.worklist, total.write, total.no_fresh, total.written, total.conflict,
                           total.other))
  end
end
