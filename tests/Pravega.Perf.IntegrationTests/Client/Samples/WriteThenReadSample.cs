using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.IntegrationTests.Client.Samples;

// The sample of dataplane/Pravega.Perf.Client/README.md, kept here so that it compiles and runs (ReadmeSampleTests).
public static class WriteThenReadSample
{
    public static async Task<List<string>> RunAsync(Uri controllerUri)
    {
        var config = new ClientConfig { ControllerUri = controllerUri };   // e.g. tcp://127.0.0.1:9090

        // A scope and a stream of two segments.
        await using var streams = new StreamManager(config);
        await streams.CreateScopeAsync("examples");
        await streams.CreateStreamAsync("examples", "numbers", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(2) });

        // Write: events with one routing key keep their order; each write completes once the event is durable.
        await using var factory = EventStreamClientFactory.WithScope("examples", config);
        await using (var writer = await factory.CreateEventWriterAsync("numbers", new Utf8StringSerializer()))
        {
            for (var i = 0; i < 10; i++)
            {
                await writer.WriteEventAsync($"key-{i % 3}", $"event {i}");
            }
        }   // disposing flushes

        // Read: a reader group shares the stream's segments among its readers.
        await using var groups = ReaderGroupManager.WithScope("examples", config);
        await groups.CreateReaderGroupAsync("numbers-readers", ReaderGroupConfig.ForStream(new ScopedStream("examples", "numbers")));
        await using var reader = await factory.CreateReaderAsync("reader-1", "numbers-readers", new Utf8StringSerializer());
        var events = new List<string>();
        while (events.Count < 10)
        {
            var read = await reader.ReadNextEventAsync(TimeSpan.FromSeconds(2));
            if (read.HasEvent)
            {
                events.Add(read.Event!);
            }
        }
        return events;   // disposing the reader takes it out of the group at its position
    }
}
