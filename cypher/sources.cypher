// name: sources
// description: Where each fact comes from: its sources (for a deal, every source that reports it),
// who they cite, and the verbatim excerpts.
// Give a name to see the provenance of one company, person, deal, figure, quote or source.
// param: name: ref = null -- an entity (id, name or alias), or the id of a deal, figure, quote or source
// with a name, only the nodes whose sources can answer it, reached from the named node by index
CALL () {
  WITH $name IS NULL AS everything WHERE everything
  MATCH (node)-[:SOURCED_FROM|ALSO_SOURCED_FROM]->(:Source)
  RETURN DISTINCT node
  UNION
  CALL () {
    MATCH (named:Entity {id: $name}) RETURN named
    UNION MATCH (named:Deal {id: $name}) RETURN named
    UNION MATCH (named:Figure {id: $name}) RETURN named
    UNION MATCH (named:Quote {id: $name}) RETURN named
    UNION MATCH (named:Source {id: $name}) RETURN named
    UNION MATCH (named:Rate {id: $name}) RETURN named
  }
  CALL (named) {
    RETURN named AS node
    UNION MATCH (named)<-[:REPORTS]-(node:Report) RETURN node
    UNION MATCH (named)-[:PARTY_TO]->(node:Deal) RETURN node
    UNION MATCH (named)-[:PARTY_TO]->(:Deal)<-[:REPORTS]-(node:Report) RETURN node
    UNION MATCH (named)-[:HAS_FIGURE|SAID]->(node) RETURN node
    UNION MATCH (named)<-[:ABOUT]-(node:Quote) RETURN node
    UNION MATCH (named)<-[:SOURCED_FROM|ALSO_SOURCED_FROM]-(node) RETURN node
  }
  RETURN node
}
MATCH (node)-[s:SOURCED_FROM|ALSO_SOURCED_FROM]->(source:Source)
OPTIONAL MATCH (node)-[:REPORTS]->(deal:Deal)
WITH coalesce(deal, node) AS fact, node, s, source
WHERE $name IS NULL OR fact.id = $name OR source.id = $name
   OR (fact:Deal AND EXISTS { (:Entity {id: $name})-[:PARTY_TO]->(fact) })
   OR (fact:Figure AND EXISTS { (:Entity {id: $name})-[:HAS_FIGURE]->(fact) })
   OR (fact:Quote AND (EXISTS { (:Entity {id: $name})-[:SAID]->(fact) } OR EXISTS { (fact)-[:ABOUT]->({id: $name}) }))
OPTIONAL MATCH (node)-[:REPORTED_BY]->(reporter:Source)
RETURN CASE WHEN fact:Deal THEN 'deal' WHEN fact:Figure THEN 'figure' WHEN fact:Quote THEN 'quote'
            WHEN fact:Rate THEN 'rate' ELSE 'entity' END AS kind,
       fact.id AS id,
       coalesce(fact.summary, fact.text, fact.name, fact.metric, fact.currency + ' in US dollars') AS fact,
       source.id AS source,
       source.publisher AS publisher,
       source.published AS published,
       reporter.publisher AS reported_by,
       s.excerpt AS excerpt
ORDER BY kind, id, published
