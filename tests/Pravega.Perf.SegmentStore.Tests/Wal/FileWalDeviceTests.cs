using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>The file WAL's contract; <see cref="UringWalDeviceTests"/> and <see cref="DirectWalDeviceTests"/> run every
/// test again on the io_uring and the synchronous O_DIRECT devices (each also recovering the managed device's log).</summary>
public class FileWalDeviceTests : IDisposable
{
    protected const long FileSize = 64 * 1024;
    protected readonly string _directory = Path.Combine(Path.GetTempPath(), "wal-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The device under test; the io_uring subclass builds a <see cref="UringWalDevice"/> (or skips).</summary>
    protected virtual FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount) =>
        new(directory, fileSize, maxFileCount, spareFileCount);

    [Fact]
    public void ALogWrittenByThisDeviceIsRecoveredByTheManagedDeviceAndTheOtherWayRound()
    {
        using (var device = NewDevice(_directory, FileSize, 16, spareFileCount: 0))
        {
            device.Open();
            Assert.Empty(device.ReadAll());
            for (var i = 1; i <= 5; i++)
            {
                WriteFrame(device, Bytes(9_000 + i, i), i);
            }
        }
        using (var managed = new FileWalDevice(_directory, FileSize, 16, spareFileCount: 0))
        {
            managed.Open();
            var frames = managed.ReadAll().Select(f => (f.FirstSequence, Payload: f.Payload.ToArray())).ToList();
            Assert.Equal([1L, 2L, 3L, 4L, 5L], frames.Select(f => f.FirstSequence));
            for (var i = 0; i < frames.Count; i++)
            {
                Assert.True(frames[i].Payload.AsSpan().SequenceEqual(Bytes(9_001 + i, i + 1)), $"frame {i + 1}'s payload");
            }
            for (var i = 6; i <= 8; i++)
            {
                WriteFrame(managed, Bytes(3_000, i), i);
            }
        }
        using var again = NewDevice(_directory, FileSize, 16, spareFileCount: 0);
        again.Open();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), again.ReadAll().Select(f => f.FirstSequence));
    }

    [Fact]
    public void FramesWrittenAreReadBackInOrderAfterReopening()
    {
        var written = new List<(long Address, byte[] Payload)>();
        using (var device = Open())
        {
            Assert.Empty(device.ReadAll());
            for (var i = 0; i < 10; i++)
            {
                var payload = TestData.Bytes(1000 + i * 100, i);
                written.Add((WriteFrame(device, payload, i + 1), payload));
            }
        }
        using var reopened = Open();
        var frames = reopened.ReadAll().Select(f => (f.Address, f.FirstSequence, Payload: f.Payload.ToArray())).ToList();
        Assert.Equal(written.Count, frames.Count);
        for (var i = 0; i < written.Count; i++)
        {
            Assert.True(written[i].Address == frames[i].Address, $"frame {i} address");
            Assert.True(frames[i].FirstSequence == i + 1, $"frame {i} sequence");
            Assert.True(written[i].Payload.AsSpan().SequenceEqual(frames[i].Payload), $"frame {i} payload differs");
        }
    }

    [Fact]
    public void FramesThatDoNotFitTheRestOfAFileMoveToTheNextFileAndAreRecovered()
    {
        using (var device = Open())
        {
            Assert.Empty(device.ReadAll());
            for (var i = 0; i < 12; i++)
            {
                WriteFrame(device, TestData.Bytes(20_000, i), i + 1);
            }
        }
        Assert.True(Directory.GetFiles(_directory, "wal-0*.log").Length >= 4, "20 KB frames in 64 KiB files need several files");
        using var reopened = Open();
        var sequences = reopened.ReadAll().Select(f => f.FirstSequence).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), sequences);
    }

    [Fact]
    public void ATornLastFrameIsCutAndTheNextWriteReplacesIt()
    {
        long lastAddress;
        using (var device = Open())
        {
            Assert.Empty(device.ReadAll());
            WriteFrame(device, TestData.Bytes(3000, 1), 1);
            lastAddress = WriteFrame(device, TestData.Bytes(3000, 2), 2);
        }
        // Tear the last frame: zero its tail as if the machine died mid-write.
        using (var stream = new FileStream(Path.Combine(_directory, "wal-0000000000.log"), FileMode.Open, FileAccess.Write))
        {
            stream.Position = lastAddress + 2000;
            stream.Write(new byte[1048]);
        }
        using (var device = Open())
        {
            var frames = device.ReadAll().ToList();
            Assert.True(frames.Count == 1, "only the intact frame survives");
            Assert.Equal(lastAddress, WriteFrame(device, TestData.Bytes(500, 3), 2));
        }
        using var reopened = Open();
        Assert.Equal([1L, 2L], reopened.ReadAll().Select(f => f.FirstSequence));
    }

    [Fact]
    public void TruncatedFilesAreReusedAndTheirStaleFramesAreNotRecovered()
    {
        using (var device = Open())
        {
            Assert.Empty(device.ReadAll());
            for (var i = 0; i < 8; i++)
            {
                WriteFrame(device, TestData.Bytes(20_000, i), i + 1);
            }
            device.TruncateBefore(2 * FileSize);
            for (var i = 8; i < 20; i++)
            {
                WriteFrame(device, TestData.Bytes(20_000, i), i + 1);
            }
        }
        using var reopened = Open();
        var sequences = reopened.ReadAll().Select(f => f.FirstSequence).ToList();
        Assert.True(sequences[0] == 7, "frames in the truncated files (1..6) are gone");
        Assert.Equal(20L, sequences[^1]);
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences);
    }

    [Fact]
    public void ASecondOwnerOfTheSameDirectoryIsFencedOut()
    {
        using var first = Open();
        using var second = NewDevice(_directory, FileSize, 16, spareFileCount: 0);
        Assert.Throws<WalFencedException>(() => second.Open());
    }

    [Fact]
    public void EachOpenRaisesTheEpoch()
    {
        long epoch;
        using (var device = NewDevice(_directory, FileSize, 16, spareFileCount: 0))
        {
            epoch = device.Open();
        }
        using var again = NewDevice(_directory, FileSize, 16, spareFileCount: 0);
        Assert.Equal(epoch + 1, again.Open());
    }

    // No background spares: these tests pin which frames land in which file, and a spare that becomes ready mid-test
    // would move the writer to the next file early. The spare pool has its own tests (FileWalDeviceRotationTests).
    protected FileWalDevice Open()
    {
        var device = NewDevice(_directory, FileSize, 16, spareFileCount: 0);
        device.Open();
        return device;
    }
}
