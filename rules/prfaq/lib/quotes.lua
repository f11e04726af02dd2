-- prfaq lib/quotes.lua (require "quotes"), shared by the pack's Lua rules.
local redline = require "redline"
local parts = require "parts"
local memoized = parts.memoized
local pr_blocks = parts.pr_blocks
local slice = parts.slice

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

return {
	whose = whose,
	speaker = speaker,
	pr_quotes = pr_quotes,
}
