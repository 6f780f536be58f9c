// name: money-flows
// description: Every payment between two companies, derived from the deals (funder → recipient,
// buyer → seller; refused deals excluded), with its amount, whether it is part of a loop, and its source.
// param: company: entity = null -- only the money this company pays or receives
// param: min_amount: money = 0 -- only payments of at least this many US dollars
// param: since: date = null -- only deals dated, or reported by a source published, on or after this date
MATCH (payer:Entity)-[flow:FLOWS_TO]->(payee:Entity)
WHERE ($company IS NULL OR $company IN [payer.id, payee.id])
  AND ($min_amount <= 0 OR flow.amount_usd >= $min_amount)
MATCH (deal:Deal {id: flow.deal})
WHERE $since IS NULL OR deal.date >= $since
   OR EXISTS { (deal)-[:SOURCED_FROM]->(reporter:Source) WHERE reporter.published >= $since }
OPTIONAL MATCH (deal)-[cited:SOURCED_FROM]->(source:Source)
RETURN payer.name AS payer,
       payee.name AS payee,
       flow{.amount, .currency, .amount_qualifier} AS amount,
       deal.type AS deal,
       deal.date AS date,
       EXISTS { (payee)-[:FLOWS_TO*1..5]->(payer) } AS in_a_loop,
       payer.id AS payer_id,
       payer.type AS payer_type,
       payee.id AS payee_id,
       payee.type AS payee_type,
       deal.summary AS summary,
       deal.id AS id,
       source.id AS source,
       source.publisher + coalesce(', ' + source.published, '') AS publisher,
       cited.excerpt AS excerpt
ORDER BY flow.amount_usd IS NULL, flow.amount_usd DESC, payer, payee, id
