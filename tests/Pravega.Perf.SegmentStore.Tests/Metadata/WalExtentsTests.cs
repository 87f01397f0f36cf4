using Pravega.Perf.SegmentStore.Metadata;

namespace Pravega.Perf.SegmentStore.Tests.Metadata;

public sealed class WalExtentsTests
{
    [Fact]
    public void FramesCloseTogetherShareOneEntryThatKeepsTheOldestAddress()
    {
        var extents = new WalExtents();
        for (var i = 0; i < 100; i++)
        {
            extents.Add(i * 4096L, (i + 1) * 100L);
        }
        Assert.Equal(1, extents.Count);
        Assert.Equal(0, extents.MinAddress);
        extents.Add(WalExtents.Granularity + 8192, 10_100);
        Assert.True(extents.Count == 2, "a frame beyond the granularity starts a new entry");
    }

    [Fact]
    public void TruncationReleasesOnlyEntriesWhollyBelowTheStartOffset()
    {
        var extents = new WalExtents();
        extents.Add(0, 1000);
        extents.Add(WalExtents.Granularity * 2, 2000);
        extents.Add(WalExtents.Granularity * 4, 3000);
        extents.TruncateBefore(1500);
        Assert.True(extents.MinAddress == WalExtents.Granularity * 2, "the entry ending at 2000 still holds live bytes");
        extents.TruncateBefore(3000);
        Assert.Equal(long.MaxValue, extents.MinAddress);
    }

    [Fact]
    public void MergedBytesFromOlderFramesPinTheirOwnAddresses()
    {
        var target = new WalExtents();
        target.Add(WalExtents.Granularity * 10, 500);

        // A source appended long ago is merged in: its bytes stay where they were written.
        target.Add(0, 800);
        Assert.Equal(0, target.MinAddress);
        target.TruncateBefore(800);
        Assert.Equal(long.MaxValue, target.MinAddress);
    }

    [Fact]
    public void TheCachedOldestAddressFollowsEveryAddAndTruncation()
    {
        var g = WalExtents.Granularity;
        var extents = new WalExtents();
        extents.Add(g * 10, 100);
        Assert.Equal(g * 10, extents.MinAddress);
        extents.Add(g * 2, 200); // merged in from an older source
        extents.Add(g * 20, 300);
        Assert.True(extents.MinAddress == g * 2, "an older merged entry behind the first one is the oldest");
        extents.TruncateBefore(100);
        Assert.True(extents.MinAddress == g * 2, "dropping a newer entry keeps the oldest");
        extents.TruncateBefore(200);
        Assert.True(extents.MinAddress == g * 20, "dropping the oldest entry finds the next oldest");
        extents.Add(g * 5, 400);
        Assert.True(extents.MinAddress == g * 5, "an older entry added after a recomputation is seen");
    }
}
