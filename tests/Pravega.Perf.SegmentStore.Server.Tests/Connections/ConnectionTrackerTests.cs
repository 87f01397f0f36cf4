using Pravega.Perf.SegmentStore.Server.Connections;

namespace Pravega.Perf.SegmentStore.Server.Tests.Connections;

/// <summary>
/// The flow-control rule of reference §2.2: a connection stops reading when all connections together hold the global
/// limit of not-yet-durable append bytes, or when it holds max(1 MiB, 2 × single − total) itself; it resumes below.
/// </summary>
public sealed class ConnectionTrackerTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public void AConnectionPausesAtTwiceTheSingleLimitMinusTheTotalAndResumesBelowIt()
    {
        var tracker = new ConnectionTracker(singleConnectionLimit: 8 * MiB, allConnectionsLimit: 64 * MiB);
        var flow = tracker.CreateFlowControl();

        // Alone, the connection's threshold is max(1 MiB, 16 MiB − own bytes): it pauses at 8 MiB.
        flow.Acquire(8 * MiB - 1);
        Assert.False(flow.ShouldPause, "one byte below the threshold must keep reading");
        flow.Acquire(1);
        Assert.True(flow.ShouldPause, "at 2 × single − total the connection must pause");

        var resumed = flow.WaitUntilResumedAsync();
        Assert.False(resumed.IsCompleted, "a paused connection waits");
        flow.Release(1);
        Assert.True(resumed.IsCompletedSuccessfully, "releasing below the threshold resumes the read loop");
        Assert.Equal(8 * MiB - 1, tracker.TotalOutstanding);
    }

    [Fact]
    public void OtherConnectionsBytesLowerAConnectionsThresholdButNeverBelowOneMiB()
    {
        var tracker = new ConnectionTracker(singleConnectionLimit: 8 * MiB, allConnectionsLimit: 64 * MiB);
        var busy = tracker.CreateFlowControl();
        var quiet = tracker.CreateFlowControl();

        busy.Acquire(7 * MiB);
        quiet.Acquire(MiB - 1);
        // total = 8 MiB − 1, so the threshold is max(1 MiB, 16 MiB − total) > 8 MiB: nobody pauses yet.
        Assert.False(quiet.ShouldPause, "the quiet connection is far below its threshold");

        busy.Acquire(8 * MiB);
        // total = 16 MiB − 1 → 2 × single − total = 1 byte, so the 1 MiB floor applies; the quiet connection holds
        // 1 MiB − 1: below it.
        Assert.False(quiet.ShouldPause, "the floor of 1 MiB keeps a small connection reading");
        Assert.True(busy.ShouldPause, "the connection holding 15 MiB must pause");
        quiet.Acquire(2);
        Assert.True(quiet.ShouldPause, "past the 1 MiB floor the quiet connection pauses too");
    }

    [Fact]
    public void TheGlobalLimitPausesEveryConnectionAndAnotherConnectionsReleaseResumesThem()
    {
        var tracker = new ConnectionTracker(singleConnectionLimit: 64 * MiB, allConnectionsLimit: 4 * MiB);
        var a = tracker.CreateFlowControl();
        var b = tracker.CreateFlowControl();

        a.Acquire(3 * MiB);
        b.Acquire(MiB);
        Assert.True(a.ShouldPause && b.ShouldPause, "at the global limit every connection pauses");
        var bResumed = b.WaitUntilResumedAsync();
        Assert.False(bResumed.IsCompleted, "b waits for bytes anywhere to become durable");

        a.Release(MiB);
        Assert.True(bResumed.IsCompletedSuccessfully, "a's release under the global limit must wake b as well");
        Assert.False(a.ShouldPause, "below the global limit a reads again");
    }

    [Fact]
    public void ClosingAPausedConnectionReleasesItsReadLoop()
    {
        var tracker = new ConnectionTracker(singleConnectionLimit: MiB, allConnectionsLimit: 64 * MiB);
        var flow = tracker.CreateFlowControl();
        flow.Acquire(2 * MiB);
        var resumed = flow.WaitUntilResumedAsync();
        Assert.False(resumed.IsCompleted, "over its limit the connection waits");

        flow.Close();
        Assert.True(resumed.IsCompletedSuccessfully, "a closing connection must not leave its read loop waiting");
        Assert.True(flow.WaitUntilResumedAsync().IsCompletedSuccessfully, "after close nothing waits again");
    }
}
