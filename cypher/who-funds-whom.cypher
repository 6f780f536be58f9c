// name: who-funds-whom
// description: Who funds whom, with how much, to buy what from whom — and whether the money comes
// back to the funder's group. One row per funding and what it pays for, biggest first, each real deal
// once (see data/README.md, "Counting"), with its source and the fields on which sources differ.
// param: company: entity = null -- only fundings this company or its group gives, receives or is paid back by
// param: min_amount: money = 0 -- only fundings of at least this many US dollars (e.g. 1bn), converted at rates.csv
// with a company, start from the deals of its group (and the fundings that pay for them), found by index
OPTIONAL MATCH (named:Entity {id: $company})
CALL (named) {
  WITH named WHERE named IS NULL
  MATCH (funding:Deal {counted: true})
  RETURN funding
  UNION
  WITH named WHERE named IS NOT NULL
  MATCH (member:Entity) WHERE member.id = named.id OR member.group_id = named.id
  MATCH (member)-[:PARTY_TO]->(deal:Deal)
  UNWIND [deal] + COLLECT { MATCH (deal)<-[:PAYS_FOR]-(payer:Deal) RETURN payer } AS funding
  WITH funding WHERE funding.counted
  RETURN funding
}
WITH funding
WHERE (EXISTS { (:Entity)-[:PARTY_TO {role: 'funder'}]->(funding) } OR EXISTS { (funding)-[:PAYS_FOR]->(:Deal) })
  AND ($min_amount <= 0 OR (funding.amount_usd >= $min_amount AND funding.amount_period IS NULL))
MATCH (funder:Entity)-[fp:PARTY_TO]->(funding) WHERE fp.role IN ['funder', 'buyer']
OPTIONAL MATCH (recipient:Entity)-[rp:PARTY_TO]->(funding) WHERE rp.role IN ['recipient', 'seller']
OPTIONAL MATCH (funding)-[purpose:PAYS_FOR]->(purchase:Deal)
OPTIONAL MATCH (seller:Entity)-[:PARTY_TO {role: 'seller'}]->(purchase)
WITH funding, funder, recipient, purpose, purchase, seller
WHERE $company IS NULL
   OR $company IN [funder.id, recipient.id, seller.id, funder.group_id, recipient.group_id, seller.group_id]
OPTIONAL MATCH (source:Source {id: funding.source_id})
RETURN funder.name AS funder,
       recipient.name AS recipient,
       funding{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       funding.stake AS stake,
       funding.date AS date,
       funding.type AS deal,
       CASE purchase.type WHEN 'chip_purchase' THEN 'chips' WHEN 'cloud_contract' THEN 'cloud'
            WHEN 'purchase' THEN 'goods' ELSE purchase.type END AS to_buy,
       seller.name AS from,
       seller IS NOT NULL AND seller.group_id = funder.group_id AS circular,
       funding.disputed AS sources_differ_on,
       funding.id AS id,
       source.id AS source,
       funding.excerpt AS excerpt,
       purpose.excerpt AS purpose_excerpt
ORDER BY funding.amount_usd IS NULL, funding.amount_usd DESC, funder, recipient, to_buy
