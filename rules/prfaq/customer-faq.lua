-- prfaq.customer-faq: the FAQ has a part for customers: the questions a
-- customer asks before buying or using it (price, setup, limits), not
-- only the team's questions.
--
-- Code, because the parts are named by headings or bold lines in many
-- ways, and an FAQ that names none is judged by its questions (see
-- "prfaq sides").
local redline = require "redline"

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

-- BEGIN prfaq sides ---------------------------------------------------
-- Which parts the FAQ has: a customer (external) part and an internal
-- part.  Shared by prfaq.customer-faq and prfaq.internal-faq.
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
local S_PART_LINE = redline.pattern(
	[[^[ \t]*[\p{L} /&()-]{0,40}\b(?:FAQs?|questions)[ \t]*]] ..
	[[(?:\([^)\n]*\))?[ \t]*:?[ \t]*$]], "im")
local S_TEAM_Q = redline.pattern(
	[[\b(?:why\s+(?:are|did|do|does|should|would|will|is)\s+(?:we|the\s+team)]] ..
	[[|how\s+(?:do|did|will|would|can|should)\s+we\s+(?:know|measure|]] ..
	[[fund|staff|support|maintain|decide|prioriti[sz]e|compete|price]] ..
	[[|make money)|what\s+(?:will|won't|should|shouldn't|are|is)\s+]] ..
	[[(?:we|the\s+team)\s+(?:not\s+)?(?:do|doing|build|building|ship]] ..
	[[|launch|charge|measure)|(?:our|the)\s+(?:team|company|]] ..
	[[organi[sz]ation)'?s?\s+(?:risks?|costs?|goals?|strategy|plan)]] ..
	[[|\b(?:the|main|key|biggest)\s+risks?\b|headcount|budget|revenue|business\s+model]] ..
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

-- S_QUESTION finds question lines in a part's text (a line that ends
-- with "?", or a "Q:" line); S_TEAM_LINE those asked in the team's voice.
local S_QUESTION = redline.pattern(
	[[^[ \t]*(?:Q\s*\d*\s*[:.]\s*)?[^\n]{0,300}\?[ \t]*$]], "m")

-- questions_in counts the question lines of [from, to) in node, and
-- those asked in the team's voice.
local function questions_in(node, from, to)
	local all, team = 0, 0
	for m in node:find(S_QUESTION) do
		local off = m.offset
		if off >= to then break end
		if off >= from then
			all = all + 1
			if redline.match(S_TEAM_Q, m) then team = team + 1 end
		end
	end
	return all, team
end

-- faq_sides returns has_customer, has_internal.  want ("customer" or
-- "internal") stops early once that side is found.
local function faq_sides(doc, parts, want)
	local customer, internal = false, false
	local named = {} -- {offset, stop}: the parts named by a title
	local function mark(off, stop, side)
		if side == "customer" or side == "both" then customer = true end
		if side == "internal" or side == "both" then internal = true end
		if side then named[#named + 1] = {off, stop} end
	end
	for _, f in ipairs(parts.faqs) do
		if f.section then
			mark(f.offset, f.stop, side_of(f.section.title))
		end
		for i, s in ipairs(parts.sections) do
			local off = s.offset
			if off > f.offset and off < f.stop then
				mark(off, off + s.length, side_of(parts.titles[i]))
			end
		end
		for m in (f.section or doc):find(S_PART_LINE) do
			if m.offset >= f.stop then break end
			if m.offset >= f.offset then
				-- a title line: its part runs to the next title line
				-- or the end of the FAQ part
				mark(m.offset, f.stop, side_of(m.text))
			end
		end
	end
	if (want == "customer" and customer) or
	   (want == "internal" and internal) then
		return customer, internal
	end
	-- Questions outside the named parts speak for themselves.
	local from = nil
	local function unnamed(a, b)
		if a >= b then return end
		for _, n in ipairs(named) do
			if a >= n[1] and b <= n[2] then return end
		end
		local node = doc
		for _, f in ipairs(parts.faqs) do
			if a >= f.offset and b <= f.stop and f.section then
				node = f.section
			end
		end
		local all, team = questions_in(node, a, b)
		if team > 0 then internal = true end
		if all > team then customer = true end
	end
	-- the stretches of the FAQ between named parts
	local cuts = {}
	for _, f in ipairs(parts.faqs) do
		cuts[#cuts + 1] = {f.offset, f.stop}
	end
	for _, c in ipairs(cuts) do
		local a = c[1]
		local inner = {}
		for _, n in ipairs(named) do
			if n[1] >= c[1] and n[1] < c[2] and
			   not (n[1] == c[1] and n[2] == c[2]) then
				inner[#inner + 1] = n
			end
		end
		table.sort(inner, function(x, y) return x[1] < y[1] end)
		for _, n in ipairs(inner) do
			unnamed(a, n[1])
			if n[2] > a then a = n[2] end
		end
		unnamed(a, c[2])
	end
	if #named == 0 and not customer and not internal then
		customer = true -- an FAQ without questions: nothing to judge
	end
	return customer, internal
end
-- END prfaq sides -----------------------------------------------------

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
		local parts = prfaq_parts(doc)
		if #parts.faqs == 0 then return end
		local customer = faq_sides(doc, parts, "customer")
		if customer then return end
		local f = parts.faqs[1]
		if f.section then
			redline.report{node = f.section}
		else
			redline.report{offset = f.offset, length = 0}
		end
	end,
}
