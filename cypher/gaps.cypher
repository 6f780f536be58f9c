// name: gaps
// description: What the base does not know yet: deals without an amount or a date, facts without a
// source, figures and quotes without a date, entities never party to a deal, and facts whose source
// has no text to verify them against ('source text'), or is paywalled ('source text (paywalled)').
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
  MATCH (n)-[:SOURCED_FROM]->(s:Source) WHERE s.text_file IS NULL OR s.paywalled IS NOT NULL
  OPTIONAL MATCH (n)-[:REPORTS]->(reported:Deal)
  WITH DISTINCT coalesce(reported, n) AS n, s WHERE n:Deal OR n:Figure OR n:Quote OR n:Entity
  RETURN CASE WHEN n:Deal THEN 'deal' WHEN n:Figure THEN 'figure' WHEN n:Quote THEN 'quote' ELSE 'entity' END AS kind,
         n AS node, CASE WHEN s.paywalled IS NULL THEN 'source text' ELSE 'source text (paywalled)' END AS missing,
         coalesce(n.summary, n.text, n.name, n.metric) AS fact
  UNION ALL
  MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:PARTY_TO]->(:Deal) }
  RETURN 'entity' AS kind, e AS node, 'deal' AS missing, e.name + ' (' + e.type + ')' AS fact
}
OPTIONAL MATCH (node)-[s:SOURCED_FROM]->(src:Source)
RETURN missing, kind, node.id AS id, fact, coalesce(src.id, node.source_id) AS source, coalesce(s.excerpt, node.excerpt) AS excerpt
ORDER BY missing, kind, id
