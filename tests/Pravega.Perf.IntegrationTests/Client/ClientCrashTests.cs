using Pravega.Perf.Client;
using Pravega.Perf.Client.Admin;
using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.IntegrationTests.Helpers;
using static Pravega.Perf.IntegrationTests.Helpers.ControllerHarness;

namespace Pravega.Perf.IntegrationTests.Client;

/// <summary>
/// Writers and a reader group through the client while <c>pravega standalone</c> (a real process) is SIGKILLed and
/// started again on its folder and ports: every write completes (durably, or with the documented exception), nothing
/// acknowledged is lost, nothing is read twice.
/// </summary>
public sealed class ClientCrashTests
{
    [Fact]
    public async Task Writers_and_readers_lose_and_duplicate_nothing_when_the_standalone_is_killed_and_restarted()
    {
        var directory = Directory.CreateTempSubdirectory("pravega-client-crash-").FullName;
        var (port, storePort) = (PravegaProcess.FreePort(), PravegaProcess.FreePort());
        var standalone = await PravegaProcess.StartStandaloneAsync(directory, port, storePort, Token);
        try
        {
            var config = new ClientConfig { ControllerUri = new Uri($"tcp://127.0.0.1:{port}") };
            var stream = new ScopedStream("sc", "s");
            await using (var streams = new StreamManager(config))
            {
                await streams.CreateScopeAsync("sc", Token);
                await streams.CreateStreamAsync("sc", "s", new StreamConfiguration { Scaling = ScalingPolicy.Fixed(3) }, Token);
            }
            await using var groups = ReaderGroupManager.WithScope("sc", config);
            await groups.CreateReaderGroupAsync("g", ReaderGroupConfig.ForStream(stream) with { GroupRefreshTime = TimeSpan.FromMilliseconds(200) }, Token);
            await using var factory = EventStreamClientFactory.WithScope("sc", config);

            const int total = 600;
            var outcomes = new Task[total];
            var acknowledged = 0;
            using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(Token);
            var read = new List<int>();
            var readerFailures = 0;
            var reading = Task.Run(async () =>
            {
                await using var reader = await factory.CreateReaderAsync("r", "g", new Utf8StringSerializer(), Token);
                while (!stopReading.IsCancellationRequested)
                {
                    try
                    {
                        var e = await reader.ReadNextEventAsync(TimeSpan.FromMilliseconds(200), stopReading.Token);
                        if (e.HasEvent)
                        {
                            lock (read)
                            {
                                read.Add(int.Parse(e.Event!.Split(':')[1]));
                            }
                        }
                    }
                    catch (Exception ex) when (ex is SegmentStoreClientException or Pravega.Perf.Client.Control.ControllerUnavailableException)
                    {
                        readerFailures++; // the documented "out of reach": call again
                    }
                    catch (OperationCanceledException) when (stopReading.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }, Token);

            await using (var writer = await factory.CreateEventWriterAsync("s", new Utf8StringSerializer(), Token))
            {
                for (var i = 0; i < total; i++)
                {
                    var key = "key-" + (i % 12);
                    outcomes[i] = writer.WriteEventAsync(key, $"{key}:{i}", Token);
                    _ = outcomes[i].ContinueWith(t => { if (t.IsCompletedSuccessfully) { Interlocked.Increment(ref acknowledged); } }, TaskScheduler.Default);
                    if (i == total / 3)
                    {
                        // Kill with writes in flight, once some are acknowledged.
                        await Task.WhenAll(outcomes.Take(50));
                        standalone.Kill();
                        await standalone.DisposeAsync();
                        standalone = await PravegaProcess.StartStandaloneAsync(directory, port, storePort, Token);
                    }
                }
                await Task.WhenAny(Task.WhenAll(outcomes), Task.Delay(TimeSpan.FromSeconds(90), Token));
            }
            Assert.All(outcomes, t => Assert.True(t.IsCompleted, "a write never completed"));
            var failed = outcomes.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
            Assert.All(failed, e => Assert.True(e is SegmentStoreClientException, $"undocumented failure: {e}"));
            var durable = Enumerable.Range(0, total).Where(i => outcomes[i].IsCompletedSuccessfully).ToHashSet();

            // Read until every acknowledged event arrived (bounded), then stop the reader.
            for (var wait = 0; wait < 300; wait++)
            {
                lock (read)
                {
                    if (durable.IsSubsetOf(read))
                    {
                        break;
                    }
                }
                await Task.Delay(100, Token);
            }
            await Task.Delay(500, Token); // anything else the store holds (stored, but its ack was lost in the crash)
            await stopReading.CancelAsync();
            await reading;
            lock (read)
            {
                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"acknowledged {durable.Count}, failed {failed.Count}, read {read.Count}, reader calls that failed while the store was down {readerFailures}");
                Assert.Equal(read.Count, read.Distinct().Count());
                Assert.True(durable.IsSubsetOf(read), $"{durable.Except(read).Count()} acknowledged event(s) never read");
                Assert.All(read, i => Assert.InRange(i, 0, total - 1));
            }
        }
        finally
        {
            await standalone.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
