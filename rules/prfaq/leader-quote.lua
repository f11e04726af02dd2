-- prfaq.leader-quote: the press release quotes someone who leads the
-- launch, saying why the company built it: the reason a reader should
-- believe the team means it.
--
-- Code, because a quote counts only with its attribution, and the
-- attribution decides whose it is (see lib/quotes.lua).
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local pr_last = parts.pr_last
local quotes = require "quotes"
local whose = quotes.whose
local speaker = quotes.speaker
local pr_quotes = quotes.pr_quotes


return {
	level = "warning",
	message = "Quote a leader of the company in the press release: " ..
		"why you built this, attributed ('...,' said NAME, ROLE).",
	category = "customer",
	points = 15,
	description = "The press release has an attributed quote from " ..
		"someone at the company (a leader, or the first speaker whose " ..
		"role is unclear).",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local q = pr_quotes(ctx)
		if not q.leader then
			redline.report{offset = pr_last(ctx), length = 0}
		end
	end,
}
