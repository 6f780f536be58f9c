// name: precedents
// description: Historical precedents of circular financing, whether the money came back, and how
// they ended.
MATCH (d:Deal {status: 'historical'})
WHERE EXISTS { (:Entity)-[:PARTY_TO {role: 'funder'}]->(d) }
OPTIONAL MATCH (funder:Entity)-[:PARTY_TO {role: 'funder'}]->(d)
OPTIONAL MATCH (recipient:Entity)-[:PARTY_TO {role: 'recipient'}]->(d)
OPTIONAL MATCH (d)-[:PAYS_FOR]->(purchase:Deal)<-[:PARTY_TO {role: 'seller'}]-(seller:Entity)
RETURN funder.name AS funder,
       recipient.name AS recipient,
       d.summary AS precedent,
       d{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       d.date AS date,
       seller IS NOT NULL AND seller.group_id = funder.group_id AS circular,
       coalesce(d.outcome, purchase.outcome) AS outcome,
       d.id AS id,
       d.source_id AS source,
       d.excerpt AS excerpt
ORDER BY d.date IS NULL, d.date, d.id
