from docket.linkage.prepare import prepare_frame, prepare_record
from tests.linkage.factories import frame, record


def test_names_fold_case_and_accents_keeping_the_original():
    rec = prepare_record(record(1, given_name="José", family_name="Núñez-García"))
    assert rec["given_std"] == "JOSE"
    assert rec["family_std"] == "NUNEZ GARCIA"
    assert rec["family_tokens"] == ["NUNEZ", "GARCIA"]
    assert rec["family_first"] == "NUNEZ"


def test_compound_surname_particles_and_suffix():
    rec = prepare_record(record(1, given_name="Ana", family_name="García de la Cruz Jr"))
    assert rec["family_tokens"] == ["GARCIA", "CRUZ"]
    assert rec["suffix"] == "JR"
    assert rec["family_std"] == "GARCIA DE LA CRUZ"


def test_nicknames_resolve_to_a_canonical_given_name():
    assert prepare_record(record(1, given_name="Bill"))["given_canon"] == "WILLIAM"
    assert prepare_record(record(1, given_name="Pepe"))["given_canon"] == "JOSE"
    assert prepare_record(record(1, given_name="Hye-jin"))["given_first"] == "HYEJIN"


def test_second_given_name_stands_in_for_a_missing_middle_name():
    rec = prepare_record(record(1, given_name="Maria Elena"))
    assert rec["given_first"] == "MARIA"
    assert rec["middle_std"] == "ELENA"


def test_dob_parts_and_documents():
    rec = prepare_record(record(1, date_of_birth="1980-11-02", a_number="A123-456-789",
                                phone="+1 (713) 555-0101", postal_code="77001-1234"))
    assert (rec["dob_y"], rec["dob_m"], rec["dob_d"]) == (1980, 11, 2)
    assert rec["dob_sorted"] == "1980-02-11"
    assert rec["a_number"] == "123456789"
    assert rec["phone"] == "7135550101"
    assert rec["postal5"] == "77001"
    assert prepare_record(record(2, a_number="12345"))["a_number"] is None


def test_frame_and_record_preparation_agree():
    rows = [record(1, given_name="Łukasz", family_name="Nowak-Kowalski", date_of_birth="1990-01-05",
                   sex="M", middle_name="J."),
            record(2, given_name=None, family_name="O'Brien", city="Saint Paul", state="mn")]
    prepared = prepare_frame(frame(*rows))
    for row, rec in zip(prepared.to_dict("records"), rows, strict=True):
        single = prepare_record(rec)
        for name, value in single.items():
            other = row[name]
            if value is None:
                assert other is None or other != other or str(other) == "<NA>", name
            else:
                assert list(other) == list(value) if isinstance(value, list) else other == value, name


def _same_columns(prepared, table):
    import pyarrow as pa

    assert sorted(table.column_names) == sorted(prepared.columns)
    expected = pa.Table.from_pandas(prepared, preserve_index=False)
    for name in table.column_names:
        want = expected.column(name)
        if want.type != table.schema.field(name).type:  # an all-missing column is typed null
            want = want.cast(table.schema.field(name).type)
        assert want.to_pylist() == table.column(name).to_pylist(), name


def test_table_preparation_equals_the_frame_from_pandas_or_arrow(training_population):
    import pyarrow as pa

    from docket.linkage.columnar import prepare_table

    records = training_population[0]
    edge = frame(record(1, given_name="Łukasz", family_name="Nowak-Kowalski Jr", middle_name="J.",
                        date_of_birth="1990-01-05", sex="M", adverse=None),
                 record(2, given_name=None, family_name="O'Brien", city="Saint Paul", state="mn"),
                 record(3, given_name="  ", family_name="", date_of_birth="bad", a_number="A123-456-789"))
    for rows in (records, edge):
        _same_columns(prepare_frame(rows), prepare_table(rows))
        _same_columns(prepare_frame(rows), prepare_table(pa.Table.from_pandas(rows, preserve_index=False)))
