// name: refused
// description: Asks that were turned down — who asked whom for what, how much, when, and the answer.
MATCH (d:Deal {status: 'refused'})
OPTIONAL MATCH (d)-[s:SOURCED_FROM]->(src:Source)
OPTIONAL MATCH (d)-[:REPORTED_BY]->(reporter:Source)
RETURN COLLECT { MATCH (p:Entity)-[:PARTY_TO {role: 'requester'}]->(d) RETURN p.name ORDER BY p.name } AS asked_by,
       COLLECT { MATCH (p:Entity)-[r:PARTY_TO]->(d) WHERE r.role IN ['counterparty', 'funder']
                 RETURN p.name ORDER BY p.name } AS asked,
       d.summary AS ask,
       d{.amount, .currency, .amount_qualifier, .amount_max} AS amount,
       d.date AS date,
       d.outcome AS answer,
       d.id AS id,
       src.id AS source,
       reporter.publisher AS reported_by,
       s.excerpt AS excerpt
ORDER BY d.date, d.id
