package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubconsole.hubdb.RevisionCatalog.Revision;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaCatalogTest {

    private final SchemaCatalog catalog = SchemaCatalog.standard();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyReleaseHeadHasAConsistentSchemaOnEveryEngine(Engine engine) {
        List<String> heads = RevisionCatalog.standard().revisions().stream().filter(Revision::releaseHead)
                .map(Revision::id).toList();
        assertThat(catalog.revisions()).containsExactlyElementsOf(heads);

        for (String head : heads) {
            ExpectedSchema schema = catalog.at(head, engine).orElseThrow();
            Set<String> tables = schema.tables().stream().map(TableDef::name).collect(Collectors.toSet());
            for (TableDef t : schema.tables()) {
                Set<String> columns = t.columns().stream().map(ColumnDef::name).collect(Collectors.toSet());
                assertThat(columns).as(head + " " + t.name()).containsAll(t.primaryKey().columns());
                t.uniques().forEach(u -> assertThat(columns).containsAll(u.columns()));
                t.indexes().forEach(i -> assertThat(columns).containsAll(i.columns()));
                for (ForeignKeyDef f : t.foreignKeys()) {
                    assertThat(columns).as(head + " " + t.name()).containsAll(f.columns());
                    assertThat(tables).as(head + " " + t.name()).contains(f.refTable());
                    assertThat(schema.table(f.refTable()).orElseThrow().columns()).extracting(ColumnDef::name)
                            .containsAll(f.refColumns());
                    assertThat(f.onDelete()).isIn("CASCADE", "SET NULL", "NO ACTION");
                }
                t.columns().forEach(c -> assertThat(c.type()).as(head + " " + t.name() + "." + c.name())
                        .isIn("INTEGER", "VARCHAR", "TEXT", "DATETIME", "BOOLEAN", "BLOB", "ENUM"));
            }
        }
    }

    @Test
    void intermediateRevisionsHaveNoFreshSchema() {
        assertThat(catalog.at("1cebaf56856c", Engine.SQLITE)).isEmpty();
        assertThat(catalog.at("deadbeef0000", Engine.SQLITE)).isEmpty();
    }

    @Test
    void jupyterHub07CreatesNoAlembicVersionAndLaterReleasesDo() {
        assertThat(catalog.at("af4cbdb2d13c", Engine.SQLITE).orElseThrow().table("alembic_version")).isEmpty();
        assertThat(catalog.at("3ec6993fe20c", Engine.SQLITE).orElseThrow().table("alembic_version")).isPresent();
    }

    @Test
    void rendersTheOauthGrantTypeEnumPerEngine() {
        ColumnDef sqlite = grantType(Engine.SQLITE);
        assertThat(sqlite.type()).isEqualTo("VARCHAR");
        assertThat(sqlite.length()).isEqualTo(18);
        ColumnDef pg = grantType(Engine.POSTGRESQL);
        assertThat(pg.type()).isEqualTo("ENUM");
        assertThat(pg.enumName()).isEqualTo("granttype");
        assertThat(pg.enumValues()).contains("authorization_code", "refresh_token");
        assertThat(grantType(Engine.MYSQL).enumName()).isNull();
    }

    private ColumnDef grantType(Engine engine) {
        return catalog.at("4dc2d5a8c53c", engine).orElseThrow().table("oauth_access_tokens").orElseThrow()
                .column("grant_type").orElseThrow();
    }

    @Test
    void namesConstraintsFromTwoZeroOnAndLeavesThemToTheEngineBefore() {
        assertThat(catalog.at("4dc2d5a8c53c", Engine.POSTGRESQL).orElseThrow().table("users").orElseThrow()
                .primaryKey().name()).isNull();
        assertThat(catalog.at("833da8570507", Engine.POSTGRESQL).orElseThrow().table("users").orElseThrow()
                .primaryKey().name()).isEqualTo("pk_users");
        assertThat(catalog.at("833da8570507", Engine.SQLITE).orElseThrow().table("users").orElseThrow()
                .primaryKey().name()).isNull();
        assertThat(catalog.at("833da8570507", Engine.MYSQL).orElseThrow().table("users").orElseThrow()
                .primaryKey().name()).isNull();
    }

    @Test
    void knowsFreshFiveXColumnsThatUpgradedDatabasesSpellOtherwise() {
        TableDef services = catalog.at("4621fec11365", Engine.POSTGRESQL).orElseThrow().table("services").orElseThrow();
        assertThat(services.column("cwd").orElseThrow().length()).isEqualTo(4095);
        TableDef roles = catalog.at("4621fec11365", Engine.POSTGRESQL).orElseThrow().table("roles").orElseThrow();
        assertThat(roles.column("managed_by_auth").orElseThrow().defaultValue()).isNull();
        assertThat(roles.column("managed_by_auth").orElseThrow().nullable()).isFalse();

        assertThat(catalog.artefactsAt("4621fec11365", Engine.POSTGRESQL)).extracting(UpgradeArtefact::object)
                .contains("services.cwd", "roles.managed_by_auth").doesNotContain("services.timeout");
        assertThat(catalog.artefactsAt("f460b0348206", Engine.MYSQL)).extracting(UpgradeArtefact::object)
                .contains("services.timeout");
    }

    @Test
    void listsUpgradeArtefactsOnlyWhereAndWhileTheyApply() {
        List<String> sqlite30 = catalog.artefactsAt("651f5419b74d", Engine.SQLITE).stream()
                .map(UpgradeArtefact::object).toList();
        assertThat(sqlite30).contains("users._server_id", "oauth_codes:client_id", "api_tokens")
                .doesNotContain("api_tokens:service_id", "oauth_access_tokens:client_id", "services.cwd");
        assertThat(catalog.artefactsAt("651f5419b74d", Engine.POSTGRESQL)).extracting(UpgradeArtefact::object)
                .contains("type granttype").doesNotContain("users._server_id");
        assertThat(catalog.artefactsAt("896818069c98", Engine.SQLITE)).extracting(UpgradeArtefact::object)
                .contains("api_tokens:service_id", "oauth_access_tokens:client_id");
        assertThat(catalog.at("651f5419b74d", Engine.SQLITE).orElseThrow().upgradeArtefacts())
                .isEqualTo(catalog.artefactsAt("651f5419b74d", Engine.SQLITE));
    }
}
