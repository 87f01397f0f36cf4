import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamInfo;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.*;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URI;
import java.util.*;

/** Writes keyed events across two rescales (updateStream fixed(1) -> fixed(3) -> fixed(1)), reads them back through a
 * reader group, checks per-key order and completeness, then exercises stream info, seal, delete, reader-group delete. */
public class ScaleSmoke {
    public static void main(String[] args) throws Exception {
        URI controller = URI.create(args[0]);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String scope = "scalesmoke" + suffix, stream = "s", rg = "rg" + suffix;
        int rc = 0;
        try {
            rc = run(controller, scope, stream, rg);
        } catch (Throwable t) {
            System.out.println("SCALE SMOKE RESULT: EXCEPTION " + t);
            t.printStackTrace(System.out);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }

    static int run(URI controller, String scope, String stream, String rg) throws Exception {
        ClientConfig config = ClientConfig.builder().controllerURI(controller).build();
        StreamManager sm = StreamManager.create(config);
        sm.createScope(scope);
        sm.createStream(scope, stream, StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(1)).build());
        Map<String, List<Integer>> written = new TreeMap<>();
        EventStreamClientFactory factory = EventStreamClientFactory.withScope(scope, config);
        EventStreamWriter<String> writer = factory.createEventWriter(stream, new UTF8StringSerializer(), EventWriterConfig.builder().build());
        int n = 0;
        int[] counts = {1, 3, 1};
        for (int phase = 0; phase < 3; phase++) {
            if (phase > 0) {
                boolean ok = sm.updateStream(scope, stream, StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(counts[phase])).build());
                System.out.println("updateStream fixed(" + counts[phase] + ") -> " + ok);
            }
            for (int i = 0; i < 100; i++, n++) {
                String key = "key-" + (n % 10);
                writer.writeEvent(key, key + ":" + n).join();
                written.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
            }
            System.out.println("phase " + phase + ": wrote 100 events");
        }
        writer.close();
        StreamInfo info = sm.fetchStreamInfo(scope, stream).join();
        System.out.println("stream info: head " + info.getHeadStreamCut().asImpl().getPositions().size() + " segment(s), tail "
                + info.getTailStreamCut().asImpl().getPositions().size() + " segment(s)");

        ReaderGroupManager rgm = ReaderGroupManager.withScope(scope, config);
        rgm.createReaderGroup(rg, ReaderGroupConfig.builder().stream(Stream.of(scope, stream)).automaticCheckpointIntervalMillis(2000).build());
        Map<String, List<Integer>> read = new TreeMap<>();
        try (EventStreamReader<String> reader = factory.createReader("reader", rg, new UTF8StringSerializer(), ReaderConfig.builder().build())) {
            int total = 0, empty = 0;
            while (total < n && empty < 20) {
                EventRead<String> e = reader.readNextEvent(1000);
                if (e.getEvent() == null) {
                    if (!e.isCheckpoint()) empty++;
                    continue;
                }
                String[] parts = e.getEvent().split(":");
                read.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                total++;
            }
            System.out.println("read " + total + " events");
        }
        boolean same = read.equals(written);
        System.out.println("per-key order and completeness: " + (same ? "OK" : "MISMATCH written=" + written + " read=" + read));
        rgm.deleteReaderGroup(rg);
        System.out.println("sealStream -> " + sm.sealStream(scope, stream));
        System.out.println("deleteStream -> " + sm.deleteStream(scope, stream));
        System.out.println("deleteScope -> " + sm.deleteScope(scope));
        System.out.println("SCALE SMOKE RESULT: " + (same ? "OK" : "MISMATCH"));
        return same ? 0 : 1;
    }
}
