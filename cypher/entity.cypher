// name: entity
// description: Everything about one company or person: what it is, its deals in and out, its
// figures, its people, what was said by or about it — each fact with its source.
// param: name: entity = "openai" -- the company or person: id, name or alias
MATCH (e:Entity {id: $name})
CALL (e) {
  MATCH (e)-[s:SOURCED_FROM]->(src:Source)
  RETURN 'profile' AS kind, e.type AS role, e.name + coalesce(' — ' + e.description, '') AS fact,
         null AS amount, null AS date, e.id AS id, src.id AS source, s.excerpt AS excerpt
  UNION ALL
  MATCH (e)-[p:PARTY_TO]->(d:Deal)
  RETURN 'deal' AS kind, p.role AS role,
         d.summary + ' [' + d.status + coalesce(', not counted: ' + d.excluded, '') + ']' AS fact,
         d{.amount, .currency, .amount_qualifier, .amount_max, .amount_period, .amount_usd, .usd_rate} AS amount, d.date AS date, d.id AS id,
         d.source_id AS source, d.excerpt AS excerpt
  UNION ALL
  MATCH (e)-[:HAS_FIGURE]->(f:Figure)
  OPTIONAL MATCH (f)-[s:SOURCED_FROM]->(src:Source)
  RETURN 'figure' AS kind, f.metric AS role,
         f.metric + coalesce(' (' + f.period + ')', '') + coalesce(' from ' + [(f)-[:COUNTERPART]->(c) | c.name][0], '') AS fact,
         {amount: f.value, currency: f.unit, amount_qualifier: f.qualifier} AS amount, f.as_of AS date, f.id AS id,
         src.id AS source, s.excerpt AS excerpt
  UNION ALL
  MATCH (e)-[r:LEADS|WORKS_AT|FOUNDED|ADVISES]-(other:Entity)
  RETURN 'person' AS kind, toLower(type(r)) AS role,
         CASE WHEN startNode(r) = e THEN toLower(type(r)) + ' ' + other.name ELSE other.name + ' ' + toLower(type(r)) END
         + coalesce(' (' + r.title + ')', '') AS fact,
         null AS amount, null AS date, other.id AS id, r.source_id AS source, r.excerpt AS excerpt
  UNION ALL
  MATCH (q:Quote) WHERE (e)-[:SAID]->(q) OR (q)-[:ABOUT]->(e)
  MATCH (speaker:Entity)-[:SAID]->(q)
  OPTIONAL MATCH (q)-[s:SOURCED_FROM]->(src:Source)
  RETURN 'quote' AS kind, CASE WHEN speaker = e THEN 'said' ELSE 'said about' END AS role,
         speaker.name + ': « ' + q.text + ' »' AS fact, null AS amount, q.said_on AS date, q.id AS id,
         src.id AS source, s.excerpt AS excerpt
}
RETURN kind, role, fact, amount, date, id, source, excerpt
ORDER BY CASE kind WHEN 'profile' THEN 0 WHEN 'person' THEN 1 WHEN 'figure' THEN 2 WHEN 'deal' THEN 3 ELSE 4 END,
         date, id
