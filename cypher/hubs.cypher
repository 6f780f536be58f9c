// name: hubs
// description: Who sits at the centre: the companies and people in the most deals (each real deal
// once), with the most partners, paying and paid by the most others.
// param: limit: integer = 10 -- how many to list
MATCH (e:Entity)-[:PARTY_TO]->(d:Deal {counted: true})
WITH e, count(DISTINCT d) AS deals
// partners and payments are counted only for those whose deals may place them in the first $limit
ORDER BY deals DESC
WITH collect({entity: e, deals: deals}) AS ranked
WITH ranked, ranked[$limit - 1].deals AS least
UNWIND ranked AS candidate
WITH candidate.entity AS e, candidate.deals AS deals
WHERE least IS NULL OR deals >= least
RETURN e.name AS name,
       e.type AS type,
       deals,
       COUNT { MATCH (e)-[:PARTY_TO]->(:Deal {counted: true})<-[:PARTY_TO]-(other:Entity) WHERE other <> e
               RETURN DISTINCT other } AS partners,
       COUNT { MATCH (e)-[:FLOWS_TO {counted: true}]->(other:Entity) RETURN DISTINCT other } AS pays,
       COUNT { MATCH (other:Entity)-[:FLOWS_TO {counted: true}]->(e) RETURN DISTINCT other } AS paid_by,
       e.id AS id
ORDER BY deals DESC, partners DESC, name
LIMIT $limit
