import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.*;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URI;
import java.util.*;
import java.util.concurrent.CompletableFuture;

/** Writes 100 keyed events to scope/fromjava (3 segments) with Pravega's Java writer, for the .NET reader to check. */
public class WriteForDotnet {
    public static void main(String[] args) throws Exception {
        int rc;
        try {
            ClientConfig config = ClientConfig.builder().controllerURI(URI.create(args[0])).build();
            String scope = args[1];
            try (StreamManager sm = StreamManager.create(config)) {
                sm.createScope(scope);
                sm.createStream(scope, "fromjava", StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(3)).build());
            }
            try (EventStreamClientFactory f = EventStreamClientFactory.withScope(scope, config);
                 EventStreamWriter<String> w = f.createEventWriter("fromjava", new UTF8StringSerializer(), EventWriterConfig.builder().build())) {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    acks.add(w.writeEvent("key-" + (i % 5), "key-" + (i % 5) + ":" + i));
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get();
            }
            System.out.println("java wrote 100 events to " + scope + "/fromjava");
            rc = 0;
            System.out.println("INTEROP RESULT: OK");
        } catch (Throwable t) {
            System.out.println("INTEROP RESULT: EXCEPTION " + t);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }
}
