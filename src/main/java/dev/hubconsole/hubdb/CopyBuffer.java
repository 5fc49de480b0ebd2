package dev.hubconsole.hubdb;

import java.util.Arrays;

/**
 * Rows in a target's bulk-load format, written into a growable byte buffer that the load sends and {@link #clear()
 * clears} chunk by chunk, so that its size stays near the chunk size whatever the table's.
 */
abstract class CopyBuffer implements CopySink {

    private byte[] buf;
    private int len;

    CopyBuffer(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    abstract void startRow();

    abstract void endRow();

    final byte[] array() {
        return buf;
    }

    /** The bytes written since the last {@link #clear}. */
    final int length() {
        return len;
    }

    final void clear() {
        len = 0;
    }

    /** Makes room for {@code more} bytes and returns where they go; {@link #advance} then counts them. */
    final int reserve(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
        return len;
    }

    final void advance(int n) {
        len += n;
    }

    final void put(int b) {
        reserve(1);
        buf[len++] = (byte) b;
    }

    final void put(byte[] b, int off, int n) {
        reserve(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }
}
