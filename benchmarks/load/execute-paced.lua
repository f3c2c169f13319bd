-- As execute.lua, with each connection pausing 32 ms between its requests: 32 connections then
-- offer about 1,000 requests a second, a load below saturation, so that latency is the server's
-- own time and not queueing behind a saturated CPU.
dofile("benchmarks/load/execute.lua")

delay = function()
  return 32
end
