// name: money-flows
// description: Every payment between two companies, derived from the deals (funder → recipient,
// buyer → seller), each real deal once; loans marked as such; stakes without money are not payments
// (see ownership). Whether it is part of a loop counts a company's parts with it (AWS with Amazon).
// param: company: entity = null -- only the money this company or its group pays or receives
// param: min_amount: money = 0 -- only payments of at least this many US dollars
// param: since: date = null -- only deals dated, or reported by a source published, on or after this date
// with a company, start from the members of its group, found by index
CALL () {
  WITH $company IS NULL AS everything WHERE everything
  MATCH (payer:Entity)-[flow:FLOWS_TO {counted: true}]->(payee:Entity)
  RETURN payer, flow, payee
  UNION
  MATCH (member:Entity) WHERE member.id = $company OR member.group_id = $company
  MATCH (member)-[flow:FLOWS_TO {counted: true}]-(other:Entity)
  WITH flow, startNode(flow) AS payer, endNode(flow) AS payee
  WHERE $company IN [payer.id, payee.id, payer.group_id, payee.group_id]
  RETURN payer, flow, payee
}
WITH payer, flow, payee
WHERE ($min_amount <= 0 OR (flow.amount_usd >= $min_amount AND flow.amount_period IS NULL))
MATCH (deal:Deal {id: flow.deal})
WHERE $since IS NULL OR deal.date >= $since
   OR EXISTS { (deal)<-[:REPORTS]-(report:Report)-[:SOURCED_FROM]->(reporter:Source)
               WHERE report.date >= $since OR reporter.published >= $since }
MATCH (payer_group:Entity {id: payer.group_id})
MATCH (payee_group:Entity {id: payee.group_id})
OPTIONAL MATCH (source:Source {id: deal.source_id})
RETURN payer.name AS payer,
       payee.name AS payee,
       flow{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       deal.type AS deal,
       flow.kind AS kind,
       deal.date AS date,
       payer_group <> payee_group
         AND EXISTS { MATCH SHORTEST 1 (payee_group)-[:PAYS]->{1,5}(payer_group) } AS in_a_loop,
       payer.id AS payer_id,
       payer.type AS payer_type,
       payee.id AS payee_id,
       payee.type AS payee_type,
       payer_group.id AS payer_group_id,
       payer_group.name AS payer_group,
       payee_group.id AS payee_group_id,
       payee_group.name AS payee_group,
       deal.summary AS summary,
       deal.id AS id,
       source.id AS source,
       source.publisher + coalesce(', ' + source.published, '') AS publisher,
       deal.excerpt AS excerpt
ORDER BY flow.amount_usd IS NULL, flow.amount_usd DESC, payer, payee, id
