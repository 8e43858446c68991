-- wrk script: GET one path with the session cookie or bearer token from the environment.
--   COOKIE="sinergi_session=..." or TOKEN="..."; PATH_ is the path.
local cookie = os.getenv("COOKIE")
local token = os.getenv("TOKEN")
local path = os.getenv("PATH_") or "/"
request = function()
  local h = {}
  if cookie and cookie ~= "" then h["Cookie"] = cookie end
  if token and token ~= "" then h["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", path, h)
end
