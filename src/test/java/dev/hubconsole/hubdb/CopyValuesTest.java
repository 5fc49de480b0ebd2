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
    void writesPostgresBinaryCopyAndRefusesWhatWouldWrap() {
        PgBinaryCopy.Kind[] kinds = {PgBinaryCopy.Kind.INT4, PgBinaryCopy.Kind.INT8, PgBinaryCopy.Kind.BOOL,
            PgBinaryCopy.Kind.TEXT};
        PgBinaryCopy.Writer out = new PgBinaryCopy.Writer(4, kinds);
        out.startRow();
        out.integer(-2);
        out.nul();
        out.bool(true);
        out.value("ü");
        out.endRow();
        out.trailer();
        assertThat(java.util.HexFormat.of().formatHex(out.array(), 0, out.length())).isEqualTo(
                "5047434f50590aff0d0a00" + "00000000" + "00000000" + "0004" + "00000004fffffffe" + "ffffffff"
                + "0000000101" + "00000002c3bc" + "ffff");
        out.clear();
        out.startRow();
        assertThatThrownBy(() -> out.integer(1L << 31)).hasMessageContaining("32-bit");
        assertThatThrownBy(() -> out.value(LocalDateTime.of(-5000, 1, 1, 0, 0)))
                .hasMessageContaining("outside PostgreSQL's timestamp range");
        PgBinaryCopy.Writer times = new PgBinaryCopy.Writer(4, new PgBinaryCopy.Kind[] {PgBinaryCopy.Kind.TIMESTAMP});
        times.clear();
        times.value(LocalDateTime.of(2000, 1, 1, 0, 0, 1, 5000));
        assertThat(java.util.HexFormat.of().formatHex(times.array(), 0, times.length())).as("microseconds since 2000")
                .isEqualTo("00000008" + "00000000000f4245");
    }

    @Test
    void writesLoadDataTextWithEscapesAndHexBlobs() {
        MysqlLoadData.Writer out = new MysqlLoadData.Writer();
        out.startRow();
        out.value("a\tb\nc\\d\re\u0000");
        out.value(new byte[] {0, (byte) 0xff});
        out.value(null);
        out.value(true);
        out.value(-12L);
        out.value(LocalDateTime.of(7, 1, 2, 3, 4, 5));
        out.value(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 5000));
        out.endRow();
        assertThat(new String(out.array(), 0, out.length(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "a\\tb\\nc\\\\d\re\\0\t00ff\t\\N\t1\t-12\t0007-01-02 03:04:05\t2024-02-29 23:59:59.000005\n");
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
    void readsDatetimeBytesAsTheirValueAndRefusesOtherSpellings() {
        assertThat(micros("2024-02-29 23:59:59.999999")).isEqualTo(CopyValues.epochMicros(
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000)));
        assertThat(micros("2024-02-29 23:59:59.5")).isEqualTo(CopyValues.epochMicros(
                LocalDateTime.of(2024, 2, 29, 23, 59, 59, 500_000_000)));
        assertThat(micros("1900-03-01 00:00:00")).isEqualTo(CopyValues.epochMicros(LocalDateTime.of(1900, 3, 1, 0, 0)));
        assertThat(micros("0001-12-31 00:00:00")).isEqualTo(CopyValues.epochMicros(LocalDateTime.of(1, 12, 31, 0, 0)));
        assertThat(CopyValues.ofEpochMicros(micros("1969-12-31 23:59:59.000001"))).isEqualTo(
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1000));
        for (String other : new String[] {"2024-02-29T23:59:59", "2024-02-29 23:59:59.1234567", "2023-02-29 00:00:00",
            "2024-04-31 00:00:00", "2024-02-29 24:00:00", "2024-02-29 23:59", "2024-02-29 23:59:59.",
            "+2024-02-29 23:59:5", "2024-13-01 00:00:00"}) {
            assertThat(micros(other)).as(other).isEqualTo(CopyValues.NOT_PARSED);
        }
    }

    private static long micros(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return CopyValues.parseDateTime(b, 0, b.length);
    }
}
