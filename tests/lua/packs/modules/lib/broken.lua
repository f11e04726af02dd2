local x = {}
local y = x.missing.field -- fails when the module runs
return x
