-- Problems found in UAI↔SIRET evidence on each load, each routed to the producer of the source concerned.
with evidence as (
    select * from {{ incoming_loads(ref('int_uai_siret_assertions')) }} as int_uai_siret_assertions
),

placeholders as (
    select as_of, source_id, uai, siret, uai_status, siret_status,
        case when uai_status = 'placeholder' then 'placeholder_uai' else 'placeholder_siret' end as rule,
        'Valeur de remplissage au lieu d''un identifiant : le couple n''est pas retenu comme lien.' as detail,
        'Aucun lien créé.' as resolution
    from evidence
    where uai_status = 'placeholder' or siret_status = 'placeholder'
),

missing_zero as (
    select as_of, source_id, uai, siret, uai_status, siret_status, 'siret_missing_leading_zero' as rule,
        'SIRET à 13 chiffres (zéro de tête perdu, probablement par un tableur) ; valeur complétée : ' || siret
            as detail,
        'Aucun lien créé tant que la source ne publie pas le SIRET complet.' as resolution
    from evidence
    where is_siret_missing_zero and uai_status <> 'placeholder'
),

invalid as (
    select as_of, source_id, uai, siret, uai_status, siret_status,
        case when uai_status in ('invalid_format', 'invalid_check') then 'invalid_uai' else 'invalid_siret' end
            as rule,
        'Identifiant en échec de format ou de clé de contrôle (UAI : ' || coalesce(uai_status, 'absente')
            || ', SIRET : ' || coalesce(siret_status, 'absent') || ').' as detail,
        'Lien conservé avec la confiance « invalid », jamais corrigé automatiquement.' as resolution
    from evidence
    where uai_status in ('invalid_format', 'invalid_check') or siret_status in ('invalid_format', 'invalid_check')
),

register_sirets as (
    select distinct as_of, uai, siret, source_id
    from evidence
    where confidence = 'official_register' and uai is not null and siret is not null
        and uai_status in ('valid', 'normalised') and siret_status in ('valid', 'normalised')
),

register_conflicts as (
    -- Two establishment registers give one UAI different SIRETs.
    select r.as_of, r.source_id, r.uai, r.siret, 'valid' as uai_status, 'valid' as siret_status,
        'conflicting_register_siret' as rule,
        'Les registres donnent plusieurs SIRET pour cette UAI : ' || other.sirets || '.' as detail,
        'Tous les liens sont publiés ; le lien confirmé par une source de rang supérieur l''emporte.' as resolution
    from register_sirets as r
    inner join (
        select as_of, uai, {{ sorted_list('siret') }} as sirets
        from register_sirets
        group by as_of, uai
        having count(distinct siret) > 1
    ) as other on other.as_of = r.as_of and other.uai = r.uai
),

validated as (
    select distinct as_of, uai, siret
    from evidence
    where confidence = 'validated' and rule <> 'territorial_reject' and uai is not null and siret is not null
),

register_vs_validated as (
    -- The register's SIRET for a UAI differs from the SIRET a person validated: the register should follow.
    select r.as_of, r.source_id, r.uai, r.siret, 'valid' as uai_status, 'valid' as siret_status,
        'register_differs_from_validated' as rule,
        'Le registre donne le SIRET ' || r.siret || ' alors que le SIRET validé est ' || v.siret || '.' as detail,
        'Le lien validé a la confiance la plus haute ; le lien du registre reste publié.' as resolution
    from register_sirets as r
    inner join validated as v on v.as_of = r.as_of and v.uai = r.uai and v.siret <> r.siret
    where not exists (
        select 1 from validated as same where same.as_of = r.as_of and same.uai = r.uai and same.siret = r.siret
    )
),

rejected_still_asserted as (
    select e.as_of, e.source_id, e.uai, e.siret, e.uai_status, e.siret_status, 'rejected_link_still_asserted' as rule,
        'Un référent territorial a rejeté ce lien, que la source publie toujours.' as detail,
        'Le lien est publié avec la confiance « rejected » et n''est plus proposé.' as resolution
    from evidence as e
    inner join {{ incoming_loads(ref('stg_corrections__uai_siret')) }} as d
        on d.as_of = e.as_of and d.uai = e.uai and d.siret = e.siret and d.decision = 'reject'
    where e.rule not like 'territorial_%'
),

closed_siret as (
    select links.as_of, 'sirene_etablissement' as source_id, links.uai, links.siret, 'valid' as uai_status,
        'valid' as siret_status, 'closed_siret_still_linked' as rule,
        'Le SIRET est fermé dans SIRENE depuis le ' || cast(links.valid_to as varchar)
            || ' et aucun successeur ne reprend le lien.' as detail,
        'Le lien est borné par la date de fermeture (valid_to).' as resolution
    from {{ incoming_loads(ref('int_uai_siret_links')) }} as links
    inner join {{ incoming_loads(ref('int_siret_state')) }} as state
        on state.as_of = links.as_of and state.siret = links.siret and state.is_closed
    where links.confidence not in ('rejected', 'inferred')
        and not exists (
            select 1 from {{ incoming_loads(ref('int_uai_siret_links')) }} as next_link
            where next_link.as_of = links.as_of and next_link.uai = links.uai
                and next_link.inferred_from_siret = links.siret
        )
)

select * from placeholders
union all select * from missing_zero
union all select * from invalid
union all select * from register_conflicts
union all select * from register_vs_validated
union all select * from rejected_still_asserted
union all select * from closed_siret
