// name: circular-deals
// description: The deals whose money returns to the funder: a funding that pays for a purchase from
// the funder itself or from a company of its group (Amazon funds Anthropic, which pays AWS).
// Precedents included, marked historical; each real deal once.
// param: company: entity = null -- only circles this company or its group is part of
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
MATCH (funder:Entity)-[fp:PARTY_TO]->(funding)-[purpose:PAYS_FOR]->(purchase:Deal)
      <-[:PARTY_TO {role: 'seller'}]-(seller:Entity)
WHERE fp.role IN ['funder', 'buyer'] AND seller.group_id = funder.group_id
MATCH (recipient:Entity)-[rp:PARTY_TO]->(funding) WHERE rp.role IN ['recipient', 'seller']
WITH funder, recipient, funding, purpose, purchase, seller
WHERE $company IS NULL
   OR $company IN [funder.id, recipient.id, seller.id, funder.group_id, recipient.group_id, seller.group_id]
RETURN funder.name AS funder,
       recipient.name AS recipient,
       funding{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       funding.date AS date,
       purchase.summary AS buys,
       seller.name AS from,
       funding.status = 'historical' AS historical,
       funding.id AS id,
       funding.source_id AS source,
       purpose.excerpt AS excerpt
ORDER BY historical, funding.amount_usd IS NULL, funding.amount_usd DESC, funder, recipient
