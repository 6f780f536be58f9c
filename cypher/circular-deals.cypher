// name: circular-deals
// description: The deals whose money returns to the funder: a funding that pays for a purchase from
// the funder itself (or from a company of its group). Precedents included, marked historical.
// param: company: entity = null -- only circles this company is part of
MATCH (funder:Entity)-[fp:PARTY_TO]->(funding:Deal)-[purpose:FINANCES]->(purchase:Deal)
      <-[:PARTY_TO {role: 'seller'}]-(seller:Entity)
WHERE fp.role IN ['funder', 'buyer'] AND funding.status <> 'refused'
  AND (seller = funder OR EXISTS { (seller)-[:PART_OF]-(funder) })
MATCH (recipient:Entity)-[rp:PARTY_TO]->(funding) WHERE rp.role IN ['recipient', 'seller']
WITH funder, recipient, funding, purpose, purchase, seller
WHERE $company IS NULL OR $company IN [funder.id, recipient.id, seller.id]
OPTIONAL MATCH (funding)-[cited:SOURCED_FROM]->(source:Source)
RETURN funder.name AS funder,
       recipient.name AS recipient,
       funding{.amount, .currency, .amount_qualifier, .amount_max} AS amount,
       funding.date AS date,
       purchase.summary AS buys,
       seller.name AS from,
       funding.status = 'historical' AS historical,
       funding.id AS id,
       source.id AS source,
       purpose.excerpt AS excerpt
ORDER BY historical, funding.amount_usd IS NULL, funding.amount_usd DESC, funder, recipient
