// name: money-loops
// description: Loops of money across companies — Nvidia pays OpenAI, OpenAI pays Oracle, Oracle
// pays Nvidia — following the payments of the deals, each real deal once. A company's parts count
// with it (Amazon funds Anthropic, which pays AWS: a loop). One row per loop, listing at each step
// every deal that closes it; stakes without money are not payments.
// param: company: entity = null -- only loops through this company or its group
// param: min_amount: money = 0 -- only loops whose every step has a payment of at least this many US dollars (or of an unknown amount)
// param: max_length: integer = 4 -- longest loop, in payments (2 to 6); only loops this long are searched
CALL () {
  OPTIONAL MATCH (named:Entity {id: $company})
  WITH named.group_id AS group WHERE $max_length >= 2
  MATCH (a:Entity)-[p1:PAYS]->(b:Entity)-[p2:PAYS]->(a)
  WHERE a.id < b.id AND (group IS NULL OR group IN [a.id, b.id])
  RETURN [a, b] AS members, [p1, p2] AS steps
  UNION ALL
  OPTIONAL MATCH (named:Entity {id: $company})
  WITH named.group_id AS group WHERE $max_length >= 3
  MATCH (a:Entity)-[p1:PAYS]->(b:Entity)-[p2:PAYS]->(c:Entity)-[p3:PAYS]->(a)
  WHERE a.id < b.id AND a.id < c.id AND (group IS NULL OR group IN [a.id, b.id, c.id])
  RETURN [a, b, c] AS members, [p1, p2, p3] AS steps
  UNION ALL
  OPTIONAL MATCH (named:Entity {id: $company})
  WITH named.group_id AS group WHERE $max_length >= 4
  MATCH (a:Entity)-[p1:PAYS]->(b:Entity)-[p2:PAYS]->(c:Entity)-[p3:PAYS]->(d:Entity)-[p4:PAYS]->(a)
  WHERE a.id < b.id AND a.id < c.id AND a.id < d.id AND b <> d
    AND (group IS NULL OR group IN [a.id, b.id, c.id, d.id])
  RETURN [a, b, c, d] AS members, [p1, p2, p3, p4] AS steps
  UNION ALL
  OPTIONAL MATCH (named:Entity {id: $company})
  WITH named.group_id AS group WHERE $max_length >= 5
  MATCH (a:Entity)-[p1:PAYS]->(b:Entity)-[p2:PAYS]->(c:Entity)-[p3:PAYS]->(d:Entity)-[p4:PAYS]->(e:Entity)
        -[p5:PAYS]->(a)
  WHERE a.id < b.id AND a.id < c.id AND a.id < d.id AND a.id < e.id AND b <> d AND b <> e AND c <> e
    AND (group IS NULL OR group IN [a.id, b.id, c.id, d.id, e.id])
  RETURN [a, b, c, d, e] AS members, [p1, p2, p3, p4, p5] AS steps
  UNION ALL
  OPTIONAL MATCH (named:Entity {id: $company})
  WITH named.group_id AS group WHERE $max_length >= 6
  MATCH (a:Entity)-[p1:PAYS]->(b:Entity)-[p2:PAYS]->(c:Entity)-[p3:PAYS]->(d:Entity)-[p4:PAYS]->(e:Entity)
        -[p5:PAYS]->(f:Entity)-[p6:PAYS]->(a)
  WHERE a.id < b.id AND a.id < c.id AND a.id < d.id AND a.id < e.id AND a.id < f.id
    AND b <> d AND b <> e AND b <> f AND c <> e AND c <> f AND d <> f
    AND (group IS NULL OR group IN [a.id, b.id, c.id, d.id, e.id, f.id])
  RETURN [a, b, c, d, e, f] AS members, [p1, p2, p3, p4, p5, p6] AS steps
}
WITH members, steps
WHERE $min_amount <= 0 OR all(p IN steps WHERE p.some_unknown OR p.largest_usd >= $min_amount)
// a member is named with the parts through which the money passes: Amazon (through AWS)
WITH members, steps, size(steps) AS n
WITH steps, n, [i IN range(0, n) |
       members[i % n].name + CASE
         WHEN i = 0 AND size(steps[0].payer_parts) > 0 THEN ' (through ' + reduce(t = '', x IN steps[0].payer_parts | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')'
         WHEN i = n AND size(steps[n - 1].payee_parts) > 0 THEN ' (through ' + reduce(t = '', x IN steps[n - 1].payee_parts | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')'
         WHEN 0 < i < n AND size(steps[i - 1].payee_parts + steps[i].payer_parts) > 0
           THEN ' (through ' + reduce(t = '', x IN steps[i - 1].payee_parts + [y IN steps[i].payer_parts WHERE NOT y IN steps[i - 1].payee_parts] | t + CASE t WHEN '' THEN '' ELSE ', ' END + x) + ')'
         ELSE '' END] AS names
RETURN reduce(text = '', name IN names | text + CASE text WHEN '' THEN '' ELSE ' → ' END + name) AS loop,
       n AS payments,
       [p IN steps | reduce(t = '', d IN p.deals | t + CASE t WHEN '' THEN '' ELSE ' or ' END + d)] AS deals,
       [p IN steps | reduce(t = '', m IN p.amounts | t + CASE t WHEN '' THEN '' ELSE ' or ' END + m)] AS amounts,
       [p IN steps | head(COLLECT { MATCH (d:Deal {id: p.deals[0]}) RETURN d.source_id })] AS sources,
       [p IN steps | head(COLLECT { MATCH (d:Deal {id: p.deals[0]}) RETURN d.excerpt })] AS excerpts
ORDER BY payments, loop
