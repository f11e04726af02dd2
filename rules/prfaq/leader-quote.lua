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
-- Several rules need the same analyses of a document (its parts, the
-- FAQ's questions, the press release's opening and quotes).  Each is
-- computed once per document and thread and kept in PRFAQ_MEMO, a global
-- of the pack's environment, as plain data (offsets and strings, never
-- nodes), keyed by the document's format and bytes: a rule reuses a
-- result only for the very same document, so no result depends on which
-- documents or rules ran before it.
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

-- may_name_faq: the cheap test before P_FAQ.
local function may_name_faq(lower)
	return lower:find("faq", 1, true) or lower:find("question", 1, true) or
		lower:find("q&a", 1, true) or lower:find("q & a", 1, true)
end

-- find_parts computes the parts (see prfaq_context) from the sections.
local function find_parts(doc, secs)
	local info, faqs = {}, {}
	for i, s in ipairs(secs) do
		local t, off = s.title, s.offset
		local stop = off + s.length
		info[i] = {offset = off, stop = stop, level = s.level, title = t,
			body = s.body_offset}
		local last = faqs[#faqs]
		if may_name_faq(t:lower()) and not (last and off < last.stop) and
		   redline.match(P_FAQ, t) and not redline.match(P_WHOLE, t) then
			faqs[#faqs + 1] = {offset = off, stop = stop, sec = i}
		end
	end
	if #faqs == 0 then
		local m = redline.match(P_FAQ_LINE, doc)
		if m then
			local stop = doc.length
			for _, s in ipairs(info) do
				if s.offset <= m.offset and m.offset < s.stop then
					stop = s.stop
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
	local parts = {secs = info, faqs = faqs,
		faq_start = faqs[1] and faqs[1].offset or doc.length}
	parts.pr_start, parts.pr_stop = 0, parts.faq_start
	for i, s in ipairs(info) do
		if s.offset >= parts.faq_start then break end
		if s.title:lower():find("press", 1, true) and
		   redline.match(P_PRESS, s.title) and
		   not redline.match(P_FAQ, s.title) then
			parts.pr, parts.pr_start = i, s.offset
			parts.pr_stop = math.min(s.stop, parts.faq_start)
			break
		end
	end
	return parts
end

-- prfaq_context returns the context of one rule's check: {doc, memo,
-- parts}.  parts is {secs = {{offset, stop, level, title, body}, ...}
-- (as doc:sections(); body is where the heading ends), faqs = {{offset, stop, sec}, ...} (sec: the index of
-- its section, nil for a title line or a run of questions), faq_start,
-- pr (the index of the press release's section, or nil), pr_start,
-- pr_stop}.
local function prfaq_context(doc)
	local raw, format = doc.raw, doc.format
	local memo = PRFAQ_MEMO
	if not (memo and memo.format == format and memo.raw == raw) then
		memo = {raw = raw, format = format}
		PRFAQ_MEMO = memo
	end
	local ctx = {doc = doc, memo = memo}
	if not memo.parts then
		ctx.secs = doc:sections()
		memo.parts = find_parts(doc, ctx.secs)
	end
	ctx.parts = memo.parts
	return ctx
end

-- memoized returns memo[key], computing it with fn(ctx) the first time.
local function memoized(ctx, key, fn)
	local v = ctx.memo[key]
	if v == nil then
		v = fn(ctx)
		ctx.memo[key] = v
	end
	return v
end

-- section_node returns the node of section i (sections are fetched once
-- per check).
local function section_node(ctx, i)
	ctx.secs = ctx.secs or ctx.doc:sections()
	return ctx.secs[i]
end

-- blocks_in lists the blocks that start in [start, stop), taken from
-- node (a section holding them, or the document).
local function blocks_in(node, start, stop)
	local list = {}
	for _, b in ipairs(node:blocks()) do
		local off = b.offset
		if off >= stop then break end
		if off >= start then list[#list + 1] = b end
	end
	return list
end

-- pr_node is the node that holds the press release.
local function pr_node(ctx)
	return ctx.parts.pr and section_node(ctx, ctx.parts.pr) or ctx.doc
end

-- pr_blocks lists the press release's blocks.
local function pr_blocks(ctx)
	return blocks_in(pr_node(ctx), ctx.parts.pr_start, ctx.parts.pr_stop)
end

-- faq_node is the node that holds FAQ part f.
local function faq_node(ctx, f)
	return f.sec and section_node(ctx, f.sec) or ctx.doc
end

-- faq_blocks lists the blocks of every part of the FAQ, in order.
local function faq_blocks(ctx)
	local list = {}
	for _, f in ipairs(ctx.parts.faqs) do
		for _, b in ipairs(blocks_in(faq_node(ctx, f), f.offset, f.stop)) do
			list[#list + 1] = b
		end
	end
	return list
end

-- slice is text:sub(i, j) moved inward to whole UTF-8 characters.  Each
-- string method call is charged to the rule's budget by the length of
-- the string, so slice only short strings, or a long one a few times.
local function slice(text, i, j)
	local b = text:byte(i)
	while b and b >= 0x80 and b < 0xC0 do
		i = i + 1
		b = text:byte(i)
	end
	if j < #text then
		b = text:byte(j + 1)
		while j >= i and b and b >= 0x80 and b < 0xC0 do
			b = text:byte(j)
			j = j - 1
		end
	end
	return text:sub(i, j)
end

-- end_at is where a part missing from a run of blocks is reported: the
-- last character of the last block, as the sections kind does; nil when
-- there are no blocks.
local function end_at(blocks)
	local b = blocks[#blocks]
	if not b then return nil end
	local len = b.length
	return b.offset + (len > 0 and len - 1 or 0)
end
-- pr_last is the offset of the press release's last character, where a
-- part missing from it is reported (as the sections kind reports a
-- missing section at the end of the one that should hold it).
local function pr_last(ctx)
	return memoized(ctx, "pr_last", function()
		return end_at(pr_blocks(ctx)) or ctx.parts.pr_start
	end)
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
local U_DASH_LINE = redline.pattern(
	[[^[\s,;]*(?:[–—―]|--?)[ \t]*\*?([^\n]*[^\s*])]])
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

-- attribution returns the text that names the speaker of the quote at
-- [at, at + len) of text (0-based, a block's text), or nil.  next is the
-- block after it (a block quote's "— NAME" line).
local function attribution(text, at, len, next, in_quote)
	local tail = slice(text, at + len + 1, at + len + 240)
	local dash = redline.match(U_DASH_LINE, tail)
	if dash then return dash[1] end
	local stop = redline.match(U_END, tail)
	local after = stop and tail:sub(1, stop.offset + 1) or tail
	local say = redline.match(U_SAY, after)
	if (say and say.offset < 80) or redline.match(U_NAMED, after) then
		return after
	end
	local before = slice(text, math.max(1, at - 199), at)
	local last
	for e in redline.find(U_END, before) do last = e end
	if last then before = before:sub(last.offset + last.length + 1) end
	if redline.match(U_SAY, before) then return before end
	if in_quote and next and next.in_quote then
		dash = redline.match(U_DASH_LINE, next.text)
		if dash then return dash[1] end
	end
	return nil
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

-- find_quotes computes the quotes (see pr_quotes).
local function find_quotes(ctx)
	local blocks, quotes, label = pr_blocks(ctx), {}, nil
	for i, b in ipairs(blocks) do
		local kind, text = b.kind, nil
		if kind ~= "code" then
			for m in b:find(U_QUOTE) do
				text = text or b.text
				local role = attribution(text, m.offset - b.offset,
					m.length, blocks[i + 1], b.in_quote)
				if role and speaker(role) then
					quotes[#quotes + 1] = {whose = whose(role, label)}
				end
			end
			if not text and (kind == "heading" or kind == "paragraph") and
			   b.n_words <= 6 then
				label = b.text -- "Customer Quotes"
			end
		end
	end
	local leader, customer = speakers(quotes)
	return {leader = leader ~= nil, customer = customer ~= nil}
end

-- pr_quotes returns {leader, customer}: whether the press release has
-- the leader's and a customer's attributed quote.
local function pr_quotes(ctx)
	return memoized(ctx, "quotes", find_quotes)
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
		local ctx = prfaq_context(doc)
		local q = pr_quotes(ctx)
		if not q.leader then
			redline.report{offset = pr_last(ctx), length = 0}
		end
	end,
}
