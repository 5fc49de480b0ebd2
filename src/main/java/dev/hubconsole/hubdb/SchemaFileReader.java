package dev.hubconsole.hubdb;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one {@code hubdb/schemas/<revision>.json} with Jackson's streaming parser into the catalog's records. Every
 * headless command loads the catalog first: the streaming parser needs a fraction of the classes and time data
 * binding would. Strict: an unknown property or a value of the wrong kind is an error naming where it is.
 */
final class SchemaFileReader {

    private static final JsonFactory JSON = new JsonFactory();

    private final JsonParser p;
    private final String file;

    private SchemaFileReader(JsonParser p, String file) {
        this.p = p;
        this.file = file;
    }

    static SchemaCatalog.SchemaFile read(InputStream in, String file) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), in)) {
            SchemaFileReader r = new SchemaFileReader(p, file);
            r.next(JsonToken.START_OBJECT);
            String revision = null;
            List<String> releases = List.of();
            String source = null;
            List<String> notes = List.of();
            List<TableDef> tables = List.of();
            String name;
            while ((name = r.property()) != null) {
                switch (name) {
                    case "revision" -> revision = r.string();
                    case "releases" -> releases = r.strings();
                    case "source" -> source = r.string();
                    case "notes" -> notes = r.strings();
                    case "tables" -> tables = r.list(r::table);
                    default -> throw r.unknown(name);
                }
            }
            return new SchemaCatalog.SchemaFile(revision, releases, source, notes, tables);
        }
    }

    private interface Item<T> {
        T read();
    }

    private TableDef table() {
        expectCurrent(JsonToken.START_OBJECT);
        String name = null;
        List<ColumnDef> columns = List.of();
        IndexDef primaryKey = null;
        List<ForeignKeyDef> foreignKeys = List.of();
        List<IndexDef> uniques = List.of();
        List<IndexDef> indexes = List.of();
        String property;
        while ((property = property()) != null) {
            switch (property) {
                case "name" -> name = string();
                case "columns" -> columns = list(this::column);
                case "primaryKey" -> primaryKey = nullOr(this::index);
                case "foreignKeys" -> foreignKeys = list(this::foreignKey);
                case "uniques" -> uniques = list(this::index);
                case "indexes" -> indexes = list(this::index);
                default -> throw unknown(property);
            }
        }
        return new TableDef(name, columns, primaryKey, foreignKeys, uniques, indexes);
    }

    private ColumnDef column() {
        expectCurrent(JsonToken.START_OBJECT);
        String name = null;
        String type = null;
        Integer length = null;
        boolean nullable = false;
        String defaultValue = null;
        boolean autoIncrement = false;
        String enumName = null;
        List<String> enumValues = List.of();
        String property;
        while ((property = property()) != null) {
            switch (property) {
                case "name" -> name = string();
                case "type" -> type = string();
                case "length" -> length = integer();
                case "nullable" -> nullable = bool();
                case "defaultValue" -> defaultValue = string();
                case "autoIncrement" -> autoIncrement = bool();
                case "enumName" -> enumName = string();
                case "enumValues" -> enumValues = strings();
                default -> throw unknown(property);
            }
        }
        return new ColumnDef(name, type, length, nullable, defaultValue, autoIncrement, enumName, enumValues);
    }

    private IndexDef index() {
        expectCurrent(JsonToken.START_OBJECT);
        String name = null;
        List<String> columns = List.of();
        boolean unique = false;
        String property;
        while ((property = property()) != null) {
            switch (property) {
                case "name" -> name = string();
                case "columns" -> columns = strings();
                case "unique" -> unique = bool();
                default -> throw unknown(property);
            }
        }
        return new IndexDef(name, columns, unique);
    }

    private ForeignKeyDef foreignKey() {
        expectCurrent(JsonToken.START_OBJECT);
        String name = null;
        List<String> columns = List.of();
        String refTable = null;
        List<String> refColumns = List.of();
        String onDelete = null;
        String property;
        while ((property = property()) != null) {
            switch (property) {
                case "name" -> name = string();
                case "columns" -> columns = strings();
                case "refTable" -> refTable = string();
                case "refColumns" -> refColumns = strings();
                case "onDelete" -> onDelete = string();
                default -> throw unknown(property);
            }
        }
        return new ForeignKeyDef(name, columns, refTable, refColumns, onDelete);
    }

    /** The next property's name, its value the next token; {@code null} at the end of the object. */
    private String property() {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        if (t != JsonToken.PROPERTY_NAME) {
            throw error("a property name", t);
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    private <T> List<T> list(Item<T> item) {
        expectCurrent(JsonToken.START_ARRAY);
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(item.read());
        }
        return List.copyOf(out);
    }

    private <T> T nullOr(Item<T> item) {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : item.read();
    }

    private List<String> strings() {
        return list(() -> {
            expectCurrent(JsonToken.VALUE_STRING);
            return p.getString();
        });
    }

    private String string() {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectCurrent(JsonToken.VALUE_STRING);
        return p.getString();
    }

    private Integer integer() {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectCurrent(JsonToken.VALUE_NUMBER_INT);
        return p.getIntValue();
    }

    private boolean bool() {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw error("true or false", t);
        }
        return t == JsonToken.VALUE_TRUE;
    }

    private void next(JsonToken expected) {
        p.nextToken();
        expectCurrent(expected);
    }

    private void expectCurrent(JsonToken expected) {
        if (p.currentToken() != expected) {
            throw error(expected.toString(), p.currentToken());
        }
    }

    private IllegalStateException unknown(String property) {
        return new IllegalStateException(file + ": unknown property '" + property + "' at line "
                + p.currentLocation().getLineNr());
    }

    private IllegalStateException error(String expected, JsonToken found) {
        return new IllegalStateException(file + ": expected " + expected + " but found " + found + " at line "
                + p.currentLocation().getLineNr());
    }
}
