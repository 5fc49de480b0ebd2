package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeArchiveBackupTest {

    @TempDir
    Path temp;

    HubFixture hub;
    Path homes;

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubFixture(temp);
        homes = Files.createDirectories(temp.resolve("home"));
    }

    private BackupRequest request(List<String> excludes) {
        BackupRequest base = hub.request();
        return new BackupRequest(base.hubName(), base.destinationRoot(), base.sqliteDatabase(), base.configFile(),
                base.extraFiles(), Optional.of(homes), excludes, base.context());
    }

    @Test
    void archivesHomeDirectoriesWithoutExcludedFoldersAndRecordsTheArchive() throws Exception {
        write("alice/notebook.ipynb", "{\"cells\": []}");
        write("alice/.cache/pip/wheel.whl", "cached");
        write("alice/project/.ipynb_checkpoints/notebook-checkpoint.ipynb", "checkpoint");
        write("alice/project/data.csv", "a,b\n1,2\n");
        write("bob/.bashrc", "export X=1");
        write("bob/work/.cache/deep", "cached too");
        write(".cache/top", "cached at the top");
        Files.createSymbolicLink(homes.resolve("bob/link-to-alice"), Path.of("../alice"));
        RecordingProgress progress = new RecordingProgress();

        BackupResult result = new Backups().create(request(List.of(".cache", "**/.ipynb_checkpoints/**")), progress);

        Map<String, String> entries = readArchive(result.directory().resolve("home.tar.gz"));
        assertThat(entries).containsOnlyKeys("alice/", "alice/notebook.ipynb", "alice/project/",
                "alice/project/data.csv", "alice/project/.ipynb_checkpoints/", "bob/", "bob/.bashrc", "bob/work/",
                "bob/link-to-alice");
        assertThat(entries).containsEntry("alice/project/data.csv", "a,b\n1,2\n")
                .containsEntry("bob/link-to-alice", "-> ../alice");
        BackupArtefact archive = result.artefacts().get(result.artefacts().size() - 1);
        assertThat(archive.path()).isEqualTo("home.tar.gz");
        assertThat(archive.method()).isEqualTo("tar.gz");
        assertThat(archive.sha256()).isEqualTo(FileOps.sha256(result.directory().resolve("home.tar.gz")));
        assertThat(progress.steps).contains("Home directories: 3 files, " + Sizes.human(13 + 8 + 10) + " to archive");
        assertThat(progress.lastDone.get()).isEqualTo(31);
        assertThat(Files.readString(result.directory().resolve("manifest.json")))
                .contains("\"files\" : 3").contains("\"excludes\" : [ \".cache\", \"**/.ipynb_checkpoints/**\" ]");
        assertThat(new Backups().verify(result.directory()).verified()).isTrue();
    }

    @Test
    void streamsAFewHundredMegabytesWithoutHoldingThemInMemory() throws Exception {
        byte[] block = "All work and no play makes Jack a dull boy.\n".repeat(95_325).getBytes(StandardCharsets.UTF_8);
        int files = 64;
        for (int i = 0; i < files; i++) {
            Path file = homes.resolve("user" + (i % 8) + "/data" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.write(file, block);
        }
        long total = (long) block.length * files;
        assertThat(total).isGreaterThan(250L << 20);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        RecordingProgress progress = new RecordingProgress();

        BackupResult result = new Backups().create(request(List.of()), progress);

        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(allocated).as("bytes allocated while archiving %d bytes", total).isLessThan(32L << 20);
        assertThat(progress.lastDone.get()).isEqualTo(total);
        assertThat(progress.lastTotal.get()).isEqualTo(total);
        assertThat(progress.byteReports.get()).isGreaterThan(files);
        long archived = 0;
        try (TarArchiveInputStream tar = open(result.directory().resolve("home.tar.gz"))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                archived += e.getSize();
            }
        }
        assertThat(archived).isEqualTo(total);
    }

    private void write(String relative, String content) throws Exception {
        Path file = homes.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static TarArchiveInputStream open(Path archive) throws Exception {
        return new TarArchiveInputStream(new GzipCompressorInputStream(new BufferedInputStream(
                Files.newInputStream(archive))));
    }

    private static Map<String, String> readArchive(Path archive) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isSymbolicLink()) {
                    entries.put(e.getName(), "-> " + e.getLinkName());
                } else if (e.isDirectory()) {
                    entries.put(e.getName(), "");
                } else {
                    InputStream in = tar;
                    entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return entries;
    }
}
