// name: path
// description: How two companies or people are connected: the shortest chains of deals, stakes and
// roles between them, with the deals' sources.
// param: from: entity = "nvidia" -- where the chain starts: id, name or alias
// param: to: entity = "oracle" -- where it ends
// param: max_length: integer = 4 -- most steps between them (chains of more than 6 are not searched)
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE a <> b
MATCH chain = allShortestPaths((a)-[:PARTY_TO|PART_OF|LEADS|WORKS_AT|FOUNDED|ADVISES*..12]-(b))
WITH chain, [n IN nodes(chain) WHERE n:Deal] AS deals
WHERE size([n IN nodes(chain)[1..] WHERE n:Entity]) <= $max_length
RETURN reduce(text = '', n IN nodes(chain) |
         text + CASE WHEN text = '' THEN '' ELSE ' — ' END
              + CASE WHEN n:Deal THEN '[' + n.type + ' ' + n.id + ']' ELSE n.name END) AS path,
       size([n IN nodes(chain)[1..] WHERE n:Entity]) AS steps,
       [d IN deals | d.summary] AS deals,
       [d IN deals | d.source_id] AS sources,
       [d IN deals | d.excerpt] AS excerpts
ORDER BY path
LIMIT 20
