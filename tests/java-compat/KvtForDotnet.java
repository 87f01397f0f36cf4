import io.pravega.client.ClientConfig;
import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.admin.KeyValueTableManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.tables.*;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.*;

/** Writes the KvtShape table <scope>/kvtfromjava with Pravega's Java client (one atomic batch per primary key, a
 * removal, and the hand-off version), for `DotnetSide kvtread`. java KvtForDotnet tcp://127.0.0.1:9090 <scope> */
public class KvtForDotnet {
    public static void main(String[] args) {
        KvtShape.runAndHalt("KVT WRITE RESULT", () -> run(URI.create(args[0]), args[1]));
    }

    static int run(URI controller, String scope) throws Exception {
        ClientConfig config = ClientConfig.builder().controllerURI(controller).build();
        StreamManager streams = StreamManager.create(config);
        streams.createScope(scope);
        KeyValueTableManager manager = KeyValueTableManager.create(config);
        boolean created = manager.createKeyValueTable(scope, "kvtfromjava", KvtShape.config());
        KeyValueTableFactory factory = KeyValueTableFactory.withScope(scope, config);
        KeyValueTable table = factory.forKeyValueTable("kvtfromjava", KeyValueTableClientConfiguration.builder().build());
        for (int p = 0; p < KvtShape.PRIMARY_KEYS; p++) {
            List<TableModification> batch = new ArrayList<>();
            for (int s = 0; s < KvtShape.SECONDARY_KEYS; s++) {
                batch.add(new Insert(KvtShape.key(p, s), KvtShape.value(p, s)));
            }
            table.update(batch).join();
        }
        table.update(new Remove(KvtShape.key(KvtShape.REMOVED_PRIMARY, KvtShape.REMOVED_SECONDARY))).join();
        Version version = table.get(KvtShape.key(KvtShape.VERSIONED_PRIMARY, KvtShape.VERSIONED_SECONDARY)).join().getVersion();
        table.update(new Put(KvtShape.handOffKey(), ByteBuffer.wrap(version.toString().getBytes(StandardCharsets.UTF_8)))).join();
        int entries = KvtShape.PRIMARY_KEYS * KvtShape.SECONDARY_KEYS - 1;
        System.out.println("Java wrote " + entries + " entries in " + KvtShape.PRIMARY_KEYS + " atomic batches to " + scope
                + "/kvtfromjava (created=" + created + "), removed one; version of (" + KvtShape.VERSIONED_PRIMARY + ","
                + KvtShape.VERSIONED_SECONDARY + ") handed off: " + version);
        table.close();
        factory.close();
        manager.close();
        streams.close();
        System.out.println("KVT WRITE RESULT: OK");
        return 0;
    }
}
