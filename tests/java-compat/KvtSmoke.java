import io.pravega.client.ClientConfig;
import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.admin.KeyValueTableInfo;
import io.pravega.client.admin.KeyValueTableManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.tables.*;
import io.pravega.common.util.AsyncIterator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.*;

/** Creates a key-value table (4 partitions, 8-byte primary + 4-byte secondary keys) through KeyValueTableManager, puts,
 * gets, conditionally updates, iterates and removes entries through KeyValueTableFactory, then deletes table and scope. */
public class KvtSmoke {
    static final int ENTRIES = 40;

    public static void main(String[] args) throws Exception {
        URI controller = URI.create(args[0]);
        String scope = "kvtsmoke" + UUID.randomUUID().toString().substring(0, 8);
        int rc;
        try {
            rc = run(controller, scope);
        } catch (Throwable t) {
            System.out.println("KVT SMOKE RESULT: EXCEPTION " + t);
            t.printStackTrace(System.out);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }

    static TableKey key(long primary, int secondary) {
        return new TableKey(ByteBuffer.allocate(8).putLong(0, primary), ByteBuffer.allocate(4).putInt(0, secondary));
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    static int run(URI controller, String scope) throws Exception {
        ClientConfig config = ClientConfig.builder().controllerURI(controller).build();
        StreamManager sm = StreamManager.create(config);
        sm.createScope(scope);
        KeyValueTableManager manager = KeyValueTableManager.create(config);
        KeyValueTableConfiguration kvtConfig = KeyValueTableConfiguration.builder().partitionCount(4).primaryKeyLength(8).secondaryKeyLength(4).build();
        boolean created = manager.createKeyValueTable(scope, "kvt", kvtConfig);
        boolean createdAgain = manager.createKeyValueTable(scope, "kvt", kvtConfig);
        List<String> listed = new ArrayList<>();
        manager.listKeyValueTables(scope).forEachRemaining((KeyValueTableInfo i) -> listed.add(i.getKeyValueTableName()));
        System.out.println("created=" + created + " createdAgain=" + createdAgain + " listed=" + listed);

        KeyValueTableFactory factory = KeyValueTableFactory.withScope(scope, config);
        KeyValueTable table = factory.forKeyValueTable("kvt", KeyValueTableClientConfiguration.builder().build());
        for (int i = 0; i < ENTRIES; i++) {
            table.update(new Put(key(i, i * 7), text("value-" + i))).join();
        }
        int matched = 0;
        for (int i = 0; i < ENTRIES; i++) {
            TableEntry e = table.get(key(i, i * 7)).join();
            if (e != null && text(e.getValue()).equals("value-" + i)) {
                matched++;
            }
        }
        boolean insertRefused = false;
        try {
            table.update(new Insert(key(0, 0), text("again"))).join();
        } catch (Exception e) {
            insertRefused = e.getCause() instanceof ConditionalTableUpdateException;
        }
        TableEntry first = table.get(key(1, 7)).join();
        table.update(new Put(key(1, 7), text("updated"), first.getVersion())).join();
        boolean staleRefused = false;
        try {
            table.update(new Put(key(1, 7), text("stale"), first.getVersion())).join();
        } catch (Exception e) {
            staleRefused = e.getCause() instanceof ConditionalTableUpdateException;
        }
        String updated = text(table.get(key(1, 7)).join().getValue());
        table.update(new Remove(key(2, 14))).join();
        boolean removed = table.get(key(2, 14)).join() == null && !table.exists(key(2, 14)).join();

        int[] iterated = {0};
        AsyncIterator<IteratorItem<TableEntry>> it = table.iterator().maxIterationSize(7).all().entries();
        for (IteratorItem<TableEntry> page = it.getNext().join(); page != null; page = it.getNext().join()) {
            iterated[0] += page.getItems().size();
        }
        System.out.println("put=" + ENTRIES + " matched=" + matched + " insertRefused=" + insertRefused + " staleRefused=" + staleRefused
                + " updated=" + updated + " removed=" + removed + " iterated=" + iterated[0]);
        table.close();
        factory.close();

        boolean deleted = manager.deleteKeyValueTable(scope, "kvt");
        List<String> after = new ArrayList<>();
        manager.listKeyValueTables(scope).forEachRemaining((KeyValueTableInfo i) -> after.add(i.getKeyValueTableName()));
        boolean scopeDeleted = sm.deleteScope(scope);
        System.out.println("deleted=" + deleted + " listedAfter=" + after + " scopeDeleted=" + scopeDeleted);
        manager.close();
        sm.close();

        boolean ok = created && !createdAgain && listed.equals(List.of("kvt")) && matched == ENTRIES && insertRefused && staleRefused
                && updated.equals("updated") && removed && iterated[0] == ENTRIES - 1 && deleted && after.isEmpty() && scopeDeleted;
        System.out.println("KVT SMOKE RESULT: " + (ok ? "OK" : "MISMATCH"));
        return ok ? 0 : 1;
    }
}
