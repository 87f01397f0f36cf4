using Pravega.Perf.Common;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using Pravega.Perf.SegmentStore.Storage.IO;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>
/// A cache full of bytes not yet in Tier-2 slows writers down instead of failing them: the server stops reading their
/// appends until the storage writer made room (before, the first append that found no room closed the connection).
/// </summary>
public sealed class CacheThrottleTests : IDisposable
{
    private readonly string _tier2 = Directory.CreateTempSubdirectory("throttle-tier2-").FullName;

    public void Dispose() => Directory.Delete(_tier2, recursive: true);

    [Fact]
    public async Task Appends_beyond_a_cache_full_of_unflushed_bytes_wait_and_are_all_acknowledged_once_Tier2_is_back()
    {
        const int Events = 100;
        const int EventSize = 20_000; // 2 MB in all: twice the cache
        FaultInjectingFileSystem? fileSystem = null;
        await using var live = await LiveServer.StartAsync(containerCount: 1, configureStore: o =>
        {
            o.CacheSizeBytes = 1L << 20;
            o.CacheBlockSize = 4096;
            o.Tier2Enabled = true;
            o.StorageFlushAgeMs = 0;
            o.StorageRetryDelayMs = 10;
            o.StorageFactory = (container, epoch) =>
            {
                fileSystem = new FaultInjectingFileSystem(LocalStorageFileSystem.Instance) { SimulateSyncs = true };
                return new FileSystemChunkStorage(
                    new FileSystemStorageOptions { Root = Path.Combine(_tier2, "container-" + container) }, epoch, fileSystem);
            };
        });
        await using var client = await live.ConnectAsync();
        var segment = Segments.NewName("throttle");
        var writer = Uuid.NewRandom();
        await client.CreateSegmentAsync(segment);
        await client.SetupAppendAsync(writer, segment, client.NextRequestId());
        await live.Store.FlushToStorageAsync(TestContext.Current.CancellationToken);

        fileSystem!.ReadOnly = true; // Tier-2 stops taking writes: nothing appended from now on becomes evictable
        for (var e = 1; e <= Events; e++)
        {
            client.Append(writer, e, Segments.Payload(e, EventSize));
        }
        await client.FlushAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!live.Store.AppendsThrottled)
            {
                await Task.Delay(5, deadline.Token);
            }
        }

        fileSystem.ReadOnly = false;
        long lastAcked = 0;
        while (lastAcked < Events)
        {
            var reply = await client.ReceiveAsync();
            Assert.True(reply.Command is DataAppended, $"after {lastAcked} acks the server replied {reply} instead of an ack");
            var ack = (DataAppended)reply.Command;
            Assert.True(ack.EventNumber > lastAcked, $"acks in order: {ack.EventNumber} after {lastAcked}");
            lastAcked = ack.EventNumber;
        }

        var info = await client.GetSegmentInfoAsync(segment);
        const long Framed = EventSize + 8; // each event carries its 8-byte type and length header
        Assert.True(info.WriteOffset == Events * Framed, $"every event stored once: length {info.WriteOffset}, expected {Events * Framed}");
    }
}
