local redline = require "redline"
return {
  level = "warning",
  message = "rep",
  check = function(doc)
    local s = string.rep("x", 1 << 40)
  end,
}
