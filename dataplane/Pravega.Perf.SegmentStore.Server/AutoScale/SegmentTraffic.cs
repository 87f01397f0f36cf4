namespace Pravega.Perf.SegmentStore.Server.AutoScale;

/// <summary>
/// One segment's traffic since the last tick (written by acks, lock-free) and its four exponentially decayed rates
/// (Pravega's <c>SegmentAggregates</c>): 2-, 5-, 10- and 20-unit windows, each sample weighted
/// <c>1 - exp(-tick / window)</c>; the first sample sets the rates, a silent tick decays them towards 0.
/// </summary>
internal sealed class SegmentTraffic(string segment, long startTicks)
{
    /// <summary>The window lengths, in window units.</summary>
    public static readonly int[] Windows = [2, 5, 10, 20];

    private long _bytes;
    private long _events;

    public string Segment { get; } = segment;

    /// <summary>The policy the segment was created with; <see cref="ScaleType"/> 0 = none (not measured).</summary>
    public byte ScaleType { get; set; }

    public int TargetRate { get; set; }

    /// <summary>Whether the policy is known (read from the segment's attributes, or given by CreateSegment).</summary>
    public bool PolicyKnown { get; set; }

    /// <summary>When the statistics started (Stopwatch ticks): the cooldown runs from here.</summary>
    public long StartTicks { get; } = startTicks;

    public long LastTrafficTicks { get; set; } = startTicks;

    public long LastUpTicks { get; set; } = long.MinValue;

    public long LastDownTicks { get; set; } = long.MinValue;

    /// <summary>Rates per window (KiB/s or events/s).</summary>
    public double[] Rates { get; } = new double[Windows.Length];

    public bool HasRates { get; private set; }

    /// <summary>Counts one acknowledged append (called by the connection's ack path: two interlocked adds, no allocation).</summary>
    public void Record(long bytes, long events)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _events, events);
    }

    /// <summary>Folds what arrived since the last tick into the rates; returns whether anything arrived.</summary>
    public bool Sample(TimeSpan tick, TimeSpan windowUnit)
    {
        var bytes = Interlocked.Exchange(ref _bytes, 0);
        var events = Interlocked.Exchange(ref _events, 0);
        var count = ScaleType == 1 ? bytes / 1024.0 : events;
        var sample = count / tick.TotalSeconds;
        for (var i = 0; i < Windows.Length; i++)
        {
            var alpha = 1 - Math.Exp(-tick.TotalSeconds / (windowUnit.TotalSeconds * Windows[i]));
            Rates[i] = HasRates ? Rates[i] + (alpha * (sample - Rates[i])) : sample;
        }
        HasRates = true;
        return bytes > 0 || events > 0;
    }
}
