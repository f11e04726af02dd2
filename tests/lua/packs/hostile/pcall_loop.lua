local redline = require "redline"
return {
  level = "warning",
  message = "pcall_loop",
  check = function(doc)
    while true do pcall(function() while true do end end) end
  end,
}
