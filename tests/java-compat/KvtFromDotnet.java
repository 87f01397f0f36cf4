import io.pravega.client.ClientConfig;
import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;
import io.pravega.client.tables.*;
import io.pravega.common.util.AsyncIterator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Reads the KvtShape table <scope>/kvtfromdotnet that `DotnetSide kvtwrite` wrote: configuration, every entry byte-exact
 * (get, getAll, iteration by primary key and over all), the removed entry absent, and the .NET version handed off
 * used for a conditional Put (accepted once, refused when stale). java KvtFromDotnet tcp://127.0.0.1:9090 <scope> */
public class KvtFromDotnet {
    public static void main(String[] args) {
        KvtShape.runAndHalt("KVT INTEROP RESULT", () -> run(URI.create(args[0]), args[1]));
    }

    static int run(URI controller, String scope) throws Exception {
        ClientConfig config = ClientConfig.builder().controllerURI(controller).build();
        // KeyValueTableManager has no describe call; the controller API the Java table itself reads its shape from does.
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);
        ControllerImpl controllerApi = new ControllerImpl(ControllerImplConfig.builder().clientConfig(config).build(), executor);
        KeyValueTableConfiguration kvtConfig = controllerApi.getKeyValueTableConfiguration(scope, "kvtfromdotnet").join();
        boolean configOk = kvtConfig.getPartitionCount() == KvtShape.PARTITIONS && kvtConfig.getPrimaryKeyLength() == KvtShape.PRIMARY_LENGTH
                && kvtConfig.getSecondaryKeyLength() == KvtShape.SECONDARY_LENGTH;
        KeyValueTableFactory factory = KeyValueTableFactory.withScope(scope, config);
        KeyValueTable table = factory.forKeyValueTable("kvtfromdotnet", KeyValueTableClientConfiguration.builder().build());

        List<TableKey> keys = new ArrayList<>();
        for (int p = 0; p < KvtShape.PRIMARY_KEYS; p++) {
            for (int s = 0; s < KvtShape.SECONDARY_KEYS; s++) {
                keys.add(KvtShape.key(p, s));
            }
        }
        List<TableEntry> all = table.getAll(keys).join();
        int exact = 0;
        int wrong = 0;
        for (int i = 0; i < keys.size(); i++) {
            int p = i / KvtShape.SECONDARY_KEYS;
            int s = i % KvtShape.SECONDARY_KEYS;
            TableEntry e = all.get(i);
            boolean ok = KvtShape.removed(p, s) ? e == null : e != null && e.getValue().equals(KvtShape.value(p, s))
                    && table.get(keys.get(i)).join().getValue().equals(KvtShape.value(p, s));
            exact += ok && e != null ? 1 : 0;
            wrong += ok ? 0 : 1;
        }

        int iteratedInOrder = 0;
        for (int p = 0; p < KvtShape.PRIMARY_KEYS; p++) {
            List<TableEntry> read = new ArrayList<>();
            AsyncIterator<IteratorItem<TableEntry>> it = table.iterator().maxIterationSize(3).forPrimaryKey(KvtShape.primary(p)).entries();
            for (IteratorItem<TableEntry> page = it.getNext().join(); page != null; page = it.getNext().join()) {
                read.addAll(page.getItems());
            }
            int expected = 0;
            for (int s = 0; s < KvtShape.SECONDARY_KEYS; s++) {
                if (KvtShape.removed(p, s)) {
                    continue;
                }
                TableEntry e = expected < read.size() ? read.get(expected) : null;
                if (e != null && e.getKey().getPrimaryKey().equals(KvtShape.primary(p)) && e.getKey().getSecondaryKey().equals(KvtShape.secondary(s))
                        && e.getValue().equals(KvtShape.value(p, s))) {
                    iteratedInOrder++;
                }
                expected++;
            }
            wrong += read.size() == expected ? 0 : 1;
        }
        int iteratedAll = 0;
        AsyncIterator<IteratorItem<TableKey>> allKeys = table.iterator().maxIterationSize(5).all().keys();
        for (IteratorItem<TableKey> page = allKeys.getNext().join(); page != null; page = allKeys.getNext().join()) {
            iteratedAll += page.getItems().size();
        }

        String handedOff = StandardCharsets.UTF_8.decode(table.get(KvtShape.handOffKey()).join().getValue()).toString();
        TableKey versioned = KvtShape.key(KvtShape.VERSIONED_PRIMARY, KvtShape.VERSIONED_SECONDARY);
        Version javaRead = table.get(versioned).join().getVersion();
        Version dotnetVersion = Version.fromString(handedOff);
        Version after = table.update(new Put(versioned, ByteBuffer.wrap("java-was-here".getBytes(StandardCharsets.UTF_8)), dotnetVersion)).join();
        boolean staleRefused = false;
        try {
            table.update(new Put(versioned, ByteBuffer.wrap("stale".getBytes(StandardCharsets.UTF_8)), dotnetVersion)).join();
        } catch (CompletionException e) {
            staleRefused = e.getCause() instanceof ConditionalTableUpdateException;
        }
        String now = StandardCharsets.UTF_8.decode(table.get(versioned).join().getValue()).toString();
        System.out.println("Java read " + scope + "/kvtfromdotnet: config " + kvtConfig.getPartitionCount() + "x(" + kvtConfig.getPrimaryKeyLength()
                + "+" + kvtConfig.getSecondaryKeyLength() + ") " + (configOk ? "OK" : "WRONG") + "; byte-exact entries " + exact
                + ", wrong " + wrong + "; by primary key in order " + iteratedInOrder + "; all keys iterated " + iteratedAll);
        System.out.println("version handed off by .NET " + handedOff + ", read by Java " + javaRead + "; conditional put with it -> "
                + after + ", again (stale) refused=" + staleRefused + ", value now '" + now + "'");
        table.close();
        factory.close();
        controllerApi.close();
        executor.shutdownNow();

        int present = KvtShape.PRIMARY_KEYS * KvtShape.SECONDARY_KEYS - 1;
        boolean ok = configOk && wrong == 0 && exact == present && iteratedInOrder == present && iteratedAll == present + 1
                && handedOff.equals(javaRead.toString()) && staleRefused && now.equals("java-was-here");
        System.out.println("KVT INTEROP RESULT: " + (ok ? "OK" : "MISMATCH"));
        return ok ? 0 : 1;
    }
}
