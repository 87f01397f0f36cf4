import io.pravega.client.ClientConfig;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.*;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A writer notes increasing times while it writes; a reader reads along and asks getCurrentTimeWindow() until the
 * window has a lower bound, which only watermarks that our controller appended to _MARK<stream> can give it. Checks
 * that the bounds never go backwards, lower <= upper, and the lower bound is at most the last time noted; it goes on
 * until the lower bound has moved three times (or 60 rounds), so the watermarks are seen advancing. */
public class WatermarkCheck {
    public static void main(String[] args) throws Exception {
        URI controller = URI.create(args[0]);
        long deadlineMs = args.length > 1 ? Long.parseLong(args[1]) * 1000 : 120_000;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadlineMs);
                System.out.println("WATERMARK RESULT: DEADLINE");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        int rc;
        try {
            rc = run(controller, "wm" + suffix, "s", "rg" + suffix);
        } catch (Throwable t) {
            System.out.println("WATERMARK RESULT: EXCEPTION " + t);
            t.printStackTrace(System.out);
            rc = 2;
        }
        System.out.flush();
        Runtime.getRuntime().halt(rc);
    }

    static int run(URI controller, String scope, String streamName, String rg) throws Exception {
        ClientConfig config = ClientConfig.builder().controllerURI(controller).build();
        StreamManager sm = StreamManager.create(config);
        sm.createScope(scope);
        sm.createStream(scope, streamName, StreamConfiguration.builder().scalingPolicy(ScalingPolicy.fixed(2))
                .timestampAggregationTimeout(3000).build());
        Stream stream = Stream.of(scope, streamName);
        EventStreamClientFactory factory = EventStreamClientFactory.withScope(scope, config);
        ReaderGroupManager rgm = ReaderGroupManager.withScope(scope, config);
        rgm.createReaderGroup(rg, ReaderGroupConfig.builder().stream(stream).build());
        EventStreamWriter<String> writer = factory.createEventWriter(streamName, new UTF8StringSerializer(), EventWriterConfig.builder().build());
        EventStreamReader<String> reader = factory.createReader("reader", rg, new UTF8StringSerializer(), ReaderConfig.builder().build());
        Long lastLower = null, lastUpper = null;
        long noted = 0;
        int windowsWithLower = 0, distinctLowers = 0, read = 0;
        boolean ok = true;
        // Watermark lag of a time t: from noteTime(t) to the first window whose lower bound is at least t.
        Map<Long, Long> notedAtNanos = new HashMap<>();
        long lagSum = 0, lagCount = 0, lagMax = 0;
        for (int round = 1; round <= 60 && distinctLowers < 3; round++) {
            long time = round * 1000L;
            for (int i = 0; i < 10; i++) {
                writer.writeEvent("key-" + i, "t" + time + "-" + i);
            }
            writer.flush();
            writer.noteTime(time);
            notedAtNanos.put(time, System.nanoTime());
            noted = time;
            Thread.sleep(500);
            for (EventRead<String> e = reader.readNextEvent(200); e.getEvent() != null || e.isCheckpoint(); e = reader.readNextEvent(200)) {
                if (e.getEvent() != null) {
                    read++;
                }
            }
            TimeWindow window = reader.getCurrentTimeWindow(stream);
            Long lower = window.getLowerTimeBound(), upper = window.getUpperTimeBound();
            String lag = "";
            if (lower != null) {
                long now = System.nanoTime();
                for (Long t : new java.util.TreeSet<>(notedAtNanos.keySet())) {
                    if (t <= lower) {
                        long ms = (now - notedAtNanos.remove(t)) / 1_000_000;
                        lagSum += ms;
                        lagCount++;
                        lagMax = Math.max(lagMax, ms);
                        lag += " lag(" + t + ")=" + ms + "ms";
                    }
                }
            }
            System.out.println("round " + round + ": noted " + time + ", read " + read + " events, window " + window + lag);
            if (lower != null) {
                windowsWithLower++;
                if (lastLower == null || !lastLower.equals(lower)) {
                    distinctLowers++;
                }
                if (lastLower != null && lower < lastLower) {
                    System.out.println("  lower bound went backwards: " + lastLower + " -> " + lower);
                    ok = false;
                }
                if (upper != null && upper < lower) {
                    System.out.println("  upper bound below lower bound");
                    ok = false;
                }
                if (lower > noted) {
                    System.out.println("  lower bound after the last noted time " + noted);
                    ok = false;
                }
                lastLower = lower;
            }
            if (upper != null) {
                if (lastUpper != null && upper < lastUpper) {
                    System.out.println("  upper bound went backwards: " + lastUpper + " -> " + upper);
                    ok = false;
                }
                lastUpper = upper;
            }
        }
        reader.close();
        writer.close();
        rgm.deleteReaderGroup(rg);
        if (windowsWithLower == 0) {
            System.out.println("WATERMARK RESULT: NO LOWER BOUND");
            return 1;
        }
        if (lagCount > 0) {
            System.out.println("watermark lag (noteTime to the reader's lower bound; read each round): mean " + lagSum / lagCount + " ms, max " + lagMax + " ms over " + lagCount + " noted times");
        }
        System.out.println("WATERMARK RESULT: " + (ok ? "OK" : "MISMATCH"));
        return ok ? 0 : 1;
    }
}
