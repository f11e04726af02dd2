-- prfaq.faq: the FAQ is half of a PR/FAQ: the questions customers and
-- reviewers will ask, answered before they ask them.
--
-- Code, not the sections kind, because the FAQ is found the way every
-- prfaq rule finds it (a heading, a title line such as "**FAQ**", or a
-- run of "Q:" questions; see lib/parts.lua).
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context

return {
	level = "error",
	message = "Add an FAQ: a section titled 'Frequently Asked " ..
		"Questions' (or 'FAQ') that answers the questions customers " ..
		"and reviewers will ask.",
	category = "structure",
	points = 30,
	cap = 30,
	description = "The document has an FAQ section.",
	check = function(doc)
		if #prfaq_context(doc).parts.faqs == 0 then
			redline.report{offset = 0, length = 0}
		end
	end,
}
