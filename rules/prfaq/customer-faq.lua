-- prfaq.customer-faq: the FAQ has a part for customers: the questions a
-- customer asks before buying or using it (price, setup, limits), not
-- only the team's questions.
--
-- Code, because the parts are named by headings or bold lines in many
-- ways, and an FAQ that names none is judged by its questions (see
-- "prfaq sides").
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local section_node = parts.section_node
local questions = require "questions"
local ask = questions.ask
local sides = require "sides"
local faq_sides = sides.faq_sides



return {
	level = "warning",
	message = "Add a customer FAQ: the questions a customer will ask " ..
		"(what it costs, how to start, what it does not do).",
	category = "structure",
	points = 30,
	cap = 30,
	description = "The FAQ has a customer (external) part: a part " ..
		"titled for customers, or questions asked as a customer would.",
	check = function(doc)
		local ctx = prfaq_context(doc)
		local f = ctx.parts.faqs[1]
		if not f or faq_sides(ctx, "customer") then return end
		if f.sec then
			redline.report{node = section_node(ctx, f.sec)}
		else
			redline.report{offset = f.offset, length = 0}
		end
	end,
}
