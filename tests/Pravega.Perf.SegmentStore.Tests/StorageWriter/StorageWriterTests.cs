using Pravega.Perf.SegmentStore.Contracts;
using Pravega.Perf.SegmentStore.Contracts.Appends;
using Pravega.Perf.SegmentStore.Contracts.Exceptions;
using Pravega.Perf.SegmentStore.Storage.FileSystem;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.StorageWriter;

/// <summary>The storage writer against a file-system Tier-2, on each chunk write mode (<see cref="BufferedStorageWriterTests"/>,
/// <see cref="DirectStorageWriterTests"/>).</summary>
public abstract class StorageWriterTests : IDisposable
{
    private readonly Tier2Harness _tier2;

    protected StorageWriterTests(ChunkWriteMode writeMode)
    {
        _tier2 = new Tier2Harness(writeMode: writeMode);
    }

    public void Dispose()
    {
        _tier2.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task SixteenTimesTheCacheIsWrittenThroughTier2AndReadBackByteExact()
    {
        const int Segments = 4;
        const int PerSegment = 16 << 20;
        const int AppendSize = 100_000;
        await using var store = await _tier2.StartAsync();
        for (var s = 0; s < Segments; s++)
        {
            await store.CreateSegmentAsync("big" + s, SegmentType.StreamSegment, [], Ct);
        }
        await Task.WhenAll(Enumerable.Range(0, Segments).Select(async s =>
        {
            for (var offset = 0; offset < PerSegment; offset += AppendSize)
            {
                var bytes = Expected(s, offset, Math.Min(AppendSize, PerSegment - offset));
                await AppendWithBackPressure(store, "big" + s, bytes, offset);
            }
        }));
        await store.FlushToStorageAsync(Ct);

        for (var s = 0; s < Segments; s++)
        {
            var all = await ReadAll(store, "big" + s, 0);
            Assert.True(all.Length == PerSegment, $"segment {s}: read {all.Length} of {PerSegment} bytes");
            Assert.True(all.AsSpan().SequenceEqual(Expected(s, 0, PerSegment)), $"segment {s}: bytes differ from what was appended");
        }
        var statistics = store.GetStorageStatistics(0)!;
        Assert.True(statistics.FlushedBytes == Segments * (long)PerSegment,
            $"Tier-2 received {statistics.FlushedBytes} bytes, {Segments * (long)PerSegment} were appended (nothing twice)");
        Assert.True(statistics.Tier2ReadBytes > 3L * PerSegment, $"only {statistics.Tier2ReadBytes} bytes came from Tier-2: the cache cannot hold them");
        Assert.True(statistics.ReadAheads > 0, "sequential readers of Tier-2 get read-ahead");
        Assert.True(store.Container(0)!.TruncatedTo > 0, "the WAL was truncated once Tier-2 held the data");
        using var storage = new AsyncDisposer(_tier2.Inspect(0));
        var info = await storage.Value.GetInfoAsync(store.Container(0)!.StorageNameOf("big0"), Ct);
        Assert.True(info.Length == PerSegment, $"Tier-2 holds {info.Length} bytes of big0, {PerSegment} were appended");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AQuietSegmentIsFlushedOnceTheLogMovedFarEnoughPastItsOldestByteSoTheLogCanBeTruncated(bool lagRule)
    {
        const int Quiet = 100;
        await using var store = await _tier2.StartAsync(o =>
        {
            // Neither the size nor the age threshold fires in this test, nor does cache pressure.
            o.CacheSizeBytes = 64L << 20;
            o.StorageFlushThresholdBytes = 32 << 20;
            o.StorageFlushAgeMs = 600_000;
            o.StorageFlushWalLagBytes = lagRule ? 1 << 20 : 0;
        });
        await store.CreateSegmentAsync("quiet", SegmentType.StreamSegment, [], Ct);
        await store.CreateSegmentAsync("busy", SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync("quiet", Data(Bytes(Quiet, 1)), WriterUpdate.None, -1, Ct);
        for (var offset = 0; offset < 3 << 20; offset += 100_000)
        {
            await store.AppendAsync("busy", Data(Bytes(100_000, 2)), WriterUpdate.None, -1, Ct);
        }
        using var storage = new AsyncDisposer(_tier2.Inspect(0));
        var name = store.Container(0)!.StorageNameOf("quiet");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(lagRule ? 10 : 2);
        long stored;
        while ((stored = (await storage.Value.GetInfoAsync(name, Ct)).Length) < Quiet && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }
        Assert.True(stored == (lagRule ? Quiet : 0),
            lagRule
                ? $"the quiet segment's {Quiet} bytes lie 3 MiB of log behind the head (rule: 1 MiB), yet Tier-2 holds {stored} of them"
                : $"with the rule off only the size or age threshold may flush the quiet segment, yet Tier-2 holds {stored} bytes");
    }

    [Fact]
    public async Task AfterARestartNothingIsLostAndTier2HoldsEverySegmentExactlyOnce()
    {
        var expected = new Dictionary<string, byte[]>();
        await using (var store = await _tier2.StartAsync(o => o.StorageFlushAgeMs = 60_000))
        {
            await Workload(store, expected);
            await store.FlushToStorageAsync(Ct);
            // More after the flush: these are only in the WAL (and the cache) when the store stops.
            await store.AppendAsync("stream", Data(Bytes(70_000, 9)), WriterUpdate.None, -1, Ct);
            expected["stream"] = [.. expected["stream"], .. Bytes(70_000, 9)];
        }
        await using var recovered = await _tier2.StartAsync(o => o.StorageFlushAgeMs = 60_000);
        await AssertContents(recovered, expected);
        await recovered.FlushToStorageAsync(Ct);
        var container = recovered.Container(0)!;
        using var storage = new AsyncDisposer(_tier2.Inspect(0));
        foreach (var (name, bytes) in expected)
        {
            var info = await recovered.GetSegmentInfoAsync(name, Ct);
            var stored = await storage.Value.GetInfoAsync(container.StorageNameOf(name), Ct);
            Assert.True(stored.Length == info.Length, $"{name}: Tier-2 holds {stored.Length} bytes, the segment {info.Length}");
            Assert.True(stored.StartOffset == info.StartOffset, $"{name}: Tier-2 starts at {stored.StartOffset}, the segment at {info.StartOffset}");
            Assert.True(stored.IsSealed == info.IsSealed, $"{name}: sealed in Tier-2 {stored.IsSealed}, in the store {info.IsSealed}");
            var chunks = await storage.Value.ListChunksAsync(container.StorageNameOf(name), Ct);
            var first = chunks.Count > 0 ? chunks[0].StartOffset : stored.Length;
            Assert.True(chunks.Sum(c => c.Length) == stored.Length - first,
                $"{name}: the chunks hold {chunks.Sum(c => c.Length)} bytes for the range [{first}, {stored.Length}): a byte written twice?");
        }
        await Assert.ThrowsAsync<StreamSegmentNotExistsException>(() => recovered.GetSegmentInfoAsync("gone", Ct));
        var left = Directory.GetDirectories(Path.Combine(_tier2.Root(0), "segments")).Select(Path.GetFileName).ToList();
        Assert.True(left.Count == expected.Count, $"Tier-2 holds exactly the live segments (merged and deleted ones gone): {string.Join(", ", left)}");
    }

    [Fact]
    public async Task ACrashAfterATier2WriteButBeforeItsCheckpointIsReconciledAndNoByteIsWrittenTwice()
    {
        var bytes = Bytes(300_000, 4);
        await using (var store = await _tier2.StartAsync(o => o.StorageFlushAgeMs = 60_000))
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            await store.AppendAsync("seg", Data(bytes), WriterUpdate.None, 0, Ct);
            // From here the WAL takes nothing more: the checkpoint that would record the flush never lands, as if the
            // process died between the Tier-2 write and that checkpoint.
            var device = _tier2.Wal.Devices[0];
            device.FailAfterWrites = device.Writes;
            await store.FlushToStorageAsync(Ct);
            Assert.Equal(bytes.Length, store.Container(0)!.StorageLengthOf("seg"));
        }
        await using var recovered = await _tier2.StartAsync(o => o.StorageFlushAgeMs = 60_000);
        var statistics = recovered.GetStorageStatistics(0)!;
        Assert.True(statistics.ReconciledSegments == 1 && statistics.ReconciledBytesSkipped == bytes.Length,
            $"reconciliation: {statistics.ReconciledSegments} segments, {statistics.ReconciledBytesSkipped} bytes skipped");
        await recovered.AppendAsync("seg", Data(Bytes(1000, 5)), WriterUpdate.None, bytes.Length, Ct);
        await recovered.FlushToStorageAsync(Ct);
        Assert.True(recovered.GetStorageStatistics(0)!.FlushedBytes == 1000, "after reconciliation only the new bytes go to Tier-2");
        using var storage = new AsyncDisposer(_tier2.Inspect(0));
        var info = await storage.Value.GetInfoAsync(recovered.Container(0)!.StorageNameOf("seg"), Ct);
        Assert.Equal(bytes.Length + 1000, info.Length);
        await AssertContents(recovered, new() { ["seg"] = [.. bytes, .. Bytes(1000, 5)] });
    }

    [Fact]
    public async Task ACrashInsideATier2WriteLeavesBytesThatReconciliationTrimsAndTheWalFlushesAgain()
    {
        var first = Bytes(100_000, 6);
        var second = Bytes(200_000, 7);
        var bytes = first.Concat(second).ToArray();
        await using (var store = await _tier2.StartAsync())
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            await store.AppendAsync("seg", Data(first), WriterUpdate.None, 0, Ct);
            await store.FlushToStorageAsync(Ct);
            // The next flush appends to the open chunk (write, data sync), then commits its metadata: crash at the
            // commit's first file operation, so the chunk holds bytes that no metadata acknowledges.
            var fs = _tier2.FileSystems[0];
            fs.CrashAtOperation = fs.MutatingOperations + 3;
            await store.AppendAsync("seg", Data(second), WriterUpdate.None, first.Length, Ct);
            await Assert.ThrowsAnyAsync<Exception>(() => store.FlushToStorageAsync(Ct));
            Assert.True(fs.Crashed, "the injected crash happened");
        }
        _tier2.FileSystems[0].ApplyCrashLoss();
        await using var recovered = await _tier2.StartAsync();
        Assert.Contains("trimmed=1", recovered.GetStorageStatistics(0)!.Tier2Repairs ?? "", StringComparison.Ordinal);
        await recovered.FlushToStorageAsync(Ct);
        using var storage = new AsyncDisposer(_tier2.Inspect(0));
        var info = await storage.Value.GetInfoAsync(recovered.Container(0)!.StorageNameOf("seg"), Ct);
        Assert.Equal(bytes.Length, info.Length);
        var back = new byte[bytes.Length];
        Assert.Equal(bytes.Length, await storage.Value.ReadAsync(recovered.Container(0)!.StorageNameOf("seg"), 0, back, Ct));
        Assert.True(back.AsSpan().SequenceEqual(bytes), "Tier-2 holds exactly the acknowledged bytes after the crash");
    }

    [Fact]
    public async Task ACacheFullOfUnflushedBytesThrottlesAppendsUntilTier2CatchesUp()
    {
        await using var store = await _tier2.StartAsync(o => o.CacheSizeBytes = 1 << 20);
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        await store.FlushToStorageAsync(Ct);
        var fs = _tier2.FileSystems[0];
        fs.ReadOnly = true;
        Assert.False(store.AppendsThrottled, "no throttle while the cache has room");
        Assert.True(store.WaitForAppendRoomAsync(Ct).AsTask().IsCompletedSuccessfully, "an unthrottled store lets appends go on at once");

        long length = 0;
        for (var i = 0; i < 100 && !store.AppendsThrottled; i++)
        {
            var chunk = Bytes(50_000, i);
            try
            {
                await store.AppendAsync("seg", Data(chunk), WriterUpdate.None, length, Ct);
                length += chunk.Length;
            }
            catch (CacheFullException)
            {
                // Accepted until no room is left at all; the throttle is what a server waits on before that.
            }
        }
        Assert.True(store.AppendsThrottled, $"with Tier-2 stuck the cache filled with unflushed bytes ({length} appended) and throttles appends");
        var room = store.WaitForAppendRoomAsync(Ct).AsTask();
        await Task.Delay(50, Ct);
        Assert.False(room.IsCompleted, "appends stay held back while Tier-2 cannot take the unflushed bytes");

        fs.ReadOnly = false;
        await room.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.False(store.AppendsThrottled, "the throttle lifts once the storage writer flushed and the evictor made room");
        var more = Bytes(50_000, 999);
        await store.AppendAsync("seg", Data(more), WriterUpdate.None, length, Ct);
    }

    [Fact]
    public async Task WithoutTier2AFullCacheNeverThrottlesAndAppendsFailFast()
    {
        await using var store = await _tier2.StartAsync(o =>
        {
            o.CacheSizeBytes = 1 << 20;
            o.Tier2Enabled = false;
        });
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        long length = 0;
        CacheFullException? full = null;
        for (var i = 0; i < 100 && full is null; i++)
        {
            var chunk = Bytes(50_000, i);
            try
            {
                await store.AppendAsync("seg", Data(chunk), WriterUpdate.None, length, Ct);
                length += chunk.Length;
            }
            catch (CacheFullException e)
            {
                full = e;
            }
        }
        Assert.True(full is not null, "without Tier-2 a full cache fails appends");
        Assert.False(store.AppendsThrottled, "and never throttles: nothing would ever become evictable");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AFailingTier2GivesAClearBackPressureErrorAndLosesNothingAcknowledged(bool readOnly)
    {
        var acknowledged = new List<byte>();
        await using (var store = await _tier2.StartAsync(o => o.CacheSizeBytes = 1 << 20))
        {
            await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
            await store.FlushToStorageAsync(Ct);
            var fs = _tier2.FileSystems[0];
            if (readOnly)
            {
                fs.ReadOnly = true;
            }
            else
            {
                fs.FullAfterBytes = 0;
            }
            var firstChunk = Bytes(50_000, 1000);
            await store.AppendAsync("seg", Data(firstChunk), WriterUpdate.None, 0, Ct);
            acknowledged.AddRange(firstChunk);
            await Assert.ThrowsAnyAsync<Exception>(() => store.FlushToStorageAsync(Ct));
            CacheFullException? full = null;
            for (var i = 0; i < 100 && full is null; i++)
            {
                var chunk = Bytes(50_000, i);
                try
                {
                    await store.AppendAsync("seg", Data(chunk), WriterUpdate.None, acknowledged.Count, Ct);
                    acknowledged.AddRange(chunk);
                }
                catch (CacheFullException e)
                {
                    full = e;
                }
            }
            Assert.True(full is not null, "with Tier-2 failing, appends stop at the cache size (back-pressure)");
            Assert.True(acknowledged.Count >= 500_000, $"appends stay durable in the WAL meanwhile: {acknowledged.Count} bytes acknowledged");
            Assert.Contains("Tier-2", full.Message, StringComparison.Ordinal);
            Assert.Contains(readOnly ? "StorageReadOnly" : "StorageFull", full.Message, StringComparison.Ordinal);
            Assert.NotNull(store.GetStorageStatistics(0)!.LastError);

            // Tier-2 comes back: the writer catches up and appends are accepted again.
            fs.ReadOnly = false;
            fs.FullAfterBytes = null;
            await FlushOnceTier2IsBack(store);
            var more = Bytes(50_000, 999);
            await store.AppendAsync("seg", Data(more), WriterUpdate.None, acknowledged.Count, Ct);
            acknowledged.AddRange(more);
            Assert.Null(store.GetStorageStatistics(0)!.LastError);
        }
        await using var recovered = await _tier2.StartAsync(o => o.CacheSizeBytes = 1 << 20);
        await AssertContents(recovered, new() { ["seg"] = [.. acknowledged] });
    }

    [Fact]
    public async Task ATransactionMergedBeforeItReachedTier2IsCopiedIntoTheTargetAndSurvivesARestart()
    {
        var parent = Bytes(120_000, 1);
        var txn = Bytes(90_000, 2);
        await using (var store = await _tier2.StartAsync())
        {
            await store.CreateSegmentAsync("parent", SegmentType.StreamSegment, [], Ct);
            await store.AppendAsync("parent", Data(parent), WriterUpdate.None, 0, Ct);
            await store.FlushToStorageAsync(Ct);
            // Tier-2 refuses everything while the transaction is created, written and merged: its create is never
            // applied there, so when Tier-2 is back the merge finds no source to concatenate.
            var fs = _tier2.FileSystems[0];
            fs.ReadOnly = true;
            await store.CreateSegmentAsync("parent#transaction.00000000000000000000000000000001", SegmentType.StreamSegment, [], Ct);
            await store.AppendAsync("parent#transaction.00000000000000000000000000000001", Data(txn), WriterUpdate.None, 0, Ct);
            Assert.Equal(parent.Length + txn.Length,
                await store.MergeAsync("parent", "parent#transaction.00000000000000000000000000000001", [], Ct));
            fs.ReadOnly = false;
            await FlushOnceTier2IsBack(store);
            using var storage = new AsyncDisposer(_tier2.Inspect(0));
            var stored = new byte[parent.Length + txn.Length];
            Assert.Equal(stored.Length, await storage.Value.ReadAsync(store.Container(0)!.StorageNameOf("parent"), 0, stored, Ct));
            Assert.True(stored.AsSpan().SequenceEqual([.. parent, .. txn]), "Tier-2 holds the parent then the transaction, once");
        }
        await using var recovered = await _tier2.StartAsync();
        await AssertContents(recovered, new() { ["parent"] = [.. parent, .. txn] });
        await recovered.FlushToStorageAsync(Ct);
        Assert.True(recovered.GetStorageStatistics(0)!.FlushedBytes == 0, "nothing is written to Tier-2 again after the restart");
    }

    [Fact]
    public async Task AWalWrittenWithoutTier2IsMovedToTier2WhenTier2IsTurnedOn()
    {
        var expected = new Dictionary<string, byte[]>();
        await using (var store = await _tier2.StartAsync(o => o.Tier2Enabled = false))
        {
            await Workload(store, expected);
        }
        await using var recovered = await _tier2.StartAsync();
        await recovered.FlushToStorageAsync(Ct);
        await AssertContents(recovered, expected);
        using var storage = new AsyncDisposer(_tier2.Inspect(0));
        foreach (var (name, bytes) in expected)
        {
            var stored = await storage.Value.GetInfoAsync(recovered.Container(0)!.StorageNameOf(name), Ct);
            Assert.True(stored.Length == bytes.Length, $"{name}: Tier-2 holds {stored.Length} of {bytes.Length} bytes");
        }
    }

    [Fact]
    public async Task AReaderCatchingUpFromTier2MovesOnToATailReadWithoutAGap()
    {
        await using var store = await _tier2.StartAsync(o => o.CacheSizeBytes = 1 << 20);
        await store.CreateSegmentAsync("seg", SegmentType.StreamSegment, [], Ct);
        var history = Bytes(3 << 20, 1);
        for (var offset = 0; offset < history.Length; offset += 64 * 1024)
        {
            await AppendWithBackPressure(store, "seg", history.AsSpan(offset, 64 * 1024).ToArray(), offset);
        }
        await store.FlushToStorageAsync(Ct);
        var read = await ReadAll(store, "seg", 0);
        Assert.True(read.AsSpan().SequenceEqual(history), "history read back from Tier-2 and the cache");
        var tail = store.ReadAsync("seg", history.Length, 1000, Ct).AsTask();
        Assert.False(tail.IsCompleted, "at the end of the history the reader waits at the tail");
        await store.AppendAsync("seg", Data(Bytes(10, 2)), WriterUpdate.None, -1, Ct);
        using var result = await tail;
        Assert.True(result.Offset == history.Length && result.Data.Span.SequenceEqual(Bytes(10, 2)), "the tail read gets the next append");
    }

    /// <summary>
    /// What a client does when the store pushes back (the server closes the connection on a full cache; the client
    /// reconnects and retransmits): wait a moment and try again. An in-memory WAL outruns a Tier-2 on disk, so the
    /// unflushed data does fill the small test cache now and then.
    /// </summary>
    private static async Task AppendWithBackPressure(SegmentStoreService store, string segment, byte[] bytes, long offset)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.AppendAsync(segment, Data(bytes), WriterUpdate.None, offset, Ct);
                return;
            }
            catch (CacheFullException) when (attempt < 2000)
            {
                await Task.Delay(2, Ct);
            }
        }
    }

    /// <summary>A pass that started while Tier-2 was still failing fails the flush waiters it finds: ask again.</summary>
    private static async Task FlushOnceTier2IsBack(SegmentStoreService store)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.FlushToStorageAsync(Ct);
                return;
            }
            catch (Exception) when (attempt < 50)
            {
                await Task.Delay(20, Ct);
            }
        }
    }

    /// <summary>Creates, appends, seals, truncates, merges and deletes, recording what each segment should hold.</summary>
    private static async Task Workload(SegmentStoreService store, Dictionary<string, byte[]> expected)
    {
        foreach (var name in new[] { "stream", "txn", "sealed", "gone" })
        {
            await store.CreateSegmentAsync(name, SegmentType.StreamSegment, [], Ct);
        }
        var stream = new List<byte>();
        var txn = new List<byte>();
        for (var i = 0; i < 20; i++)
        {
            var a = Bytes(40_000 + i, i);
            var b = Bytes(30_000 + i, 100 + i);
            await store.AppendAsync("stream", Data(a), WriterUpdate.None, -1, Ct);
            await store.AppendAsync("txn", Data(b), WriterUpdate.None, -1, Ct);
            await store.AppendAsync("sealed", Data(b), WriterUpdate.None, -1, Ct);
            await store.AppendAsync("gone", Data(a), WriterUpdate.None, -1, Ct);
            stream.AddRange(a);
            txn.AddRange(b);
        }
        await store.FlushToStorageAsync(Ct);
        await store.SealAsync("sealed", Ct);
        await store.TruncateAsync("stream", 100_000, Ct);
        await store.MergeAsync("stream", "txn", [], Ct);
        stream.AddRange(txn);
        await store.DeleteAsync("gone", Ct);
        // Delete and re-create under the same name: the new segment must not see or delete the old one's Tier-2 data.
        await store.CreateSegmentAsync("gone2", SegmentType.StreamSegment, [], Ct);
        await store.AppendAsync("gone2", Data(Bytes(5000, 77)), WriterUpdate.None, -1, Ct);
        expected["stream"] = [.. stream];
        expected["sealed"] = [.. txn];
        expected["gone2"] = Bytes(5000, 77);
    }

    private static async Task AssertContents(SegmentStoreService store, Dictionary<string, byte[]> expected)
    {
        foreach (var (name, bytes) in expected)
        {
            var info = await store.GetSegmentInfoAsync(name, Ct);
            Assert.True(info.Length == bytes.Length, $"{name}: length {info.Length}, expected {bytes.Length}");
            var read = await ReadAll(store, name, info.StartOffset);
            Assert.True(read.AsSpan().SequenceEqual(bytes.AsSpan((int)info.StartOffset)), $"{name}: bytes from {info.StartOffset} differ");
        }
    }

    internal static async Task<byte[]> ReadAll(SegmentStoreService store, string name, long from)
    {
        var length = (await store.GetSegmentInfoAsync(name, Ct)).Length;
        var result = new byte[length - from];
        for (var offset = from; offset < length;)
        {
            using var read = await store.ReadAsync(name, offset, 1 << 20, Ct);
            Assert.True(read.Length > 0, $"{name}: empty read at {offset} of {length}");
            read.Data.Span.CopyTo(result.AsSpan((int)(offset - from)));
            offset += read.Length;
        }
        return result;
    }

    private static byte[] Expected(int segment, int offset, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var position = offset + i;
            bytes[i] = (byte)((position * 131) ^ (position >> 11) ^ (segment * 59));
        }
        return bytes;
    }

    /// <summary>Disposes a Tier-2 view at the end of a using block.</summary>
    private sealed class AsyncDisposer(Storage.FileSystem.FileSystemChunkStorage value) : IDisposable
    {
        public Storage.FileSystem.FileSystemChunkStorage Value { get; } = value;

        public void Dispose() => Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
