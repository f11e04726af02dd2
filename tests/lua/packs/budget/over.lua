-- More than the budget: fails on every document.
return {
  level = "suggestion",
  message = "over",
  check = function(doc)
    for i = 1, 150000 do end
  end,
}
