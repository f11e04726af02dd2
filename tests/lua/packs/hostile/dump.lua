local redline = require "redline"
return {
  level = "warning",
  message = "dump",
  check = function(doc)
    local f = load(string.dump(function() return 1 end), "x", "b")
  end,
}
