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
	[[|stud(?:y|ies)|research|pilots?|piloted|beta\s+(?:program]] ..
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
local EVIDENCE = redline.pattern(SOURCE .. "|" .. ASKED .. "|" .. COUNTED,
	"i")
local INTERNAL = redline.pattern([[\binternal\b]], "i")

-- BEGIN prfaq parts ---------------------------------------------------
-- Where the press release and the FAQ are.  A Lua rule cannot load
-- another file, so every prfaq rule that needs them carries this same
-- block; tests/e2e/prfaq.sh checks that the copies are identical.
--
-- The FAQ is each section whose title names one ("FAQ", "Frequently
-- Asked Questions", "Customer FAQs", "Q&A"), except titles that name the
-- whole document ("Cabana PR/FAQ", "Press Release / FAQ").  Where no
-- heading does, it is a line that is only such a title ("**FAQ**") up to
-- the end of its section; failing that, a run of "Q:" questions, from
-- the first one on.  The press release is the section titled "Press
-- Release" that starts before the FAQ, or else everything before the FAQ.
local P_FAQ = redline.pattern(
	[[\bFAQs?\b|\bfrequently\s+asked\s+questions\b|\bQ\s*&\s*A\b]] ..
	[[|\bquestions\s+(?:and|&)\s+answers\b]], "i")
local P_WHOLE = redline.pattern(
	[[\bPR\s*[/&+-]?\s*FAQ|press\s+release\s*(?:[/&+-]|and)\s*]] ..
	[[(?:FAQ|frequently)]], "i")
local P_FAQ_LINE = redline.pattern(
	[[^[ \t]*(?:(?:customer|external|internal|public)\s+)?(?:FAQs?]] ..
	[[|frequently\s+asked\s+questions)(?:\s*\(FAQs?\))?[ \t]*:?[ \t]*$]],
	"im")
local P_Q_LINE = redline.pattern([[^[ \t]*Q\s*\d*\s*[:.]\s*\S]], "m")
local P_PRESS = redline.pattern([[\bpress\s+release\b]], "i")

-- may_name_faq / may_name_press: cheap tests before the patterns.
local function may_name_faq(lower)
	return lower:find("faq", 1, true) or lower:find("question", 1, true) or
		lower:find("q&a", 1, true) or lower:find("q & a", 1, true)
end

-- prfaq_parts returns {sections, titles, faqs = {{offset, stop,
-- section}...}, faq_start, pr (the press release section or nil),
-- pr_start, pr_stop}.
local function prfaq_parts(doc)
	local secs, titles, faqs = doc:sections(), {}, {}
	for i, s in ipairs(secs) do
		local t = s.title
		titles[i] = t
		local lower = t:lower()
		if may_name_faq(lower) then
			local off = s.offset
			local last = faqs[#faqs]
			if not (last and off < last.stop) and
			   redline.match(P_FAQ, t) and
			   not redline.match(P_WHOLE, t) then
				faqs[#faqs + 1] = {offset = off,
					stop = off + s.length, section = s}
			end
		end
	end
	if #faqs == 0 then
		local m = redline.match(P_FAQ_LINE, doc)
		if m then
			local stop = doc.length
			for _, s in ipairs(secs) do
				local off = s.offset
				if off <= m.offset and m.offset < off + s.length then
					stop = off + s.length
				end
			end
			faqs[1] = {offset = m.offset, stop = stop}
		else
			local n, first = 0, nil
			for q in redline.find(P_Q_LINE, doc) do
				n = n + 1
				first = first or q.offset
				if n == 2 then
					faqs[1] = {offset = first, stop = doc.length}
					break
				end
			end
		end
	end
	local parts = {sections = secs, titles = titles, faqs = faqs,
		faq_start = faqs[1] and faqs[1].offset or doc.length}
	parts.pr_start, parts.pr_stop = 0, parts.faq_start
	for i, s in ipairs(secs) do
		local t = titles[i]
		if t:lower():find("press", 1, true) then
			local off = s.offset
			if off >= parts.faq_start then break end
			if redline.match(P_PRESS, t) and
			   not redline.match(P_FAQ, t) then
				parts.pr, parts.pr_start = s, off
				parts.pr_stop = math.min(off + s.length,
					parts.faq_start)
				break
			end
		end
	end
	return parts
end

-- blocks_in lists the blocks that start in [start, stop), taken from
-- node (a section holding them, or the document).
local function blocks_in(node, start, stop)
	local list = {}
	for _, b in ipairs(node:blocks()) do
		if b.offset >= stop then break end
		if b.offset >= start then list[#list + 1] = b end
	end
	return list
end

-- pr_blocks lists the press release's blocks.
local function pr_blocks(doc, parts)
	return blocks_in(parts.pr or doc, parts.pr_start, parts.pr_stop)
end

-- faq_blocks lists the blocks of every part of the FAQ, in order.
local function faq_blocks(doc, parts)
	local list = {}
	for _, f in ipairs(parts.faqs) do
		for _, b in ipairs(blocks_in(f.section or doc, f.offset,
		    f.stop)) do
			list[#list + 1] = b
		end
	end
	return list
end
-- end_at is where a part missing from a run of blocks is reported: the
-- last character of the last block, as the sections kind does; nil when
-- there are no blocks.
local function end_at(blocks)
	local b = blocks[#blocks]
	if not b then return nil end
	return b.offset + (b.length > 0 and b.length - 1 or 0)
end
-- END prfaq parts -----------------------------------------------------

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
		if redline.match(EVIDENCE, doc) then return end
		local parts = prfaq_parts(doc)
		local at
		for _, s in ipairs(parts.sections) do
			if s.offset >= parts.faq_start and
			   redline.match(INTERNAL, s.title) then
				at = s
				break
			end
		end
		at = at or (parts.faqs[1] and parts.faqs[1].section)
		if at then
			redline.report{node = at}
		else
			redline.report{offset = 0, length = 0}
		end
	end,
}
