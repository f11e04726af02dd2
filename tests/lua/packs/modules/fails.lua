local redline = require "redline"
return {
  level = "warning",
  message = "x",
  check = function(doc) require "broken" end,
}
