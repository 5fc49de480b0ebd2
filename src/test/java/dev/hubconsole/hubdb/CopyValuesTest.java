package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The neutral values' text forms: SQLite datetimes in and out, COPY escaping, type-tagged row hashes. */
class CopyValuesTest {

    @Test
    void readsEveryDatetimeSpellingSqliteHolds() {
        assertThat(CopyValues.parseSqlite("2024-02-29 23:59:59.999999"))
                .isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000));
        assertThat(CopyValues.parseSqlite("2024-02-29 23:59:59")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59));
        assertThat(CopyValues.parseSqlite("2024-02-29T23:59:59.5")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59, 59,
                500_000_000));
        assertThat(CopyValues.parseSqlite("2024-02-29 23:59")).isEqualTo(LocalDateTime.of(2024, 2, 29, 23, 59));
        assertThat(CopyValues.parseSqlite(null)).isNull();
        assertThatThrownBy(() -> CopyValues.parseSqlite("yesterday")).hasMessageContaining("'yesterday' is not a date");
        assertThatThrownBy(() -> CopyValues.parseSqlite("2024-02-30 00:00:00")).hasMessageContaining("is not a date");
    }

    @Test
    void writesDatetimesAsSqlalchemyStoresThemOnSqlite() {
        StringBuilder out = new StringBuilder();
        CopyValues.appendDateTime(out, LocalDateTime.of(7, 1, 2, 3, 4, 5, 60_000));
        assertThat(out).hasToString("0007-01-02 03:04:05.000060");
        assertThat(CopyValues.appendDateTime(new StringBuilder(), LocalDateTime.of(2024, 12, 31, 23, 59, 59,
                999_999_000))).hasToString("2024-12-31 23:59:59.999999");
    }

    @Test
    void escapesCopyTextAndHexesBlobs() {
        CopyTextBuffer out = new CopyTextBuffer(4);
        out.value("a\tb\nc\\d\re").tab().value(new byte[] {0, (byte) 0xff}).tab().value(null).tab().value(true).tab()
                .value(-1234567890123L).tab().value(0L).tab().value(LocalDateTime.of(7, 1, 2, 3, 4, 5, 60_000))
                .newline();
        assertThat(out).hasToString("a\\tb\\nc\\\\d\\re\t\\\\x00ff\t\\N\tt\t-1234567890123\t0\t"
                + "0007-01-02 03:04:05.000060\n");
    }

    @Test
    void rowHashesTellTypesAndNullsApart() {
        assertThat(CopyValues.rowHash(new Object[] {1L})).isNotEqualTo(CopyValues.rowHash(new Object[] {"1"}));
        assertThat(CopyValues.rowHash(new Object[] {null, "a"})).isNotEqualTo(CopyValues.rowHash(new Object[] {"a",
                null}));
        assertThat(CopyValues.rowHash(new Object[] {"", null})).isNotEqualTo(CopyValues.rowHash(new Object[] {null,
                null}));
        assertThat(CopyValues.rowHash(new Object[] {new byte[] {1, 2}})).isEqualTo(CopyValues.rowHash(new Object[] {
            new byte[] {1, 2}}));
    }

    @Test
    void countsEpochDaysAsLocalDateDoes() {
        for (java.time.LocalDate d = java.time.LocalDate.of(0, 1, 1); d.getYear() <= 10_000; d = d.plusDays(13)) {
            assertThat(CopyValues.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).as(d.toString())
                    .isEqualTo(d.toEpochDay());
        }
    }

    @Test
    void hashesDatetimeBytesLikeTheirValueAndRefusesOtherSpellings() {
        assertThat(dateTimeHash("2024-02-29 23:59:59.999999")).isEqualTo(RowHash.row(new Object[] {
            LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000)}));
        assertThat(dateTimeHash("2024-02-29 23:59:59.5")).isEqualTo(RowHash.row(new Object[] {
            LocalDateTime.of(2024, 2, 29, 23, 59, 59, 500_000_000)}));
        assertThat(dateTimeHash("1900-03-01 00:00:00")).isEqualTo(RowHash.row(new Object[] {
            LocalDateTime.of(1900, 3, 1, 0, 0)}));
        for (String other : new String[] {"2024-02-29T23:59:59", "2024-02-29 23:59:59.1234567", "2023-02-29 00:00:00",
            "2024-02-29 24:00:00", "2024-02-29 23:59", "2024-02-29 23:59:59.", "+2024-02-29 23:59:5"}) {
            assertThat(dateTimeHash(other)).as(other).isNull();
        }
    }

    private static Long dateTimeHash(String text) {
        RowHash hash = new RowHash();
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return CopyValues.hashDateTime(b, 0, b.length, hash) ? hash.endRow() : null;
    }
}
