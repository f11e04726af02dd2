local redline = require "redline"
return {
  level = "warning",
  message = "rep_empty",
  check = function(doc)
    local s = string.rep("", 1 << 50)
  end,
}
