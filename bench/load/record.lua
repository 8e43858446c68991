-- wrk script: record and screen a new applicant per request (POST /api/v1/applicants).
local token = os.getenv("TOKEN")
local run = os.getenv("RUN") or tostring(os.time())
local counter = 0
local threads = 0
setup = function(thread) thread:set("tid", threads); threads = threads + 1 end
local names = {"Siti Aminah", "Budi Santoso", "Dewi Lestari", "Agus Salim", "Rina Wati", "Joko Susilo"}
local purposes = {"tourism", "umrah_hajj", "visit_family", "work"}
local dests = {"MY", "SA", "HK", "TW", "SG", "JP"}
request = function()
  counter = counter + 1
  local i = counter
  local body = string.format(
    '{"source_ref":"load-%s-%d-%d","full_name":"%s %d","birth_date":"19%02d-%02d-%02d","sex":"%s",' ..
    '"purpose":"%s","destination":"%s","passport_type":"biasa","sponsor_phone":"08123%06d"}',
    run, tid or 0, i, names[i % #names + 1], i, 60 + i % 40, i % 12 + 1, i % 28 + 1,
    (i % 2 == 0) and "P" or "L", purposes[i % #purposes + 1], dests[i % #dests + 1], i % 50000)
  return wrk.format("POST", "/api/v1/applicants",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
