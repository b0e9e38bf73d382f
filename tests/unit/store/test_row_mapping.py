"""Hot-path row mappers unpack by position: keep the table column order in step."""

from __future__ import annotations

from clinic_app.store.schema import checkup_items, medication_lines, patients, visits


def test_positional_mappers_match_the_table_column_order() -> None:
    assert [c.name for c in patients.c] == [
        "id", "patient_number", "name", "kana", "kana_key", "received_name", "received_kana",
        "birthdate", "sex", "created_at", "updated_at",
    ]  # fmt: skip
    assert [c.name for c in visits.c] == [
        "id", "patient_id", "visit_date", "queue_number", "checked_in_at", "status", "source",
        "reason", "check_id", "numbers_json", "staff_id", "needs_recheck", "rechecked_at",
        "recheck_check_id", "appointment_id",
    ]  # fmt: skip
    assert [c.name for c in medication_lines.c] == [
        "id", "patient_id", "fetched_at", "source", "dispensed_on", "prescribed_on",
        "institution_code", "institution_name", "drug_code", "drug_name", "ingredient",
        "quantity", "unit", "usage", "days",
    ]  # fmt: skip
    assert [c.name for c in checkup_items.c] == [
        "id", "patient_id", "fetched_at", "checkup_date", "item_code", "item_name", "data_type",
        "value", "unit", "oid", "value_name",
    ]  # fmt: skip
