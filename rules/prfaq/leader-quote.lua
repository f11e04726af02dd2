-- prfaq.leader-quote: the press release quotes someone who leads the
-- launch, saying why the company built it: the reason a reader should
-- believe the team means it.
--
-- Code, because a quote counts only with its attribution, and the
-- attribution decides whose it is (see "prfaq quotes").
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

-- BEGIN prfaq quotes --------------------------------------------------
-- The press release's attributed quotes, and whose they are.  Shared by
-- prfaq.leader-quote and prfaq.customer-quote.
--
-- A quote is at least 12 characters between quotation marks (“…” or
-- "…") in the press release.  It is attributed when the rest of its
-- sentence names the speaker ('…," said NAME, ROLE', '…" - NAME, ROLE'
-- or '…" NAME, ROLE'), or the text before it does ('NAME, ROLE, said:
-- "…"'), or, in a block quote, the next line starts with a dash
-- ("> — NAME, ROLE"); and when that names a person ("she added" is the
-- previous speaker again, "the company says" is nobody).  The
-- attribution, or a short heading or line over the quote ("Customer
-- Quotes"), says whose it is: a customer's ("customer", "user",
-- "member", "who tried it") or a leader's ("CEO", "founder", "head of",
-- "director", "lead of", ...).  The leader's quote is the first
-- attributed to a leader, else the first whose speaker is unclear; the
-- customer's is the first other quote attributed to a customer, else any
-- other attributed quote.
local U_QUOTE = redline.pattern([=[[“"]([^“”"]{12,})[”"]]=])
local U_SAY = redline.pattern(
	[[\b(?:said|says|adds|added|explains|explained|notes|noted]] ..
	[[|according\s+to|recalls|recalled|comments|commented|states]] ..
	[[|stated|shares|shared|writes|wrote|told)\b]], "i")
local U_DASH = redline.pattern([[^[\s,;]*(?:[–—―]|--?)\s*\S]])
local U_NAMED = redline.pattern(
	[[^[\s,;]*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}\s*,\s*\S]])
local U_END = redline.pattern([[[.!?](?=\s+[\p{Lu}“"]|\s*$)|\n\s*\n]])
local U_LEADER = redline.pattern(
	[[\b(?:CEO|CTO|COO|CFO|CPO|CIO|CMO|CISO|founder|co-?founder]] ..
	[[|president|chair(?:man|woman|person)?|chief|head\s+of|VP]] ..
	[[|vice\s+president|SVP|EVP|director|general\s+manager]] ..
	[[|(?:project|product|program|engineering|team|tech|technical]] ..
	[[|development)\s+lead|lead\s+(?:of|for|maintainer|engineer]] ..
	[[|developer|architect)|the\s+lead|principal|managing\s+partner]] ..
	[[|executive|leader|stakeholder|author|creator|maintainer)\b]], "i")
local U_CUSTOMER = redline.pattern(
	[[\b(?:customers?|users?|members?|clients?|patients?|subscribers?]] ..
	[[|shoppers?|adopters?|beta\s+testers?|testimonials?|pilot]] ..
	[[|early\s+access|who\s+(?:uses|used|tried|tested|runs|ran]] ..
	[[|switched|adopted))\b]], "i")

local U_PERSON = redline.pattern(
	[[\b(?!(?:The|A|An|It|Its|This|That|These|Our|We|He|She|They|His|Her]] ..
	[[|Their)\b)\p{Lu}[\p{L}'’-]*]])

-- whose classifies an attribution: "customer", "leader" or "unclear".
local function whose(role, label)
	if redline.match(U_CUSTOMER, role) then return "customer" end
	if redline.match(U_LEADER, role) then return "leader" end
	if label and redline.match(U_CUSTOMER, label) then
		return "customer"
	end
	if label and redline.match(U_LEADER, label) then return "leader" end
	return "unclear"
end

-- speaker: role names a person (a name or a role), not only a pronoun
-- or the company ("she added", "the library says").
local function speaker(role)
	return redline.match(U_PERSON, role) or redline.match(U_LEADER, role) or
		redline.match(U_CUSTOMER, role)
end

-- attribution returns the text that names the speaker of the quote m
-- in block b (next: the block after b), or nil.
local function attribution(b, m, next)
	local text = b.text
	local from = m.offset - b.offset + m.length
	local after = text:sub(from + 1, from + 200)
	local stop = redline.match(U_END, after)
	if stop then after = after:sub(1, stop.offset + 1) end
	local say = redline.match(U_SAY, after)
	if (say and say.offset < 80) or redline.match(U_DASH, after) or
	   redline.match(U_NAMED, after) then
		return after
	end
	local before = text:sub(math.max(1, m.offset - b.offset - 199),
		m.offset - b.offset)
	local last
	for e in redline.find(U_END, before) do last = e end
	if last then before = before:sub(last.offset + last.length + 1) end
	if redline.match(U_SAY, before) then return before end
	if b.in_quote and next and next.in_quote and
	   redline.match(U_DASH, next.text) then
		return next.text
	end
	return nil
end

-- pr_quotes returns the press release's attributed quotes, in order,
-- as {match, whose}, and its blocks.
local function pr_quotes(doc, parts)
	local blocks, quotes, label = pr_blocks(doc, parts), {}, nil
	for i, b in ipairs(blocks) do
		if (b.kind == "heading" or b.kind == "paragraph") and
		   b.n_words <= 6 and not redline.match(U_QUOTE, b.text) then
			label = b.text
		elseif b.kind ~= "code" then
			for m in b:find(U_QUOTE) do
				local role = attribution(b, m, blocks[i + 1])
				if role and speaker(role) then
					quotes[#quotes + 1] = {match = m,
						whose = whose(role, label)}
				end
			end
		end
	end
	return quotes, blocks
end

-- speakers picks the leader's and the customer's quotes (or nil).
local function speakers(quotes)
	local leader, customer
	for _, q in ipairs(quotes) do
		if q.whose == "leader" then leader = q break end
	end
	if not leader then
		for _, q in ipairs(quotes) do
			if q.whose == "unclear" then leader = q break end
		end
	end
	for _, q in ipairs(quotes) do
		if q ~= leader and q.whose == "customer" then
			customer = q
			break
		end
	end
	if not customer then
		for _, q in ipairs(quotes) do
			if q ~= leader then customer = q break end
		end
	end
	return leader, customer
end
-- END prfaq quotes ----------------------------------------------------

return {
	level = "warning",
	message = "Quote a leader of the company in the press release: " ..
		"why you built this, attributed ('...,' said NAME, ROLE).",
	category = "customer",
	points = 15,
	description = "The press release has an attributed quote from " ..
		"someone at the company (a leader, or the first speaker whose " ..
		"role is unclear).",
	check = function(doc)
		local parts = prfaq_parts(doc)
		local quotes, blocks = pr_quotes(doc, parts)
		if speakers(quotes) then return end
		redline.report{offset = end_at(blocks) or 0, length = 0}
	end,
}
