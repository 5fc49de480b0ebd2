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
        StringBuilder out = new StringBuilder();
        CopyValues.appendCopyText(out, "a\tb\nc\\d\re");
        out.append('|');
        CopyValues.appendCopyText(out, new byte[] {0, (byte) 0xff});
        out.append('|');
        CopyValues.appendCopyText(out, null);
        out.append('|');
        CopyValues.appendCopyText(out, Boolean.TRUE);
        assertThat(out).hasToString("a\\tb\\nc\\\\d\\re|\\\\x00ff|\\N|t");
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
}
