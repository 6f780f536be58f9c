// name: quotes
// description: Who said what, when and where, and who reported it first.
// param: company: entity = null -- only quotes by this person or someone of this company, or about it
MATCH (speaker:Entity)-[:SAID]->(q:Quote)
WHERE $company IS NULL OR speaker.id = $company
   OR EXISTS { (speaker)-[:LEADS|WORKS_AT|FOUNDED|ADVISES]->(:Entity {id: $company}) }
   OR EXISTS { (q)-[:ABOUT]->({id: $company}) }
   OR EXISTS { (q)-[:ABOUT]->(:Deal)<-[:PARTY_TO]-(:Entity {id: $company}) }
OPTIONAL MATCH (q)-[s:SOURCED_FROM]->(src:Source)
OPTIONAL MATCH (q)-[:REPORTED_BY]->(reporter:Source)
RETURN speaker.name AS who,
       q.text AS said,
       q.said_on AS date,
       q.venue AS venue,
       [(q)-[:ABOUT]->(a) | coalesce(a.name, a.summary)][0] AS about,
       reporter.publisher AS reported_by,
       q.id AS id,
       src.id AS source,
       s.excerpt AS excerpt
ORDER BY q.said_on IS NULL, q.said_on, q.id
