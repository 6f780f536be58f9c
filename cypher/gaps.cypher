// name: gaps
// description: What the base does not know yet: deals without an amount or a date, facts without a
// source, figures and quotes without a date, entities never party to a deal, and facts whose source
// has no text to verify them against ('source text'), or is paywalled ('source text (paywalled)').
CALL () {
  MATCH (d:Deal) WHERE d.amount IS NULL
  RETURN 'deal' AS kind, d.id AS id, 'amount' AS missing, d.summary AS fact
  UNION ALL
  MATCH (d:Deal) WHERE d.date IS NULL
  RETURN 'deal' AS kind, d.id AS id, 'date' AS missing, d.summary AS fact
  UNION ALL
  MATCH (f:Figure) WHERE f.as_of IS NULL
  RETURN 'figure' AS kind, f.id AS id, 'date' AS missing, f.metric AS fact
  UNION ALL
  MATCH (q:Quote) WHERE q.said_on IS NULL
  RETURN 'quote' AS kind, q.id AS id, 'date' AS missing, q.text AS fact
  UNION ALL
  MATCH (n) WHERE (n:Figure OR n:Quote OR n:Entity) AND NOT EXISTS { (n)-[:SOURCED_FROM]->(:Source) }
     OR n:Deal AND NOT EXISTS { (:Report)-[:REPORTS]->(n) }
  RETURN toLower(labels(n)[0]) AS kind, n.id AS id, 'source' AS missing, coalesce(n.summary, n.text, n.name, n.metric) AS fact
  UNION ALL
  MATCH (n)-[:SOURCED_FROM]->(s:Source) WHERE s.text_file IS NULL OR s.paywalled IS NOT NULL
  OPTIONAL MATCH (n)-[:REPORTS]->(reported:Deal)
  WITH DISTINCT coalesce(reported, n) AS n, s WHERE n:Deal OR n:Figure OR n:Quote OR n:Entity
  RETURN CASE WHEN n:Deal THEN 'deal' WHEN n:Figure THEN 'figure' WHEN n:Quote THEN 'quote' ELSE 'entity' END AS kind,
         n.id AS id, CASE WHEN s.paywalled IS NULL THEN 'source text' ELSE 'source text (paywalled)' END AS missing,
         coalesce(n.summary, n.text, n.name, n.metric) AS fact
  UNION ALL
  MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:PARTY_TO]->(:Deal) }
  RETURN 'entity' AS kind, e.id AS id, 'deal' AS missing, e.name + ' (' + e.type + ')' AS fact
}
OPTIONAL MATCH (fact_node {id: id}) WHERE fact_node:Deal OR fact_node:Figure OR fact_node:Quote OR fact_node:Entity
OPTIONAL MATCH (fact_node)-[s:SOURCED_FROM]->(src:Source)
RETURN missing, kind, id, fact, coalesce(src.id, fact_node.source_id) AS source, coalesce(s.excerpt, fact_node.excerpt) AS excerpt
ORDER BY missing, kind, id
