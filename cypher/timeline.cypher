// name: timeline
// description: Deals in date order (partial dates sort by what they give; undated deals come last),
// with who takes part and the source.
// param: company: entity = null -- only deals this company takes part in
// param: since: date = null -- only deals on or after this partial date (e.g. 2025-09)
// param: until: date = null -- only deals on or before this partial date (e.g. 2025-10)
CALL () {
  WITH $company IS NULL AS everything WHERE everything
  MATCH (d:Deal)
  RETURN d
  UNION
  MATCH (:Entity {id: $company})-[:PARTY_TO]->(d:Deal)
  RETURN d
}
WITH d
WHERE ($since IS NULL OR d.date >= $since)
  AND ($until IS NULL OR left(d.date, size($until)) <= $until)
RETURN d.date AS date,
       d.summary AS deal,
       COLLECT { MATCH (p:Entity)-[r:PARTY_TO]->(d) RETURN p.name + ' (' + r.role + ')' ORDER BY r.role, p.name } AS parties,
       d{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount,
       d.terms AS terms,
       d.status AS status,
       d.excluded AS not_counted,
       d.id AS id,
       d.source_id AS source,
       d.excerpt AS excerpt
ORDER BY d.date IS NULL, d.date, d.id
