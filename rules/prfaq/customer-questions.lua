-- prfaq.customer-questions: each question in the customer FAQ is asked
-- the way a customer would ask it: as a question, in the customer's voice
-- rather than the team's, without the team's business vocabulary, and
-- briefly.
--
-- YAML cannot say this: it has to find the customer FAQ among the FAQ
-- sections, tell questions from answers (a heading, a bold line or a
-- "Q:" line whose first sentence is the question) and judge each
-- question as a whole.
local redline = require "redline"

local CUSTOMER_FAQ = redline.pattern(
	[[\b(?:customer|external|public|user)s?\b.*\b(?:FAQs?|questions)\b|\bFAQs?\b.*\b(?:customer|external|public|user)s?\b]],
	"i")
local Q_PREFIX = redline.pattern([[^\s*Q\s*[:.]\s*]], "i")
-- A question opens its block and ends a line: "**Q: ...?**" then the
-- answer on the next line, or a heading.  No sentence may end before it
-- (that would make the block an answer that happens to ask something).
local QUESTION = redline.pattern(
	[[^\s*(?:Q\s*[:.]\s*)?((?:(?![.!]\s+\p{Lu}).)+?\?)(?=[ \t]*(?:\n|$))]], "is")
local FIRST_LINE = redline.pattern([[^\s*([^\n]*\S)]])
local TEAM_VOICE = redline.pattern(
	[[^(?:why\s+(?:do|did|are|were|would|should|will)\s+we\b|how\s+(?:do|did|will|would)\s+we\s+know\b|what\s+(?:will|won't|should|did)\s+we\s+(?:not\s+)?(?:build|do|ship|launch|charge|measure)\b|did\s+we\b)|\bwe\s+(?:decided|chose|plan|intend|are going to)\b|\bour\s+(?:roadmap|business|revenue|margins?|headcount|investors?|strategy|competitors?|launch plan)\b]],
	"i")
local JARGON = redline.pattern(
	[[\b(?:roadmap|business model|revenue|margins?|headcount|OKRs?|KPIs?|stakeholders?|go-to-market|GTM|P&L|TAM|burn rate|investors?|COGS|opex|capex)\b]],
	"i")
local WORD = redline.pattern([[\w[\w'’-]*]])
local MAX_WORDS = 30

-- customer_faqs lists the sections that hold the customer's questions.
local function customer_faqs(doc)
	local list = {}
	for _, s in ipairs(doc:sections()) do
		if redline.match(CUSTOMER_FAQ, s.title) then
			local inner = false
			for _, o in ipairs(list) do
				if s.offset < o.offset + o.length then inner = true end
			end
			if not inner then list[#list + 1] = s end
		end
	end
	return list
end

local function count_words(text)
	local n = 0
	for _ in redline.find(WORD, text) do n = n + 1 end
	return n
end

-- question looks at the start of a block.  It returns the question's
-- offset, length and text, and whether it is asked as a question; nil
-- when the block is no question (an answer, a category heading).
local function question(block)
	if block.kind ~= "heading" and block.kind ~= "paragraph" and
	   block.kind ~= "list_item" then
		return nil
	end
	local text = block.text
	local q = redline.match(QUESTION, text)
	if q then
		local off, len = q:span(1)
		return block.offset + off, len, q[1], true
	end
	if redline.match(Q_PREFIX, text) then
		local line = redline.match(FIRST_LINE, text)
		local off, len = line:span(1)
		return block.offset + off, len, line[1], false
	end
	return nil
end

return {
	level = "suggestion",
	message = "Ask this the way a customer would: %s",
	category = "customer",
	description = "Questions in the customer FAQ are real questions, " ..
		"asked in the customer's voice, without the team's business " ..
		"vocabulary, in at most 30 words.",
	check = function(doc)
		for _, faq in ipairs(customer_faqs(doc)) do
			local own = faq.heading
			for _, block in ipairs(faq:blocks()) do
				local off, len, text, asked
				if not (own and block == own) then
					off, len, text, asked = question(block)
				end
				local why
				if not off then
					why = nil
				elseif not asked then
					why = "make it a question."
				elseif redline.match(TEAM_VOICE, text) then
					why = "this is the team speaking; move it to " ..
						"the internal FAQ or ask it as the customer."
				elseif redline.match(JARGON, text) then
					why = "customers do not talk about '" ..
						redline.match(JARGON, text).text .. "'."
				elseif count_words(text) > MAX_WORDS then
					why = "use at most " .. MAX_WORDS .. " words."
				end
				if why then
					redline.report{offset = off, length = len,
						args = {why}}
				end
			end
		end
	end,
}
