-- wrk script: a case update per request (add a named suspect to a case, the case page's form).
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local case_id = os.getenv("CASE_ID")
local counter = 0
request = function()
  counter = counter + 1
  local body = "csrf_token=" .. csrf .. "&role=suspect&name=Tersangka+Beban+" .. counter
  return wrk.format("POST", "/kasus/" .. case_id .. "/orang",
    {["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
