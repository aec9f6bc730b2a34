{#-
  Flags rows whose identifier status is invalid (format or check). Used with severity warn on sources that
  carry hand-typed values: invalid identifiers are real data, kept and reported, never dropped.
-#}
{% test identifier_valid(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} in ('invalid_format', 'invalid_check')
{% endtest %}
