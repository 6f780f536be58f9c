// name: gaps
// description: What the base does not know yet: deals without an amount or a date, facts without a
// source, figures and quotes without a date, entities never party to a deal.
CALL () {
  // one pass over the deals for all three of their gaps
  MATCH (d:Deal)
  WITH d, [gap IN [CASE WHEN d.amount IS NULL THEN 'amount' END, CASE WHEN d.date IS NULL THEN 'date' END,
                   CASE WHEN NOT EXISTS { (:Report)-[:REPORTS]->(d) } THEN 'source' END] WHERE gap IS NOT NULL] AS gaps
  UNWIND gaps AS missing
  RETURN 'deal' AS kind, d AS node, missing, d.summary AS fact
  UNION ALL
  MATCH (f:Figure) WHERE f.as_of IS NULL
  RETURN 'figure' AS kind, f AS node, 'date' AS missing, f.metric AS fact
  UNION ALL
  MATCH (q:Quote) WHERE q.said_on IS NULL
  RETURN 'quote' AS kind, q AS node, 'date' AS missing, q.text AS fact
  UNION ALL
  MATCH (f:Figure) WHERE NOT EXISTS { (f)-[:SOURCED_FROM]->(:Source) }
  RETURN 'figure' AS kind, f AS node, 'source' AS missing, f.metric AS fact
  UNION ALL
  MATCH (q:Quote) WHERE NOT EXISTS { (q)-[:SOURCED_FROM]->(:Source) }
  RETURN 'quote' AS kind, q AS node, 'source' AS missing, q.text AS fact
  UNION ALL
  MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:SOURCED_FROM]->(:Source) }
  RETURN 'entity' AS kind, e AS node, 'source' AS missing, e.name AS fact
  UNION ALL
  MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:PARTY_TO]->(:Deal) }
  RETURN 'entity' AS kind, e AS node, 'deal' AS missing, e.name + ' (' + e.type + ')' AS fact
}
OPTIONAL MATCH (node)-[s:SOURCED_FROM]->(src:Source)
RETURN missing, kind, node.id AS id, fact, coalesce(src.id, node.source_id) AS source, coalesce(s.excerpt, node.excerpt) AS excerpt
ORDER BY missing, kind, id
