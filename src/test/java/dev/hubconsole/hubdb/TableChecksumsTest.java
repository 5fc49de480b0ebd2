package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.TableChecksums.Kind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Table checksums from normalised values: spellings of one value agree, any changed value or row differs. */
class TableChecksumsTest {

    private static final List<Kind> KINDS = List.of(Kind.INTEGER, Kind.BOOLEAN, Kind.DATETIME, Kind.BYTES, Kind.TEXT);

    private static String sum(Object[]... rows) {
        TableChecksums.Sum sum = new TableChecksums.Sum(KINDS);
        for (Object[] row : rows) {
            sum.add(row);
        }
        return sum.hex();
    }

    @Test
    void oneValueSpelledAsDifferentEnginesSpellItHasOneChecksum() {
        String postgres = sum(new Object[] {"7", "t", "2024-01-02 03:04:05.5", new byte[] {1, 2}, "zoë"});
        String mariadb = sum(new Object[] {"7", "1", "2024-01-02 03:04:05.500000", new byte[] {1, 2}, "zoë"});
        String jdbc = sum(new Object[] {"7", "true", "2024-01-02T03:04:05.500000000", new byte[] {1, 2}, "zoë"});

        assertThat(mariadb).isEqualTo(postgres).matches("[0-9a-f]{16}");
        assertThat(jdbc).isEqualTo(postgres);
        TableChecksums.Sum bits = new TableChecksums.Sum(List.of(Kind.INTEGER));
        bits.add(new Object[] {"b'10100101'"});
        TableChecksums.Sum number = new TableChecksums.Sum(List.of(Kind.INTEGER));
        number.add(new Object[] {"165"});
        assertThat(bits.hex()).as("a bit string as Connector/J spells it").isEqualTo(number.hex());
    }

    @Test
    void rowOrderDoesNotMatterButEveryValueAndRowDoes() {
        Object[] a = {"1", "f", "2024-01-02 03:04:05", new byte[] {1}, "a"};
        Object[] b = {"2", "t", null, null, "b"};
        String both = sum(a, b);

        assertThat(sum(b, a)).isEqualTo(both);
        assertThat(sum(a)).isNotEqualTo(both);
        assertThat(sum(a, b, b)).isNotEqualTo(both);
        assertThat(sum(a, new Object[] {"2", "t", null, null, "c"})).isNotEqualTo(both);
        assertThat(sum(a, new Object[] {"2", "t", null, new byte[0], "b"})).as("null is not empty").isNotEqualTo(both);
        assertThat(sum(a, new Object[] {"2", "t", "2024-01-02 03:04:05.000001", null, "b"})).isNotEqualTo(both);
        assertThat(sum()).isEqualTo("0000000000000000");
    }

    @Test
    void valuesThatAreNotWhatTheKindExpectsAreKeptAsText() {
        String odd = sum(new Object[] {"18446744073709551615", "5", "infinity", "text as bytes", "x"});

        assertThat(odd).isNotEqualTo(sum(new Object[] {"-1", "1", "infinity", "text as bytes", "x"}));
        assertThat(sum(new Object[] {"1", "1", null, "text as bytes", "x"}))
                .isEqualTo(sum(new Object[] {"1", "1", null, "text as bytes".getBytes(), "x"}));
        assertThatThrownBy(() -> sum(new Object[] {"1"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a row of 1 values for 5 columns");
    }

    @Test
    void readsATablesRowsByTheirColumnTypes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER, admin BOOLEAN, created TIMESTAMP, state BLOB, name TEXT)");
            s.execute("INSERT INTO t VALUES (1, 0, '2024-01-02 03:04:05', x'01', 'a'), (2, 1, NULL, NULL, 'b')");

            String checksum = TableChecksums.of(c, "SELECT * FROM t");

            assertThat(checksum).isEqualTo(sum(new Object[] {"1", "f", "2024-01-02 03:04:05", new byte[] {1}, "a"},
                    new Object[] {"2", "t", null, null, "b"}));
            s.execute("UPDATE t SET name = 'c' WHERE id = 2");
            assertThat(TableChecksums.of(c, "SELECT * FROM t")).isNotEqualTo(checksum);
        }
    }
}
