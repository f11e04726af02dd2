local redline = require "redline"
return {
  level = "warning",
  message = "loop",
  check = function(doc)
    while true do end
  end,
}
