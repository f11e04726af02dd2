-- prfaq.internal-faq: the FAQ has an internal part, where the team
-- answers its own hard questions: how we know customers need this, what
-- it costs, what could go wrong, what we will not do.
--
-- Code, because the parts are named by headings or bold lines in many
-- ways, and an FAQ that names none is judged by its questions (see
-- "prfaq sides").
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local blocks_in = parts.blocks_in
local faq_node = parts.faq_node
local end_at = parts.end_at
local questions = require "questions"
local sides = require "sides"
local faq_sides = sides.faq_sides



return {
	level = "warning",
	message = "Add an internal FAQ: how you know customers need this, " ..
		"what it costs, the risks, and what you will not do.",
	category = "structure",
	points = 20,
	description = "The FAQ has an internal part: a part titled " ..
		"'Internal', or questions the team asks itself.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		if #ctx.parts.faqs == 0 then return end
		local _, internal = faq_sides(ctx, "internal")
		if internal then return end
		local f = ctx.parts.faqs[#ctx.parts.faqs]
		local last = blocks_in(faq_node(ctx, f), f.offset, f.stop)
		redline.report{offset = end_at(last) or f.offset, length = 0}
	end,
}
