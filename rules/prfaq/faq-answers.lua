-- prfaq.faq-answers: every question in the FAQ has an answer.  An
-- unanswered question is usually a placeholder the writer forgot, or a
-- question the team cannot answer yet, which a reviewer needs to know.
--
-- Code, because questions come as "### Question?" headings, "**Question?**"
-- lines, "**Q:** ... / **A:** ..." pairs and numbered lists, and an
-- answer is whatever follows up to the next question (see "prfaq
-- questions").
local redline = require "redline"

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local questions = require "questions"
local faq_questions = questions.faq_questions


return {
	level = "warning",
	message = "%s",
	category = "structure",
	cap = 20,
	description = "Every question in the FAQ is followed by an answer " ..
		"before the next question or heading.",
	check = function(doc)
		for _, q in ipairs(faq_questions(prfaq_context(doc))) do
			if q.text == "" then
				redline.report{offset = q.offset, length = 0, args = {
					"This question is empty: write the question " ..
					"and its answer, or remove it."}}
			elseif not q.answered then
				redline.report{offset = q.offset, length = q.length,
					args = {"Answer this question, or remove it."}}
			end
		end
	end,
}
