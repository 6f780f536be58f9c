// name: who-funds-whom
// description: Who funds whom, with how much, to buy what from whom — and whether the money comes
// back to the funder. One row per funding and what it pays for, biggest first, with its source.
// param: company: entity = null -- only fundings this company gives, receives or is paid back by
// param: min_amount: money = 0 -- only fundings of at least this many US dollars (e.g. 1bn)
MATCH (funding:Deal)
WHERE funding.status <> 'refused'
  AND (EXISTS { (:Entity)-[:PARTY_TO {role: 'funder'}]->(funding) } OR EXISTS { (funding)-[:FINANCES]->(:Deal) })
  AND ($min_amount <= 0 OR funding.amount_usd >= $min_amount)
MATCH (funder:Entity)-[fp:PARTY_TO]->(funding) WHERE fp.role IN ['funder', 'buyer']
OPTIONAL MATCH (recipient:Entity)-[rp:PARTY_TO]->(funding) WHERE rp.role IN ['recipient', 'seller']
OPTIONAL MATCH (funding)-[purpose:FINANCES]->(purchase:Deal)
OPTIONAL MATCH (seller:Entity)-[:PARTY_TO {role: 'seller'}]->(purchase)
WITH funding, funder, recipient, purpose, purchase, seller
WHERE $company IS NULL OR $company IN [funder.id, recipient.id, seller.id]
OPTIONAL MATCH (funding)-[cited:SOURCED_FROM]->(source:Source)
RETURN funder.name AS funder,
       recipient.name AS recipient,
       funding{.amount, .currency, .amount_qualifier, .amount_max} AS amount,
       funding.date AS date,
       funding.type AS deal,
       CASE purchase.type WHEN 'chip_purchase' THEN 'chips' WHEN 'cloud_contract' THEN 'cloud'
            WHEN 'purchase' THEN 'goods' ELSE purchase.type END AS to_buy,
       seller.name AS from,
       seller IS NOT NULL AND (seller = funder OR EXISTS { (seller)-[:PART_OF]-(funder) }) AS circular,
       funding.id AS id,
       source.id AS source,
       cited.excerpt AS excerpt,
       purpose.excerpt AS purpose_excerpt
ORDER BY funding.amount_usd IS NULL, funding.amount_usd DESC, funder, recipient, to_buy
