-- Reports every "Redline", the section "Section Two" at error level, and
-- "leak" if another pack managed to change what this one sees.
local redline = require "redline"
local NAME = redline.pattern("Redline")

return {
  level = "warning",
  message = "probe",
  category = "clarity",
  description = "Finds the product name.",
  check = function(doc)
    for m in redline.find(NAME, doc) do
      redline.report{match = m, message = "found " .. m.text,
                     suggestions = {"Blueline"}}
    end
    local s = doc:section("section two")
    if s then
      redline.report{node = s, level = "error", message = "section"}
    end
    if rawget(_G, "leak") ~= nil or tostring(1) ~= "1" or
       string.upper("a") ~= "A" or math.floor(1.5) ~= 1 then
      redline.report{offset = 0, length = 1, message = "leak"}
    end
  end,
}
