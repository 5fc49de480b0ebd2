package dev.hubconsole.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelGzipOutputStreamTest {

    @TempDir
    Path temp;

    @Test
    void writesOneGzipStreamThatJavaAndGzipReadBackExactly() throws Exception {
        Random random = new Random(42);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Path file = temp.resolve("data.gz");
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(Files.newOutputStream(file),
                Deflater.BEST_SPEED)) {
            for (int i = 0; i < 40; i++) {
                byte[] part = new byte[random.nextInt(300_000)];
                if (i % 3 == 0) {
                    random.nextBytes(part);
                } else {
                    java.util.Arrays.fill(part, (byte) ('a' + i % 26));
                }
                expected.write(part);
                gzip.write(part, 0, part.length);
                gzip.write('\n');
                expected.write('\n');
            }
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).isEqualTo(expected.toByteArray());
        }
        Process gunzip = new ProcessBuilder("gzip", "-t", "-v", file.toString()).redirectErrorStream(true).start();
        String output = new String(gunzip.getInputStream().readAllBytes());
        assertThat(gunzip.waitFor()).as(output).isZero();
    }

    @Test
    void matchesReachAcrossChunksSoTheOutputIsAsSmallAsASerialGzipAtTheSameLevel() throws Exception {
        byte[] block = new byte[16 * 1024];
        new Random(7).nextBytes(block);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (data.size() < 8 * ParallelGzipOutputStream.CHUNK) {
            data.write(block);
        }
        ByteArrayOutputStream serial = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(serial)) {
            data.writeTo(gzip);
        }
        ByteArrayOutputStream parallel = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(parallel, HomeArchiver.GZIP_LEVEL)) {
            data.writeTo(gzip);
        }

        assertThat(parallel.size()).as("a chunk that started without the previous one's 32 KiB would add 16 KiB")
                .isLessThan(serial.size() + 4 * 1024);
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(parallel.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(data.toByteArray());
        }
    }

    @Test
    void anEmptyStreamIsAValidEmptyGzipFile() throws Exception {
        Path file = temp.resolve("empty.gz");
        new ParallelGzipOutputStream(Files.newOutputStream(file), Deflater.BEST_SPEED).close();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }
}
