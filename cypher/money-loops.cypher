// name: money-loops
// description: Loops of money across companies — Nvidia pays OpenAI, OpenAI pays Oracle, Oracle
// pays Nvidia — following the payments of the deals, each real deal once. A company's parts count
// with it (Amazon funds Anthropic, which pays AWS: a loop). One row per loop, listing at each step
// every deal that closes it; stakes without money are not payments.
// param: company: entity = null -- only loops through this company or its group
// param: min_amount: money = 0 -- only loops whose every step has a payment of at least this many US dollars (or of an unknown amount)
// param: max_length: integer = 4 -- longest loop, in payments (2 to 6); only loops this long are searched
OPTIONAL MATCH (named:Entity {id: $company})
CALL (named) {
  // through a company: only the paths that leave its group and come back to it
  MATCH (a:Entity {id: named.group_id})
  CALL (a) {
    WITH a WHERE $max_length >= 2
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(a)
    RETURN [a, b] AS members, [p1, p2] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 3
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(a) USING JOIN ON b
    RETURN [a, b, c] AS members, [p1, p2, p3] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 4
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(d)-[p4:PAYS]->(a) USING JOIN ON c
    WHERE a <> c AND b <> d
    RETURN [a, b, c, d] AS members, [p1, p2, p3, p4] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 5
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(d)-[p4:PAYS]->(e)-[p5:PAYS]->(a) USING JOIN ON c
    WHERE a <> c AND a <> d AND b <> d AND b <> e AND c <> e
    RETURN [a, b, c, d, e] AS members, [p1, p2, p3, p4, p5] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 6
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(d)-[p4:PAYS]->(e)-[p5:PAYS]->(f)-[p6:PAYS]->(a) USING JOIN ON d
    WHERE a <> c AND a <> d AND a <> e AND b <> d AND b <> e AND b <> f AND c <> e AND c <> f AND d <> f
    RETURN [a, b, c, d, e, f] AS members, [p1, p2, p3, p4, p5, p6] AS steps
  }
  RETURN members, steps
  UNION ALL
  // every loop once, found from its member whose element id is the smallest; each path is searched
  // from both ends and joined in the middle (USING JOIN), which reads far fewer paths than one way
  WITH named WHERE named IS NULL
  MATCH (a:Entity) WHERE EXISTS { (a)-[:PAYS]->() } AND EXISTS { ()-[:PAYS]->(a) }
  CALL (a) {
    WITH a WHERE $max_length >= 2
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(a)
    WHERE elementId(a) < elementId(b)
    RETURN [a, b] AS members, [p1, p2] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 3
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(a) USING JOIN ON b
    WHERE elementId(a) < elementId(b) AND elementId(a) < elementId(c)
    RETURN [a, b, c] AS members, [p1, p2, p3] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 4
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(d)-[p4:PAYS]->(a) USING JOIN ON c
    WHERE elementId(a) < elementId(b) AND elementId(a) < elementId(c) AND elementId(a) < elementId(d) AND
      b <> d
    RETURN [a, b, c, d] AS members, [p1, p2, p3, p4] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 5
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(d)-[p4:PAYS]->(e)-[p5:PAYS]->(a) USING JOIN ON c
    WHERE elementId(a) < elementId(b) AND elementId(a) < elementId(c) AND elementId(a) < elementId(d) AND
      elementId(a) < elementId(e) AND b <> d AND b <> e AND c <> e
    RETURN [a, b, c, d, e] AS members, [p1, p2, p3, p4, p5] AS steps
    UNION ALL
    WITH a WHERE $max_length >= 6
    MATCH (a)-[p1:PAYS]->(b)-[p2:PAYS]->(c)-[p3:PAYS]->(d)-[p4:PAYS]->(e)-[p5:PAYS]->(f)-[p6:PAYS]->(a) USING JOIN ON d
    WHERE elementId(a) < elementId(b) AND elementId(a) < elementId(c) AND elementId(a) < elementId(d) AND
      elementId(a) < elementId(e) AND elementId(a) < elementId(f) AND b <> d AND b <> e AND b <> f AND
      c <> e AND c <> f AND d <> f
    RETURN [a, b, c, d, e, f] AS members, [p1, p2, p3, p4, p5, p6] AS steps
  }
  RETURN members, steps
}
// each loop found is shown from its member whose id comes first (cypher/loops.py shows the loops it
// finds in Python from this line on)
WITH members, steps, reduce(first = 0, i IN range(1, size(members) - 1) |
       CASE WHEN members[i].id < members[first].id THEN i ELSE first END) AS first
WITH members[first..] + members[..first] AS members, steps[first..] + steps[..first] AS steps
WITH members, steps
WHERE $min_amount <= 0 OR all(p IN steps WHERE p.some_unknown OR p.largest_usd >= $min_amount)
// a member is named with the parts through which the money passes: Amazon (through AWS)
WITH members, size(steps) AS n, [p IN steps | p {.deals, .amounts,
       payer_parts: coalesce(p.payer_parts, []), payee_parts: coalesce(p.payee_parts, [])}] AS steps  // absent: none
WITH steps, n, [i IN range(0, n) |
       members[i % n].name + CASE
         WHEN i = 0 AND size(steps[0].payer_parts) > 0 THEN ' (through ' + reduce(t = '', x IN steps[0].payer_parts | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')'
         WHEN i = n AND size(steps[n - 1].payee_parts) > 0 THEN ' (through ' + reduce(t = '', x IN steps[n - 1].payee_parts | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')'
         WHEN 0 < i < n AND size(steps[i - 1].payee_parts + steps[i].payer_parts) > 0
           THEN ' (through ' + reduce(t = '', x IN steps[i - 1].payee_parts + [y IN steps[i].payer_parts WHERE NOT y IN steps[i - 1].payee_parts] | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')'
         ELSE '' END] AS names
// a step's first deal is looked up once for both its source and its excerpt
WITH steps, n, names, [p IN steps | head(COLLECT { MATCH (d:Deal {id: p.deals[0]}) RETURN d })] AS cited
RETURN reduce(text = '', name IN names | text + CASE text WHEN '' THEN '' ELSE ' → ' END + name) AS loop,
       n AS payments,
       [p IN steps | reduce(t = '', d IN p.deals | t + CASE t WHEN '' THEN '' ELSE ' or ' END + d)] AS deals,
       [p IN steps | reduce(t = '', m IN p.amounts | t + CASE t WHEN '' THEN '' ELSE ' or ' END + m)] AS amounts,
       [d IN cited | d.source_id] AS sources,
       [d IN cited | d.excerpt] AS excerpts
ORDER BY payments, loop
