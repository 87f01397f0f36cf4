using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>The io_uring device with several frames in flight (<see cref="IWalPipeline"/>): order, depth, the failure
/// contract (a failed write and every one after it never count, even those that reached the disk), and frames in
/// flight never straddling two log files.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class UringWalPipelineTests : IDisposable
{
    private const long FileSize = 256 * 1024;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wal-pipeline-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void FramesInFlightAreCollectedInOrderAndAllRecovered()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        var finished = 0;
        using (var device = Open(depth: 4))
        {
            device.WriteFinished = () => Interlocked.Increment(ref finished);
            var addresses = new List<long>();
            for (var sequence = 1; sequence <= 40; sequence++)
            {
                if (device.WritesInFlight == device.MaxWritesInFlight)
                {
                    device.EndOldestWrite();
                }
                addresses.Add(Begin(device, Bytes(6_000 + sequence, sequence), sequence));
            }
            Assert.True(device.WritesInFlight == 4, "the pipeline fills to its depth");
            while (device.WritesInFlight > 0)
            {
                device.EndOldestWrite();
            }
            Assert.True(addresses.SequenceEqual(addresses.Order()) && addresses.Distinct().Count() == 40,
                "frames in flight take increasing, distinct addresses");
        }
        Assert.True(Volatile.Read(ref finished) >= 1, "the device reports finished writes");
        using var reopened = Reopen(depth: 1);
        var frames = reopened.ReadAll().Select(f => (f.FirstSequence, Payload: f.Payload.ToArray())).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), frames.Select(f => f.FirstSequence));
        Assert.True(frames.All(f => f.Payload.AsSpan().SequenceEqual(Bytes(6_000 + (int)f.FirstSequence, (int)f.FirstSequence))),
            "every payload comes back byte for byte");
    }

    [Fact]
    public void BeginRefusesBeyondTheDepthAndAfterAFailureUntilEveryWriteInFlightIsCollected()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        using var device = Open(depth: 2);
        device.FailWriteAt = SecondWrite();
        Begin(device, Bytes(100, 1), 1);
        Begin(device, Bytes(100, 2), 2);
        Assert.Throws<InvalidOperationException>(() => Begin(device, Bytes(100, 3), 3));
        device.EndOldestWrite();
        Begin(device, Bytes(100, 3), 3);
        Assert.Throws<IOException>(device.EndOldestWrite);
        Assert.Throws<InvalidOperationException>(() => Begin(device, Bytes(100, 2), 2));
        var later = Assert.Throws<IOException>(device.EndOldestWrite);
        Assert.Contains("earlier WAL write failed", later.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(device.EndOldestWrite);
    }

    [Fact]
    public void AFailedWriteAndEveryWriteAfterItAreNeverReplayedEvenWhenTheirBytesLanded()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        long failedAt;
        using (var device = Open(depth: 4))
        {
            device.FailWriteAt = SecondWrite();
            Begin(device, Bytes(2_000, 1), 1);
            failedAt = Begin(device, Bytes(2_000, 2), 2);
            Begin(device, Bytes(2_000, 3), 3);
            Begin(device, Bytes(2_000, 4), 4);
            device.EndOldestWrite();
            Assert.Throws<IOException>(device.EndOldestWrite);
            Assert.Throws<IOException>(device.EndOldestWrite); // landed on disk, but built on the failed frame
            Assert.Throws<IOException>(device.EndOldestWrite);
            device.FailWriteAt = null;

            // The container rolls back and retries from sequence 2 with a frame the same size as the failed one, so
            // it ends exactly where the landed frame 3 starts: only the zeroed headers keep frame 3 out.
            Assert.Equal(failedAt, Begin(device, Bytes(2_000, 22), 2));
            device.EndOldestWrite();
        }
        using var reopened = Reopen(depth: 1);
        var frames = reopened.ReadAll().Select(f => (f.FirstSequence, Payload: f.Payload.ToArray())).ToList();
        Assert.Equal([1L, 2L], frames.Select(f => f.FirstSequence));
        Assert.True(frames[1].Payload.AsSpan().SequenceEqual(Bytes(2_000, 22)), "the retried frame, not the failed one");
        Assert.True(Begin(reopened, Bytes(10, 3), 3) > failedAt, "the log goes on after the retried frame");
        reopened.EndOldestWrite();
    }

    [Fact]
    public void AFrameForTheNextLogFileWaitsUntilEveryFrameInFlightIsDone()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        using (var device = Open(depth: 4))
        {
            // 100 KiB frames: two fit a 256 KiB file, the third goes to the next file's start.
            Begin(device, Bytes(100_000, 1), 1);
            Begin(device, Bytes(100_000, 2), 2);
            var third = Begin(device, Bytes(100_000, 3), 3);
            Assert.Equal(FileSize, third);
            Assert.True(device.IsOldestWriteDone, "the first file's frames finished before the next file's began");
            device.EndOldestWrite();
            Assert.True(device.IsOldestWriteDone, "both of them");
            while (device.WritesInFlight > 0)
            {
                device.EndOldestWrite();
            }
        }
        using var reopened = Reopen(depth: 1);
        Assert.Equal([1L, 2L, 3L], reopened.ReadAll().Select(f => f.FirstSequence));
    }

    [Fact]
    public void AFailureInTheLastFrameOfAFileLeavesTheNextFileUnused()
    {
        UringWalDeviceTests.RequireUring(Path.GetTempPath());
        long failedAt;
        using (var device = Open(depth: 4))
        {
            device.FailWriteAt = SecondWrite();
            Begin(device, Bytes(100_000, 1), 1);
            failedAt = Begin(device, Bytes(100_000, 2), 2);
            // Frame 3 belongs in the next file: it waits for 1 and 2, sees 2 failed, and does not begin, so a crash
            // now cannot leave a valid frame at the next file's start for recovery to jump to.
            Assert.Throws<IOException>(() => Begin(device, Bytes(100_000, 3), 3));
            device.EndOldestWrite();
            Assert.Throws<IOException>(device.EndOldestWrite);
            Assert.False(File.Exists(Path.Combine(_directory, "wal-0000000001.log")), "the next file was never opened");
            device.FailWriteAt = null;
            Assert.Equal(failedAt, Begin(device, Bytes(50_000, 22), 2));
            device.EndOldestWrite();
        }
        using var reopened = Reopen(depth: 1);
        Assert.Equal([1L, 2L], reopened.ReadAll().Select(f => f.FirstSequence));
    }

    /// <summary>A fault that fails the second write begun (its bytes still land).</summary>
    private static Predicate<long> SecondWrite()
    {
        var begun = 0;
        return _ => ++begun == 2;
    }

    /// <summary>A new, empty log (recovery done).</summary>
    private UringWalDevice Open(int depth)
    {
        var device = Reopen(depth);
        Assert.Empty(device.ReadAll());
        return device;
    }

    /// <summary>The log opened again; the caller reads it back.</summary>
    private UringWalDevice Reopen(int depth)
    {
        var device = new UringWalDevice(_directory, FileSize, 16, spareFileCount: 0, maxWritesInFlight: depth);
        device.Open();
        return device;
    }

    private static long Begin(IWalPipeline device, byte[] payload, long sequence)
    {
        var frame = new byte[WalFrameFormat.HeaderLength + payload.Length];
        payload.CopyTo(frame, WalFrameFormat.HeaderLength);
        return device.BeginWrite(frame, sequence, sequence);
    }
}
