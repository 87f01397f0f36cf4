using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

/// <summary>Every <see cref="FileWalDeviceTests"/> contract test on the synchronous O_DIRECT device, plus that its log
/// and the managed device's are the same format.</summary>
public sealed class DirectWalDeviceTests : FileWalDeviceTests
{
    internal static void RequireDirect(string directory) =>
        Assert.SkipUnless(DirectFile.IsSupportedIn(directory, out var reason), reason ?? "");

    protected override FileWalDevice NewDevice(string directory, long fileSize, int maxFileCount, int spareFileCount)
    {
        RequireDirect(directory);
        return new DirectWalDevice(directory, fileSize, maxFileCount, spareFileCount);
    }

    [Fact]
    public void ALogWrittenByEitherDeviceIsRecoveredByTheOther()
    {
        RequireDirect(_directory);
        using (var direct = new DirectWalDevice(_directory, FileSize, 16, spareFileCount: 0))
        {
            direct.Open();
            for (var i = 1; i <= 5; i++)
            {
                WriteFrame(direct, Bytes(9_000 + i, i), i);
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
            WriteFrame(managed, Bytes(3_000, 6), 6);
        }
        using var again = new DirectWalDevice(_directory, FileSize, 16, spareFileCount: 0);
        again.Open();
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), again.ReadAll().Select(f => f.FirstSequence));
    }
}
