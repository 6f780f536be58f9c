// name: conflicts
// description: The same figure, or the same deal, reported with different values — by different
// sources or by one — each value with its source, so a reader can judge.
CALL () {
  MATCH (e:Entity)-[:HAS_FIGURE]->(f:Figure)
  WITH e, f.metric AS metric, f.unit AS unit, coalesce(f.period, '') AS period, coalesce(f.as_of, '') AS as_of,
       collect(f) AS reports
  WHERE size(reports) > 1
    AND size(reduce(seen = [], f IN reports | CASE WHEN f.value IN seen THEN seen ELSE seen + f.value END)) > 1
  UNWIND reports AS f
  RETURN e.name + ' ' + metric + coalesce(' ' + nullIf(period, ''), '') + coalesce(' as of ' + nullIf(as_of, ''), '') AS fact,
         f.id AS id, {amount: f.value, currency: f.unit, amount_qualifier: f.qualifier} AS value
  UNION ALL
  MATCH (d:Deal)
  WITH d, COLLECT { MATCH (p:Entity)-[r:PARTY_TO]->(d) RETURN p.id + ':' + r.role ORDER BY p.id, r.role } AS parties
  WITH d.type AS type, coalesce(d.date, '') AS date, parties, collect(d) AS reports
  WHERE size(reports) > 1
    AND size(reduce(seen = [], d IN reports | CASE WHEN d.amount IN seen THEN seen ELSE seen + d.amount END)) > 1
  UNWIND reports AS d
  RETURN type + ' ' + reduce(t = '', p IN parties | t + CASE t WHEN '' THEN '' ELSE ', ' END + p)
         + coalesce(' on ' + nullIf(date, ''), '') AS fact,
         d.id AS id, d{.amount, .currency, .amount_qualifier, .amount_max} AS value
}
OPTIONAL MATCH ({id: id})-[s:SOURCED_FROM]->(src:Source)
RETURN fact, value, id, src.id AS source, src.publisher AS publisher, s.excerpt AS excerpt
ORDER BY fact, id
