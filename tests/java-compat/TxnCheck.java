import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.*;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URI;
import java.util.*;

/**
 * Pravega's transactional writer against our controller: one transaction committed (10 keyed events), one aborted
 * (5 events), plain events before and after; a reader must see the plain events and the committed transaction's,
 * never the aborted one's, and the statuses must end COMMITTED and ABORTED.
 */
public class TxnCheck {
    public static void main(String[] args) throws Exception {
        int rc;
        try {
            ClientConfig config = ClientConfig.builder().controllerURI(URI.create(args[0])).build();
            String scope = args[1], stream = "txns";
            try (StreamManager sm = StreamManager.create(config)) {
                sm.createScope(scope);
                sm.createStream(scope, stream, StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(2)).build());
            }
            UUID committedId, abortedId;
            Transaction.Status committedStatus, abortedStatus;
            try (EventStreamClientFactory f = EventStreamClientFactory.withScope(scope, config);
                 EventStreamWriter<String> plain = f.createEventWriter(stream, new UTF8StringSerializer(), EventWriterConfig.builder().build());
                 TransactionalEventStreamWriter<String> tw = f.createTransactionalEventWriter("txw", stream, new UTF8StringSerializer(),
                         EventWriterConfig.builder().transactionTimeoutTime(20000).build())) {
                for (int i = 0; i < 5; i++) plain.writeEvent("k" + i, "plain-before-" + i).join();
                Transaction<String> committed = tw.beginTxn();
                Transaction<String> aborted = tw.beginTxn();
                for (int i = 0; i < 10; i++) committed.writeEvent("k" + i, "txn-" + i);
                for (int i = 0; i < 5; i++) aborted.writeEvent("k" + i, "aborted-" + i);
                committed.commit();
                aborted.abort();
                committedId = committed.getTxnId();
                abortedId = aborted.getTxnId();
                committedStatus = waitFor(committed, Transaction.Status.COMMITTED);
                abortedStatus = waitFor(aborted, Transaction.Status.ABORTED);
                for (int i = 0; i < 5; i++) plain.writeEvent("k" + i, "plain-after-" + i).join();
            }
            System.out.println("java transaction " + committedId + ": " + committedStatus + "; transaction " + abortedId + ": " + abortedStatus);
            String rg = "rg" + UUID.randomUUID().toString().substring(0, 8);
            try (ReaderGroupManager rgm = ReaderGroupManager.withScope(scope, config)) {
                rgm.createReaderGroup(rg, ReaderGroupConfig.builder().stream(Stream.of(scope, stream)).build());
            }
            List<String> read = new ArrayList<>();
            try (EventStreamClientFactory f = EventStreamClientFactory.withScope(scope, config);
                 EventStreamReader<String> reader = f.createReader("r", rg, new UTF8StringSerializer(), ReaderConfig.builder().build())) {
                int empty = 0;
                while (read.size() < 25 && empty < 5) {
                    EventRead<String> e = reader.readNextEvent(1000);
                    if (e.getEvent() == null) { if (!e.isCheckpoint()) empty++; continue; }
                    read.add(e.getEvent());
                }
                // Anything beyond the 20 expected events (an aborted one) would arrive within this wait.
                EventRead<String> extra = reader.readNextEvent(2000);
                if (extra.getEvent() != null) read.add(extra.getEvent());
            }
            long txnEvents = read.stream().filter(e -> e.startsWith("txn-")).count();
            long abortedEvents = read.stream().filter(e -> e.startsWith("aborted-")).count();
            long plainEvents = read.stream().filter(e -> e.startsWith("plain-")).count();
            System.out.println("java read " + read.size() + " events: " + plainEvents + " plain, " + txnEvents + " from the committed transaction, "
                    + abortedEvents + " from the aborted one");
            boolean ok = committedStatus == Transaction.Status.COMMITTED && abortedStatus == Transaction.Status.ABORTED
                    && txnEvents == 10 && abortedEvents == 0 && plainEvents == 10 && read.size() == 20;
            rc = ok ? 0 : 1;
            System.out.println("TXN RESULT: " + (ok ? "OK" : "MISMATCH " + read));
        } catch (Throwable t) {
            t.printStackTrace(System.out);
            System.out.println("TXN RESULT: EXCEPTION " + t);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }

    private static Transaction.Status waitFor(Transaction<String> txn, Transaction.Status wanted) throws InterruptedException {
        Transaction.Status status = txn.checkStatus();
        for (int i = 0; i < 300 && status != wanted; i++) {
            Thread.sleep(100);
            status = txn.checkStatus();
        }
        return status;
    }
}
