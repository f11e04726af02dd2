-- prfaq lib/sides.lua (require "sides"), shared by the pack's Lua rules.
local redline = require "redline"
local parts = require "parts"
local faq_node = parts.faq_node
local questions = require "questions"
local faq_questions = questions.faq_questions

-- Which parts the FAQ has: a customer (external) part and an internal
-- part.  Shared by prfaq.customer-faq and prfaq.internal-faq, with
-- "prfaq questions".
--
-- A part is named by a heading inside the FAQ, or by a line that is only
-- its title ("**Internal FAQ**"): "Customer", "External", "Public",
-- "User", "General" name the customer's part; "Internal", "Stakeholder",
-- "Business", "Investor", "Leadership" the internal one.  A question
-- outside both belongs to the internal part when it is asked in the
-- team's voice or about the team's concerns (why we build it, how we
-- know, cost to us, risks, staffing, what we will not do, why one design
-- rather than another, how it is tested and maintained), and to the
-- customer's part otherwise.
local S_CUSTOMER = redline.pattern(
	[[\b(?:customers?|external|public|users?|general|clients?)\b]], "i")
local S_INTERNAL = redline.pattern(
	[[\b(?:internal|stakeholders?|business|investors?|leadership]] ..
	[[|executives?)\b]], "i")
-- A part's title on a line of its own ("**Internal FAQ**").
local S_PART_LINE = redline.pattern(
	[[^[ \t]*(?:customers?|external|public|users?|general|clients?|internal]] ..
	[[|stakeholders?|business|investors?|leadership|executives?)\b]] ..
	[[[^\n]{0,30}\b(?:FAQs?|questions)\b[ \t]*(?:\([^)\n]*\))?]] ..
	[[[ \t]*:?[ \t]*$]], "im")
local S_TEAM_Q = redline.pattern(
	[[\b(?:why\s+(?:are|did|do|does|should|would|will|is)\s+]] ..
	[[(?:we|the\s+team)]] ..
	[[|how\s+(?:do|did|will|would|can|should)\s+we\s+(?:know|measure|]] ..
	[[fund|staff|support|maintain|decide|prioriti[sz]e|compete|price]] ..
	[[|make money)|what\s+(?:will|won't|should|shouldn't|are|is)\s+]] ..
	[[(?:we|the\s+team)\s+(?:not\s+)?(?:do|doing|build|building|ship]] ..
	[[|launch|charge|measure)|(?:our|the)\s+(?:team|company|]] ..
	[[organi[sz]ation)'?s?\s+(?:risks?|costs?|goals?|strategy|plan)]] ..
	[[|\b(?:the|main|key|biggest)\s+risks?\b|headcount|budget|revenue]] ..
	[[|business\s+model]] ..
	[[|roadmap|dependenc(?:y|ies)|resourc(?:e|es|ing)\s+(?:required]] ..
	[[|needed|do we need)|staffing|maintenance|competitors?|why\s+now]] ..
	[[|out\s+of\s+scope|non-?goals?|trade-?offs?|success\s+metrics?]] ..
	[[|how\s+much\s+will\s+it\s+cost\s+(?:us|to\s+build)|why\s+not\b]] ..
	[[|\brather\s+than\b|\binstead\s+of\b|threat\s+model]] ..
	[[|performance\s+(?:story|overhead|cost)|how\s+(?:is|are)\s+[^?]{0,60}]] ..
	[[\b(?:tested|maintained|kept\s+current|funded|staffed))]], "i")

-- side_of names the part a title declares: "customer", "internal",
-- "both" or nil.
local function side_of(title)
	local c = redline.match(S_CUSTOMER, title) ~= nil
	local i = redline.match(S_INTERNAL, title) ~= nil
	if c and i then return "both" end
	return c and "customer" or i and "internal" or nil
end

-- faq_sides returns has_customer, has_internal.  want ("customer" or
-- "internal") stops early once that side is named by a title.
local function faq_sides(ctx, want)
	local parts = ctx.parts
	local customer, internal = false, false
	local named = {} -- {offset, stop, side}: the parts named by a title
	local function mark(off, stop, side)
		if side == "customer" or side == "both" then customer = true end
		if side == "internal" or side == "both" then internal = true end
		if side then named[#named + 1] = {off, stop, side} end
	end
	local fi, heading = 1, {}
	for _, s in ipairs(parts.secs) do
		heading[s.offset] = true
		while parts.faqs[fi] and parts.faqs[fi].stop <= s.offset do
			fi = fi + 1
		end
		local f = parts.faqs[fi]
		if f and s.offset >= f.offset then
			mark(s.offset, s.stop, side_of(s.title))
		end
	end
	local function done()
		return (want == "customer" and customer) or
			(want == "internal" and internal)
	end
	if done() then return customer, internal end
	-- Title lines that are not headings: each part runs to the next
	-- title line or heading.
	for _, f in ipairs(parts.faqs) do
		local lines = {}
		for m in faq_node(ctx, f):find(S_PART_LINE) do
			local off = m.offset
			if off >= f.stop then break end
			if off >= f.offset and not heading[off] then
				lines[#lines + 1] = {off, side_of(m.text)}
			end
		end
		local si = 1
		for k, l in ipairs(lines) do
			local stop = lines[k + 1] and lines[k + 1][1] or f.stop
			while parts.secs[si] and parts.secs[si].offset <= l[1] do
				si = si + 1
			end
			local s = parts.secs[si]
			if s and s.offset < stop then stop = s.offset end
			mark(l[1], stop, l[2])
		end
	end
	if done() then return customer, internal end
	local qs = faq_questions(ctx)
	for _, q in ipairs(qs) do
		local side
		for _, n in ipairs(named) do
			if q.offset >= n[1] and q.offset < n[2] then side = n[3] end
		end
		if not side then
			side = redline.match(S_TEAM_Q, q.text) and "internal" or
				"customer"
		end
		if side == "customer" or side == "both" then customer = true end
		if side == "internal" or side == "both" then internal = true end
	end
	if #qs == 0 and #named == 0 then
		customer = true -- an FAQ without questions: nothing to judge
	end
	return customer, internal
end

return {
	faq_sides = faq_sides,
}
