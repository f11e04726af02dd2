-- prfaq.customer-quote: the press release quotes a customer, besides the
-- leader, saying what changed for them: the launch in the words of the
-- person it is for.
--
-- Code, because a quote counts only with its attribution, and it must
-- be a second speaker besides the leader (see lib/quotes.lua).
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local pr_last = parts.pr_last
local quotes = require "quotes"
local pr_quotes = quotes.pr_quotes


return {
	level = "warning",
	message = "Quote a customer in the press release, besides the " ..
		"leader: what changed for them, attributed ('...,' said " ..
		"NAME, a ROLE who uses it).",
	category = "customer",
	points = 25,
	cap = 25,
	description = "The press release has an attributed quote from a " ..
		"customer, besides the leader's quote.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local q = pr_quotes(ctx)
		if not q.customer then
			redline.report{offset = pr_last(ctx), length = 0}
		end
	end,
}
