using Pravega.Perf.SegmentStore.Wal;
using static Pravega.Perf.SegmentStore.Tests.TestData;

namespace Pravega.Perf.SegmentStore.Tests.Wal;

public sealed class InMemoryWalDeviceTests
{
    [Fact]
    public void ACorruptFrameEndsTheLogThere()
    {
        var store = new InMemoryWalStore();
        var device = new InMemoryWalDevice(store);
        device.Open();
        for (var i = 1; i <= 5; i++)
        {
            WriteFrame(device, TestData.Bytes(100, i), i);
        }
        store.CorruptFrame(3, payloadOffset: 10);
        var reopened = new InMemoryWalDevice(store);
        reopened.Open();
        Assert.Equal([1L, 2L, 3L], reopened.ReadAll().Select(f => f.FirstSequence));
        Assert.True(store.FrameCount == 3, "the corrupt frame and everything after it are cut");
    }

    [Fact]
    public void AnOlderOpenerCannotWriteAfterANewerOneOpened()
    {
        var store = new InMemoryWalStore();
        var old = new InMemoryWalDevice(store);
        old.Open();
        var newer = new InMemoryWalDevice(store);
        newer.Open();
        Assert.Throws<WalFencedException>(() => WriteFrame(old, TestData.Bytes(10, 1), 1));
    }
}
