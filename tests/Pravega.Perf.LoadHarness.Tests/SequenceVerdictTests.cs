using Pravega.Perf.LoadHarness.Run;

namespace Pravega.Perf.LoadHarness.Tests;

public sealed class SequenceVerdictTests
{
    private static readonly Dictionary<(int, int), long> FiveEachOnTwoKeys = new() { [(0, 0)] = 5, [(0, 1)] = 5 };

    [Fact]
    public void EveryEventReadOnceInOrderIsOk()
    {
        var verdict = Judge([0, 1, 2, 3, 4], [0, 1, 2, 3, 4]);
        Assert.Equal(new Verdict(true, 10, 10, 0, 0, 0), verdict);
    }

    [Fact]
    public void AnEventReadTwiceIsADuplicate()
    {
        var verdict = Judge([0, 1, 2, 2, 3, 4], [0, 1, 2, 3, 4]);
        Assert.False(verdict.Ok, "a duplicate must fail the run");
        Assert.Equal((1L, 0L, 0L, 11L), (verdict.Duplicates, verdict.Gaps, verdict.Reorders, verdict.Read));
    }

    [Fact]
    public void AnEventNeverReadIsAGap()
    {
        var verdict = Judge([0, 1, 3, 4], [0, 1, 2, 3]);
        Assert.False(verdict.Ok, "a lost event must fail the run");
        // Key 0 misses number 2 in the middle, key 1 misses its last event.
        Assert.Equal((0L, 2L, 0L), (verdict.Duplicates, verdict.Gaps, verdict.Reorders));
    }

    [Fact]
    public void AnEventReadAfterALaterOneOfItsKeyIsAReorder()
    {
        var verdict = Judge([0, 2, 1, 3, 4], [0, 1, 2, 3, 4]);
        Assert.False(verdict.Ok, "per-key order is part of the contract");
        Assert.Equal((0L, 0L, 1L), (verdict.Duplicates, verdict.Gaps, verdict.Reorders));
    }

    [Fact]
    public void WriteErrorsFailTheVerdictEvenWhenEverythingAckedWasRead()
    {
        var verdict = new SequenceVerdict();
        foreach (var s in new long[] { 0, 1, 2, 3, 4 })
        {
            verdict.Observe(new EventHeader(0, 0, s, 0));
        }
        Assert.False(verdict.Judge(new Dictionary<(int, int), long> { [(0, 0)] = 5 }, writeErrors: 1).Ok);
    }

    [Fact]
    public void TheHeaderRoundTripsThroughThePayload()
    {
        var payload = new byte[100];
        var header = new EventHeader(3, 7, 123_456_789_012, -5);
        header.Write(payload);
        Assert.True(EventHeader.TryRead(payload, out var read));
        Assert.Equal(header, read);
        Assert.False(EventHeader.TryRead(payload.AsSpan(0, EventHeader.Size - 1), out _), "a short event holds no header");
    }

    private static Verdict Judge(long[] key0, long[] key1)
    {
        var verdict = new SequenceVerdict();
        foreach (var s in key0)
        {
            verdict.Observe(new EventHeader(0, 0, s, 0));
        }
        foreach (var s in key1)
        {
            verdict.Observe(new EventHeader(0, 1, s, 0));
        }
        return verdict.Judge(FiveEachOnTwoKeys, writeErrors: 0);
    }
}
