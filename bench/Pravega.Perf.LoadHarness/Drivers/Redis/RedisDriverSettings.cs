namespace Pravega.Perf.LoadHarness.Drivers.Redis;

/// <summary>How the Redis Streams driver pipelines and reads.</summary>
public sealed record RedisDriverSettings
{
    /// <summary>
    /// XADDs per producer in flight on its connection (the pipeline depth; StackExchange.Redis writes them back to back
    /// and matches the replies in order). Issue 16's reference run used 50 clients × 64.
    /// </summary>
    public int MaxOutstanding { get; init; } = 256;

    /// <summary>Entries per stream key a consumer asks for with one XREAD.</summary>
    public int ReadCount { get; init; } = 1000;
}
