local redline = require "redline"
return {
  level = "warning",
  message = "regex_limit",
  check = function(doc)
    for m in redline.find("^(a+)+$", ("a"):rep(40) .. "!") do end
  end,
}
