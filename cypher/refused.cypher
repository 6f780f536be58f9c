// name: refused
// description: Asks that were turned down — who asked whom for what, how much, when, and the answer.
MATCH (d:Deal {status: 'refused'})
OPTIONAL MATCH (d)-[s:SOURCED_FROM]->(src:Source)
OPTIONAL MATCH (d)-[:REPORTED_BY]->(reporter:Source)
RETURN [(p:Entity)-[:PARTY_TO {role: 'requester'}]->(d) | p.name] AS asked_by,
       [(p:Entity)-[r:PARTY_TO]->(d) WHERE r.role IN ['counterparty', 'funder'] | p.name] AS asked,
       d.summary AS ask,
       d{.amount, .currency, .amount_qualifier, .amount_max} AS amount,
       d.date AS date,
       d.outcome AS answer,
       d.id AS id,
       src.id AS source,
       reporter.publisher AS reported_by,
       s.excerpt AS excerpt
ORDER BY d.date, d.id
