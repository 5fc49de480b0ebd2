package dev.hubconsole.hubdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 64-bit hash of one row of neutral values ({@link CopyValues}), fed value by value, so that a copy hashes what it
 * streams without building objects. Type-tagged (1, "1" and true differ) and order-sensitive within the row. Text is
 * hashed as its UTF-8 bytes and a datetime as its microseconds since 1970, so a value hashes the same whether it was
 * read as an object ({@link #value}) or taken from the bytes of a load or a COPY stream. Two texts (or blobs) of
 * the same length that differ always hash differently. Not thread-safe: one instance per stream.
 */
final class RowHash implements CopySink {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0xcbf29ce484222325L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long WORD = 0xff51afd7ed558ccdL;

    private long h = SEED;

    /** The hash of a whole row of neutral values. */
    static long row(Object[] row) {
        RowHash hash = new RowHash();
        for (Object v : row) {
            hash.value(v);
        }
        return hash.endRow();
    }

    @Override
    public void nul() {
        mix(0x4E);
    }

    @Override
    public void integer(long v) {
        mix(finish(v * GOLDEN + 0x49));
    }

    @Override
    public void bool(boolean b) {
        mix(b ? 0x54 : 0x46);
    }

    @Override
    public void dateTime(long epochMicros) {
        mix(finish(epochMicros * GOLDEN + 0x44));
    }

    @Override
    public void text(byte[] b, int off, int len) {
        mix(bytes(0x53, b, off, len));
    }

    @Override
    public void blob(byte[] b, int off, int len) {
        mix(bytes(0x42, b, off, len));
    }

    /** The row's hash; the instance is ready for the next row. */
    long endRow() {
        long r = finish(h);
        h = SEED;
        return r;
    }

    private void mix(long x) {
        h = (h ^ x) * 0x100000001b3L + (h >>> 31);
    }

    /** Eight bytes at a time; each step is a bijection of the running state, so equal-length inputs never collide. */
    private static long bytes(long tag, byte[] b, int off, int len) {
        long p = tag * GOLDEN + len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            p = Long.rotateLeft((p ^ (long) LONGS.get(b, i)) * WORD, 29);
        }
        long last = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            last |= (b[i] & 0xFFL) << shift;
        }
        return finish((p ^ last) * WORD);
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
