// name: money-loops
// description: Loops of money across companies — Nvidia pays OpenAI, OpenAI pays Oracle, Oracle
// pays Nvidia — following the money flows derived from the deals (refused deals excluded).
// param: company: entity = null -- only loops through this company
// param: min_amount: money = 0 -- only loops whose every known payment is at least this many US dollars
// param: max_length: integer = 4 -- longest loop, in payments (loops of more than 6 are not searched)
MATCH loop = (start:Entity)-[:FLOWS_TO*2..6]->(start)
WHERE length(loop) <= $max_length
WITH loop, start, nodes(loop)[..-1] AS members, relationships(loop) AS flows
// each loop once: it starts at its member with the smallest id, and passes each member once
WHERE all(n IN members[1..] WHERE n.id > start.id)
  AND all(i IN range(1, size(members) - 1) WHERE NOT members[i] IN members[i + 1..])
  AND ($company IS NULL OR any(n IN members WHERE n.id = $company))
  AND ($min_amount <= 0 OR all(f IN flows WHERE f.amount_usd IS NULL OR f.amount_usd >= $min_amount))
RETURN reduce(text = start.name, n IN members[1..] + [start] | text + ' → ' + n.name) AS loop,
       length(loop) AS payments,
       [f IN flows | f.deal] AS deals,
       [f IN flows | f{.amount, .currency, .amount_qualifier}] AS amounts,
       [f IN flows | head([(d:Deal {id: f.deal})-[s:SOURCED_FROM]->(src:Source) | src.id])] AS sources,
       [f IN flows | head([(d:Deal {id: f.deal})-[s:SOURCED_FROM]->(:Source) | s.excerpt])] AS excerpts
ORDER BY payments, loop, deals
