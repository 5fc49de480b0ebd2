package dev.hubconsole.hubdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubconsole.hubdb.DbUrlSetting.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubConfigFileTest {

    private static final Map<String, String> ENV = Map.of("HUB_DB_URL", "postgresql://hub:envpw@db/jupyterhub");

    private static HubConfigFile config(String text) {
        return new HubConfigFile(text, ENV::get);
    }

    @Test
    void readsLiteralsInEveryQuoteStyle() {
        assertThat(config("c.JupyterHub.db_url = 'sqlite:///a.sqlite'\n").dbUrl().url()).contains("sqlite:///a.sqlite");
        assertThat(config("c.JupyterHub.db_url = \"postgresql://u:p@h/db\"  # prod\n").dbUrl().url())
                .contains("postgresql://u:p@h/db");
        assertThat(config("c.JupyterHub.db_url = r'sqlite:///C:\\hub\\x.sqlite'").dbUrl().url())
                .contains("sqlite:///C:\\hub\\x.sqlite");
        assertThat(config("c.JupyterHub.db_url = 'a\\'b\\x41'").dbUrl().url()).contains("a'bA");
        assertThat(config("c.JupyterHub.db_url = (\n    'postgresql://u:p@h'\n    '/db'\n)\n").dbUrl().url())
                .contains("postgresql://u:p@h/db");
        assertThat(config("c.JupyterHub.db_url = '''sqlite:///t.sqlite''';").dbUrl().url())
                .contains("sqlite:///t.sqlite");
        DbUrlSetting setting = config("import os\n\nc.JupyterHub.db_url = 'sqlite:///a.sqlite'\n").dbUrl();
        assertThat(setting.source()).isEqualTo(Source.LITERAL);
        assertThat(setting.line()).isEqualTo(3);
    }

    @Test
    void lastTopLevelAssignmentWinsAndDocstringsAndCommentsAreIgnored() {
        String text = """
                \"\"\"Example:
                c.JupyterHub.db_url = 'sqlite:///in-docstring.sqlite'
                \"\"\"
                # c.JupyterHub.db_url = 'sqlite:///commented.sqlite'
                c.JupyterHub.db_url = 'sqlite:///first.sqlite'
                c.JupyterHub.db_url = 'sqlite:///second.sqlite'
                """;
        assertThat(config(text).dbUrl().url()).contains("sqlite:///second.sqlite");
        assertThat(config(text).dbUrl().line()).isEqualTo(6);
    }

    @Test
    void readsEnvironmentVariablesAndSaysWhetherTheyAreSet() {
        DbUrlSetting set = config("import os\nc.JupyterHub.db_url = os.environ.get('HUB_DB_URL', 'sqlite:///x.sqlite')")
                .dbUrl();
        assertThat(set.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(set.variable()).contains("HUB_DB_URL");
        assertThat(set.variableSet()).isTrue();
        assertThat(set.url()).contains("postgresql://hub:envpw@db/jupyterhub");

        DbUrlSetting unset = config("c.JupyterHub.db_url = os.getenv(\"HC_UNSET\", \"sqlite:///fallback.sqlite\")")
                .dbUrl();
        assertThat(unset.variableSet()).isFalse();
        assertThat(unset.url()).contains("sqlite:///fallback.sqlite");
        assertThat(unset.detail()).contains("HC_UNSET").contains("not set");

        DbUrlSetting subscript = config("c.JupyterHub.db_url = os.environ['HC_UNSET']").dbUrl();
        assertThat(subscript.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(subscript.url()).isEmpty();
        assertThat(subscript.detail()).contains("HC_UNSET").contains("not set");

        assertThat(config("from os import environ\nc.JupyterHub.db_url = environ['HUB_DB_URL']").dbUrl().url())
                .contains("postgresql://hub:envpw@db/jupyterhub");
    }

    @Test
    void usesThisProcesssEnvironmentByDefault() {
        String path = System.getenv("PATH");
        DbUrlSetting setting = HubConfigFile.of("c.JupyterHub.db_url = os.environ.get('PATH')").dbUrl();
        assertThat(setting.variableSet()).isEqualTo(path != null);
        assertThat(setting.url()).isEqualTo(Optional.ofNullable(path));
    }

    @Test
    void fallsBackToJupyterHubsDefaultWhenAbsent() {
        DbUrlSetting setting = config("c.JupyterHub.ip = '0.0.0.0'\n").dbUrl();
        assertThat(setting.source()).isEqualTo(Source.DEFAULT);
        assertThat(setting.url()).contains("sqlite:///jupyterhub.sqlite");
    }

    @Test
    void saysSoWhenItCannotEvaluateTheExpression() {
        for (String text : new String[] {
                "c.JupyterHub.db_url = 'postgresql://%s@db/hub' % user",
                "c.JupyterHub.db_url = f'postgresql://{user}@db/hub'",
                "c.JupyterHub.db_url = DB_URL",
                "c.JupyterHub.db_url = os.environ.get('HUB_DB_URL') + '?sslmode=require'",
                "if prod:\n    c.JupyterHub.db_url = 'postgresql://u@db/hub'",
                "c.JupyterHub.db_url = os.environ.get(name, 'sqlite:///x')"}) {
            DbUrlSetting setting = config(text).dbUrl();
            assertThat(setting.source()).as(text).isEqualTo(Source.UNEVALUABLE);
            assertThat(setting.url()).as(text).isEmpty();
            assertThat(setting.detail()).as(text).contains("will not guess").doesNotContain("\n");
        }
    }

    @Test
    void neverShowsTheUrlInToString() {
        assertThat(config("c.JupyterHub.db_url = 'postgresql://u:topsecret@h/db'").dbUrl().toString())
                .doesNotContain("topsecret");
    }

    @Test
    void readsTheCookieSecretFile() {
        assertThat(config("c.JupyterHub.cookie_secret_file = '/srv/jupyterhub/cookie'").cookieSecretFile())
                .contains("/srv/jupyterhub/cookie");
        assertThat(config("").cookieSecretFile()).contains("jupyterhub_cookie_secret");
        assertThat(config("c.JupyterHub.cookie_secret_file = pjoin(runtime_dir, 'cookie')").cookieSecretFile())
                .isEmpty();
    }

    @Test
    void readsAFileAndRefusesAnUnreadableOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("jupyterhub_config.py"),
                "c = get_config()  # noqa\nc.JupyterHub.db_url = 'sqlite:///hub.sqlite'\n");
        assertThat(HubConfigFile.read(file).dbUrl().parse(dir)).get().extracting(DbUrl::sqliteFile)
                .isEqualTo(dir.resolve("hub.sqlite"));

        assertThatThrownBy(() -> HubConfigFile.read(dir.resolve("missing.py")))
                .isInstanceOf(ConfigFileUnreadableException.class).hasMessageContaining("does not exist")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> HubConfigFile.read(dir)).isInstanceOf(ConfigFileUnreadableException.class)
                .hasMessageContaining("cannot be read");
    }
}
