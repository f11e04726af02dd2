local redline = require "redline"
return {
  level = "warning",
  message = "grow",
  check = function(doc)
    local t, i = {}, 0
    while true do i = i + 1; t[i] = {i} end
  end,
}
