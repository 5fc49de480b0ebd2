package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.RevisionCatalog.Revision;
import dev.hubconsole.hubdb.RevisionCatalog.Verdict;
import dev.hubconsole.hubdb.RevisionCatalog.VerdictKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionCatalogTest {

    private final RevisionCatalog catalog = RevisionCatalog.standard();

    @Test
    void chainRunsContiguouslyFromTheBaseRevisionToSixZerosHead() {
        List<Revision> chain = catalog.revisions();

        assertThat(chain.get(0).id()).isEqualTo("19c0846f6344");
        assertThat(chain.get(0).downRevision()).isNull();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).downRevision()).as(chain.get(i).id()).isEqualTo(chain.get(i - 1).id());
        }
        assertThat(chain).extracting(Revision::id).containsExactly("19c0846f6344", "eeb276e51423", "af4cbdb2d13c",
                "3ec6993fe20c", "1cebaf56856c", "56cc5a70207e", "99a28a4418e1", "d68c98b66cd4", "896818069c98",
                "4dc2d5a8c53c", "833da8570507", "651f5419b74d", "0eee8c825d24", "3c2384c5aae1", "4621fec11365",
                "be8ecf03ddac", "afd65840b69e", "ff1860e38070", "f460b0348206");
        assertThat(catalog.head().id()).isEqualTo("f460b0348206");
        assertThat(catalog.head().releases()).containsExactly("6.0");
        assertThat(catalog.find("651f5419b74d")).get().extracting(Revision::releases).isEqualTo(List.of("3.0", "3.1"));
        assertThat(catalog.find("651f5419b74d")).get().extracting(Revision::description).isEqualTo("api_token_scopes");
        assertThat(catalog.find("1cebaf56856c")).get().extracting(Revision::releases).isEqualTo(List.of());
        assertThat(catalog.find("deadbeef0000")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", textBlock = """
            0.7.2,    af4cbdb2d13c
            0.8.1,    3ec6993fe20c
            0.9.6,    896818069c98
            1.0.0,    4dc2d5a8c53c
            1.5.1,    4dc2d5a8c53c
            2.0.0,    833da8570507
            2.3.1,    833da8570507
            3.0.0,    651f5419b74d
            3.1.1,    651f5419b74d
            4.0.2,    0eee8c825d24
            4.1.6,    0eee8c825d24
            5.0.0,    4621fec11365
            5.5.1,    4621fec11365
            6.0.0b2,  f460b0348206
            6.0.0,    f460b0348206
            0.6.1,    -
            7.0.0,    -
            banana,   -
            """)
    void mapsReleasesToTheirHeadRevision(String version, String head) {
        assertThat(catalog.headFor(version)).isEqualTo(Optional.ofNullable(head));
    }

    @Test
    void pathBetweenListsWhatUpgradeDbApplies() {
        assertThat(catalog.pathBetween("833da8570507", "651f5419b74d")).extracting(Revision::id)
                .containsExactly("651f5419b74d");
        assertThat(catalog.pathBetween("4dc2d5a8c53c", "4621fec11365")).extracting(Revision::id)
                .containsExactly("833da8570507", "651f5419b74d", "0eee8c825d24", "3c2384c5aae1", "4621fec11365");
    }

    @Test
    void pathBetweenRefusesToGoBackwardsOrNowhere() {
        assertThatThrownBy(() -> catalog.pathBetween("651f5419b74d", "833da8570507"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not after")
                .hasMessageContaining("restoring a backup");
        assertThatThrownBy(() -> catalog.pathBetween("651f5419b74d", "651f5419b74d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not after");
        assertThatThrownBy(() -> catalog.pathBetween("deadbeef0000", "651f5419b74d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown revision deadbeef0000");
    }

    @Test
    void verdictNamesReleasesAndNeverGuesses() {
        Verdict known = catalog.verdict(Optional.of("833da8570507"));
        assertThat(known.kind()).isEqualTo(VerdictKind.KNOWN);
        assertThat(known.releases()).containsExactly("2.0", "2.1", "2.2", "2.3");
        assertThat(known.message()).contains("2.0, 2.1, 2.2, 2.3");

        Verdict between = catalog.verdict(Optional.of("1cebaf56856c"));
        assertThat(between.kind()).isEqualTo(VerdictKind.KNOWN);
        assertThat(between.releases()).isEmpty();
        assertThat(between.message()).contains("between releases").contains("896818069c98").contains("0.9");

        Verdict unknown = catalog.verdict(Optional.of("0123456789ab"));
        assertThat(unknown.kind()).isEqualTo(VerdictKind.UNKNOWN);
        assertThat(unknown.message()).contains("newer JupyterHub or another application").contains("not guess");

        Verdict none = catalog.verdict(Optional.empty());
        assertThat(none.kind()).isEqualTo(VerdictKind.NO_ALEMBIC_VERSION);
        assertThat(none.message()).contains("not a JupyterHub database");
    }
}
