package dev.hubconsole.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubLogScannerTest {

    /** Lines as Debian's JupyterHub 3.0 (run by RealJupyterHub) and its proxy write them to hub.log. */
    private static final String REAL_LOG = """
            [I 2026-11-22 02:34:08.289 JupyterHub app:2775] Running JupyterHub version 3.0.0
            [I 2026-11-22 02:34:08.313 alembic.runtime.migration migration:618] Running stamp_revision  -> 651f5419b74d
            [W 2026-11-22 02:34:08.389 JupyterHub app:2312] Service hubconsole sets `admin: True`, which is deprecated \
            in JupyterHub 2.0. You can assign now assign roles via `JupyterHub.load_roles` configuration.
            [W 2026-11-22 02:34:08.419 JupyterHub proxy:750] Running JupyterHub without SSL.  I hope there is SSL \
            termination happening somewhere else...
            02:34:08.603 [ConfigProxy] \u001B[32minfo\u001B[39m: Proxying http://127.0.0.1:18000 to (no default)
            02:34:20.539 [ConfigProxy] \u001B[33mwarn\u001B[39m: Terminated
            02:35:01.100 [ConfigProxy] \u001B[31merror\u001B[39m: 503 GET /user/alice/ connect ECONNREFUSED 127.0.0.1:45213
            [E 2026-11-22 02:35:02.001 JupyterHub app:3249] Failed to start proxy
            [C 2026-11-22 02:35:02.002 JupyterHub app:3251] Failed to bind hub to http://127.0.0.1:8081/hub/
            /usr/lib/python3/dist-packages/traitlets/config/loader.py:200: DeprecationWarning: extra_log_file is deprecated
            Traceback (most recent call last):
              File "/usr/lib/python3/dist-packages/jupyterhub/app.py", line 1799, in init_db
            sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) database is locked
            Found database schema version 833da8570507 != 651f5419b74d. Backup your database and run `jupyterhub \
            upgrade-db` to upgrade to the latest schema.
            [I 2026-11-22 02:35:03.000 JupyterHub log:186] 200 GET /hub/error/503 (@127.0.0.1) 1.30ms
            """;

    private final HubLogScanner scanner = new HubLogScanner();

    @TempDir
    Path dir;

    @Test
    void picksErrorsWarningsAndDeprecationsFromARealHubLog() throws IOException {
        Path log = Files.writeString(dir.resolve("hub.log"), REAL_LOG);

        LogFindings findings = scanner.scanFrom(log, 0);

        assertThat(findings.errors()).extracting(LogLine::text).containsExactly(
                "02:35:01.100 [ConfigProxy] error: 503 GET /user/alice/ connect ECONNREFUSED 127.0.0.1:45213",
                "[E 2026-11-22 02:35:02.001 JupyterHub app:3249] Failed to start proxy",
                "[C 2026-11-22 02:35:02.002 JupyterHub app:3251] Failed to bind hub to http://127.0.0.1:8081/hub/",
                "Traceback (most recent call last):",
                "Found database schema version 833da8570507 != 651f5419b74d. Backup your database and run "
                        + "`jupyterhub upgrade-db` to upgrade to the latest schema.");
        assertThat(findings.warnings()).extracting(LogLine::text).containsExactly(
                "[W 2026-11-22 02:34:08.419 JupyterHub proxy:750] Running JupyterHub without SSL.  I hope there is SSL "
                        + "termination happening somewhere else...",
                "02:34:20.539 [ConfigProxy] warn: Terminated");
        assertThat(findings.deprecations()).extracting(LogLine::text)
                .anyMatch(text -> text.contains("sets `admin: True`, which is deprecated"))
                .anyMatch(text -> text.contains("DeprecationWarning: extra_log_file is deprecated"))
                .hasSize(2);
        assertThat(findings.errorCount()).isEqualTo(5);
        assertThat(findings.hasErrors()).isTrue();
        assertThat(findings.endOffset()).isEqualTo(Files.size(log));
        assertThat(findings.restarted()).isFalse();
        assertThat(findings.note()).isEmpty();
    }

    @Test
    void scansOnlyWhatWasWrittenAfterTheOffsetAndLeavesAnUnfinishedLineForLater() throws IOException {
        Path log = Files.writeString(dir.resolve("hub.log"), "[E 2026-11-22 01:00:00.000 JupyterHub app:1] old error\n");
        long before = scanner.size(log);
        append(log, "[E 2026-11-22 02:00:00.000 JupyterHub app:1] new error\n[W 2026-11-22 02:00:01.000 Jupyter");

        LogFindings first = scanner.scanFrom(log, before);

        assertThat(first.errors()).extracting(LogLine::text).containsExactly(
                "[E 2026-11-22 02:00:00.000 JupyterHub app:1] new error");
        assertThat(first.errors().get(0).offset()).isEqualTo(before);
        assertThat(first.warnings()).isEmpty();
        assertThat(first.scannedFrom()).isEqualTo(before);

        append(log, "Hub app:2] late warning\n");
        LogFindings second = scanner.scanFrom(log, first.endOffset());

        assertThat(second.errors()).isEmpty();
        assertThat(second.warnings()).extracting(LogLine::text).containsExactly(
                "[W 2026-11-22 02:00:01.000 JupyterHub app:2] late warning");
        assertThat(second.endOffset()).isEqualTo(scanner.size(log));
    }

    @Test
    void scansARotatedOrTruncatedLogFromItsStartAndSaysSo() throws IOException {
        Path log = Files.writeString(dir.resolve("hub.log"), "[C 2026-11-22 03:00:00.000 JupyterHub app:9] after rotation\n");

        LogFindings findings = scanner.scanFrom(log, 10_000);

        assertThat(findings.restarted()).isTrue();
        assertThat(findings.scannedFrom()).isZero();
        assertThat(findings.note()).contains("rotated or truncated").contains("from the start");
        assertThat(findings.errors()).hasSize(1);
    }

    @Test
    void aMissingLogHasNoFindingsAndSizeZero() {
        Path log = dir.resolve("not-yet.log");

        assertThat(scanner.size(log)).isZero();
        LogFindings findings = scanner.scanFrom(log, 0);
        assertThat(findings.errorCount()).isZero();
        assertThat(findings.note()).contains("does not exist");
    }

    @Test
    void toleratesInvalidUtf8AndCutsEndlessLines() throws IOException {
        Path log = dir.resolve("hub.log");
        Files.write(log, "[E 2026-11-22 04:00:00.000 JupyterHub app:1] caf\u00e9 \u00ff".getBytes(StandardCharsets.ISO_8859_1));
        append(log, "x".repeat(100_000) + " ERROR at the end\n");

        LogFindings findings = scanner.scanFrom(log, 0);

        assertThat(findings.errors()).hasSize(1);
        String text = findings.errors().get(0).text();
        assertThat(text).startsWith("[E 2026-11-22 04:00:00.000 JupyterHub app:1] caf\uFFFD \uFFFD").endsWith("…");
        assertThat(text).hasSize(HubLogScanner.MAX_LINE_CHARS + 1);
    }

    @Test
    void scansA200MegabyteLogWithFlatMemoryAndCapsTheLists() throws IOException {
        Path log = dir.resolve("big.log");
        long perChunk = writeBigLog(log, 200);
        assertThat(Files.size(log)).isGreaterThanOrEqualTo(200L * 1024 * 1024);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CommandSpec spec = CommandSpec.of(List.of(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                ScanInSmallHeap.class.getName(), log.toString(), "0"), Duration.ofSeconds(120));

        CommandResult result = new CommandRunner().runQuietly(spec);

        assertThat(result.succeeded()).as(String.join("\n", result.tail())).isTrue();
        assertThat(result.tail()).last().asString()
                .startsWith("errors=" + (200 * perChunk + 1) + " warnings=" + (200 * perChunk)
                        + " deprecations=" + (200 * perChunk) + " kept=100/100/100 end=" + Files.size(log));
        System.out.printf("200 MB log scanned in a 24 MB heap in %d ms%n", result.elapsed().toMillis());
    }

    /** Writes {@code megabytes} chunks of 1 MB; returns how many errors (= warnings = deprecations) each holds. */
    private static long writeBigLog(Path log, int megabytes) throws IOException {
        StringBuilder chunk = new StringBuilder();
        long findings = 0;
        int i = 0;
        while (chunk.length() < 1024 * 1024 - 200) {
            if (i % 500 == 0) {
                chunk.append("[E 2026-11-22 05:00:00.000 JupyterHub app:1] spawn failed for user").append(i).append('\n');
                chunk.append("[W 2026-11-22 05:00:00.000 JupyterHub app:1] slow spawn for user").append(i).append('\n');
                chunk.append("[W 2026-11-22 05:00:00.000 JupyterHub app:1] option x is deprecated\n");
                findings++;
            } else {
                chunk.append("[I 2026-11-22 05:00:00.000 JupyterHub log:186] 200 GET /hub/api/users (service@127.0.0.1) ")
                        .append(i).append(".25ms\n");
            }
            i++;
        }
        while (chunk.length() < 1024 * 1024) {
            chunk.append('\n');
        }
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(log)) {
            for (int m = 0; m < megabytes; m++) {
                out.write(bytes);
            }
            out.write("CRITICAL the end\n".getBytes(StandardCharsets.UTF_8));
        }
        return findings;
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.APPEND);
    }
}
