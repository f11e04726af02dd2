local redline = require "redline"
return {
  level = "warning",
  message = "rep_pcall",
  check = function(doc)
    local ok = pcall(string.rep, "x", 1 << 30)
    redline.report{message = "survived"}
  end,
}
