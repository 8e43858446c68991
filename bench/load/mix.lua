-- wrk script: the signed-in read mix of a working day. Weights: work home 15, screening queue 15,
-- applicant search 10, applicant (API) 15, case list 10, case page 15, me 10, people count 5,
-- agencies 5. Officers' pages use OFFICER (cookie), case pages INVESTIGATOR (cookie), the API
-- TOKEN (bearer).
local officer = os.getenv("OFFICER")
local investigator = os.getenv("INVESTIGATOR")
local token = os.getenv("TOKEN")
local applicant = os.getenv("APPLICANT_ID")
local case_id = os.getenv("CASE_ID")
local q = os.getenv("QUERY") or "siti"
local plan = {
  {15, "/", "officer"}, {15, "/prevention", "officer"}, {10, "/prevention?q=" .. q, "officer"},
  {15, "/api/v1/applicants/" .. applicant, "token"}, {10, "/kasus", "investigator"},
  {15, "/kasus/" .. case_id, "investigator"}, {10, "/api/v1/me", "token"},
  {5, "/api/v1/people/count", "token"}, {5, "/api/v1/agencies", "token"},
}
local total = 0
for _, p in ipairs(plan) do total = total + p[1] end
local statuses = {}
request = function()
  local r = math.random(total)
  for _, p in ipairs(plan) do
    r = r - p[1]
    if r <= 0 then
      local h = {}
      if p[3] == "officer" then h["Cookie"] = officer
      elseif p[3] == "investigator" then h["Cookie"] = investigator
      else h["Authorization"] = "Bearer " .. token end
      return wrk.format("GET", p[2], h)
    end
  end
end
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  io.write(string.format("MIX p50=%.2fms p99=%.2fms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
