-- prfaq.customer-evidence: the document says how the team knows
-- customers need this, with evidence a reviewer can weigh rather than
-- the team's belief.
--
-- Code, because the rule is about the document as a whole: it is met
-- anywhere: a source of evidence (a survey, interviews, research, a
-- pilot, feature requests, support tickets, feedback, usage data), or
-- customers who asked with a number or a time span ("412 members
-- asked", "users have asked for years"), or a number of customers,
-- users, teams ("1,140 of our users").  The finding goes where the
-- evidence belongs: the internal FAQ, else the FAQ, else line 1.
local redline = require "redline"

local PEOPLE = [[(?:customers?|users?|teams?|developers?|engineers?]] ..
	[[|people|respondents?|participants?|companies|organi[sz]ations]] ..
	[[|members?|clients?|businesses|accounts?|admins?|administrators?)]]
local SOURCE = [[\b(?:surveys?|surveyed|interviews?|interviewed]] ..
	[[|stud(?:y|ies)(?!\s+(?:show|suggest|prove))]] ..
	[[|research(?!\s+(?:shows|suggests|proves))|pilots?|piloted]] ..
	[[|beta\s+(?:program]] ..
	[[|users?|customers?|testers?)|in\s+(?:the|our)\s+beta|trials?]] ..
	[[|focus\s+groups?|usability\s+(?:tests?|testing|stud(?:y|ies))]] ..
	[[|user\s+testing|(?:feature|support|customer|user)\s+(?:requests?]] ..
	[[|tickets?|cases)|requested\s+by|feedback|complaints?]] ..
	[[|waiting\s+list|wait-?list|sign-?ups|usage\s+data|analytics]] ..
	[[|telemetry|NPS|A/B\s+tests?|experiments?|upvotes?]] ..
	[[|we\s+(?:measured|timed|counted|observed|polled|found\s+that))\b]]
local ASKED = [[\b]] .. PEOPLE .. [[(?:\s+[\w'-]+){0,6}?\s+(?:have\s+]] ..
	[[|had\s+)?(?:asked|ask|requested|request|told\s+us|tell\s+us]] ..
	[[|reported|report|complained|complain)\b(?:[^.!?\n]|\.\d){0,120}?]] ..
	[[(?:\d|\bfor\s+(?:years|months|weeks)\b|\bevery\s+(?:day|week]] ..
	[[|month|year)\b|\bsince\s+\d)]]
local COUNTED = [[\b\d[\d,.]*(?:%|\s+percent)?\s+(?:of\s+(?:the\s+]] ..
	[[|our\s+)?)?(?:\p{L}+\s+)?]] .. PEOPLE .. [[\b]]
-- Three patterns tried in turn, the commonest first: each is cheaper
-- alone than their union.
local EVIDENCE = {redline.pattern(SOURCE, "i"), redline.pattern(COUNTED, "i"),
	redline.pattern(ASKED, "i")}
local INTERNAL = redline.pattern([[\binternal\b]], "i")

local parts = require "parts"
local prfaq_context = parts.prfaq_context
local section_node = parts.section_node

return {
	level = "warning",
	message = "Say how you know customers need this, with evidence: " ..
		"how many asked, what a survey, interviews, a pilot or usage " ..
		"data showed.",
	category = "evidence",
	points = 50,
	cap = 50,
	description = "The document names evidence of customer need: " ..
		"research, interviews, a survey, a pilot, requests, tickets, " ..
		"feedback, usage data, customers who asked (with a number or " ..
		"a time span), or a number of customers.",
	check = function(doc)
		for _, p in ipairs(EVIDENCE) do
			if redline.match(p, doc) then return end
		end
		local ctx = prfaq_context(doc)
		local parts = ctx.parts
		local at
		for i, s in ipairs(parts.secs) do
			if s.offset >= parts.faq_start and
			   redline.match(INTERNAL, s.title) then
				at = i
				break
			end
		end
		at = at or (parts.faqs[1] and parts.faqs[1].sec)
		if at then
			redline.report{node = section_node(ctx, at)}
		else
			redline.report{offset = 0, length = 0}
		end
	end,
}
