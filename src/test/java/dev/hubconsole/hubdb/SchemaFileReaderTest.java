package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The catalog's streaming reader gives exactly what data binding gives, and refuses what it does not know. */
class SchemaFileReaderTest {

    @Test
    void readsEverySchemaFileAsDataBindingDoes() throws Exception {
        JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
        int files = 0;
        for (RevisionCatalog.Revision r : RevisionCatalog.standard().revisions()) {
            if (!r.releaseHead()) {
                continue;
            }
            String path = "/hubdb/schemas/" + r.id() + ".json";
            SchemaCatalog.SchemaFile bound;
            try (InputStream in = SchemaCatalog.class.getResourceAsStream(path)) {
                bound = mapper.readValue(in, SchemaCatalog.SchemaFile.class);
            }
            try (InputStream in = SchemaCatalog.class.getResourceAsStream(path)) {
                assertThat(SchemaFileReader.read(in, path)).as(path).isEqualTo(bound);
            }
            assertThat(bound.tables()).as(path).isNotEmpty();
            files++;
        }
        assertThat(files).as("release heads read").isGreaterThanOrEqualTo(9);
    }

    @Test
    void namesTheFileAndLineOfAnUnknownPropertyOrAWrongValue() {
        assertThatThrownBy(() -> read("{\"revision\": \"x\",\n \"tables\": [{\"name\": \"t\", \"colums\": []}]}"))
                .isInstanceOf(IllegalStateException.class).hasMessage("x.json: unknown property 'colums' at line 2");
        assertThatThrownBy(() -> read("{\"revision\": \"x\", \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": "
                + "\"c\", \"nullable\": \"yes\"}]}]}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("x.json: expected true or false but found VALUE_STRING");
    }

    private static SchemaCatalog.SchemaFile read(String json) {
        return SchemaFileReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "x.json");
    }
}
