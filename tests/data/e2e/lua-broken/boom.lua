-- A rule that fails on every document: Redline must list it in
-- rule_errors and still report the other rules' findings.
return {
  level = "error",
  message = "never reported",
  check = function(doc)
    error("boom")
  end,
}
