-- About 70% of the pack's budget: passes on every document, as long as
-- the budget starts afresh for each review.
return {
  level = "suggestion",
  message = "near",
  check = function(doc)
    for i = 1, 70000 do end
  end,
}
