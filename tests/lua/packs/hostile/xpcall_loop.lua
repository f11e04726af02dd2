local redline = require "redline"
return {
  level = "warning",
  message = "xpcall_loop",
  check = function(doc)
    for i = 1, 1e9 do xpcall(function() while true do end end, function(e) while true do end end) end
  end,
}
