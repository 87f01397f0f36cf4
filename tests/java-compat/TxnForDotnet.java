import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.*;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URI;

/**
 * Writes 100 keyed events to scope/fromjava (3 segments) inside one transaction of Pravega's Java transactional
 * writer, commits it and waits until COMMITTED, for the .NET reader (`DotnetSide read`) to check.
 */
public class TxnForDotnet {
    public static void main(String[] args) throws Exception {
        int rc;
        try {
            ClientConfig config = ClientConfig.builder().controllerURI(URI.create(args[0])).build();
            String scope = args[1];
            try (StreamManager sm = StreamManager.create(config)) {
                sm.createScope(scope);
                sm.createStream(scope, "fromjava", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(3)).build());
            }
            Transaction.Status status;
            try (EventStreamClientFactory f = EventStreamClientFactory.withScope(scope, config);
                 TransactionalEventStreamWriter<String> w = f.createTransactionalEventWriter("java-txn", "fromjava", new UTF8StringSerializer(),
                         EventWriterConfig.builder().build())) {
                Transaction<String> txn = w.beginTxn();
                for (int i = 0; i < 100; i++) {
                    txn.writeEvent("key-" + (i % 5), "key-" + (i % 5) + ":" + i);
                }
                txn.commit();
                status = txn.checkStatus();
                for (int i = 0; i < 300 && status != Transaction.Status.COMMITTED; i++) {
                    Thread.sleep(100);
                    status = txn.checkStatus();
                }
            }
            System.out.println("java committed a transaction of 100 events to " + scope + "/fromjava: " + status);
            rc = status == Transaction.Status.COMMITTED ? 0 : 1;
            System.out.println("INTEROP RESULT: " + (rc == 0 ? "OK" : "NOT COMMITTED"));
        } catch (Throwable t) {
            System.out.println("INTEROP RESULT: EXCEPTION " + t);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }
}
