local redline = require "redline"
return {
  level = "warning",
  message = "grow_pcall",
  check = function(doc)
    local keep = {}
    pcall(function() local i = 0 while true do i = i + 1; keep[i] = {i} end end)
    redline.report{message = "survived"}
  end,
}
