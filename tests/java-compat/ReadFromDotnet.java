import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.*;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URI;
import java.util.*;

/** Reads the 100 events that the .NET EventStreamWriter wrote to scope/fromdotnet and checks per-key order. */
public class ReadFromDotnet {
    public static void main(String[] args) throws Exception {
        int rc;
        try {
            ClientConfig config = ClientConfig.builder().controllerURI(URI.create(args[0])).build();
            String scope = args[1], rg = "rg" + UUID.randomUUID().toString().substring(0, 8);
            try (ReaderGroupManager rgm = ReaderGroupManager.withScope(scope, config)) {
                rgm.createReaderGroup(rg, ReaderGroupConfig.builder().stream(Stream.of(scope, "fromdotnet")).build());
            }
            Map<String, List<Integer>> read = new TreeMap<>();
            int total = 0;
            try (EventStreamClientFactory f = EventStreamClientFactory.withScope(scope, config);
                 EventStreamReader<String> reader = f.createReader("r", rg, new UTF8StringSerializer(), ReaderConfig.builder().build())) {
                int empty = 0;
                while (total < 100 && empty < 15) {
                    EventRead<String> e = reader.readNextEvent(1000);
                    if (e.getEvent() == null) { if (!e.isCheckpoint()) empty++; continue; }
                    String[] p = e.getEvent().split(":");
                    read.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Integer.parseInt(p[1]));
                    total++;
                }
            }
            boolean ordered = read.values().stream().allMatch(l -> { for (int i = 1; i < l.size(); i++) if (l.get(i) <= l.get(i - 1)) return false; return true; });
            System.out.println("java read " + total + " events written by the .NET client; per-key order " + (ordered ? "OK" : "BROKEN"));
            rc = total == 100 && ordered ? 0 : 1;
            System.out.println("INTEROP RESULT: " + (rc == 0 ? "OK" : "MISMATCH " + read));
        } catch (Throwable t) {
            System.out.println("INTEROP RESULT: EXCEPTION " + t);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }
}
