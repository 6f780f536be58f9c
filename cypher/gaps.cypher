// name: gaps
// description: What the base does not know yet: deals without an amount or a date, facts without a
// source, figures and quotes without a date, entities never party to a deal, and facts whose source
// has no text to verify them against ('source text'), or is paywalled ('source text (paywalled)').
// A large base has thousands of each kind: the first ones by id are listed, and every row says how
// many gaps of its kind there are in all.
// param: limit: integer = 25 -- at most this many gaps of each kind (what is missing, on what)
CALL () {
  // one pass over the deals for all three of their gaps; each gap with the id it is listed by
  MATCH (d:Deal)
  WITH d, [gap IN [CASE WHEN d.amount IS NULL THEN 'amount' END, CASE WHEN d.date IS NULL THEN 'date' END,
                   CASE WHEN NOT EXISTS { (d)<-[:REPORTS]-() } THEN 'source' END] WHERE gap IS NOT NULL] AS gaps
  UNWIND gaps AS missing
  RETURN 'deal' AS kind, d AS node, missing, d.id AS key
  UNION ALL
  MATCH (f:Figure) WHERE f.as_of IS NULL
  RETURN 'figure' AS kind, f AS node, 'date' AS missing, f.id AS key
  UNION ALL
  MATCH (q:Quote) WHERE q.said_on IS NULL
  RETURN 'quote' AS kind, q AS node, 'date' AS missing, q.id AS key
  UNION ALL
  MATCH (f:Figure) WHERE NOT EXISTS { (f)-[:SOURCED_FROM]->(:Source) }
  RETURN 'figure' AS kind, f AS node, 'source' AS missing, f.id AS key
  UNION ALL
  MATCH (q:Quote) WHERE NOT EXISTS { (q)-[:SOURCED_FROM]->(:Source) }
  RETURN 'quote' AS kind, q AS node, 'source' AS missing, q.id AS key
  UNION ALL
  MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:SOURCED_FROM]->(:Source) }
  RETURN 'entity' AS kind, e AS node, 'source' AS missing, e.id AS key
  UNION ALL
  // a deal's source is that of its report, one report per source and deal
  MATCH (s:Source) WHERE s.text_file IS NULL OR s.paywalled IS NOT NULL
  WITH s, CASE WHEN s.paywalled IS NULL THEN 'source text' ELSE 'source text (paywalled)' END AS missing
  MATCH (s)<-[:SOURCED_FROM]-(n)
  WITH n, missing, CASE WHEN n:Report THEN 'deal' WHEN n:Figure THEN 'figure' WHEN n:Quote THEN 'quote'
                        WHEN n:Entity THEN 'entity' END AS kind
  WHERE kind IS NOT NULL
  RETURN kind, n AS node, missing, CASE kind WHEN 'deal' THEN n.deal_id ELSE n.id END AS key
  UNION ALL
  MATCH (e:Entity) WHERE NOT EXISTS { (e)-[:PARTY_TO]->(:Deal) }
  RETURN 'entity' AS kind, e AS node, 'deal' AS missing, e.id AS key
}
// of each kind of gap, how many there are and the first ones by id; the rows come out in this order
// (an ORDER BY after the listing would hold each kind's list in every row, and run out of memory)
WITH missing, kind, node ORDER BY missing, kind, key
WITH missing, kind, count(*) AS in_all, collect(node)[..$limit] AS listed
ORDER BY missing, kind
UNWIND listed AS gap
OPTIONAL MATCH (gap:Report)-[:REPORTS]->(reported:Deal)  // a source text's gap is found through the report
WITH missing, kind, in_all, coalesce(reported, gap) AS node
OPTIONAL MATCH (node)-[s:SOURCED_FROM]->(src:Source)
RETURN missing, kind, in_all, node.id AS id,
       CASE missing WHEN 'deal' THEN node.name + ' (' + node.type + ')'
                    ELSE coalesce(node.summary, node.text, node.name, node.metric) END AS fact,
       coalesce(src.id, node.source_id) AS source, coalesce(s.excerpt, node.excerpt) AS excerpt
