// name: exposure
// description: How much of a company's income comes back from companies it pays itself — its own
// investees or suppliers. One row per company that is paid, the most exposed first.
// param: company: entity = null -- only this company
MATCH (company:Entity)
WHERE ($company IS NULL OR company.id = $company) AND EXISTS { ()-[:FLOWS_TO]->(company) }
MATCH (payer:Entity)-[income:FLOWS_TO]->(company)
WITH company, payer, income, COLLECT { MATCH (company)-[out:FLOWS_TO]->(payer) RETURN out.deal } AS paid_first
WITH company, collect({payer: payer.name, deal: income.deal, usd: income.amount_usd, paid_first: paid_first}) AS incomes
WITH company, incomes, [i IN incomes WHERE size(i.paid_first) > 0] AS returns
RETURN company.name AS company,
       size(incomes) AS payments_in,
       size(returns) AS from_its_investees_or_suppliers,
       round(100.0 * size(returns) / size(incomes)) AS percent_of_payments,
       CASE WHEN any(i IN incomes WHERE i.usd IS NOT NULL)
            THEN {amount: reduce(s = 0, i IN incomes | s + coalesce(i.usd, 0)), currency: 'USD'} END AS known_income,
       CASE WHEN any(i IN returns WHERE i.usd IS NOT NULL)
            THEN {amount: reduce(s = 0, i IN returns | s + coalesce(i.usd, 0)), currency: 'USD'} END AS known_income_back,
       [i IN returns | i.payer + ' pays back through ' + i.deal + ' after ' + reduce(t = '', d IN i.paid_first | t + CASE t WHEN '' THEN '' ELSE ', ' END + d)] AS how,
       COLLECT { MATCH (d:Deal)-[:SOURCED_FROM]->(src:Source)
                 WHERE d.id IN [i IN returns | i.deal] + reduce(all = [], i IN returns | all + i.paid_first)
                 RETURN DISTINCT src.id } AS sources
ORDER BY percent_of_payments DESC, payments_in DESC, company
