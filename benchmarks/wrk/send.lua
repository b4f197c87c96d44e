-- wrk script: PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txnId} with a unique txnId per
-- request (RUN_ID, wrk thread number and a counter), so the fake stores every request instead of
-- answering from its txnId cache. Environment: SEND_PATH (prefix ending in /send/m.room.message/),
-- ACCESS_TOKEN, RUN_ID (unique per wrk run), LABEL (prefix of the printed result lines).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local prefix
local counter = 0
local headers = {}
local body = '{"msgtype":"m.notice","body":"disk 91% full on host1"}'

function init(args)
  prefix = os.getenv("SEND_PATH") .. os.getenv("RUN_ID") .. "t" .. thread_number .. "n"
  headers["Authorization"] = "Bearer " .. os.getenv("ACCESS_TOKEN")
  headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  return wrk.format("PUT", prefix .. counter, headers, body)
end

function done(summary, latency, requests)
  local label = os.getenv("LABEL")
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("%s.rps %.0f\n", label, summary.requests / seconds))
  io.write(string.format("%s.p50_ms %.3f\n", label, latency:percentile(50) / 1000))
  io.write(string.format("%s.p99_ms %.3f\n", label, latency:percentile(99) / 1000))
  io.write(string.format("%s.max_ms %.3f\n", label, latency.max / 1000))
  io.write(string.format("%s.requests %d\n", label, summary.requests))
  io.write(string.format("%s.errors %d\n", label, e.connect + e.read + e.write + e.timeout + e.status))
end
