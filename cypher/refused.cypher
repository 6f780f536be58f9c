// name: refused
// description: Asks that were turned down — who asked whom for what, how much, when, and the answer.
MATCH (d:Deal {status: 'refused'})
OPTIONAL MATCH (reporter:Source {id: d.cited_source_id})
RETURN COLLECT { MATCH (p:Entity)-[:PARTY_TO {role: 'requester'}]->(d) RETURN p.name ORDER BY p.name } AS asked_by,
       COLLECT { MATCH (p:Entity)-[r:PARTY_TO]->(d) WHERE r.role IN ['counterparty', 'funder']
                 RETURN p.name ORDER BY p.name } AS asked,
       d.summary AS ask,
       d{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       d.date AS date,
       d.outcome AS answer,
       d.id AS id,
       d.source_id AS source,
       reporter.publisher AS reported_by,
       d.excerpt AS excerpt
ORDER BY d.date, d.id
