local redline = require "redline"
return {
  level = "warning",
  message = "report_bad",
  check = function(doc)
    redline.report{offset = 1 << 40, length = 1}
  end,
}
