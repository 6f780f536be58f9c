// name: ownership
// description: Who holds a share of whom — stakes and warrants — with the percentage, the amount
// the source gives (paid, or the value offered), and the source. A stake with no amount is ownership
// only, never a payment.
// param: company: entity = null -- only stakes held by or in this company or its group
MATCH (holder:Entity)-[own:OWNS]->(held:Entity)
WHERE $company IS NULL OR $company IN [holder.id, held.id, holder.group_id, held.group_id]
MATCH (deal:Deal {id: own.deal})
RETURN holder.name AS holder,
       held.name AS held,
       own.stake AS stake,
       deal{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       deal.type AS deal,
       deal.status AS status,
       deal.date AS date,
       deal.counted AS counted,
       holder.id AS holder_id,
       held.id AS held_id,
       deal.id AS id,
       deal.source_id AS source,
       deal.excerpt AS excerpt
ORDER BY held, holder, id
