using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Rotation onto laid-out spares or, when none is ready, onto extended files, and recovery across both.</summary>
/// <remarks><see cref="UringWalDeviceRotationTests"/> runs every test again on the io_uring device.</remarks>
public class FileWalDeviceRotationTests : IDisposable
{
    private const long FileSize = 64 * 1024;
    private const int FramesPerFile = 3; // 20 KB frames, 4 KiB aligned: three fit a 64 KiB file
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wal-test-" + Guid.NewGuid().ToString("N"));

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
    public void RotationTakesAReadySpareSoTheNewLogFileIsLaidOut()
    {
        using (var device = Open(spares: 1))
        {
            Assert.Empty(device.ReadAll());
            WaitForSpares(device, 1);
            // File 0 takes the spare; the pool lays out another one, which file 1 takes.
            WriteFrames(device, 1, FramesPerFile);
            WaitForSpares(device, 1);
            WriteFrames(device, 1 + FramesPerFile, FramesPerFile);
            Assert.True(new FileInfo(LogFile(0)).Length == FileSize, "file 0 was a laid-out spare");
            Assert.True(new FileInfo(LogFile(1)).Length == FileSize, "file 1 was a laid-out spare");
        }
        AssertRecovers(1, 2 * FramesPerFile);
    }

    [Fact]
    public void RotationWithNoSpareWritesIntoAFileExtendedAsItGoes()
    {
        using (var device = Open(spares: 0))
        {
            Assert.Empty(device.ReadAll());
            WriteFrames(device, 1, 3 * FramesPerFile);
            Assert.True(device.ReadySpareCount == 0, "no spare is laid out when none is asked for");
        }
        for (var index = 0; index < 3; index++)
        {
            Assert.True(new FileInfo(LogFile(index)).Length < FileSize, $"file {index} is extended, not laid out");
        }
        Assert.True(Directory.GetFiles(_directory, "wal-free-*").Length == 0, "no spare was made");
        AssertRecovers(1, 3 * FramesPerFile);
    }

    [Fact]
    public void RecoveryReadsAcrossExtendedAndLaidOutFilesAndWritesContinueAfterIt()
    {
        using (var device = Open(spares: 0))
        {
            Assert.Empty(device.ReadAll());
            WriteFrames(device, 1, FramesPerFile + 1); // file 0 full, one frame in extended file 1
        }
        using (var device = Open(spares: 1))
        {
            Assert.True(device.ReadAll().Count() == FramesPerFile + 1, "both extended files are recovered");
            WaitForSpares(device, 1);
            WriteFrames(device, FramesPerFile + 2, 2 * FramesPerFile); // rest of file 1, then spares for 2 and 3
        }
        Assert.True(new FileInfo(LogFile(1)).Length < FileSize, "file 1 is extended");
        Assert.True(new FileInfo(LogFile(2)).Length == FileSize, "file 2 is a laid-out spare");
        AssertRecovers(1, 3 * FramesPerFile + 1);
    }

    [Fact]
    public void TheWriterLeavesAnExtendedFileForTheNextOneAsSoonAsASpareIsReady()
    {
        using (var device = Open(spares: 0))
        {
            Assert.Empty(device.ReadAll());
            WriteFrames(device, 1, 1); // extended file 0
        }
        using (var device = Open(spares: 1))
        {
            Assert.True(device.ReadAll().Count() == 1, "the frame in the extended file is recovered");
            WaitForSpares(device, 1);
            Assert.True(WriteFrame(device, Bytes(20_000, 2), 2) == FileSize, "the next frame starts the laid-out file 1");
            Assert.True(WriteFrame(device, Bytes(20_000, 3), 3) == FileSize + 20_480, "and the one after follows it");
        }
        Assert.True(new FileInfo(LogFile(1)).Length == FileSize, "file 1 is a laid-out spare");
        AssertRecovers(1, 3);
    }

    [Fact]
    public void TruncatedExtendedFilesAreDeletedAndLaidOutOnesBecomeSpares()
    {
        using (var device = Open(spares: 0))
        {
            Assert.Empty(device.ReadAll());
            WriteFrames(device, 1, 3 * FramesPerFile);
            device.TruncateBefore(2 * FileSize);
            Assert.True(!File.Exists(LogFile(0)) && !File.Exists(LogFile(1)), "truncated files left the log");
            Assert.True(device.ReadySpareCount == 0, "an extended file is not reused as laid out");
        }
        using (var device = Open(spares: 1))
        {
            Assert.True(device.ReadAll().Count() == FramesPerFile, "only file 2 is left");
            WaitForSpares(device, 1);
            WriteFrames(device, 3 * FramesPerFile + 1, FramesPerFile + 1); // file 3 takes the spare, one frame in 4
            device.TruncateBefore(4 * FileSize);
            Assert.True(!File.Exists(LogFile(3)), "file 3 left the log");
            var spares = Directory.GetFiles(_directory, "wal-free-*.log");
            Assert.True(spares.Length == device.ReadySpareCount, "every spare file is ready for use");
            Assert.True(spares.Any(path => File.ReadAllBytes(path)[0] != 0), "the laid-out file 3, stale frames and all, became a spare");
        }
        Assert.Equal([4L * FramesPerFile + 1], OpenAndRecover(spares: 0));
    }

    [Fact]
    public void DisposingMidLayoutAndLeftoverLayoutFilesDoNotDisturbRecovery()
    {
        const long bigFile = 16L << 20;
        using (var device = NewDevice(_directory, bigFile, 16, spareFileCount: 2))
        {
            device.Open();
            Assert.Empty(device.ReadAll());
            WriteFrame(device, Bytes(20_000, 1), 1);
            WriteFrame(device, Bytes(20_000, 2), 2);
            // Dispose as a crash would find it: most likely in the middle of laying out the first spares.
        }
        // What a crash of the machine could leave besides: an unfinished layout holding a copy of a valid frame, and a
        // spare that is not full size.
        var frameCopy = File.ReadAllBytes(Path.Combine(_directory, "wal-0000000000.log"));
        File.WriteAllBytes(Path.Combine(_directory, "wal-layout-crashed.tmp"), frameCopy);
        File.WriteAllBytes(Path.Combine(_directory, "wal-free-short.log"), new byte[4096]);
        using (var device = NewDevice(_directory, bigFile, 16, spareFileCount: 0))
        {
            device.Open();
            Assert.Equal([1L, 2L], device.ReadAll().Select(f => f.FirstSequence));
            Assert.True(!File.Exists(Path.Combine(_directory, "wal-layout-crashed.tmp")), "the unfinished layout is gone");
            Assert.True(!File.Exists(Path.Combine(_directory, "wal-free-short.log")), "the short spare is gone");
            Assert.True(Directory.GetFiles(_directory, "wal-*.tmp").Length == 0, "no unfinished layout is left");
            foreach (var spare in Directory.GetFiles(_directory, "wal-free-*.log"))
            {
                Assert.True(new FileInfo(spare).Length == bigFile, $"{spare} is a complete spare");
            }
            WriteFrame(device, Bytes(20_000, 3), 3);
        }
        using var reopened = NewDevice(_directory, bigFile, 16, spareFileCount: 0);
        reopened.Open();
        Assert.Equal([1L, 2L, 3L], reopened.ReadAll().Select(f => f.FirstSequence));
    }

    [Fact]
    public void TheSparePoolLeavesEpochsAndFencingAsTheyWere()
    {
        long epoch;
        using (var device = NewDevice(_directory, FileSize, 16, spareFileCount: 1))
        {
            epoch = device.Open();
            Assert.Empty(device.ReadAll());
            WaitForSpares(device, 1);
        }
        using var again = NewDevice(_directory, FileSize, 16, spareFileCount: 1);
        Assert.Equal(epoch + 1, again.Open());
        Assert.True(again.ReadySpareCount == 1, "the spare laid out by the previous owner is picked up");
        using var rival = NewDevice(_directory, FileSize, 16, spareFileCount: 1);
        Assert.Throws<WalFencedException>(() => rival.Open());
    }

    private FileWalDevice Open(int spares)
    {
        var device = NewDevice(_directory, FileSize, 16, spares);
        device.Open();
        return device;
    }

    private List<long> OpenAndRecover(int spares)
    {
        using var device = Open(spares);
        return device.ReadAll().Select(f => f.FirstSequence).ToList();
    }

    private void AssertRecovers(int first, int count) =>
        Assert.Equal(Enumerable.Range(first, count).Select(i => (long)i), OpenAndRecover(spares: 0));

    private static void WriteFrames(FileWalDevice device, int firstSequence, int count)
    {
        for (var sequence = firstSequence; sequence < firstSequence + count; sequence++)
        {
            WriteFrame(device, Bytes(20_000, sequence), sequence);
        }
    }

    /// <summary>Waits (bounded) until the background layout has <paramref name="count"/> spares ready.</summary>
    private static void WaitForSpares(FileWalDevice device, int count)
    {
        Assert.True(SpinWait.SpinUntil(() => device.ReadySpareCount >= count, TimeSpan.FromSeconds(60)),
            $"{count} spare(s) laid out within 60 s");
    }

    private string LogFile(long index) => Path.Combine(_directory, $"wal-{index:D10}.log");
}
