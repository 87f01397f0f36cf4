import io.pravega.client.tables.KeyValueTableConfiguration;
import io.pravega.client.tables.TableKey;
import java.nio.ByteBuffer;

/** The key-value table both KvtForDotnet/KvtFromDotnet and DotnetSide kvtwrite/kvtread agree on (DotnetSide/KvtShape.cs
 * is the .NET twin): 4 partitions, 8-byte primary and 4-byte secondary keys; 6 primary keys x 4 secondary keys whose
 * values are deterministic bytes of every value 0..255 and lengths up to 200 000; entry (1, 3) is written then removed;
 * the writer stores the version string of entry (2, 1) under the hand-off key, for the reader's conditional updates. */
final class KvtShape {
    static final int PARTITIONS = 4;
    static final int PRIMARY_LENGTH = 8;
    static final int SECONDARY_LENGTH = 4;
    static final int PRIMARY_KEYS = 6;
    static final int SECONDARY_KEYS = 4;
    static final int REMOVED_PRIMARY = 1;
    static final int REMOVED_SECONDARY = 3;
    static final int VERSIONED_PRIMARY = 2;
    static final int VERSIONED_SECONDARY = 1;

    static KeyValueTableConfiguration config() {
        return KeyValueTableConfiguration.builder().partitionCount(PARTITIONS).primaryKeyLength(PRIMARY_LENGTH)
                .secondaryKeyLength(SECONDARY_LENGTH).build();
    }

    /** Primary keys spread over the hash space (and sort in p order as unsigned bytes). */
    static ByteBuffer primary(int p) {
        return ByteBuffer.allocate(PRIMARY_LENGTH).putLong(0, p * 0x0123456789ABCDL + 0x1000000000000000L);
    }

    static ByteBuffer secondary(int s) {
        return ByteBuffer.allocate(SECONDARY_LENGTH).putInt(0, s * 0x01010101 + 7);
    }

    static TableKey key(int p, int s) {
        return new TableKey(primary(p), secondary(s));
    }

    /** The hand-off key: all 0xFF, above every data key. */
    static TableKey handOffKey() {
        return new TableKey(ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}), ByteBuffer.wrap(new byte[] {-1, -1, -1, -1}));
    }

    static ByteBuffer value(int p, int s) {
        int length = p == PRIMARY_KEYS - 1 && s == SECONDARY_KEYS - 1 ? 200_000 : 1 + ((p * SECONDARY_KEYS + s) * 977) % 5000;
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (p * 31 + s * 7 + k * 13);
        }
        return ByteBuffer.wrap(bytes);
    }

    /** Runs a program's body, prints "<label>: EXCEPTION" with the trace if it throws, and halts with its exit code
     * (halt: the Java client's threads would keep the JVM alive). */
    static void runAndHalt(String label, java.util.concurrent.Callable<Integer> body) {
        int rc;
        try {
            rc = body.call();
        } catch (Throwable t) {
            System.out.println(label + ": EXCEPTION " + t);
            t.printStackTrace(System.out);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }

    static boolean removed(int p, int s) {
        return p == REMOVED_PRIMARY && s == REMOVED_SECONDARY;
    }

    private KvtShape() {
    }
}
